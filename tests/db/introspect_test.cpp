// Schema introspection reads back, on each backend, exactly what raw DDL created.
#include <doctest/doctest.h>

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "support/backend.hpp"
#include "testudo/errors.hpp"
#include "testudo/schema/introspect.hpp"

using namespace testudo;

namespace {

using opt = std::optional<std::string>;

// The value this backend reports, in sqlite/postgres/mysql order.
template <class T>
T pick(T sqlite, T postgres, T mysql) {
  switch (test::current_backend()) {
    case backend::sqlite: return sqlite;
    case backend::postgres: return postgres;
    case backend::mysql: return mysql;
  }
  return sqlite;
}

// doctest cannot print optionals and vectors; compare their renderings so a failure shows both.
std::string show(const opt& text) { return text ? "'" + *text + "'" : "(none)"; }
std::string show(const std::vector<std::string>& names) { return fmt::format("[{}]", fmt::join(names, ", ")); }

void check_columns(const std::vector<column_info>& got, const std::vector<column_info>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(want[i].name);
    CHECK(got[i].name == want[i].name);
    CHECK(got[i].type == want[i].type);
    CHECK(got[i].nullable == want[i].nullable);
    CHECK(show(got[i].default_value) == show(want[i].default_value));
    CHECK(got[i].primary_key == want[i].primary_key);
    CHECK(got[i].auto_increment == want[i].auto_increment);
    CHECK(show(got[i].comment) == show(want[i].comment));
  }
}

void check_indexes(const std::vector<index_info>& got, const std::vector<index_info>& want) {
  std::vector<std::string> got_names, want_names;
  for (const auto& i : got) got_names.push_back(i.name);
  for (const auto& i : want) want_names.push_back(i.name);
  REQUIRE(show(got_names) == show(want_names));
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(want[i].name);
    CHECK(show(got[i].columns) == show(want[i].columns));
    CHECK(got[i].unique == want[i].unique);
    CHECK(got[i].primary == want[i].primary);
  }
}

void check_foreign_keys(const std::vector<foreign_key_info>& got, const std::vector<foreign_key_info>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(want[i].name);
    CHECK(got[i].name == want[i].name);
    CHECK(show(got[i].columns) == show(want[i].columns));
    CHECK(got[i].ref_table == want[i].ref_table);
    CHECK(show(got[i].ref_columns) == show(want[i].ref_columns));
    CHECK(got[i].on_delete == want[i].on_delete);
    CHECK(got[i].on_update == want[i].on_update);
  }
}

void check_table(const table_info& got, const table_info& want) {
  CAPTURE(want.name);
  CHECK(got.name == want.name);
  CHECK(show(got.comment) == show(want.comment));
  check_columns(got.columns, want.columns);
  check_indexes(got.indexes, want.indexes);
  check_foreign_keys(got.foreign_keys, want.foreign_keys);
  CHECK(got == want);  // catches a field added later without a check above
}

void run_all(connection& conn, const std::vector<std::string>& statements) {
  for (const auto& sql : statements) conn.execute(sql);
}

// A parent with an auto-increment key, a unique column, a default and comments; a child with two
// foreign keys, a composite index and a named composite unique constraint.
void create_parent_and_child(connection& conn) {
  run_all(conn, {"DROP TABLE IF EXISTS t_intro_child", "DROP TABLE IF EXISTS t_intro_parent"});
  // Only what differs per backend: the key, and where comments go.
  auto pk = pick("INTEGER PRIMARY KEY AUTOINCREMENT", "SERIAL PRIMARY KEY", "INT AUTO_INCREMENT PRIMARY KEY");
  auto name_comment = pick("", "", " COMMENT 'Display name'");
  auto table_comment = pick("", "", " COMMENT='Parents'");
  conn.execute(fmt::format(
      "CREATE TABLE t_intro_parent (id {}, name VARCHAR(100) NOT NULL UNIQUE{}, code VARCHAR(20),"
      " label VARCHAR(20) NOT NULL DEFAULT 'new'){}",
      pk, name_comment, table_comment));
  conn.execute(fmt::format(
      "CREATE TABLE t_intro_child (id {}, parent_id INT NOT NULL, other_id INT,"
      " a INT NOT NULL, b INT NOT NULL, x VARCHAR(10), y VARCHAR(10),"
      " CONSTRAINT fk_t_intro_child_parent FOREIGN KEY (parent_id) REFERENCES t_intro_parent (id) ON DELETE CASCADE,"
      " CONSTRAINT fk_t_intro_child_other FOREIGN KEY (other_id) REFERENCES t_intro_parent (id) ON DELETE SET NULL,"
      " CONSTRAINT uid_t_intro_child_x_y UNIQUE (x, y))",
      pk));
  conn.execute("CREATE INDEX idx_t_intro_child_a_b ON t_intro_child (a, b)");
  if (test::current_backend() == backend::postgres)
    run_all(conn, {"COMMENT ON TABLE t_intro_parent IS 'Parents'",
                   "COMMENT ON COLUMN t_intro_parent.name IS 'Display name'"});
}

