// lint_migration offline: each rule fires on its shape in the dialects it concerns, and not on the
// safe form next to it. (Checks against a live database: tests/cli/lint_test.cpp.)
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <set>

#include "testudo/db/connection.hpp"
#include "testudo/migrate/lint.hpp"

using namespace testudo;

namespace {

// The codes lint finds in `sql`, in order.
std::vector<std::string> codes(std::string_view sql, backend kind = backend::sqlite,
                               std::optional<snapshot_json> before = std::nullopt,
                               std::optional<snapshot_json> after = std::nullopt) {
  std::vector<std::string> out;
  for (const auto& f : lint_migration({.up_sql = sql, .kind = kind, .before = before, .after = after}))
    out.push_back(f.code);
  return out;
}

using list = std::vector<std::string>;

// A one-model snapshot whose `name` column has `type` (Tortoise's describe shape).
snapshot_json users_with(const std::string& field_type, const nlohmann::json& constraints, const std::string& db_type) {
  return snapshot_json::parse(fmt::format(R"({{"models.User": {{"name": "models.User", "app": "models", "table": "users",
    "abstract": false, "description": null, "docstring": null, "unique_together": [], "indexes": [],
    "pk_field": {{"name": "id", "field_type": "IntField", "db_column": "id", "python_type": "int", "generated": true,
      "nullable": false, "unique": true, "indexed": true, "default": null, "description": null, "docstring": null,
      "constraints": {{"ge": -2147483648, "le": 2147483647}}, "db_field_types": {{"": "INT"}}}},
    "data_fields": [{{"name": "name", "field_type": "{}", "db_column": "name", "python_type": "str", "generated": false,
      "nullable": false, "unique": false, "indexed": false, "default": null, "description": null, "docstring": null,
      "constraints": {}, "db_field_types": {{"": "{}"}}}}],
    "fk_fields": [], "backward_fk_fields": [], "o2o_fields": [], "backward_o2o_fields": [], "m2m_fields": []}}}})",
                                          field_type, constraints.dump(), db_type));
}

}  // namespace

TEST_CASE("lint TL001/TL002: dropping a table or a column, not an index, key or default") {
  CHECK(codes("DROP TABLE IF EXISTS \"users\";") == list{"TL001"});
  CHECK(codes("ALTER TABLE users DROP COLUMN nick;") == list{"TL002"});
  CHECK(codes("ALTER TABLE `users` DROP `nick`, DROP INDEX `idx_a`;", backend::mysql) == list{"TL002"});
  CHECK(codes("ALTER TABLE users DROP CONSTRAINT fk_a; ALTER TABLE users ALTER COLUMN a DROP DEFAULT; "
              "DROP INDEX idx_a;", backend::postgres).empty());
}

TEST_CASE("lint TL003: NOT NULL without DEFAULT on an existing table, with a default, nullable or in a new table it is fine") {
  CHECK(codes("ALTER TABLE users ADD COLUMN age INT NOT NULL;") == list{"TL003"});
  CHECK(codes("ALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0;").empty());
  CHECK(codes("ALTER TABLE users ADD COLUMN age INT;").empty());
  CHECK(codes("CREATE TABLE t (id INT); ALTER TABLE t ADD COLUMN age INT NOT NULL;").empty());
}

TEST_CASE("lint TL004: a narrowed type between the models before and after, widening is fine") {
  auto v255 = users_with("CharField", {{"max_length", 255}}, "VARCHAR(255)");
  auto v50 = users_with("CharField", {{"max_length", 50}}, "VARCHAR(50)");
  auto text = users_with("TextField", nlohmann::json::object(), "TEXT");
  CHECK(codes("SELECT 1;", backend::postgres, v255, v50) == list{"TL004"});
  CHECK(codes("SELECT 1;", backend::postgres, v50, v255).empty());
  CHECK(codes("SELECT 1;", backend::postgres, v255, text).empty());
  CHECK(codes("SELECT 1;", backend::postgres, text, v255) == list{"TL004"});
  CHECK(codes("-- testudo:lint-ignore-file TL004\nSELECT 1;", backend::postgres, v255, v50).empty());
  CHECK(codes("-- testudo:lint-ignore TL004\nSELECT 1;", backend::postgres, v255, v50) == list{"TL004"});  // one statement's
}

