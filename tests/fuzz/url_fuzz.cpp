// Database URLs (--db-url, TESTUDO_DB_URL, DATABASE_URL, [connections] in a config file).
#include "fuzz.hpp"
#include "testudo/db/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = testudo::fuzz::text_of(data, size);
  testudo::fuzz::expect_clear_error([&] {
    auto url = testudo::parse_db_url(text);
    // What messages print instead of the URL does not depend on the password: it never shows.
    auto other = url;
    other.password = url.password.empty() ? std::string() : url.password + "x";
    if (url.redacted() != other.redacted()) __builtin_trap();
  });
  return 0;
}