table_info expected_parent() {
  auto varchar = [](int n) { return fmt::format("{}({})", pick("VARCHAR", "CHARACTER VARYING", "VARCHAR"), n); };
  return {
      .name = "t_intro_parent",
      .columns = {{"id", pick("INTEGER", "INTEGER", "INT(11)"), false,
                   pick<opt>({}, "nextval('t_intro_parent_id_seq'::regclass)", {}), true, true, {}},
                  {"name", varchar(100), false, {}, false, false, pick<opt>({}, "Display name", "Display name")},
                  {"code", varchar(20), true, {}, false, false, {}},
                  {"label", varchar(20), false, pick<opt>("'new'", "'new'::character varying", "'new'"), false,
                   false, {}}},
      .indexes = {{pick("", "t_intro_parent_pkey", "PRIMARY"), {"id"}, true, true},
                  {pick("sqlite_autoindex_t_intro_parent_1", "t_intro_parent_name_key", "name"), {"name"}, true,
                   false}},
      .foreign_keys = {},
      .comment = pick<opt>({}, "Parents", "Parents"),
  };
}

table_info expected_child() {
  auto integer = pick("INT", "INTEGER", "INT(11)");
  auto varchar10 = pick("VARCHAR(10)", "CHARACTER VARYING(10)", "VARCHAR(10)");
  // MariaDB gives each foreign key an index of its own, named after the constraint.
  std::vector<index_info> fk_indexes;
  if (test::current_backend() == backend::mysql)
    fk_indexes = {{"fk_t_intro_child_other", {"other_id"}, false, false},
                  {"fk_t_intro_child_parent", {"parent_id"}, false, false}};
  std::vector<index_info> indexes{{pick("", "t_intro_child_pkey", "PRIMARY"), {"id"}, true, true}};
  indexes.insert(indexes.end(), fk_indexes.begin(), fk_indexes.end());
  indexes.push_back({"idx_t_intro_child_a_b", {"a", "b"}, false, false});
  indexes.push_back({"uid_t_intro_child_x_y", {"x", "y"}, true, false});
  // An unspecified action: NO ACTION, except on MariaDB.
  auto unspecified = pick("NO ACTION", "NO ACTION", "RESTRICT");
  return {
      .name = "t_intro_child",
      .columns = {{"id", pick("INTEGER", "INTEGER", "INT(11)"), false,
                   pick<opt>({}, "nextval('t_intro_child_id_seq'::regclass)", {}), true, true, {}},
                  {"parent_id", integer, false, {}, false, false, {}},
                  {"other_id", integer, true, {}, false, false, {}},
                  {"a", integer, false, {}, false, false, {}},
                  {"b", integer, false, {}, false, false, {}},
                  {"x", varchar10, true, {}, false, false, {}},
                  {"y", varchar10, true, {}, false, false, {}}},
      .indexes = indexes,
      .foreign_keys = {{"fk_t_intro_child_other", {"other_id"}, "t_intro_parent", {"id"}, "SET NULL", unspecified},
                       {"fk_t_intro_child_parent", {"parent_id"}, "t_intro_parent", {"id"}, "CASCADE", unspecified}},
      .comment = {},
  };
}

}  // namespace

