// The shop models, loaded through their shared library, describe themselves exactly as Tortoise does.
#include <doctest/doctest.h>
#include <fstream>
#include <functional>
#include <iterator>

#include "testudo/db/script.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/version_table.hpp"
#include "testudo/model/describe.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/table.hpp"

using namespace testudo;

namespace {
snapshot_json fixture(const char* name) {
  std::ifstream in(std::string(TESTUDO_FIXTURES) + "/shop/" + name);
  REQUIRE(in);
  return snapshot_json::parse(in);
}
}  // namespace

TEST_CASE("shop models from the shared library equal Tortoise's describe JSON key for key") {
  auto ours = load_models(TESTUDO_SHOP_MODELS);
  auto tortoise = fixture("tortoise_describe_v1.json");
  for (auto& [name, model] : tortoise.items()) model["managed"] = nullptr;  // Aerich adds it as null
  if (ours != tortoise) {
    // Show where they differ (as an unordered JSON patch) before failing.
    MESSAGE(nlohmann::json::diff(nlohmann::json::parse(tortoise.dump()), nlohmann::json::parse(ours.dump())).dump(1));
  }
  CHECK(ours == tortoise);  // ordered: key order matches too
}

TEST_CASE("a describe JSON file loads like the library") {
  auto from_file = load_models(std::string(TESTUDO_FIXTURES) + "/shop/tortoise_describe_v1.json");
  CHECK(from_file.size() == 6);
  CHECK(from_file["models.Product"]["table"] == "products");
}

TEST_CASE("bad models paths give actionable errors") {
  auto message = [](std::string_view path, std::string_view app = "models") -> std::string {
    try {
      load_models(path, app);
    } catch (const configuration_error& e) {
      return e.what();
    }
    return "(no error)";
  };
  CHECK(message("/nonexistent/libmodels.so").find("no such file") != std::string::npos);
  CHECK(message(TESTUDO_SHOP_MODELS, "billing").find("no app 'billing'") != std::string::npos);
  CHECK(message(TESTUDO_SHOP_MODELS, "billing").find("Apps it declares: models") != std::string::npos);
  CHECK(message(TESTUDO_CLI_PATH).find("cannot load the shared library") != std::string::npos);
  auto broken = std::string(TESTUDO_SCRATCH) + "/broken.json";
  std::ofstream(broken) << "{\"models.User\": ";
  CHECK(message(broken).find("invalid JSON") != std::string::npos);
}

TEST_CASE("a snapshot written by real Tortoise parses and re-serialises to an equal document") {
  for (const char* name : {"tortoise_describe_v0.json", "tortoise_describe_v1.json"}) {
    CAPTURE(name);
    auto path = std::string(TESTUDO_FIXTURES) + "/shop/" + name;
    auto loaded = load_models(path);
    std::ifstream in(path);
    auto original = snapshot_json::parse(in);
    CHECK(snapshot_json::parse(loaded.dump()) == original);  // key order included
    // It parses into tables too: every model and the M2M through table.
    auto tables = tables_from_snapshot(loaded);
    CHECK(tables.size() == 7);
    CHECK(tables.back().name == "product_tags");
  }
}

