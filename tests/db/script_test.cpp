// Multi-statement scripts run statement by statement; a failure names its statement.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/backend.hpp"
#include "testudo/errors.hpp"

using namespace testudo;

TEST_CASE("a script with quotes and comments runs every statement") {
  auto conn = test::open_connection();
  conn->execute("DROP TABLE IF EXISTS t_script");
  conn->execute_script(fmt::format(R"(
    -- a comment; with a semicolon
    CREATE TABLE t_script (id {}, note {});
    /* block; comment */
    INSERT INTO t_script (note) VALUES ('semi;colon');
    INSERT INTO t_script (note) VALUES ('it''s');
  )", test::column_type("pk"), test::column_type("varchar")));
  auto rows = conn->query("SELECT note FROM t_script ORDER BY id");
  REQUIRE(rows->next());
  CHECK(rows->get_text(0) == "semi;colon");
  REQUIRE(rows->next());
  CHECK(rows->get_text(0) == "it's");
  CHECK_FALSE(rows->next());
}

TEST_CASE("a failing statement of a script reports its position") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_script_fail", fmt::format("id {}", test::column_type("pk")));
  try {
    conn->execute_script("INSERT INTO t_script_fail (id) VALUES (1);\nINSERT INTO t_script_fail (id) VALUES (1);");
    FAIL("duplicate accepted");
  } catch (const integrity_error& e) {
    CHECK(e.statement_index() == 1);
    CHECK(std::string(e.what()).starts_with("statement 2 of the script failed"));
  }
}
