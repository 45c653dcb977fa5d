// `testudo drift`: a database changed by hand shows exactly those changes; one only ever migrated
// shows none.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/schema/table.hpp"

using namespace testudo;
using namespace testudo::test;

namespace {

// What each backend needs to change by hand what the test changes.
struct hand_edits {
  std::string drop_role_index;
  std::vector<std::string> widen_tag_name;  // VARCHAR(50) → VARCHAR(300), on one connection
};

hand_edits edits_for(backend kind) {
  auto index = index_name("idx", "users", {"role"});
  switch (kind) {
    case backend::postgres:
      return {"DROP INDEX \"" + index + "\"", {"ALTER TABLE tags ALTER COLUMN name TYPE VARCHAR(300)"}};
    case backend::mysql:
      return {"DROP INDEX `" + index + "` ON users", {"ALTER TABLE tags MODIFY name VARCHAR(300) NOT NULL"}};
    case backend::sqlite:
      break;
  }
  // SQLite has no ALTER COLUMN: the rebuild a person does by hand.
  return {"DROP INDEX \"" + index + "\"",
          {"PRAGMA foreign_keys = OFF",
           "CREATE TABLE tags_new (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name VARCHAR(300) NOT NULL UNIQUE)",
           "INSERT INTO tags_new SELECT * FROM tags", "DROP TABLE tags", "ALTER TABLE tags_new RENAME TO tags"}};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("drift: none after a full lifecycle, then exactly the column, index and type changed by hand") {
  cli_project p("drift");
  p.init();
  p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  REQUIRE_EXIT(p.run({"downgrade", "--yes"}), 0);
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  auto clean = p.run({"drift"});
  CHECK_EXIT(clean, 0);
  CHECK(clean.out == "No drift: the database matches its applied migrations.\n");

  auto edits = edits_for(current_backend());
  p.execute("ALTER TABLE users ADD COLUMN nick VARCHAR(20)");
  p.execute(edits.drop_role_index);
  auto conn = p.connect();
  for (const auto& statement : edits.widen_tag_name) conn->execute(statement);
  conn.reset();

  auto r = p.run({"drift"});
  CHECK_EXIT(r, 3);
  auto index = index_name("idx", "users", {"role"});
  auto want_type = current_backend() == backend::postgres ? "CHARACTER VARYING" : "VARCHAR";
  CHECK(lines_of(r.out) ==
        std::vector<std::string>{
            fmt::format("tags: column name: type differs (models: {0}(50), database: {0}(300))", want_type),
            fmt::format("users: column nick: not in the models (database: {}(20) NULL)", want_type),
            fmt::format("users: index {}: missing (the models declare (role))", index)});
  CHECK_ERR(r, "3 difference(s)");

  auto doc = nlohmann::json::parse(p.run({"--json", "drift"}).out);
  REQUIRE(doc["drift"].size() == 3);
  CHECK(doc["drift"][1] == nlohmann::json{{"table", "users"}, {"object", "column nick"}, {"problem", "not in the models"},
                                          {"expected", ""}, {"actual", fmt::format("{}(20) NULL", want_type)}});
}

TEST_CASE("drift: a table made by hand is reported, testudo's bookkeeping is not, no version table is an error") {
  cli_project p("drift_tables");
  p.execute("CREATE TABLE audit_by_hand (id INT)");
  auto none = p.run({"--db-url", p.url(), "drift"});
  CHECK_EXIT(none, 1);
  CHECK_ERR(none, "no migration was applied, so there is nothing to compare it with");

  p.init();
  auto r = p.run({"drift"});
  CHECK_EXIT(r, 3);
  CHECK(r.out == "audit_by_hand: not in the models (database: a table)\n");
}

TEST_CASE("migrate --check --drift: one CI gate for models against migrations and database against migrations") {
  cli_project p("check_drift");
  p.init();
  auto clean = p.run({"migrate", "--check", "--drift"});
  CHECK_EXIT(clean, 0);
  CHECK_OUT(clean, "No changes detected");
  CHECK_OUT(clean, "No drift: the database matches its applied migrations.");

  p.execute("ALTER TABLE users ADD COLUMN nick VARCHAR(20)");
  CHECK_EXIT(p.run({"migrate", "--check"}), 0);  // the models did not change
  auto drifted = p.run({"migrate", "--check", "--drift"});
  CHECK_EXIT(drifted, 3);
  CHECK_OUT(drifted, "No changes detected");
  CHECK_OUT(drifted, "users: column nick: not in the models");

  CHECK_EXIT(p.run({"migrate", "--drift"}), 2);                          // --drift needs --check
  CHECK_EXIT(p.run({"migrate", "--check", "--drift", "--offline"}), 2);  // and a database
}
