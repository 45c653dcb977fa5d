// inspectdb: the models read from a live schema re-create that schema exactly, on each backend;
// what no model can declare is a note, never dropped in silence.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "models/everything.hpp"
#include "support/backend.hpp"
#include "support/schema_check.hpp"
#include "testudo/db/script.hpp"
#include "testudo/errors.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/inspect/inspectdb.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

using namespace testudo;
using ojson = snapshot_json;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A table as text. Columns by name: models put the foreign key columns after the others, where a
// hand-made table may have them anywhere. Foreign key names with `key_names` only: the models
// name their keys as Tortoise does (fk_…), which a database made otherwise may not.
std::string show(table_info t, bool key_names) {
  std::ranges::sort(t.columns, {}, &column_info::name);
  std::string out = t.name + (t.comment ? " /* " + *t.comment + " */" : "") + "\n";
  for (const auto& c : t.columns)
    out += fmt::format("  {} {} null={} default={} on_update={} pk={} auto={} comment={}\n", c.name, c.type, c.nullable,
                       c.default_value.value_or("-"), c.on_update.value_or("-"), c.primary_key, c.auto_increment,
                       c.comment.value_or("-"));
  // InnoDB names the index it adds for a foreign key after the key.
  auto serves_key = [&](const index_info& i) {
    return std::ranges::any_of(t.foreign_keys, [&](const foreign_key_info& f) { return f.columns == i.columns; });
  };
  if (!key_names) std::ranges::sort(t.indexes, {}, &index_info::columns);
  for (const auto& i : t.indexes)
    out += fmt::format("  index {} ({}) unique={} primary={}\n", key_names || i.unique || !serves_key(i) ? i.name : "", fmt::join(i.columns, ", "), i.unique, i.primary);
  if (!key_names) std::ranges::sort(t.foreign_keys, {}, &foreign_key_info::columns);
  for (const auto& f : t.foreign_keys)
    out += fmt::format("  fk {} ({}) -> {}({}) on delete {}\n", key_names ? f.name : "", fmt::join(f.columns, ", "), f.ref_table,
                       fmt::join(f.ref_columns, ", "), f.on_delete);
  return out;
}

std::string show_schema(connection& conn, bool key_names) {
  std::string out;
  for (const auto& name : list_tables(conn)) out += show(introspect_table(conn, name), key_names);
  return out;
}

// Inspects the database at `source_url`, creates the inspected models' schema in a fresh database
// and requires both to read back the same; returns the inspection. `ours`: the source schema was
// made by testudo, so every constraint name is the models' too.
inspection round_trip(const std::string& source_url, const std::string& copy_name, bool ours = true) {
  auto source = connect(source_url);
  auto in = inspect_database(*source, {}, "models");
  auto snapshot = describe_inspection(in);
  REQUIRE_NOTHROW(check_snapshot(snapshot, "inspectdb output"));
  // The declared tables are the live ones, read back by the same checks the schema tests use.
  if (ours)
    for (const auto& t : tables_from_snapshot(snapshot)) test::check_table(*source, t);
  auto copy = connect(test::fresh_database(copy_name));
  for (const auto& statement : create_schema(snapshot, dialect_for(copy->kind()))) copy->execute(statement);
  CHECK(show_schema(*copy, ours) == show_schema(*source, ours));
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

std::map<std::string, std::string> schema_terms(const ojson& snapshot, backend kind, const ojson& stored = ojson());
void check_tortoise_evidence(const inspection& in, const std::string& fixture);

}  // namespace

