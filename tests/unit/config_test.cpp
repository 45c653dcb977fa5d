// The project configuration: testudo.toml, pyproject.toml ([tool.testudo] and [tool.aerich]), errors, saving.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testudo/db/url.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/config.hpp"

using namespace testudo;
namespace fs = std::filesystem;

namespace {

// A fresh directory of its own under the scratch area, so test cases never see each other's files.
std::string scratch(const std::string& name) {
  fs::path dir = fs::path(TESTUDO_SCRATCH) / ("config_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void write(const std::string& dir, const std::string& name, const std::string& text) {
  std::ofstream(fs::path(dir) / name, std::ios::binary) << text;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// The message of the configuration_error that loading `text` as `name` throws.
std::string load_error(const std::string& dir, const std::string& name, const std::string& text) {
  write(dir, name, text);
  try {
    load_config({}, dir);
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "(no error)";
}

template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("config reads a testudo.toml with its keys at the top level") {
  auto dir = scratch("native_top");
  write(dir, "testudo.toml", R"(location = "./db/migrations"
src_folder = "./src"
[connections]
default = "sqlite://db.sqlite3"
other = "postgres://u:p@localhost/shop"
[apps.models]
models = "build/libshop_models.so"
[apps.audit]
models = "audit.json"
default_connection = "other"
)");
  auto c = load_config({}, dir);
  CHECK(c.file == (fs::path(dir) / "testudo.toml").string());
  CHECK(c.location == "./db/migrations");
  CHECK(c.src_folder == "./src");
  CHECK(c.connections.at("default") == "sqlite://db.sqlite3");
  CHECK_FALSE(c.aerich_section);
  REQUIRE(c.apps.size() == 2);
  CHECK(c.app("").name == "models");  // two apps: "models" is the default
  CHECK(c.app("").models == "build/libshop_models.so");
  CHECK(c.url_for(c.app("")) == "sqlite://db.sqlite3");
  CHECK(c.app("audit").default_connection == "other");
  CHECK(c.url_for(c.app("audit")) == "postgres://u:p@localhost/shop");
}

TEST_CASE("config reads a testudo.toml written with tool.testudo tables") {
  auto dir = scratch("native_nested");
  write(dir, "testudo.toml", R"([tool.testudo]
location = "./m"
[tool.testudo.connections]
default = "sqlite://:memory:"
[tool.testudo.apps.shop]
models = "shop.json"
)");
  auto c = load_config({}, dir);
  CHECK(c.location == "./m");
  CHECK(c.src_folder == "./.");     // Aerich's default
  CHECK(c.app("").name == "shop");  // the only app
  CHECK(c.url_for(c.app("")) == "sqlite://:memory:");
}

TEST_CASE("config reads pyproject.toml where tool.testudo wins over tool.aerich") {
  auto dir = scratch("pyproject");
  write(dir, "pyproject.toml", R"([project]
name = "shop"

[tool.aerich]
tortoise_orm = "app.config.TORTOISE_ORM"
location = "./aerich_migrations"
src_folder = "./src"

[tool.testudo]
location = "./testudo_migrations"

[tool.testudo.connections]
default = "mysql://root:pw@db:3306/shop"

[tool.testudo.apps.models]
models = "libmodels.so"
default_connection = "default"
)");
  auto c = load_config({}, dir);
  CHECK(c.file == (fs::path(dir) / "pyproject.toml").string());
  CHECK(c.aerich_section);
  CHECK(c.location == "./testudo_migrations");  // testudo's own key wins
  CHECK(c.src_folder == "./src");               // taken from Aerich: testudo does not set it
  CHECK(c.url_for(c.app("models")) == "mysql://root:pw@db:3306/shop");
}

TEST_CASE("config takes location from tool.aerich and explains how to add apps") {
  auto dir = scratch("aerich_only");
  write(dir, "pyproject.toml", R"([tool.aerich]
tortoise_orm = "app.config.TORTOISE_ORM"
location = "./migrations_aerich"
)");
  auto c = load_config({}, dir);
  CHECK(c.location == "./migrations_aerich");
  CHECK(c.src_folder == "./.");
  CHECK(c.apps.empty());
  auto message = error_of([&] { c.app(""); });
  CHECK(contains(message, "pyproject.toml: [tool.aerich]"));
  CHECK(contains(message, "add [tool.testudo.apps.<name>] with models = \"<library or JSON>\""));
}

TEST_CASE("config file search order and the explicit file") {
  auto dir = scratch("search");
  SUBCASE("nothing found gives the defaults") {
    auto c = load_config({}, dir);
    CHECK(c.file.empty());
    CHECK(c.location == "./migrations");
    CHECK(contains(error_of([&] { c.app(""); }), "no configuration found"));
    CHECK(contains(error_of([&] { c.app(""); }), "testudo init"));
  }
  SUBCASE("a pyproject.toml without our sections is not a config") {
    write(dir, "pyproject.toml", "[project]\nname = \"x\"\n[tool.black]\nline-length = 100\n");
    CHECK(load_config({}, dir).file.empty());
  }
  SUBCASE("testudo.toml comes before pyproject.toml") {
    write(dir, "pyproject.toml", "[tool.testudo]\nlocation = \"py\"\n");
    write(dir, "testudo.toml", "location = \"native\"\n");
    auto c = load_config({}, dir);
    CHECK(c.location == "native");
    CHECK(contains(c.file, "testudo.toml"));
  }
  SUBCASE("an explicit file is read whatever its name and relative to dir") {
    write(dir, "testudo.toml", "location = \"native\"\n");
    write(dir, "custom.toml", "location = \"custom\"\n");
    CHECK(load_config("custom.toml", dir).location == "custom");
    auto missing = error_of([&] { load_config("nope.toml", dir); });
    CHECK(contains(missing, "nope.toml does not exist"));
    CHECK(contains(missing, "-c/--config"));
  }
}

TEST_CASE("config converts Tortoise credentials tables to URLs") {
  auto dir = scratch("credentials");
  write(dir, "testudo.toml", R"([connections]
pg = {engine = "tortoise.backends.asyncpg", credentials = {host = "db.example.com", port = 6543, user = "app@corp", password = "p@ss:w/rd%?#", database = "shop", minsize = 2, maxsize = 7}}
my = {engine = "tortoise.backends.asyncmy", credentials = {host = "127.0.0.1", port = "3307", user = "root", password = "", database = "shop db", charset = "utf8mb4"}}
lite = {engine = "tortoise.backends.sqlite", credentials = {file_path = "/var/lib/app/my db?.sqlite3", journal_mode = "WAL"}}
v6 = {engine = "tortoise.backends.psycopg", credentials = {host = "::1", database = "d"}}
[connections.mysql_as_table]
engine = "tortoise.backends.mysql"
credentials.host = "h"
credentials.database = "d"
credentials.ssl = true
)");
  auto c = load_config({}, dir);
  CHECK(c.connections.at("pg") ==
        "postgres://app%40corp:p%40ss%3Aw%2Frd%25%3F%23@db.example.com:6543/shop?maxsize=7&minsize=2");
  auto pg = parse_db_url(c.connections.at("pg"));
  CHECK(pg.kind == backend::postgres);
  CHECK(pg.user == "app@corp");
  CHECK(pg.password == "p@ss:w/rd%?#");  // survives the round trip exactly
  CHECK(pg.host == "db.example.com");
  CHECK(pg.port == 6543);
  CHECK(pg.min_size == 2);
  CHECK(pg.max_size == 7);

  auto my = parse_db_url(c.connections.at("my"));
  CHECK(my.kind == backend::mysql);
  CHECK(my.user == "root");
  CHECK(my.password.empty());
  CHECK(my.port == 3307);
  CHECK(my.database == "shop db");
  CHECK(my.option("charset") == "utf8mb4");

  CHECK(c.connections.at("lite") == "sqlite:///var/lib/app/my%20db%3F.sqlite3?journal_mode=WAL");
  auto lite = parse_db_url(c.connections.at("lite"));
  CHECK(lite.database == "/var/lib/app/my db?.sqlite3");
  CHECK(lite.option("journal_mode") == "WAL");

  auto v6 = parse_db_url(c.connections.at("v6"));
  CHECK(v6.host == "::1");
  CHECK(v6.port == 5432);

  auto table = parse_db_url(c.connections.at("mysql_as_table"));
  CHECK(table.kind == backend::mysql);
  CHECK(table.option("ssl") == "true");
}

TEST_CASE("config app selection and url_for errors") {
  project_config c;
  c.file = "testudo.toml";
  c.apps["a"] = app_config{"a", "a.so", "default"};
  c.apps["b"] = app_config{"b", "b.so", "missing"};
  c.connections["default"] = "sqlite://a.db";
  CHECK(c.app("b").models == "b.so");
  auto several = error_of([&] { c.app(""); });
  CHECK(contains(several, "testudo.toml: several apps are configured (a, b)"));
  CHECK(contains(several, "--app"));
  auto unknown = error_of([&] { c.app("shop"); });
  CHECK(contains(unknown, "no app 'shop'"));
  CHECK(contains(unknown, "configured apps: a, b"));
  auto missing = error_of([&] { c.url_for(c.app("b")); });
  CHECK(
      contains(missing, "app 'b' uses connection 'missing', which is not configured (configured: default)"));
  CHECK(contains(missing, "[connections]"));
  CHECK(contains(missing, "apps.b.default_connection"));

  project_config empty;
  empty.file = "pyproject.toml";
  auto none = error_of([&] { empty.app(""); });
  CHECK(contains(none, "pyproject.toml: no apps are configured; add [tool.testudo.apps.<name>]"));
}

TEST_CASE("config errors name the file and position and the fix") {
  auto dir = scratch("errors");
  auto error = [&](const std::string& text) { return load_error(dir, "testudo.toml", text); };

  auto wrong_type = error("[connections]\ndefault = \"sqlite://db.sqlite3\"\n[apps.models]\nmodels = 42\n");
  CHECK(contains(wrong_type,
                 "testudo.toml:4:1: apps.models.models must be a string (the path of the models "
                 "library or describe JSON), not an integer"));

  auto syntax = error("location = \"a\"\n[apps\n");
  CHECK(contains(syntax, "testudo.toml:2:"));
  CHECK(contains(syntax, "invalid TOML"));

  auto typo = error("locaton = \"./m\"\n");
  CHECK(contains(typo, "testudo.toml:1:1: unknown key 'locaton' at the top level"));
  CHECK(contains(typo, "known keys: location, src_folder, connections, apps"));

  auto nested_typo = load_error(dir, "testudo.toml", "[tool.testudo]\nconnection = {}\n");
  CHECK(contains(nested_typo, "testudo.toml:2:1: unknown key 'connection' in [tool.testudo]"));

  auto app_typo = error("[apps.models]\nmodels = \"m.so\"\ndefault_conection = \"x\"\n");
  CHECK(contains(app_typo, "testudo.toml:3:1: unknown key 'default_conection' in [apps.models]"));
  CHECK(contains(app_typo, "known keys: models, default_connection"));

  auto no_models = error("[apps.shop]\ndefault_connection = \"default\"\n");
  CHECK(contains(no_models, "apps.shop.models is missing"));

  auto apps_not_table = error("apps = \"models\"\n");
  CHECK(contains(apps_not_table, "testudo.toml:1:1: apps must be a table"));

  auto connection_type = error("[connections]\ndefault = 5\n");
  CHECK(contains(connection_type, "testudo.toml:2:1: connections.default must be a database URL"));

  auto bad_url = error("[connections]\n\ndefault = \"postgres://u:secret@h:99999/db\"\n");
  CHECK(contains(bad_url, "testudo.toml:3:1: connections.default: invalid database URL"));
  CHECK(contains(bad_url, "port '99999'"));
  CHECK_FALSE(contains(bad_url, "secret"));

  auto bad_engine =
      error("[connections]\ndefault = {engine = \"tortoise.backends.oracle\", credentials = {}}\n");
  CHECK(contains(bad_engine, "connections.default.engine 'tortoise.backends.oracle' is not supported"));
  CHECK(contains(bad_engine, "tortoise.backends.asyncpg"));

  auto no_database = error(
      "[connections]\ndefault = {engine = \"tortoise.backends.asyncpg\", credentials = {host = \"h\"}}\n");
  CHECK(contains(no_database, "connections.default.credentials.database is missing"));

  auto bad_option = error(
      "[connections]\ndefault = {engine = \"tortoise.backends.sqlite\", credentials = {file_path = \"a.db\", "
      "colour = \"red\"}}\n");
  CHECK(contains(bad_option, "testudo.toml:2:1: connections.default: invalid database URL"));
  CHECK(contains(bad_option, "unknown option 'colour'"));

  auto both = error("location = \"a\"\n[tool.testudo]\nlocation = \"b\"\n");
  CHECK(contains(
      both, "testudo.toml:1:1: 'location' is set at the top level, but this file also has [tool.testudo]"));

  fs::remove(fs::path(dir) / "testudo.toml");  // else it would be read instead of pyproject.toml
  auto py = load_error(dir, "pyproject.toml", "[tool.testudo]\nlocation = 1\n");
  CHECK(contains(py, "pyproject.toml:2:1: tool.testudo.location must be a string"));

  auto aerich_type = load_error(dir, "pyproject.toml", "[tool.aerich]\nsrc_folder = [1]\n");
  CHECK(contains(aerich_type, "pyproject.toml:2:1: tool.aerich.src_folder must be a string"));
}

TEST_CASE("config save_config round trip of a testudo.toml") {
  auto dir = scratch("roundtrip");
  project_config c;
  c.location = "./db/mig \"rations\"";
  c.src_folder = "./src";
  c.connections["default"] = "sqlite://db.sqlite3";
  c.connections["read only"] = "postgres://u:p%40ss@h:5432/db";
  c.apps["models"] = app_config{"models", "build/libshop_models.so", "default"};
  c.apps["my app"] = app_config{"my app", "C:\\models\\describe.json", "read only"};
  c.connections["replica"] = "postgres://u@replica:5432/db";
  c.replicas["read only"] = {"replica", "default"};
  auto path = (fs::path(dir) / "testudo.toml").string();
  save_config(c, path);
  CHECK(slurp(path).starts_with(
      "location = \"./db/mig \\\"rations\\\"\"\nsrc_folder = \"./src\"\n\n[connections]\n"));
  auto back = load_config({}, dir);
  CHECK(back.file == path);
  CHECK(back.location == c.location);
  CHECK(back.src_folder == c.src_folder);
  CHECK(back.connections == c.connections);
  REQUIRE(back.apps.size() == 2);
  for (const auto& [label, app] : c.apps) {
    CHECK(back.apps.at(label).name == app.name);
    CHECK(back.apps.at(label).models == app.models);
    CHECK(back.apps.at(label).default_connection == app.default_connection);
  }
  CHECK(back.replicas == c.replicas);
}

TEST_CASE("config reads [replicas] in either place and refuses names that are no other connection") {
  auto dir = scratch("replicas");
  write(dir, "pyproject.toml",
        "[tool.testudo.replicas]\ndefault = [\"r1\", \"r2\"]\n\n"
        "[tool.testudo.connections]\ndefault = \"sqlite://p.db\"\nr1 = \"sqlite://r1.db\"\nr2 = \"sqlite://r2.db\"\n");
  CHECK(load_config({}, dir).replicas == std::map<std::string, std::vector<std::string>>{{"default", {"r1", "r2"}}});
  fs::remove(fs::path(dir) / "pyproject.toml");

  const std::string connections = "[connections]\ndefault = \"sqlite://p.db\"\nr1 = \"sqlite://r1.db\"\n";
  auto unknown_replica = load_error(dir, "testudo.toml", connections + "[replicas]\ndefault = [\"r9\"]\n");
  CHECK_MESSAGE(contains(unknown_replica, "testudo.toml:5:1: replicas.default names 'r9', which is not a connection"),
                unknown_replica);
  auto unknown_primary = load_error(dir, "testudo.toml", connections + "[replicas]\nprimary = [\"r1\"]\n");
  CHECK_MESSAGE(contains(unknown_primary, "there is no connection 'primary' to replicate"), unknown_primary);
  auto itself = load_error(dir, "testudo.toml", connections + "[replicas]\nr1 = [\"r1\"]\n");
  CHECK_MESSAGE(contains(itself, "replicas.r1 lists 'r1' itself"), itself);
  auto not_array = load_error(dir, "testudo.toml", connections + "[replicas]\ndefault = \"r1\"\n");
  CHECK_MESSAGE(contains(not_array, "replicas.default must be an array of connection names"), not_array);
  auto not_string = load_error(dir, "testudo.toml", connections + "[replicas]\ndefault = [1]\n");
  CHECK_MESSAGE(contains(not_string, "replicas.default[] must be a string"), not_string);
}

TEST_CASE("config save_config rewrites only the tool.testudo tables of a pyproject.toml") {
  auto dir = scratch("save_pyproject");
  auto path = (fs::path(dir) / "pyproject.toml").string();
  project_config c;
  c.connections["default"] = "sqlite://db.sqlite3";
  c.apps["models"] = app_config{"models", "libm.so", "default"};
  const std::string block =
      "[tool.testudo]\nlocation = \"./migrations\"\nsrc_folder = \"./.\"\n\n"
      "[tool.testudo.connections]\ndefault = \"sqlite://db.sqlite3\"\n\n"
      "[tool.testudo.apps.models]\nmodels = \"libm.so\"\ndefault_connection = \"default\"\n";
  // Lines that look like headers inside a multi-line array and a multi-line string must stay put.
  const std::string before =
      "# Project file  \n[project]\nname = \"shop\"   # trailing comment\ndesc = \"a \\\" [ b\"\nmatrix = [\n"
      "[\"tool\", \"testudo\"],\n  [1, 2],\n]\nnotes = \"\"\"\nsay \"hi\"\n[tool.testudo.apps.x]\n\"\"\"\n\n";
  const std::string after =
      "\n# black settings\n[tool.black]\nline-length = 100\n\n[tool.aerich]\ntortoise_orm = "
      "\"app.TORTOISE\"\n";

  SUBCASE("an existing block is replaced in place") {
    write(dir, "pyproject.toml",
          before +
              "[tool.testudo]\nlocation = \"old\"  # old\nlegacy = [\n  [1, 2],\n]\n\n"
              "[tool.testudo.apps.old]\nmodels = \"old.so\"\n" +
              after);
    save_config(c, path);
    CHECK(slurp(path) == before + block + after);
    auto back = load_config({}, dir);
    CHECK(back.apps.count("old") == 0);
    CHECK(back.app("").models == "libm.so");
    CHECK(back.aerich_section);
  }
  SUBCASE("scattered tool.testudo tables are gathered where the first one was") {
    write(dir, "pyproject.toml",
          before + "[tool.testudo]\nlocation = \"old\"\n" + after +
              "\n[tool.testudo.connections]\nx = \"sqlite://x\"\n");
    save_config(c, path);
    CHECK(slurp(path) == before + block + after + "\n");
  }
  SUBCASE("a missing block is appended") {
    write(dir, "pyproject.toml", before + after);
    save_config(c, path);
    CHECK(slurp(path) == before + after + "\n" + block);
  }
  SUBCASE("a file without a final newline gets one before the block") {
    write(dir, "pyproject.toml", "[project]\nname = \"x\"");
    save_config(c, path);
    CHECK(slurp(path) == "[project]\nname = \"x\"\n\n" + block);
  }
  SUBCASE("CRLF files get CRLF lines") {
    write(dir, "pyproject.toml", "[project]\r\nname = \"x\"\r\n\r\n[tool.testudo]\r\nlocation = \"old\"\r\n");
    project_config small;
    save_config(small, path);
    CHECK(slurp(path) ==
          "[project]\r\nname = \"x\"\r\n\r\n[tool.testudo]\r\nlocation = \"./migrations\"\r\nsrc_folder = "
          "\"./.\"\r\n");
  }
  SUBCASE("a new pyproject.toml is created") {
    save_config(c, path);
    CHECK(slurp(path) == block);
  }
  SUBCASE("an invalid or dotted-key pyproject.toml is left untouched") {
    write(dir, "pyproject.toml", "[project\n");
    CHECK(contains(error_of([&] { save_config(c, path); }), "pyproject.toml:1:"));
    CHECK(slurp(path) == "[project\n");
    const std::string dotted = "[tool]\ntestudo.location = \"x\"\n";
    write(dir, "pyproject.toml", dotted);
    CHECK(contains(error_of([&] { save_config(c, path); }), "dotted keys or an inline table"));
    CHECK(slurp(path) == dotted);
  }
}
