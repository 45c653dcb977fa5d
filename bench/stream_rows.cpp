// Peak memory of iterating a big table: seeds `tags` with N rows (default 1,000,000) by one
// INSERT ... SELECT on the server, then iterates objects<Tag>() and prints the rows read and the
// process's max RSS, which should not grow with N (docs/performance.md).
//   testudo_stream_rows URL seed [N]    replaces every tag (use a throwaway database)
//   testudo_stream_rows URL             iterates them
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <testudo/orm.hpp>

#include "storefront/models.hpp"

namespace {

// One statement per dialect that makes n tags "tag-1" … "tag-n".
std::string seed_sql(testudo::backend kind, long n) {
  auto count = std::to_string(n);
  switch (kind) {
    case testudo::backend::postgres:
      return "INSERT INTO tags (name) SELECT 'tag-' || g FROM generate_series(1, " + count + ") g";
    case testudo::backend::mysql:  // MariaDB's sequence engine
      return "INSERT INTO tags (name) SELECT CONCAT('tag-', seq) FROM seq_1_to_" + count;
    default:
      return "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < " + count +
             ") INSERT INTO tags (name) SELECT 'tag-' || i FROM g";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s URL [seed [N]]\n", argv[0]);
    return 2;
  }
  auto db = testudo::database::open(argv[1]);
  testudo::generate_schemas(*db);
  if (argc > 2 && std::string(argv[2]) == "seed") {
    testudo::objects<storefront::Tag>(*db).remove();
    testudo::database::lease conn(*db);
    conn->execute(seed_sql(db->kind(), argc > 3 ? std::atol(argv[3]) : 1'000'000));
    return 0;
  }
  long long rows = 0;
  for (const storefront::Tag& tag : testudo::objects<storefront::Tag>(*db)) rows += tag.name.empty() ? 0 : 1;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%lld rows, max RSS %.1f MB\n", rows, static_cast<double>(usage.ru_maxrss) / 1024.0);
}
