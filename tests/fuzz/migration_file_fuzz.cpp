// Native migration files (.sql with "-- +testudo" sections): parsed, split into statements for
// every dialect, and written back, which must parse again to the same migration.
#include "fuzz.hpp"
#include "testudo/db/script.hpp"
#include "testudo/migrate/migration_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& format = testudo::native_format();
  testudo::fuzz::expect_clear_error([&] {
    auto m = format.parse(testudo::fuzz::text_of(data, size), "1_20240101000000_fuzz.sql");
    for (auto kind : {testudo::backend::sqlite, testudo::backend::postgres, testudo::backend::mysql}) {
      (void)testudo::split_sql(m.up_sql, kind);
      (void)testudo::split_sql(m.down_sql, kind);
    }
    auto again = format.parse(format.render(m), "1_20240101000000_fuzz.sql");
    if (again.checksum() != m.checksum()) __builtin_trap();
  });
  return 0;
}
