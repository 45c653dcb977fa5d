// `testudo inspectdb`: the models of a live database in each format, on each backend.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "testudo/model/describe.hpp"

using namespace testudo;
using namespace testudo::test;

TEST_CASE("inspectdb: its JSON makes a database that inspects the same, and -t and the notes say what is left") {
  cli_project p("inspectdb");
  p.init();
  p.execute("CREATE TABLE logbook (msg VARCHAR(20))");  // no primary key: a note, no model
  auto json = p.run({"inspectdb", "--format", "json"});
  REQUIRE_EXIT(json, 0);
  CHECK_ERR(json, "table logbook: no primary key; no model can declare it, so it is left out");
  auto snapshot = read_snapshot(json.out, "inspectdb output");
  CHECK(snapshot.contains("models.Users"));
  CHECK_FALSE(snapshot.contains("models.Aerich"));  // the version table is no model

  // The inspected models as a new project's models: the same database again, so the same models.
  cli_project copy("inspectdb_copy");
  copy.write("inspected.json", json.out);
  copy.init((copy.dir() / "inspected.json").string());
  auto again = copy.run({"inspectdb", "--format", "json"});
  REQUIRE_EXIT(again, 0);
  CHECK(same_schema(read_snapshot(again.out, "again"), snapshot));

  auto users = p.run({"inspectdb", "-t", "users", "--format", "json"});
  REQUIRE_EXIT(users, 0);
  CHECK(nlohmann::json::parse(users.out).size() == 1);
  auto cpp = p.run({"inspectdb", "-t", "users"});
  CHECK_OUT(cpp, "TESTUDO_MODEL(Users, \"users\",");
  auto tortoise = p.run({"inspectdb", "-t", "users", "--format", "tortoise"});
  CHECK_OUT(tortoise, "class Users(Model):");
  CHECK_OUT(tortoise, "        table = \"users\"");

  auto missing = p.run({"inspectdb", "-t", "nope"});
  CHECK_EXIT(missing, 1);
  CHECK_ERR(missing, "no table 'nope' in the database");
  CHECK_EXIT(p.run({"inspectdb", "--format", "yaml"}), 2);
}
