// inspectdb: the models read from a live schema re-create that schema exactly, on each backend;
// what no model can declare is a note, never dropped in silence.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <sstream>

#include "models/everything.hpp"
#include "support/backend.hpp"
#include "support/schema_check.hpp"
#include "testudo/db/script.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/inspect/inspectdb.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

using namespace testudo;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string show(const table_info& t) {
  std::string out = t.name + (t.comment ? " /* " + *t.comment + " */" : "") + "\n";
  for (const auto& c : t.columns)
    out += fmt::format("  {} {} null={} default={} pk={} auto={} comment={}\n", c.name, c.type, c.nullable,
                       c.default_value.value_or("-"), c.primary_key, c.auto_increment, c.comment.value_or("-"));
  for (const auto& i : t.indexes)
    out += fmt::format("  index {} ({}) unique={} primary={}\n", i.name, fmt::join(i.columns, ", "), i.unique, i.primary);
  for (const auto& f : t.foreign_keys)
    out += fmt::format("  fk {} ({}) -> {}({}) on delete {}\n", f.name, fmt::join(f.columns, ", "), f.ref_table,
                       fmt::join(f.ref_columns, ", "), f.on_delete);
  return out;
}

std::string show_schema(connection& conn) {
  std::string out;
  for (const auto& name : list_tables(conn)) out += show(introspect_table(conn, name));
  return out;
}

// Inspects the database at `source_url`, creates the inspected models' schema in a fresh database
// and requires both to read back the same; returns the inspection.
inspection round_trip(const std::string& source_url, const std::string& copy_name) {
  auto source = connect(source_url);
  auto in = inspect_database(*source, {}, "models");
  auto snapshot = describe_inspection(in);
  REQUIRE_NOTHROW(check_snapshot(snapshot, "inspectdb output"));
  // The declared tables are the live ones, read back by the same checks the schema tests use.
  for (const auto& t : tables_from_snapshot(snapshot)) test::check_table(*source, t);
  auto copy = connect(test::fresh_database(copy_name));
  for (const auto& statement : create_schema(snapshot, dialect_for(copy->kind()))) copy->execute(statement);
  CHECK(show_schema(*copy) == show_schema(*source));
  return in;
}

std::string url_with(std::string_view name, const snapshot_json& snapshot) {
  auto url = test::fresh_database(name);
  auto conn = connect(url);
  for (const auto& statement : create_schema(snapshot, dialect_for(conn->kind()))) conn->execute(statement);
  return url;
}

const inspected_model& model_on(const inspection& in, std::string_view table) {
  auto it = std::ranges::find_if(in.models, [&](const inspected_model& m) { return m.meta.table == table; });
  REQUIRE_MESSAGE(it != in.models.end(), "no model for table " << table);
  return *it;
}

const field_meta& field_on(const inspected_model& m, std::string_view column) {
  auto it = std::ranges::find_if(m.meta.fields, [&](const field_meta& f) { return f.column() == column; });
  REQUIRE_MESSAGE(it != m.meta.fields.end(), "no field for column " << column << " on " << m.meta.table);
  return *it;
}

}  // namespace

TEST_CASE("inspectdb: the shop's schema comes back the same from its inspected models") {
  auto in = round_trip(url_with("inspect_shop", load_models(TESTUDO_SHOP_MODELS)), "inspect_shop_copy");
  CHECK(in.models.size() == 6);  // the seventh table is the product-tag through table
  const auto& products = model_on(in, "products");
  auto tags = std::ranges::find_if(products.meta.fields, [](const field_meta& f) { return f.kind == field_kind::many_to_many; });
  REQUIRE(tags != products.meta.fields.end());
  CHECK(tags->related_model == "models.Tags");
  CHECK(field_on(model_on(in, "orders"), "user_id").kind == field_kind::foreign_key);
  CHECK(field_on(model_on(in, "categories"), "parent_id").on_delete_action == on_delete::set_null);
}

TEST_CASE("inspectdb: every field type and option comes back the same from the inspected models") {
  auto in = round_trip(url_with("inspect_all", describe_models(registered_models(), "alltypes")), "inspect_all_copy");
  const auto& e = model_on(in, "t_all_everything");
  CHECK(e.notes.empty());
  CHECK(field_on(e, "c").unique);
  if (dialect_for(test::current_backend()).stores_comments()) {
    CHECK(field_on(e, "c").description == "a char; with 'quotes'");
    CHECK(e.meta.description == "every field type");
  }
  CHECK(field_on(e, "si").index);
  CHECK(field_on(e, "d").kind == field_kind::decimal_field);
  CHECK(field_on(e, "id").kind == field_kind::big_int_field);  // SQLite: from the through table's key column
  CHECK(field_on(e, "u").kind == field_kind::uuid_field);
  CHECK(field_on(e, "created").auto_now_add);
  CHECK(field_on(e, "profile_id").kind == field_kind::one_to_one);
  CHECK(field_on(e, "owner_id").on_delete_action == on_delete::restrict);
  CHECK(e.meta.indexes == std::vector<std::vector<std::string>>{{"i", "si"}});
  CHECK(e.meta.unique_together == std::vector<std::vector<std::string>>{{"c", "b"}});
}