TEST_CASE("inspectdb: the shop's schema comes back the same from its inspected models") {
  auto in = round_trip(url_with("inspect_shop", load_models(TESTUDO_SHOP_MODELS)), "inspect_shop_copy");
  check_tortoise_evidence(in, "shop");
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
  CHECK(field_on(e, "c").description == "a char; with 'quotes'");  // SQLite: from the CREATE TABLE text
  if (test::current_backend() != backend::sqlite) CHECK(e.meta.description == "every field type");
  CHECK(field_on(e, "si").index);
  CHECK(field_on(e, "d").kind == field_kind::decimal_field);
  CHECK(field_on(e, "id").kind == field_kind::big_int_field);  // SQLite: from the through table's key column
  CHECK(field_on(e, "u").kind == field_kind::uuid_field);
  CHECK(field_on(e, "created").auto_now_add);
  // Only MariaDB keeps ON UPDATE: elsewhere auto_now is a default of now like auto_now_add.
  CHECK(field_on(e, "touched").auto_now == (test::current_backend() == backend::mysql));
  CHECK(field_on(e, "profile_id").kind == field_kind::one_to_one);
  CHECK(field_on(e, "owner_id").on_delete_action == on_delete::restrict);
  CHECK(e.meta.indexes == std::vector<std::vector<std::string>>{{"i", "si"}});
  CHECK(e.meta.unique_together == std::vector<std::vector<std::string>>{{"c", "b"}});
}

namespace {

// "1:00:03" or "2 days, 1:00:03.5" (Python's str of a timedelta) in microseconds.
std::string timedelta_micros(const std::string& text) {
  long long days = 0, h = 0, m = 0;
  double sec = 0;
  auto clock = text;
  if (auto comma = text.find(", "); comma != std::string::npos) {
    days = std::stoll(text);
    clock = text.substr(comma + 2);
  }
  std::sscanf(clock.c_str(), "%lld:%lld:%lf", &h, &m, &sec);
  return std::to_string(((days * 24 + h) * 60 + m) * 60'000'000 + static_cast<long long>(sec * 1e6 + 0.5));
}

// A database default's literal: 'x'::type → x.
std::string literal_text(std::string text) {
  if (auto cast = text.find("::"); cast != std::string::npos) text.resize(cast);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') text = text.substr(1, text.size() - 2);
  return text;
}

// A describe default as the schema keeps it: none for callables and for the types whose DDL
// Tortoise writes without DEFAULT; numbers without trailing zeros (MariaDB pads decimals); the
// forms of the types a column cannot tell apart (schema_type) as the plainer type's.
std::string schema_default(const ojson& field, backend kind) {
  const auto& d = field["default"];
  auto type = field["field_type"].get<std::string>();
  for (auto none : {"TextField", "JSONField", "UUIDField", "BinaryField"})
    if (type == none) return "-";
  if (field.contains("db_default")) return literal_text(field["db_default"].get<std::string>());
  if (d.is_null() || (d.is_string() && d.get<std::string>().starts_with("<function"))) return "-";
  auto text = d.is_string() ? d.get<std::string>() : d.dump();
  if (type == "TimeDeltaField") return timedelta_micros(text);
  if (type == "BooleanField" && kind == backend::sqlite) return d.get<bool>() ? "1" : "0";
  if (type == "DecimalField" && text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.ends_with('.')) text.pop_back();
  }
  return text;
}

// The field type a column of `field` reads back as: the types whose columns are those of plainer
// fields (docs/cli.md, inspectdb) by the plainer one.
std::string schema_type(const ojson& field, backend kind) {
  auto type = field["field_type"].get<std::string>();
  auto sql = field["db_field_types"].value(std::string(backend_name(kind)), field["db_field_types"].value("", ""));
  if (type == "TimeDeltaField") return "BigIntField BIGINT";
  if (type == "IntEnumFieldInstance") return "SmallIntField SMALLINT";
  if (type == "CharEnumFieldInstance") type = "CharField";
  if (kind == backend::sqlite && type == "BooleanField") return "IntField INT";
  if (sql == "VARCHAR(40)" && type == "DecimalField") type = "CharField";  // Tortoise's SQLite decimals
  return type + " " + sql;
}

