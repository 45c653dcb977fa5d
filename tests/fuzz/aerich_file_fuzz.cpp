// Aerich's .py migration files (0.7 and 0.9+ templates): the reader must end in linear time on
// every input (ctest runs it with -timeout) and report Python it cannot read by name.
#include "fuzz.hpp"
#include "testudo/compat/aerich.hpp"
#include "testudo/db/script.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  testudo::fuzz::expect_clear_error([&] {
    auto m = testudo::compat::aerich_format().parse(testudo::fuzz::text_of(data, size), "1_20240101000000_fuzz.py");
    for (auto kind : {testudo::backend::sqlite, testudo::backend::postgres, testudo::backend::mysql})
      (void)testudo::split_sql(m.up_sql, kind);
  });
  return 0;
}
