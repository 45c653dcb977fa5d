// Models documents: Tortoise describe JSON (a --models file, a version table row, a migration's
// state). Whatever check_snapshot accepts must turn into tables and DDL on every dialect.
#include "fuzz.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/model/describe.hpp"
#include "testudo/schema/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  testudo::fuzz::expect_clear_error([&] {
    auto snapshot = testudo::read_snapshot(testudo::fuzz::text_of(data, size), "fuzz input");
    testudo::check_snapshot(snapshot, "fuzz input");
    auto tables = testudo::tables_from_snapshot(testudo::without_aerich_model(snapshot));
    for (auto kind : {testudo::backend::sqlite, testudo::backend::postgres, testudo::backend::mysql})
      for (const auto& table : tables) (void)testudo::dialect_for(kind).create_table(table, true);
  });
  return 0;
}