// What a describe says that a schema can hold, one entry per column and many-to-many relation.
// `stored`: the comments as the server keeps them ({table: {"": table's, column: column's}}),
// where they are not the descriptions (Tortoise's escaping on PostgreSQL).
std::map<std::string, std::string> schema_terms(const ojson& snapshot, backend kind, const ojson& stored) {
  std::map<std::string, std::string> out;
  auto comment = [&](const std::string& table, const std::string& column, const ojson& description) {
    if (stored.is_null() || description.is_null()) return description.dump();
    return stored.at(table).at(column).dump();
  };
  auto table_of = [&](const ojson& model_name) { return snapshot.at(model_name.get<std::string>())["table"].get<std::string>(); };
  bool comments = dialect_for(kind).stores_comments();
  for (const auto& [name, m] : snapshot.items()) {
    auto table = m["table"].get<std::string>();
    auto data = [&](const ojson& f) {
      bool auto_now = f.value("auto_now", false) || f.value("auto_now_add", false);
      out[table + "." + f["db_column"].get<std::string>()] = fmt::format(
          "{} null={} unique={} indexed={} default={} auto_now_add={} comment={}", schema_type(f, kind),
          f["nullable"].get<bool>(), f["unique"].get<bool>(), f["indexed"].get<bool>(), schema_default(f, kind), auto_now,
          comments ? comment(table, f["db_column"].get<std::string>(), f["description"]) : "-");
    };
    data(m["pk_field"]);
    for (const auto& f : m["data_fields"]) data(f);
    for (const char* list : {"fk_fields", "o2o_fields"})
      for (const auto& f : m[list])
        if (f["db_constraint"].get<bool>())
          out[table + "." + f["raw_field"].get<std::string>() + " →"] =
              fmt::format("{} {} on_delete={} null={}", list, table_of(f["python_type"]), f["on_delete"].get<std::string>(),
                          f["nullable"].get<bool>());
    for (const auto& f : m["m2m_fields"])
      if (!f["_generated"].get<bool>())
        out["through " + f["through"].get<std::string>()] =
            fmt::format("{} → {} ({}, {}) on_delete={}", table, table_of(f["model_name"]), f["backward_key"].get<std::string>(),
                        f["forward_key"].get<std::string>(), f["on_delete"].get<std::string>());
    auto groups = [&](const char* key) {
      std::vector<std::string> dumped;
      for (const auto& g : m[key]) dumped.push_back(g.dump());
      std::ranges::sort(dumped);
      return fmt::format("{}", fmt::join(dumped, " "));
    };
    out[table + " groups"] = "unique_together " + groups("unique_together") + " indexes " + groups("indexes");
    if (comments) out[table + " comment"] = comment(table, "", m["description"]);
  }
  return out;
}

std::string show(const std::map<std::string, std::string>& terms) {
  std::string out;
  for (const auto& [key, text] : terms) out += key + ": " + text + "\n";
  return out;
}

// Real Tortoise read the Tortoise module and JSON inspectdb printed for `fixture` on this backend
// (migrations_fixtures/tortoise/inspectdb, made by its make.sh): that evidence holds while
// inspectdb still prints the same.
void check_tortoise_evidence(const inspection& in, const std::string& fixture) {
  auto dir = fmt::format("{}/tortoise/inspectdb/{}/{}", TESTUDO_FIXTURES, fixture, backend_name(test::current_backend()));
  INFO("inspectdb's output changed: re-run migrations_fixtures/tortoise/inspectdb/make.sh and review " << dir);
  CHECK(render_tortoise(in) == read_file(dir + "/models.py.txt"));
  CHECK(describe_inspection(in) == ojson::parse(read_file(dir + "/inspectdb.json")));
  // What Tortoise described from the module is what inspectdb read, but for what Tortoise's
  // describe has no key for (TimeField's auto_now_add: the column's clock default).
  auto kind = test::current_backend();
  auto ours = schema_terms(describe_inspection(in), kind), theirs = schema_terms(ojson::parse(read_file(dir + "/tortoise_describe.json")), kind);
  if (fixture == "tortoise_field_types") ours.erase("everything.tm_add"), theirs.erase("everything.tm_add");
  CHECK(show(theirs) == show(ours));
}

}  // namespace