TEST_CASE("introspect_table reads columns and keys as created") {
  auto conn = test::open_connection();
  create_parent_and_child(*conn);

  check_table(introspect_table(*conn, "t_intro_parent"), expected_parent());
  auto child = introspect_table(*conn, "t_intro_child");
  check_table(child, expected_child());

  REQUIRE(child.column("other_id") != nullptr);
  CHECK(child.column("other_id")->nullable);
  CHECK(child.column("missing") == nullptr);
  REQUIRE(child.index_on({"x", "y"}) != nullptr);
  CHECK(child.index_on({"x", "y"})->name == "uid_t_intro_child_x_y");
  CHECK(child.index_on({"y", "x"}) == nullptr);
  CHECK(child.index_on({"id"})->primary);
  REQUIRE(child.foreign_key_on({"parent_id"}) != nullptr);
  CHECK(child.foreign_key_on({"parent_id"})->on_delete == "CASCADE");
  CHECK(child.foreign_key_on({"a"}) == nullptr);

  run_all(*conn, {"DROP TABLE t_intro_child", "DROP TABLE t_intro_parent"});
}

TEST_CASE("introspection list_tables gives user tables sorted without views or internals") {
  auto conn = test::open_connection();
  run_all(*conn, {"DROP VIEW IF EXISTS t_intro_list_view", "DROP TABLE IF EXISTS t_intro_list_b",
                  "DROP TABLE IF EXISTS t_intro_list_a"});
  // An AUTOINCREMENT key makes SQLite create its internal sqlite_sequence table.
  run_all(*conn, {fmt::format("CREATE TABLE t_intro_list_b (id {})", test::column_type("pk")),
                  "CREATE TABLE t_intro_list_a (id INT)",
                  "CREATE VIEW t_intro_list_view AS SELECT id FROM t_intro_list_a"});

  auto tables = list_tables(*conn);
  CHECK(std::ranges::is_sorted(tables));
  std::vector<std::string> ours;
  for (const auto& name : tables) {
    if (name.starts_with("t_intro_list_")) ours.push_back(name);
    CHECK_FALSE(name.starts_with("sqlite_"));
  }
  CHECK(show(ours) == show(std::vector<std::string>{"t_intro_list_a", "t_intro_list_b"}));

  run_all(*conn, {"DROP VIEW t_intro_list_view", "DROP TABLE t_intro_list_b", "DROP TABLE t_intro_list_a"});
}

TEST_CASE("introspecting a missing table is an operational_error naming it") {
  auto conn = test::open_connection();
  try {
    introspect_table(*conn, "t_intro_missing");
    FAIL("a missing table was introspected");
  } catch (const operational_error& e) {
    CHECK(std::string(e.what()).find("t_intro_missing") != std::string::npos);
  }
}

