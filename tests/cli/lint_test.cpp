// `testudo lint` against a live database: what the rows decide (a NOT NULL column on a table with
// rows, a unique index over duplicates), exit codes, --json, ignore comments, named files offline.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/db/url.hpp"

using namespace testudo;
using namespace testudo::test;

namespace {

void add_user(const cli_project& p, const std::string& name, const std::string& role) {
  p.execute("INSERT INTO users (created_at, updated_at, username, email, role, is_active) VALUES ('2024-01-01 00:00:00', "
            "'2024-01-01 00:00:00', '" + name + "', '" + name + "@example.com', '" + role + "', TRUE)");
}

const std::string risky = "ALTER TABLE tags ADD COLUMN color VARCHAR(10) NOT NULL;\n"
                          "CREATE UNIQUE INDEX uid_users_role ON users (role);";

}  // namespace

TEST_CASE("lint: the database decides — empty tables and distinct values pass, rows and duplicates are errors") {
  cli_project p("lint_live");
  p.init();
  auto clean = p.run({"lint"});  // nothing pending
  CHECK_EXIT(clean, 0);
  CHECK_OUT(clean, "No problems found in 0 migration(s).");

  auto file = p.write_migration("risky", risky);
  add_user(p, "ann", "admin");
  add_user(p, "bob", "customer");
  auto fine = p.run({"lint"});  // tags is empty, roles are distinct
  CHECK_EXIT(fine, 0);
  CHECK_OUT(fine, "No problems found in 1 migration(s).");

  p.execute("INSERT INTO tags (name) VALUES ('sale')");
  add_user(p, "cy", "customer");
  auto r = p.run({"lint"});
  CHECK_EXIT(r, 3);
  CHECK_OUT(r, file + ":1: error TL003 add-not-null-without-default: adds NOT NULL column tags.color without a DEFAULT: "
                      "it fails on a table with rows (tags has 1)");
  CHECK_OUT(r, file + ":2: error TL005 unique-on-existing-table: makes users(role) unique, but rows already hold duplicates");
  CHECK_OUT(r, "    CREATE UNIQUE INDEX uid_users_role ON users (role)");
  CHECK_ERR(r, "2 error(s), 0 warning(s) in 1 migration(s)");

  auto doc = nlohmann::json::parse(p.run({"--json", "lint"}).out);
  REQUIRE(doc["findings"].size() == 2);
  CHECK(doc["findings"][1]["code"] == "TL005");
  CHECK(doc["findings"][1]["severity"] == "error");
  CHECK(doc["findings"][1]["statement"] == 2);
  CHECK(doc["findings"][1]["file"] == file);
}

TEST_CASE("lint: ignore comments silence a finding, warnings exit 0 unless --strict, named files lint offline") {
  cli_project p("lint_ignore");
  p.init();
  auto file = p.write_migration("cleanup", "-- testudo:lint-ignore TL001\nDROP TABLE tags;\nALTER TABLE users RENAME TO people;");
  auto r = p.run({"lint"});
  CHECK_EXIT(r, 0);  // TL013 is a warning
  CHECK_OUT(r, file + ":2: warning TL013 rename: renames table users to people");
  CHECK_FALSE(has(r.out, "TL001"));
  CHECK_EXIT(p.run({"lint", "--strict"}), 3);

  // A named file with no database: the SQL dialect comes from --dialect.
  auto offline = p.run({"--db-url", "", "lint", "--dialect", "postgres", (p.app_dir() / file).string()});
  CHECK_EXIT(offline, 0);
  CHECK_OUT(offline, "warning TL013 rename");
  auto unknown = p.run({"lint", "no_such_file.sql"});
  CHECK_EXIT(unknown, 1);
  CHECK_ERR(unknown, "no_such_file.sql is not a migration file in the app's folder");
}

