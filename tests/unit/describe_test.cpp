// The shop models, loaded through their shared library, describe themselves exactly as Tortoise does.
#include <doctest/doctest.h>
#include <fstream>

#include "testudo/errors.hpp"
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