TEST_CASE("lint TL005: a unique constraint or index on an existing table") {
  CHECK(codes("CREATE UNIQUE INDEX uid_a ON users (email);") == list{"TL005"});
  CHECK(codes("ALTER TABLE users ADD CONSTRAINT uid_a UNIQUE (email, role);", backend::postgres) == list{"TL005"});
  CHECK(codes("ALTER TABLE `users` ADD UNIQUE INDEX `uid_a` (`email`);", backend::mysql) == list{"TL005"});
  CHECK(codes("CREATE TABLE t (id INT, e TEXT); CREATE UNIQUE INDEX uid_t ON t (e);").empty());
  CHECK(codes("CREATE INDEX idx_a ON users (email);").empty());
  CHECK(codes("CREATE UNIQUE INDEX uid_a ON users (lower(email));", backend::postgres) == list{"TL005", "TL008"});
}

TEST_CASE("lint TL006: a column dropped and another added on the same table, not on different tables") {
  CHECK(codes("ALTER TABLE users DROP COLUMN nick; ALTER TABLE users ADD COLUMN nickname TEXT;") ==
        list{"TL002", "TL006"});
  CHECK(codes("ALTER TABLE users DROP COLUMN nick; ALTER TABLE tags ADD COLUMN nickname TEXT;") == list{"TL002"});
}

TEST_CASE("lint TL007: a table rewrite (SQLite rebuild, PostgreSQL type change, MySQL MODIFY of the type)") {
  CHECK(codes("CREATE TABLE \"_testudo_rebuild_users\" (id INTEGER);\nINSERT INTO \"_testudo_rebuild_users\" (id) "
              "SELECT id FROM \"users\";\nDROP TABLE \"users\";\nALTER TABLE \"_testudo_rebuild_users\" RENAME TO \"users\";") ==
        list{"TL007"});  // the rebuild's DROP and RENAME are its mechanics, not findings
  CHECK(codes("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(300);", backend::postgres) == list{"TL007"});
  CHECK(codes("ALTER TABLE users ALTER COLUMN name SET DEFAULT 'x';", backend::postgres).empty());
  auto v50 = users_with("CharField", {{"max_length", 50}}, "VARCHAR(50)");
  auto v300 = users_with("CharField", {{"max_length", 300}}, "VARCHAR(300)");
  // PostgreSQL widens a VARCHAR in the catalog only; narrowing it rewrites (and is TL004 too).
  CHECK(codes("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(300);", backend::postgres, v50, v300).empty());
  CHECK(codes("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(50);", backend::postgres, v300, v50) ==
        list{"TL007", "TL004"});
  CHECK(codes("ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(300) NOT NULL;", backend::mysql, v50, v300) ==
        list{"TL007"});
  CHECK(codes("ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(50) NOT NULL COMMENT 'x';", backend::mysql, v50, v50).empty());
}

TEST_CASE("lint TL008: PostgreSQL CREATE INDEX without CONCURRENTLY on an existing table") {
  CHECK(codes("CREATE INDEX idx_a ON users (email);", backend::postgres) == list{"TL008"});
  CHECK(codes("CREATE INDEX CONCURRENTLY idx_a ON users (email);", backend::postgres).empty());
  CHECK(codes("CREATE INDEX idx_a ON users (email);", backend::mysql).empty());
  CHECK(codes("CREATE TABLE t (e TEXT); CREATE INDEX idx_t ON t (e);", backend::postgres).empty());
}

TEST_CASE("lint TL009: NOT NULL set on an existing column") {
  CHECK(codes("ALTER TABLE users ALTER COLUMN nick SET NOT NULL;", backend::postgres) == list{"TL009"});
  CHECK(codes("ALTER TABLE users ALTER COLUMN nick DROP NOT NULL;", backend::postgres).empty());
}