TEST_CASE("lint: the migration testudo writes for a widened column passes (SQLite: a guarded rebuild)") {
  cli_project p("lint_generated");
  p.init();
  p.execute("INSERT INTO categories (name, slug) VALUES ('tools', 'tools')");
  p.execute("INSERT INTO products (name, description, price, stock, category_id) VALUES ('lamp', 'a lamp', 9.5, 3, 1)");
  std::ifstream in(shop_v0());
  auto models = nlohmann::json::parse(in);
  for (auto& field : models.at("models.Product").at("data_fields"))
    if (field.at("name") == "name") {
      field["constraints"]["max_length"] = 300;
      field["db_field_types"][""] = "VARCHAR(300)";
    }
  auto v1 = (p.dir() / "widened.json").string();
  std::ofstream(v1) << models.dump(2);
  REQUIRE_EXIT(p.run({"--models", v1, "migrate", "--name", "widen"}), 0);
  auto r = p.run({"lint"});
  CHECK_EXIT(r, 0);  // a small table: no rewrite warning; the rebuild's own tables are not drops
  CHECK_OUT(r, "No problems found in 1 migration(s).");
}

// Where the current schema's tags and another schema's table of the same name hold different rows,
// lint must read the one the statement names. PostgreSQL: a schema; MySQL: a database; SQLite: the
// lint's connection has no "temp" tables, so that one cannot be checked live (and says so).
TEST_CASE("lint: a schema-qualified table is checked in its own schema, never as the current schema's table") {
  cli_project p("lint_qualified");
  p.init();
  std::string other = "temp", current = "main";
  if (current_backend() == backend::postgres) {
    p.execute("CREATE SCHEMA other");
    other = "other";
    current = "public";
  } else if (current_backend() == backend::mysql) {
    other = parse_db_url(fresh_database("lint_qualified_other")).database;
    current = parse_db_url(p.url()).database;
  }
  if (current_backend() != backend::sqlite) {
    p.execute("CREATE TABLE " + other + ".tags (id INT, name VARCHAR(20))");
    p.execute("INSERT INTO " + other + ".tags (id, name) VALUES (1, 'sale'), (2, 'sale')");
  }
  // SQLite qualifies the index name, not the table (which must be in the index's schema).
  auto index = current_backend() == backend::sqlite ? "CREATE UNIQUE INDEX temp.uid_other_name ON tags (name);"
                                                    : "CREATE UNIQUE INDEX uid_other_name ON " + other + ".tags (name);";
  auto file = p.write_migration("qualified", "ALTER TABLE " + other + ".tags ADD COLUMN color VARCHAR(10) NOT NULL;\n" + index);
  auto r = p.run({"lint"});  // the current schema's tags is empty
  CHECK_EXIT(r, 3);
  if (current_backend() == backend::sqlite) {
    CHECK_OUT(r, file + ":1: error TL003 add-not-null-without-default: adds NOT NULL column temp.tags.color without a "
                        "DEFAULT: it fails on a table with rows (not checked live: lint cannot read temp.tags)");
    CHECK_OUT(r, file + ":2: warning TL005 unique-on-existing-table: makes temp.tags(name) unique: fails if existing "
                        "rows hold duplicates (not checked live: lint cannot read temp.tags)");
  } else {
    CHECK_OUT(r, file + ":1: error TL003 add-not-null-without-default: adds NOT NULL column " + other +
                     ".tags.color without a DEFAULT: it fails on a table with rows (" + other + ".tags has 2)");
    CHECK_OUT(r, file + ":2: error TL005 unique-on-existing-table: makes " + other +
                     ".tags(name) unique, but rows already hold duplicates");
  }

  // The reverse: rows in the current schema's tags, none in the other one.
  p.execute("INSERT INTO tags (name) VALUES ('sale')");
  if (current_backend() != backend::sqlite) {
    p.execute("DELETE FROM " + other + ".tags");
    auto fine = p.run({"lint"});
    CHECK_EXIT(fine, 0);
    CHECK_OUT(fine, "No problems found in 1 migration(s).");
  }
  // Naming the current schema is still checked live.
  auto path = std::filesystem::path("migrations") / "models" / file;
  p.write(path, with_section(p.read(path), "up",
                                           fmt::format("ALTER TABLE {}.tags ADD COLUMN color VARCHAR(10) NOT NULL;", current)));
  auto own = p.run({"lint"});
  CHECK_EXIT(own, 3);
  CHECK_OUT(own, fmt::format("adds NOT NULL column {0}.tags.color without a DEFAULT: it fails on a table with rows "
                             "({0}.tags has 1)", current));
}
