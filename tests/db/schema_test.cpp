// The DDL generated from model declarations applies on each server, and the schema the server
// reports (introspection) says what the declarations say.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "models/everything.hpp"
#include "support/backend.hpp"
#include "support/schema_check.hpp"
#include "testudo/errors.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

using namespace testudo;
using testudo::test::check_table;

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