TEST_CASE("lint TL010: a foreign key added to an existing table, NOT VALID or a new table is fine") {
  CHECK(codes("ALTER TABLE orders ADD CONSTRAINT fk_a FOREIGN KEY (user_id) REFERENCES users (id);", backend::postgres) ==
        list{"TL010"});
  CHECK(codes("ALTER TABLE orders ADD CONSTRAINT fk_a FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
              backend::postgres).empty());
  CHECK(codes("ALTER TABLE `orders` ADD CONSTRAINT `fk_a` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`);",
              backend::mysql) == list{"TL010"});
}

TEST_CASE("lint TL011/TL012: UPDATE or DELETE without WHERE, TRUNCATE, a WHERE (not one in a subquery) is fine") {
  CHECK(codes("UPDATE users SET role = 'x';") == list{"TL011"});
  CHECK(codes("DELETE FROM users;") == list{"TL011"});
  CHECK(codes("UPDATE users SET role = (SELECT r FROM roles WHERE id = 1);") == list{"TL011"});
  CHECK(codes("UPDATE users SET role = 'x' WHERE role IS NULL; DELETE FROM users WHERE id = 3;").empty());
  CHECK(codes("TRUNCATE TABLE users;", backend::mysql) == list{"TL012"});
}

TEST_CASE("lint TL013: renames of tables and columns") {
  CHECK(codes("ALTER TABLE users RENAME TO people;") == list{"TL013"});
  CHECK(codes("ALTER TABLE users RENAME COLUMN nick TO nickname;", backend::postgres) == list{"TL013"});
  CHECK(codes("RENAME TABLE `users` TO `people`;", backend::mysql) == list{"TL013"});
  CHECK(codes("ALTER TABLE `users` CHANGE `nick` `nickname` VARCHAR(20);", backend::mysql) == list{"TL013"});
}

TEST_CASE("lint: a comment at the end of a statement's line silences that statement, lint-ignore-file all") {
  CHECK(codes("DROP TABLE a; -- testudo:lint-ignore TL001\nDROP TABLE b;") == list{"TL001"});
  auto found = lint_migration({.up_sql = "DROP TABLE a; -- testudo:lint-ignore TL001\nDROP TABLE b;"});
  REQUIRE(found.size() == 1);
  CHECK(found[0].statement == 2);
  CHECK(codes("-- testudo:lint-ignore-file tl001\nDROP TABLE a;\nDROP TABLE b;").empty());
  CHECK(codes("UPDATE t SET note = '-- testudo:lint-ignore TL011';") == list{"TL011"});  // not a comment
  CHECK(codes("DROP TABLE a, b; TRUNCATE c, d;") == list{"TL001", "TL001", "TL012", "TL012"});
}

TEST_CASE("lint: what testudo's own migrations do is not flagged as its own risk") {
  // A SQLite rebuild guarded by a table of its own, and a column renamed in the copy.
  CHECK(codes("CREATE TABLE \"_testudo_foreign_keys_off\" (x INT);\nDROP TABLE \"_testudo_foreign_keys_off\";").empty());
  auto v50 = users_with("CharField", {{"max_length", 50}}, "VARCHAR(50)");
  auto renamed = v50;
  renamed["models.User"]["data_fields"][0]["name"] = "title";
  renamed["models.User"]["data_fields"][0]["db_column"] = "title";
  auto rebuild = "CREATE TABLE \"_testudo_rebuild_users\" (id INTEGER, title VARCHAR(50));\n"
                 "INSERT INTO \"_testudo_rebuild_users\" (\"id\", \"title\") SELECT \"id\", \"name\" FROM \"users\";\n"
                 "DROP TABLE \"users\";\nALTER TABLE \"_testudo_rebuild_users\" RENAME TO \"users\";";
  CHECK(codes(rebuild, backend::sqlite, v50, renamed) == list{"TL007"});
  auto dropping = std::string(rebuild);
  dropping.replace(dropping.find("\"name\" FROM"), 6, "NULL");
  CHECK(codes(dropping, backend::sqlite, v50, renamed) == list{"TL007", "TL002"});
  // New columns: NULL in every row (unique is fine, NOT NULL is the migration's own business) …
  CHECK(codes("ALTER TABLE users ADD COLUMN code VARCHAR(10) UNIQUE;").empty());
  CHECK(codes("ALTER TABLE users ADD COLUMN n INT NULL; UPDATE users SET n = 0 WHERE n IS NULL; "
              "ALTER TABLE users ALTER COLUMN n SET NOT NULL;", backend::postgres).empty());
  // … unless one DEFAULT fills them all.
  CHECK(codes("ALTER TABLE users ADD COLUMN code INT NOT NULL DEFAULT 0 UNIQUE;") == list{"TL005"});
}

