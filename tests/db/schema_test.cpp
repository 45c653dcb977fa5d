// The DDL generated from model declarations applies on each server, and the schema the server
// reports (introspection) says what the declarations say.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "models/everything.hpp"
#include "support/backend.hpp"
#include "testudo/errors.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

using namespace testudo;

namespace {

// Drops the snapshot's tables (children first) and creates them from the generated DDL.
std::vector<table_def> apply_schema(connection& conn, const snapshot_json& snapshot) {
  auto tables = tables_from_snapshot(snapshot);
  const auto& d = dialect_for(conn.kind());
  for (auto it = tables.rbegin(); it != tables.rend(); ++it)
    conn.execute(fmt::format("DROP TABLE IF EXISTS {}", d.quote(it->name)));
  for (const auto& statement : create_schema(snapshot, d)) conn.execute(statement);
  return tables;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// What the declared SQL type looks like when the server reports it back.
std::string reported_type(backend kind, std::string declared) {
  declared = upper(declared);
  if (kind == backend::postgres) {
    static const std::pair<const char*, const char*> pg[] = {
        {"INT", "INTEGER"}, {"BOOL", "BOOLEAN"}, {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"},
        {"TIMETZ", "TIME WITH TIME ZONE"}, {"DOUBLE PRECISION", "DOUBLE PRECISION"}};
    for (auto [from, to] : pg)
      if (declared == from) return to;
    if (declared.starts_with("VARCHAR(")) return "CHARACTER VARYING" + declared.substr(7);
    if (declared.starts_with("DECIMAL(")) return "NUMERIC" + declared.substr(7);
    if (declared.starts_with("CHAR(")) return "CHARACTER" + declared.substr(4);
  }
  if (kind == backend::mysql) {
    static const std::pair<const char*, const char*> my[] = {
        {"INT", "INT(11)"}, {"SMALLINT", "SMALLINT(6)"}, {"BIGINT", "BIGINT(20)"}, {"BOOL", "TINYINT(1)"},
        {"JSON", "LONGTEXT"}};  // MariaDB's JSON is LONGTEXT with a json_valid CHECK
    for (auto [from, to] : my)
      if (declared == from) return to;
  }
  return declared;
}

void check_table(connection& conn, const table_def& expected) {
  CAPTURE(expected.name);
  auto actual = introspect_table(conn, expected.name);
  const auto& d = dialect_for(conn.kind());
  REQUIRE(actual.columns.size() == expected.columns.size());
  for (const auto& want : expected.columns) {
    CAPTURE(want.name);
    const auto* got = actual.column(want.name);
    REQUIRE(got != nullptr);
    CHECK(got->nullable == want.nullable);
    CHECK(got->primary_key == want.primary_key);
    CHECK(got->auto_increment == want.generated);
    if (!want.generated) CHECK(got->type == reported_type(conn.kind(), d.column_type(want)));
    if (!want.generated)  // a PostgreSQL serial has nextval() as its default
      CHECK(got->default_value.has_value() == !d.default_expression(want).empty());
    if (want.unique) {
      const auto* ix = actual.index_on({want.name});
      REQUIRE(ix != nullptr);
      CHECK(ix->unique);
    }
    if (conn.kind() != backend::sqlite) CHECK(got->comment == want.comment);
  }
  for (const auto& want : expected.indexes) {
    const auto* ix = actual.index_on(want.columns);
    REQUIRE(ix != nullptr);
    CHECK(ix->name == want.name);
    CHECK(ix->unique == want.unique);
  }
  for (const auto& want : expected.unique_together) {
    const auto* ix = actual.index_on(want.columns);
    REQUIRE(ix != nullptr);
    CHECK(ix->unique);
  }
  CHECK(actual.foreign_keys.size() == expected.foreign_keys.size());
  for (const auto& want : expected.foreign_keys) {
    const auto* fk = actual.foreign_key_on({want.column});
    REQUIRE(fk != nullptr);
    CHECK(fk->name == want.name);
    CHECK(fk->ref_table == want.ref_table);
    CHECK(fk->ref_columns == std::vector<std::string>{want.ref_column});
    CHECK(fk->on_delete == want.on_delete);
  }
  if (conn.kind() != backend::sqlite) CHECK(actual.comment == expected.comment);
}

}  // namespace

TEST_CASE("the shop models' schema applies and reads back as declared") {
  auto conn = connect(test::fresh_database("schema_shop"));
  auto snapshot = load_models(TESTUDO_SHOP_MODELS);
  auto tables = apply_schema(*conn, snapshot);
  CHECK(tables.size() == 7);
  for (const auto& t : tables) check_table(*conn, t);
}

TEST_CASE("every field type and option applies and reads back as declared") {
  auto conn = connect(test::fresh_database("schema_all"));
  auto snapshot = describe_models(registered_models(), "alltypes");
  auto tables = apply_schema(*conn, snapshot);
  REQUIRE(tables.size() == 3);
  for (const auto& t : tables) check_table(*conn, t);

  // Defaults the database fills in, and on_delete actions doing what they say.
  const auto& d = dialect_for(conn->kind());
  auto p = [&](int i) { return conn->placeholder(static_cast<std::size_t>(i)); };
  conn->execute(fmt::format("INSERT INTO t_all_owner (name) VALUES ({})", p(1)), {value{std::string("keeper")}});
  conn->execute(fmt::format("INSERT INTO t_all_owner (name) VALUES ({})", p(1)), {value{std::string("spare")}});
  conn->execute(fmt::format("INSERT INTO t_all_everything (si, c, f, u, j, color, owner_id, backup_id) "
                            "VALUES (1, 'c1', 0.5, '00000000-0000-0000-0000-000000000001', {}, 1, 1, 2)",
                            p(1)),
                {value{json{"{}"}}});
  auto rows = conn->query(fmt::format("SELECT i, b, d, size, td, {} FROM t_all_everything", d.quote("custom_column")));
  REQUIRE(rows->next());
  CHECK(rows->get_int64(0) == 7);
  CHECK_FALSE(rows->get_bool(1));
  CHECK(std::stod(std::string(rows->get_text(2))) == 1.5);
  CHECK(rows->get_text(3) == "s");
  CHECK(rows->get_int64(4) == 0);
  CHECK(rows->get_text(5) == "x");
  rows.reset();
  conn->execute("DELETE FROM t_all_owner WHERE id = 2");  // SET NULL
  auto backup = conn->query("SELECT backup_id FROM t_all_everything");
  REQUIRE(backup->next());
  CHECK(backup->is_null(0));
  backup.reset();
  CHECK_THROWS_AS(conn->execute("DELETE FROM t_all_owner WHERE id = 1"), integrity_error);  // RESTRICT
}

TEST_CASE("relations to undeclared models and clashing related names are configuration errors") {
  std::vector<const model_meta*> models;
  model_meta a;
  a.app = "broken";
  a.name = "A";
  a.table = "a";
  field_meta id;
  id.name = "id";
  id.primary_key = id.generated = true;
  a.fields.push_back(id);
  field_meta fk;
  fk.name = "b";
  fk.kind = field_kind::foreign_key;
  fk.related_model = "broken.Missing";
  a.fields.push_back(fk);
  models.push_back(&a);
  try {
    describe_models(models, "broken");
    FAIL("accepted a foreign key to an unknown model");
  } catch (const configuration_error& e) {
    CHECK(std::string(e.what()).find("model broken.A, field b") != std::string::npos);
  }
  a.fields[1].related_model = "broken.A";
  a.fields[1].related_name = "b";  // the reverse side would collide with the field itself
  CHECK_THROWS_AS(describe_models(models, "broken"), configuration_error);
}