// Real Tortoise 0.22.2's own DDL and describe (migrations_fixtures/tortoise): the inspected models
// re-create Tortoise's schema, and say per column what Tortoise's models said, but for the field
// types a column cannot tell apart (schema_type) and auto_now (a database default of now either way).
TEST_CASE("inspectdb: real Tortoise's schemas come back with what their models declared") {
  auto kind = test::current_backend();
  for (std::string fixture : {"field_types", "descriptions", "self_m2m_default", "self_m2m_custom_keys"}) {
    CAPTURE(fixture);
    auto dir = std::string(TESTUDO_FIXTURES) + "/tortoise/" + fixture;
    auto url = test::fresh_database("inspect_tortoise_" + fixture);
    {
      auto conn = connect(url);
      for (const auto& statement : split_sql(read_file(dir + "/" + std::string(backend_name(kind)) + "/get_schema_sql.sql"), kind))
        conn->execute(statement);
    }
    auto in = round_trip(url, "inspect_tortoise_copy_" + fixture, false);
    check_tortoise_evidence(in, "tortoise_" + fixture);
    auto tortoise = without_aerich_model(read_snapshot(read_file(dir + "/describe.json"), "describe.json"));
    auto stored_path = dir + "/" + std::string(backend_name(kind)) + "/comments.json";
    auto stored = kind == backend::postgres ? ojson::parse(read_file(stored_path)) : ojson();
    auto ours = schema_terms(describe_inspection(in), kind), theirs = schema_terms(tortoise, kind, stored);
    // TimeField(auto_now_add=True): Tortoise's DDL defaults it to the clock, its describe does not say so.
    if (fixture == "field_types") ours.erase("everything.tm_add"), theirs.erase("everything.tm_add");
    CHECK(show(ours) == show(theirs));
  }
}