namespace {

// The configuration_error of loading a models file with `text`, or "(no error)".
std::string load_error(const std::string& file_name, const std::string& text) {
  auto path = std::string(TESTUDO_SCRATCH) + "/" + file_name;
  std::ofstream(path, std::ios::binary) << text;
  try {
    load_models(path);
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "(no error)";
}

// The shop's describe JSON with `edit` applied to it, as a file's text.
std::string shop_with(const std::function<void(snapshot_json&)>& edit) {
  auto doc = fixture("tortoise_describe_v1.json");
  edit(doc);
  return doc.dump();
}

}  // namespace

TEST_CASE("a models document of the wrong shape names the file, the model and the key") {
  auto missing_table = load_error("no_table.json", shop_with([](auto& doc) { doc["models.User"].erase("table"); }));
  CHECK(missing_table.find("no_table.json") != std::string::npos);
  CHECK(missing_table.find("model 'models.User', key 'table': it is missing; expected a string") != std::string::npos);

  auto null_name = load_error("null_name.json", shop_with([](auto& doc) { doc["models.Product"]["data_fields"][1]["name"] = nullptr; }));
  CHECK(null_name.find("null_name.json") != std::string::npos);
  CHECK(null_name.find("model 'models.Product', key 'data_fields[1].name': it is null; expected a string") != std::string::npos);

  auto flag = load_error("flag.json", shop_with([](auto& doc) { doc["models.User"]["pk_field"]["nullable"] = "no"; }));
  CHECK(flag.find("key 'pk_field.nullable': it is a string; expected true or false") != std::string::npos);

  auto fields = load_error("fields.json", shop_with([](auto& doc) { doc["models.Order"]["fk_fields"] = 3; }));
  CHECK(fields.find("model 'models.Order', key 'fk_fields': it is a number; expected an array") != std::string::npos);

  auto relation = load_error("relation.json", shop_with([](auto& doc) { doc["models.Order"]["fk_fields"][0].erase("raw_field"); }));
  CHECK(relation.find("key 'fk_fields[0].raw_field': it is missing") != std::string::npos);

  auto model = load_error("model.json", R"({"models.User": []})");
  CHECK(model.find("model 'models.User': the model is an array") != std::string::npos);

  auto nul = load_error("nul.json", shop_with([](auto& doc) { doc["models.User"]["table"] = std::string("us\0ers", 6); }));
  CHECK(nul.find("key 'table': it contains a NUL character") != std::string::npos);
}

TEST_CASE("a models document without models is refused with the file named") {
  auto empty = load_error("empty.json", "{}\n");
  CHECK(empty.find("empty.json") != std::string::npos);
  CHECK(empty.find("describes no models") != std::string::npos);
}

TEST_CASE("JSON nested deeper than any describe output is refused, not a stack overflow") {
  auto deep = std::string(100000, '[') + std::string(100000, ']');
  auto message = load_error("deep.json", deep);
  CHECK(message.find("deep.json") != std::string::npos);
  CHECK(message.find("nests deeper than") != std::string::npos);
  auto in_field = load_error("deep_default.json", shop_with([&](auto& doc) {
    doc["models.User"]["data_fields"][0]["default"] = snapshot_json::parse(std::string(70, '[') + std::string(70, ']'));
  }));
  CHECK(in_field.find("nests deeper than") != std::string::npos);
}

TEST_CASE("a truncated models library is refused before it is mapped") {
  std::ifstream in(TESTUDO_SHOP_MODELS, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() > 4096);
  for (std::size_t keep : {bytes.size() / 2, std::size_t{4096}, std::size_t{40}}) {
    CAPTURE(keep);
    auto message = load_error("libhalf.so", bytes.substr(0, keep));
    CHECK(message.find("libhalf.so") != std::string::npos);
    CHECK(message.find("truncated") != std::string::npos);
  }
}

TEST_CASE("describe values copied into DDL are checked against what they may be") {
  auto on_delete = load_error("on_delete.json", shop_with([](auto& doc) {
    doc["models.Order"]["fk_fields"][0]["on_delete"] = "CASCADE); DROP TABLE victim; CREATE TABLE zz (a INT";
  }));
  CHECK(on_delete.find("on_delete.json") != std::string::npos);
  CHECK(on_delete.find("model 'models.Order', key 'fk_fields[0].on_delete': it is \"CASCADE); DROP TABLE victim;") !=
        std::string::npos);
  CHECK(on_delete.find("expected one of CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION") != std::string::npos);

  auto type_error = [](const std::string& type) {
    return load_error("type.json", shop_with([&](auto& doc) { doc["models.User"]["data_fields"][0]["db_field_types"]["mysql"] = type; }));
  };
  for (const char* good : {"VARCHAR(40)", "DECIMAL(10, 2)", "DOUBLE PRECISION", "NVARCHAR(MAX)", "TIMESTAMP(6) WITH TIME ZONE", "INT UNSIGNED"})
    CHECK_MESSAGE(type_error(good) == "(no error)", good);
  for (const char* bad : {"INT NOT NULL", "INT, x INT", "INT)", "VARCHAR(a)", "INT -- x", "", "INT  UNSIGNED", "VARCHAR(40"}) {
    auto message = type_error(bad);
    CHECK_MESSAGE(message.find("key 'data_fields[0].db_field_types.mysql'") != std::string::npos, message);
    CHECK_MESSAGE(message.find("expected an SQL type: words") != std::string::npos, message);
  }

  auto default_error = [](const std::string& sql) {
    return load_error("db_default.json", shop_with([&](auto& doc) { doc["models.User"]["data_fields"][2]["db_default"] = sql; }));
  };
  for (const char* good : {"'it''s'", "''", "CURRENT_TIMESTAMP", "current_timestamp(6)", "-1.5", "0", "true", "NULL"})
    CHECK_MESSAGE(default_error(good) == "(no error)", good);
  for (const char* bad : {"now()", "'a\\'", "'a' || 'b'", "1; DROP TABLE x", "'a'')", "1.2.3", "CURRENT_TIMESTAMP(6", "CURRENT_TIME(x)"}) {
    auto message = default_error(bad);
    CHECK_MESSAGE(message.find("key 'data_fields[2].db_default'") != std::string::npos, message);
    CHECK_MESSAGE(message.find("expected a literal") != std::string::npos, message);
  }
}

TEST_CASE("generated names are cut at characters, never inside one") {
  // Tortoise slices Python strings: 11 characters of the table, 7 of the first column.
  auto name = index_name("idx", "\xC3\xA4" "bcdefghijk\xC3\xA9zz", {"\xE2\x82\xAC" "bcdef\xF0\x9F\x90\xA2zz"});
  CHECK(name.starts_with("idx_\xC3\xA4" "bcdefghijk_\xE2\x82\xAC" "bcdef\xF0\x9F\x90\xA2_"));
  auto fk = foreign_key_name("\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4", "c", "t", "id");
  CHECK(fk.starts_with("fk_\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4_t_"));
}

TEST_CASE("a PostgreSQL DO block takes a dollar tag that its names do not contain") {
  table_def table;
  table.name = "odd$testudo$name";
  column_def from;
  from.name = "code$testudo1$";
  from.field_type = "IntField";
  from.db_field_types = {{"", "INT"}};
  from.unique = true;
  auto to = from;
  to.unique = false;
  auto statements = dialect_for(backend::postgres).alter_column(table, from, to);
  REQUIRE(statements.size() == 1);
  CHECK(statements[0].starts_with("DO $testudo2$\n"));
  CHECK(split_sql(statements[0] + ";\nSELECT 1;", backend::postgres).size() == 2);  // one block, then the next statement
}

TEST_CASE("names with NUL or longer than the server takes are refused, not cut") {
  CHECK_THROWS_WITH_AS(dialect_for(backend::postgres).quote(std::string(64, 'n')),
                       doctest::Contains("is longer than postgres allows (63 at most"), configuration_error);
  CHECK(dialect_for(backend::postgres).quote(std::string(63, 'n')).size() == 65);
  CHECK_THROWS_AS(dialect_for(backend::mysql).quote(std::string(65, 'n')), configuration_error);
  std::string umlauts;
  for (int i = 0; i < 64; ++i) umlauts += "\xC3\xA4";
  CHECK_NOTHROW(dialect_for(backend::mysql).quote(umlauts));  // MySQL counts characters
  for (auto kind : {backend::sqlite, backend::postgres, backend::mysql})
    CHECK_THROWS_WITH_AS(dialect_for(kind).quote(std::string("us\0ers", 6)), doctest::Contains("NUL"), configuration_error);
}

TEST_CASE("a decimal default is written bare only when it is a plain number") {
  column_def price;
  price.name = "price";
  price.field_type = "DecimalField";
  price.db_field_types = {{"", "DECIMAL(10,2)"}};
  for (auto kind : {backend::sqlite, backend::postgres, backend::mysql}) {
    const auto& d = dialect_for(kind);
    price.default_value = value{std::string("-1.50")};
    CHECK(d.default_expression(price) == "-1.50");
    price.default_value = value{std::string("1--")};  // bare, the rest of its line would be a comment
    CHECK(d.default_expression(price) == "'1--'");
  }
}

// Found by tests/fuzz/describe_fuzz.cpp: nlohmann's number overflow escaped as a raw JSON exception.
TEST_CASE("a number too large for a double in a models document is a clear error naming the source") {
  for (std::string text : {R"({"models.A": {"table": 1e472483647}})", R"([-1e99999])"}) {
    CAPTURE(text);
    try {
      (void)read_snapshot(text, "models 'big.json'");
      FAIL("accepted");
    } catch (const configuration_error& e) {
      std::string message = e.what();
      CHECK(message.find("models 'big.json'") != std::string::npos);
      CHECK(message.find("invalid JSON") != std::string::npos);
      CHECK(message.find("number overflow") != std::string::npos);
    }
  }
}

// Issue #13: snapshots are read with a reader of testudo's own (nlohmann's fills an ordered_json
// object by linear search, quadratic at thousands of models); it must build the same document.
TEST_CASE("read_snapshot builds what nlohmann's parser builds: key order, repeated keys, numbers") {
  std::ifstream in(std::string(TESTUDO_FIXTURES) + "/shop/tortoise_describe_v1.json");
  std::string shop((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string big = "{";
  for (int i = 40; i > 0; --i) big += "\"k" + std::to_string(i) + "\": [" + std::to_string(i) + ", {}, []], ";
  big += "\"k7\": \"again\"}";  // a repeated key in an object of more than 32
  for (const auto& text : {shop, big, std::string(R"({"b": 1, "a": [1, -2, 1.5e300, 18446744073709551615, true, null],
                                                     "b": {"z": "", "y": [[]]}, "c": false})"),
                           std::string("[]"), std::string("{}")}) {
    CAPTURE(text.substr(0, 80));
    auto ours = read_snapshot(text, "test");
    auto theirs = snapshot_json::parse(text);
    CHECK(ours == theirs);
    CHECK(ours.dump() == theirs.dump());  // key order, and each number's type
  }
  CHECK_THROWS_WITH_AS(read_snapshot(R"({"a": })", "models 'm.json'"), doctest::Contains("models 'm.json': invalid JSON"),
                       configuration_error);
}

TEST_CASE("same_schema: key order, docstrings, a null or true managed and Aerich's model change nothing") {
  auto shop = fixture("tortoise_describe_v1.json");
  auto reordered = snapshot_json::object();  // models and each model's keys in reverse order
  for (auto it = shop.rbegin(); it != shop.rend(); ++it) {
    auto model = snapshot_json::object();
    for (auto key = it->rbegin(); key != it->rend(); ++key) model[key.key()] = *key;
    reordered[it.key()] = model;
  }
  reordered["models.Product"]["docstring"] = "Things we sell.";
  reordered["models.Tag"]["managed"] = nullptr;
  reordered["models.User"]["managed"] = true;
  reordered.update(version_table::aerich_model("models"));
  CHECK(same_schema(shop, reordered));
  CHECK(same_schema(reordered, shop));

  auto changed = [&](const std::function<void(snapshot_json&)>& change) {
    auto other = shop;
    change(other);
    return !same_schema(shop, other) && !same_schema(other, shop);
  };
  CHECK(changed([](snapshot_json& s) { s["models.Product"]["data_fields"][0]["nullable"] = true; }));
  CHECK(changed([](snapshot_json& s) { s["models.Tag"]["managed"] = false; }));
  CHECK(changed([](snapshot_json& s) { s["models.User"]["indexes"].push_back({"email"}); }));
  CHECK(changed([](snapshot_json& s) { s.erase("models.Tag"); }));
  CHECK(changed([](snapshot_json& s) { s["models.Product"]["renamed_from"] = {"Item"}; }));
  CHECK(changed([](snapshot_json& s) { s["models.User"]["data_fields"].erase(0); }));
}
