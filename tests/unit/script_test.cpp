// Script splitting by each backend's lexical rules (no server needed).
#include <doctest/doctest.h>

#include "testudo/db/script.hpp"

using namespace testudo;
using statements = std::vector<std::string>;

TEST_CASE("statements split on semicolons outside quotes and comments") {
  for (auto kind : {backend::sqlite, backend::postgres, backend::mysql}) {
    CAPTURE(backend_name(kind));
    CHECK(split_sql("SELECT 1; SELECT 'a;b';\n-- c; d\nSELECT \"x;y\" /* ; */", kind) ==
          statements{"SELECT 1", "SELECT 'a;b'", "-- c; d\nSELECT \"x;y\" /* ; */"});
    CHECK(split_sql("  ;; -- only a comment;\n /* and; this */ ", kind).empty());
    CHECK(split_sql("INSERT INTO t VALUES ('it''s; fine')", kind) == statements{"INSERT INTO t VALUES ('it''s; fine')"});
  }
}

TEST_CASE("PostgreSQL dollar quotes hold semicolons") {
  auto parts = split_sql("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT $$a;b$$; SELECT $1", backend::postgres);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0] == "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql");
  CHECK(parts[1] == "SELECT $$a;b$$");
  CHECK(parts[2] == "SELECT $1");
}

TEST_CASE("MySQL backslash escapes and hash comments") {
  CHECK(split_sql("SELECT 'a\\';b'; # x; y\nSELECT `c;d`", backend::mysql) ==
        statements{"SELECT 'a\\';b'", "# x; y\nSELECT `c;d`"});
  // Standard SQL has no backslash escape: the quote closes the string.
  CHECK(split_sql("SELECT 'a\\'; SELECT 2", backend::postgres) == statements{"SELECT 'a\\'", "SELECT 2"});
}

TEST_CASE("SQLite trigger bodies stay whole") {
  auto parts = split_sql(
      "CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET n = n + 1; DELETE FROM u; END; SELECT 1;",
      backend::sqlite);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == "CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET n = n + 1; DELETE FROM u; END");
  CHECK(parts[1] == "SELECT 1");
}