namespace {

template <class T>
T pick(T sqlite, T postgres, T mysql) {
  switch (test::current_backend()) {
    case backend::postgres: return postgres;
    case backend::mysql: return mysql;
    default: return sqlite;
  }
}

bool has_note(const std::vector<std::string>& notes, std::string_view text) {
  return std::ranges::any_of(notes, [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("inspectdb: what no model declares is a note, and what is declared still comes back the same") {
  auto url = test::fresh_database("inspect_notes");
  auto key = pick<std::string>("INTEGER PRIMARY KEY AUTOINCREMENT", "SERIAL PRIMARY KEY", "INT AUTO_INCREMENT PRIMARY KEY");
  auto odd = pick<std::string>("NUMERIC", "INET", "MEDIUMINT");
  auto odd_reported = pick<std::string>("NUMERIC", "INET", "MEDIUMINT(9)");
  {
    auto conn = connect(url);
    conn->execute("CREATE TABLE pairs (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b))");
    conn->execute("CREATE TABLE logbook (msg TEXT)");
    // A default with a quote and a backslash, which MariaDB writes back escaped.
    auto label = dialect_for(conn->kind()).string_literal("C:\\temp it's");
    conn->execute("CREATE TABLE codes (id " + key + ", code VARCHAR(10) NOT NULL UNIQUE, odd " + odd +
                  ", label VARCHAR(20) NOT NULL DEFAULT " + label + ")");
    conn->execute("CREATE TABLE uses (id " + key + ", code VARCHAR(10) REFERENCES codes (code), codes_id INT " +
                  "REFERENCES codes (id) ON DELETE SET NULL, class INT NOT NULL DEFAULT 3)");
  }
  auto conn = connect(url);
  auto in = inspect_database(*conn, {}, "models");
  CHECK(has_note(in.notes, "table logbook: no primary key; no model can declare it, so it is left out"));
  CHECK(has_note(in.notes, "table pairs: a primary key of columns (a, b); no model can declare it"));
  REQUIRE(in.models.size() == 2);
  const auto& codes = model_on(in, "codes");
  CHECK(has_note(codes.notes, fmt::format("column odd is {}, which no field type declares", odd_reported)));
  CHECK(codes.declared_types.at("odd") == odd_reported);
  CHECK(std::get<value>(*field_on(codes, "label").default_value) == value{std::string("C:\\temp it's")});
  const auto& uses = model_on(in, "uses");
  CHECK(has_note(uses.notes, "on code is left out: it references codes(code), not the primary key; code is a plain field"));
  CHECK(field_on(uses, "code").kind == field_kind::char_field);
  CHECK(field_on(uses, "codes_id").kind == field_kind::foreign_key);
  CHECK(field_on(uses, "codes_id").on_delete_action == on_delete::set_null);
  CHECK(field_on(uses, "class").name == "class_");  // a keyword of C++ and Python
  CHECK(std::get<value>(*field_on(uses, "class").default_value) == value{std::int64_t{3}});

  // A many-to-many relation's table inspected without its two tables: the note says what to add.
  {
    auto links = connect(test::fresh_database("inspect_notes_links"));
    links->execute("CREATE TABLE a_side (id " + key + ")");
    links->execute("CREATE TABLE b_side (id " + key + ")");
    links->execute("CREATE TABLE a_b (a_id INT NOT NULL REFERENCES a_side (id), b_id INT NOT NULL REFERENCES b_side (id))");
    auto alone = inspect_database(*links, {"a_b"}, "models");
    CHECK(alone.models.empty());
    CHECK(has_note(alone.notes, "table a_b: no primary key; it joins a_side and b_side as a many-to-many relation's table: "
                                "inspect them with it (-t a_side -t b_side)"));
    auto half = inspect_database(*links, {"a_b", "a_side"}, "models");
    CHECK(has_note(half.notes, "inspect them with it (-t b_side)"));
    CHECK(inspect_database(*links, {"a_b", "a_side", "b_side"}, "models").notes.empty());
  }

  // The declared tables, odd type included, come back the same from the JSON, but for the key the
  // note says is left out (and the index InnoDB made for it).
  auto copy = connect(test::fresh_database("inspect_notes_copy"));
  for (const auto& statement : create_schema(describe_inspection(in), dialect_for(copy->kind()))) copy->execute(statement);
  for (std::string table : {"codes", "uses"}) {
    CAPTURE(table);
    auto live = introspect_table(*conn, table);
    std::erase_if(live.foreign_keys, [](const foreign_key_info& f) { return f.columns == std::vector<std::string>{"code"}; });
    std::erase_if(live.indexes, [](const index_info& i) { return !i.unique && i.columns == std::vector<std::string>{"code"}; });
    CHECK(show(introspect_table(*copy, table), false) == show(live, false));
  }

  // -t: a key to a table left out is a plain field, and says so; an unknown table is an error.
  auto only_uses = inspect_database(*conn, {"uses"}, "models");
  REQUIRE(only_uses.models.size() == 1);
  CHECK(has_note(only_uses.models[0].notes, "table codes is not inspected (add it with -t)"));
  CHECK_THROWS_WITH_AS(inspect_database(*conn, {"nope"}, "models"), doctest::Contains("no table 'nope'"), configuration_error);
}

// Found by review: each of these was re-created otherwise, or crashed, without a note.
TEST_CASE("inspectdb: keys that no relation declares, name clashes and out-of-range defaults are said, never changed") {
  auto url = test::fresh_database("inspect_review");
  auto kind = test::current_backend();
  const auto& d = dialect_for(kind);
  auto key = pick<std::string>("INTEGER PRIMARY KEY AUTOINCREMENT", "SERIAL PRIMARY KEY", "INT AUTO_INCREMENT PRIMARY KEY");
  {
    auto conn = connect(url);
    for (const auto& statement : std::vector<std::string>{
             "CREATE TABLE person (id INT PRIMARY KEY)",
             "CREATE TABLE profile (person_id INT PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE, bio TEXT)",
             "CREATE TABLE owners (id " + key + ")",
             // InnoDB refuses a key of another type than the column it refers to (wide).
             "CREATE TABLE pets (id " + key + ", owner INT REFERENCES owners (id), owner_id INT, wide BIGINT" +
             (kind == backend::mysql ? "" : " REFERENCES owners (id)") + ", fallback INT NOT NULL DEFAULT 1 REFERENCES owners (id), big BIGINT DEFAULT -9223372036854775808, " +
             d.quote("date") + " DATE, " + d.quote("_x") + " INT, " + d.quote("filter") + " INT)"})
      conn->execute(statement);
    conn->execute(std::string("CREATE TABLE computed (id INT PRIMARY KEY, twice INT GENERATED ALWAYS AS (id * 2) ") +
                  (kind == backend::sqlite ? "VIRTUAL" : "STORED") + ")");
    if (kind == backend::mysql) conn->execute("CREATE TABLE unsigned_keys (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY)");
    else conn->execute("CREATE UNIQUE INDEX pets_live_owner ON pets (owner_id) WHERE owner_id > 0");  // no WHERE on MySQL
  }
  auto conn = connect(url);
  auto in = inspect_database(*conn, {"owners", "owners", "person", "pets", "profile"}, "models");  // -t twice: once
  CHECK(has_note(model_on(in, "profile").notes, "on the primary key person_id → person is left out"));
  auto computed = inspect_database(*conn, {"computed"}, "models");
  CHECK(has_note(computed.models.at(0).notes, "column twice is left out: the database computes it"));
  CHECK(computed.models.at(0).meta.fields.size() == 1);
  const auto& pets = model_on(in, "pets");
  CHECK(field_on(pets, "owner").kind == field_kind::foreign_key);
  CHECK(field_on(pets, "owner").name == "owner_rel");  // owner_id is another column's name
  CHECK(field_on(pets, "owner_id").kind == field_kind::int_field);
  if (kind != backend::mysql) {
    CHECK(has_note(pets.notes, "index pets_live_owner (owner_id) is left out: it covers some rows only"));
    CHECK_FALSE(field_on(pets, "owner_id").unique);
  }
  if (kind != backend::mysql)
    CHECK(has_note(pets.notes, "on wide is left out: the column is BIGINT, which a relation to owners does not declare"));
  CHECK(field_on(pets, "wide").kind == field_kind::big_int_field);
  CHECK(has_note(pets.notes, "column fallback: its default 1 is left out: a relation's key has none"));
  CHECK(std::holds_alternative<db_default>(*field_on(pets, "big").default_value));  // no C++ literal for it
  CHECK(field_on(pets, "date").name == "date_");
  CHECK(field_on(pets, "_x").name == "f_x");
  CHECK(field_on(pets, "filter").name == "filter_");  // Tortoise's Model.filter
  // pets comes back the same but for the key on wide and fallback's default, which the notes name.
  auto copy = connect(test::fresh_database("inspect_review_copy"));
  for (const auto& statement : create_schema(describe_inspection(in), dialect_for(kind))) copy->execute(statement);
  auto live = introspect_table(*conn, "pets");
  std::erase_if(live.foreign_keys, [](const foreign_key_info& f) { return f.columns == std::vector<std::string>{"wide"}; });
  std::erase_if(live.indexes, [](const index_info& i) { return i.columns == std::vector<std::string>{"wide"} || i.partial; });
  for (auto& c : live.columns)
    if (c.name == "fallback") c.default_value.reset();
  CHECK(show(introspect_table(*copy, "pets"), false) == show(live, false));

  if (kind == backend::mysql) {  // Laravel's key: the type is kept, and said
    auto keys = inspect_database(*conn, {"unsigned_keys"}, "models");
    CHECK(has_note(keys.models.at(0).notes, "column id is BIGINT(20) UNSIGNED, which no field type declares"));
    auto again = connect(test::fresh_database("inspect_review_keys"));
    for (const auto& statement : create_schema(describe_inspection(keys), dialect_for(kind))) again->execute(statement);
    CHECK(introspect_table(*again, "unsigned_keys").columns.at(0).type == "BIGINT(20) UNSIGNED");
  }
}