namespace {

// SQLite keeps constraint names only in the DDL, which the reader must parse around comments,
// quotes and string literals; only a rowid alias is auto-increment.
void check_sqlite_details(connection& conn) {
  run_all(conn, {"DROP TABLE IF EXISTS t_intro_keys", "DROP TABLE IF EXISTS t_intro_keys_wr",
                 "DROP TABLE IF EXISTS t_intro_keys_parent"});
  run_all(conn, {"CREATE TABLE t_intro_keys_parent (code TEXT PRIMARY KEY, n INTEGER)",
                 "CREATE TABLE t_intro_keys_wr (k INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID",
                 "CREATE TABLE t_intro_keys (\n"
                 "  \"Id\" integer PRIMARY KEY, -- no AUTOINCREMENT, still a rowid alias, (comma)\n"
                 "  parent TEXT CONSTRAINT \"fk keys parent\" REFERENCES t_intro_keys_parent ON DELETE SET DEFAULT,\n"
                 "  note TEXT DEFAULT 'a,b) CONSTRAINT x UNIQUE' CONSTRAINT [uq note] UNIQUE,\n"
                 "  /* CONSTRAINT fake UNIQUE (note), */\n"
                 "  other TEXT REFERENCES t_intro_keys_parent (code))"});
  check_table(introspect_table(conn, "T_INTRO_KEYS"),
              {.name = "t_intro_keys",
               .columns = {{"Id", "INTEGER", false, {}, true, true, {}},
                           {"parent", "TEXT", true, {}, false, false, {}},
                           {"note", "TEXT", true, "'a,b) CONSTRAINT x UNIQUE'", false, false, {}},
                           {"other", "TEXT", true, {}, false, false, {}}},
               .indexes = {{"", {"Id"}, true, true}, {"uq note", {"note"}, true, false}},
               .foreign_keys = {{"", {"other"}, "t_intro_keys_parent", {"code"}, "NO ACTION", "NO ACTION"},
                                {"fk keys parent", {"parent"}, "t_intro_keys_parent", {"code"}, "SET DEFAULT",
                                 "NO ACTION"}},
               .comment = {}});
  // A TEXT key is no rowid alias, and SQLite lets it hold NULL unless declared NOT NULL.
  auto parent = introspect_table(conn, "t_intro_keys_parent");
  check_columns(parent.columns, {{"code", "TEXT", true, {}, true, false, {}}, {"n", "INTEGER", true, {}, false, false, {}}});
  check_indexes(parent.indexes, {{"sqlite_autoindex_t_intro_keys_parent_1", {"code"}, true, true}});
  auto without_rowid = introspect_table(conn, "t_intro_keys_wr");
  CHECK(without_rowid.columns.at(0).primary_key);
  CHECK_FALSE(without_rowid.columns.at(0).auto_increment);
  run_all(conn, {"DROP TABLE t_intro_keys", "DROP TABLE t_intro_keys_wr", "DROP TABLE t_intro_keys_parent"});
}

// Identity keys have no default; a generated column's expression is no default; an expression
// index key reads as its text and INCLUDE columns are no key.
void check_postgres_details(connection& conn) {
  run_all(conn, {"DROP TABLE IF EXISTS t_intro_keys",
                 "CREATE TABLE t_intro_keys (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                 " note TEXT, n INT, doubled INT GENERATED ALWAYS AS (n * 2) STORED,"
                 " at TIMESTAMPTZ DEFAULT now(), price NUMERIC(10,2))",
                 "CREATE INDEX t_intro_keys_lower ON t_intro_keys (lower(note), n) INCLUDE (price)"});
  auto table = introspect_table(conn, "t_intro_keys");
  check_columns(table.columns, {{"id", "INTEGER", false, {}, true, true, {}},
                                {"note", "TEXT", true, {}, false, false, {}},
                                {"n", "INTEGER", true, {}, false, false, {}},
                                {"doubled", "INTEGER", true, {}, false, false, {}},
                                {"at", "TIMESTAMP WITH TIME ZONE", true, "now()", false, false, {}},
                                {"price", "NUMERIC(10,2)", true, {}, false, false, {}}});
  check_indexes(table.indexes, {{"t_intro_keys_pkey", {"id"}, true, true},
                                {"t_intro_keys_lower", {"lower(note)", "n"}, false, false}});
  conn.execute("DROP TABLE t_intro_keys");
}

// A key without AUTO_INCREMENT is not one; MariaDB's NULL default is none, but 'NULL' is a string;
// a NOT NULL unique index is no primary key though COLUMN_KEY says PRI when the table lacks one.
void check_mysql_details(connection& conn) {
  run_all(conn, {"DROP TABLE IF EXISTS t_intro_keys",
                 "CREATE TABLE t_intro_keys (id INT PRIMARY KEY, n INT DEFAULT NULL, s VARCHAR(5) DEFAULT 'NULL',"
                 " e ENUM('a','B') NOT NULL DEFAULT 'a', flag TINYINT(1) NOT NULL DEFAULT 0,"
                 " at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6))"});
  auto table = introspect_table(conn, "t_intro_keys");
  check_columns(table.columns, {{"id", "INT(11)", false, {}, true, false, {}},
                                {"n", "INT(11)", true, {}, false, false, {}},
                                {"s", "VARCHAR(5)", true, "'NULL'", false, false, {}},
                                {"e", "ENUM('a','B')", false, "'a'", false, false, {}},
                                {"flag", "TINYINT(1)", false, "0", false, false, {}},
                                {"at", "DATETIME(6)", true, "current_timestamp(6)", false, false, {}}});
  run_all(conn, {"DROP TABLE t_intro_keys",
                 "CREATE TABLE t_intro_keys (a INT NOT NULL, b INT NOT NULL, UNIQUE KEY uq_t_intro_keys (a, b))"});
  auto no_pk = introspect_table(conn, "t_intro_keys");
  check_columns(no_pk.columns, {{"a", "INT(11)", false, {}, false, false, {}}, {"b", "INT(11)", false, {}, false, false, {}}});
  check_indexes(no_pk.indexes, {{"uq_t_intro_keys", {"a", "b"}, true, false}});
  conn.execute("DROP TABLE t_intro_keys");
}

}  // namespace

TEST_CASE("introspection handles each backend's own key and default forms") {
  auto conn = test::open_connection();
  switch (test::current_backend()) {
    case backend::sqlite: check_sqlite_details(*conn); break;
    case backend::postgres: check_postgres_details(*conn); break;
    case backend::mysql: check_mysql_details(*conn); break;
  }
}