TEST_CASE("lint: an ignore comment silences the codes it names for the statement after it only") {
  auto sql = "-- testudo:lint-ignore TL001\nDROP TABLE a;\nDROP TABLE b;\n-- testudo:lint-ignore TL011, TL002\nDELETE FROM c;";
  auto found = lint_migration({.up_sql = sql});
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == "TL001");
  CHECK(found[0].statement == 2);
  CHECK(found[0].sql == "DROP TABLE b");
  CHECK(found[0].severity == lint_severity::error);
  CHECK(found[0].reason.find("drops table b") != std::string::npos);
}

TEST_CASE("lint: a schema-qualified table is its own table, not the current schema's table of that name") {
  // Created in another schema: the current schema's users may still have rows.
  CHECK(codes("CREATE TABLE other.users (id INT); ALTER TABLE users ADD COLUMN age INT NOT NULL;") == list{"TL003"});
  CHECK(codes("CREATE TABLE other.t (id INT); ALTER TABLE other.t ADD COLUMN age INT NOT NULL;").empty());
  // A column dropped from one schema's table and one added to another's is no rename.
  CHECK(codes("ALTER TABLE other.users DROP COLUMN nick; ALTER TABLE users ADD COLUMN nick2 INT;") == list{"TL002"});
  auto found = lint_migration({.up_sql = "ALTER TABLE \"other\".\"users\" DROP COLUMN nick;", .kind = backend::postgres});
  REQUIRE(found.size() == 1);
  CHECK(found[0].reason.starts_with("drops column other.users.nick "));
}

TEST_CASE("lint: a live check of a schema-qualified table reads that schema (SQLite: an attached database)") {
  auto conn = connect("sqlite://:memory:");
  conn->execute("CREATE TABLE t (name TEXT)");  // main.t: empty
  conn->execute("ATTACH ':memory:' AS aux");
  conn->execute("CREATE TABLE aux.t (name TEXT)");
  conn->execute("INSERT INTO aux.t VALUES ('a'), ('a')");
  auto live = [&](std::string_view sql) { return lint_migration({.up_sql = sql, .live = conn.get()}); };
  auto dup = live("CREATE UNIQUE INDEX aux.u ON t (name);");  // SQLite qualifies the index, not the table
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].severity == lint_severity::error);
  CHECK(dup[0].reason == "makes aux.t(name) unique, but rows already hold duplicates: the migration will fail; remove "
                         "them first (in a data migration before this one)");
  auto rows = live("ALTER TABLE aux.t ADD COLUMN c INT NOT NULL;");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].reason.find("(aux.t has 2)") != std::string::npos);
  CHECK(live("ALTER TABLE main.t ADD COLUMN c INT NOT NULL; CREATE UNIQUE INDEX main.u ON t (name);").empty());
  // A schema the connection does not have: the finding stays, and says it was not checked.
  auto unknown = live("ALTER TABLE nowhere.t ADD COLUMN c INT NOT NULL;");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].reason.find("(not checked live: lint cannot read nowhere.t)") != std::string::npos);
}

TEST_CASE("lint: every rule has a distinct code, a name and a summary") {
  std::set<std::string_view> seen;
  for (const auto& r : lint_rules()) {
    CHECK(seen.insert(r.code).second);
    CHECK_FALSE(r.name.empty());
    CHECK_FALSE(r.summary.empty());
  }
  CHECK(lint_rules().size() >= 12);
}
