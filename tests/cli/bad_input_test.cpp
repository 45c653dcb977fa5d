// Bad input: each mistake gets one clear message on stderr (what, where, how to fix), exit code 1
// (2 for command-line usage errors), and leaves the database and the files as they were.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"

namespace fs = std::filesystem;
using namespace testudo::test;
using testudo::backend;

namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' not in:\n" << text);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("without a config or models every command says how to set them up") {
  cli_project p("no_config");
  auto before = p.state();
  auto r = p.run({"--db-url", p.url(), "init-db"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "no models for app 'models'");
  CHECK_ERR(r, "--models");
  CHECK_ERR(r, "testudo init");
  CHECK(p.state() == before);

  r = p.run({"upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "no database URL");
  CHECK_ERR(r, "--db-url");
  CHECK_ERR(r, "TESTUDO_DB_URL");

  r = p.run({"--db-url", p.url(), "migrate"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "--models");

  r = p.run({"init", "--db-url", p.url()});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "-t/--models");
  CHECK_FALSE(fs::exists(p.dir() / "testudo.toml"));
  CHECK(p.state() == before);

  r = p.run({"-c", "missing.toml", "heads"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "missing.toml");
  CHECK(p.state() == before);
}

TEST_CASE("an unknown --app is named with the configured ones") {
  cli_project p("unknown_app");
  p.init();
  p.migrate_add_x();
  auto before = p.state();
  for (std::vector<std::string> command : {std::vector<std::string>{"upgrade"}, {"heads"}, {"history"}, {"init-db"},
                                           {"migrate", "--empty"}, {"downgrade", "--yes"}}) {
    command.insert(command.begin(), {"--app", "shop"});
    auto r = p.run(command);
    CAPTURE(command.at(2));
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "testudo.toml");
    CHECK_ERR(r, "no app 'shop'");
    CHECK_ERR(r, "models");
    CHECK_ERR(r, "--app");
  }
  CHECK(p.state() == before);
}

TEST_CASE("an unreachable database fails with one line naming where and what to check") {
  cli_project p("unreachable");
  auto r = p.run({"init", "-t", shop_v0(), "--db-url", unreachable_url()});
  REQUIRE_EXIT(r, 0);  // init only writes the config
  auto before = p.state();
  for (std::string command : {"init-db", "upgrade", "heads", "history", "migrate"}) {
    CAPTURE(command);
    r = p.run({command});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "cannot connect");
    if (current_backend() == backend::sqlite) {
      CHECK_ERR(r, "/nonexistent_testudo_folder/db.sqlite3");
      bool creates = command == "init-db" || command == "upgrade";  // the others never create a database
      CHECK_ERR(r, creates ? "Check that the folder exists" : "This command never creates one");
    } else {
      CHECK_ERR(r, "127.0.0.1:1");
      CHECK_ERR(r, "Check that the server is running");
      CHECK_NOT_ERR(r, "secret_pw_42");
    }
    CHECK(occurrences(r.err, "\n") == 1);
  }
  CHECK(p.state() == before);  // init-db did not create the migrations before failing
  CHECK_FALSE(fs::exists(p.app_dir()));
}

TEST_CASE("a corrupt migration file is named with its line and nothing runs") {
  cli_project p("corrupt_file");
  p.init();
  auto add_x = p.migrate_add_x();
  auto path = fs::path("migrations/models") / add_x;
  auto good = p.read(path);

  SUBCASE("a bad header value") {
    p.write(path, replaced(good, "-- run-in-transaction: true", "-- run-in-transaction: perhaps"));
    auto before = p.state();
    for (std::string command : {"upgrade", "heads", "history"}) {
      CAPTURE(command);
      auto r = p.run({command});
      CHECK_EXIT(r, 1);
      CHECK_ERR(r, add_x + ":4:");
      CHECK_ERR(r, "run-in-transaction is 'perhaps'");
      CHECK_ERR(r, "true or false");
    }
    CHECK(p.state() == before);
    CHECK_FALSE(p.has_column("products", "x"));
  }
  SUBCASE("a lost first line") {
    p.write(path, replaced(good, "-- testudo migration\n", ""));
    auto before = p.state();
    auto r = p.run({"upgrade"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, add_x + ":1:");
    CHECK_ERR(r, "-- testudo migration");
    CHECK(p.state() == before);
  }
  SUBCASE("a damaged models state") {
    auto state_at = good.find("-- +testudo state\n-- ") + 21;
    auto damaged = good;
    damaged[state_at] = damaged[state_at] == 'A' ? 'B' : 'A';
    p.write(path, damaged);
    auto before = p.state();
    auto r = p.run({"upgrade"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, add_x);
    CHECK_ERR(r, "state");
    CHECK_ERR(r, "regenerate the migration");
    CHECK(p.state() == before);
  }
}

TEST_CASE("an applied migration edited afterwards stops upgrade until --force") {
  cli_project p("edited");
  p.init();
  auto add_x = p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  auto path = fs::path("migrations/models") / add_x;
  p.write(path, replaced(p.read(path), "DEFAULT 0", "DEFAULT 1"));
  auto next = p.write_migration("after_edit", "CREATE TABLE after_edit (id INT);", "DROP TABLE after_edit;");
  auto before = p.state();

  auto r = p.run({"upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, add_x);
  CHECK_ERR(r, "edited");
  CHECK_ERR(r, "checksum");
  CHECK_ERR(r, "--force");
  CHECK(p.state() == before);
  CHECK_FALSE(p.has_table("after_edit"));

  r = p.run({"history"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "EDITED");

  r = p.run({"upgrade", "--force"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success upgrading to " + next);
  CHECK(p.has_table("after_edit"));
}

TEST_CASE("two migrations with the same number are refused") {
  cli_project p("duplicates");
  p.init();
  auto add_x = p.migrate_add_x();
  auto other = "1_20200101000000_other_branch.sql";
  fs::copy_file(p.app_dir() / add_x, p.app_dir() / other);
  auto before = p.state();
  for (std::string command : {"upgrade", "heads", "migrate"}) {
    CAPTURE(command);
    auto r = p.run({command});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "two migration files have number 1");
    CHECK_ERR(r, add_x);
    CHECK_ERR(r, other);
    CHECK_ERR(r, "renumber");
  }
  CHECK(p.state() == before);
  CHECK_FALSE(p.has_column("products", "x"));
}

TEST_CASE("a models path that is not a usable library or JSON file is refused") {
  cli_project p("bad_models");
  p.write("libfake.so", "this is a text file, not a shared library\n");
  p.write("models.json", "{\"models.Product\": {\"name\": \n");
  auto before = p.state();

  auto r = p.run({"--db-url", p.url(), "--models", "libfake.so", "init-db"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "libfake.so");
  // TODO(loader): lib/src/model/loader.cpp takes any file without an ELF header for JSON, so this
  // says "invalid JSON ... Regenerate the file": a .so that is not a library deserves "not a
  // shared library" and how to build one. Fix pending in the loader (not a CLI file).
  CHECK_ERR(r, "not a shared library");
  CHECK(p.state() == before);

  r = p.run({"--db-url", p.url(), "--models", "build/libmissing.so", "init-db"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "build/libmissing.so");
  CHECK_ERR(r, "no such file");
  CHECK_ERR(r, "Build the models library first");
  CHECK(p.state() == before);

  r = p.run({"--db-url", p.url(), "--models", "models.json", "init-db"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "models.json");
  CHECK_ERR(r, "invalid JSON");
  CHECK_ERR(r, "line 2");
  CHECK(p.state() == before);

  // the same mistakes after init-db: nothing is written or applied
  REQUIRE_EXIT(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}), 0);
  REQUIRE_EXIT(p.run({"init-db"}), 0);
  before = p.state();
  for (std::string models : {"libfake.so", "build/libmissing.so", "models.json"}) {
    CAPTURE(models);
    r = p.run({"--models", models, "migrate"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, models);
  }
  CHECK(p.state() == before);
}

TEST_CASE("a bad --db-url is refused before anything is written") {
  cli_project p("bad_url");
  auto before = p.state();
  auto r = p.run({"init", "-t", shop_v0(), "--db-url", "postgress://u:pw@localhost/db"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "unknown scheme 'postgress'");
  CHECK_ERR(r, "postgres://");
  CHECK(p.state() == before);
  CHECK_FALSE(fs::exists(p.dir() / "testudo.toml"));

  p.init();
  before = p.state();
  r = p.run({"--db-url", p.url() + "?frobnicate=1", "upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "unknown option 'frobnicate'");
  CHECK_ERR(r, "Known options");
  CHECK_NOT_ERR(r, "testudo_pw");
  CHECK(p.state() == before);

  if (current_backend() != backend::sqlite) {
    auto url = p.url();
    auto port = url.find(":", url.find("@")) + 1;
    url.replace(port, url.find("/", port) - port, "99999");
    r = p.run({"--db-url", url, "heads"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "port '99999'");
    CHECK_ERR(r, "1 to 65535");
    CHECK_NOT_ERR(r, "testudo_pw");
  }
  r = p.run({"--db-url", "sqlite://", "heads"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "sqlite://");
  CHECK(p.state() == before);
}

TEST_CASE("command line usage errors exit 2 and change nothing") {
  cli_project p("usage");
  p.init();
  p.migrate_add_x();
  auto before = p.state();
  struct usage_case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : {usage_case{{"upgrade", "--bogus"}, "--bogus"},
                        usage_case{{"frobnicate"}, "frobnicate"},
                        usage_case{{}, "subcommand is required"},
                        usage_case{{"resolve", "--applied"}, "VERSION is required"},
                        usage_case{{"upgrade", "-i", "maybe"}, "maybe"},
                        usage_case{{"downgrade", "-v", "abc", "--yes"}, "abc"},
                        usage_case{{"upgrade", "--to", "one"}, "one"}}) {
    auto r = p.run(c.args);
    CAPTURE(c.message);
    CHECK_EXIT(r, 2);
    CHECK_ERR(r, c.message);
    CHECK_ERR(r, "--help");
  }
  CHECK(p.state() == before);

  auto r = p.run({"resolve", "9_20200101000000_nothing.sql", "--applied"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "9_20200101000000_nothing.sql");
  r = p.run({"resolve", p.migration_files().at(1), "--applied", "--rolled-back"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "exactly one of --applied or --rolled-back");
  CHECK(p.state() == before);
}

// Issue #10 item 7: commands that failed or only read must not have changed anything.
TEST_CASE("read-only commands never create an SQLite database at a mistyped path") {
  if (testudo::test::current_backend() != backend::sqlite) return;
  cli_project p("mistyped_sqlite");
  auto missing = p.dir() / "typo.sqlite3";
  auto url = "sqlite://" + missing.string();
  for (std::vector<std::string> cmd : {std::vector<std::string>{"history"}, {"heads"}, {"ping"},
                                       {"downgrade", "--yes"}, {"resolve", "0_x.sql", "--applied"}}) {
    cmd.insert(cmd.begin(), {"--db-url", url});
    auto r = p.run(cmd);
    INFO(cmd[2]);
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "no such database file");
    CHECK_ERR(r, missing.string());
    CHECK_FALSE(fs::exists(missing));
  }
}

TEST_CASE("init-db that the database refuses leaves no migration file behind") {
  cli_project p("init_db_refused");
  REQUIRE(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}).exit_code == 0);
  // A leftover `users` table: CREATE TABLE IF NOT EXISTS passes, the index on is_active fails.
  p.execute("CREATE TABLE users (email VARCHAR(20))");
  auto r = p.run({"init-db"});
  CHECK_EXIT(r, 1);
  auto rows = p.rows();
  if (rows.empty()) {
    CHECK(p.migration_files().empty());  // rolled back: no file may claim to be the project's history
  } else {  // MySQL commits DDL: the journal row says how far it got, and recovery needs the file
    CHECK(rows.front().status == testudo::migration_status::failed);
    CHECK(p.migration_files().size() == 1);
  }
}

TEST_CASE("a foreign table named aerich is refused before anything is altered") {
  cli_project p("foreign_aerich");
  REQUIRE(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}).exit_code == 0);
  p.execute("CREATE TABLE aerich (name VARCHAR(20))");  // someone else's table of that name
  auto before = p.state();
  for (std::vector<std::string> cmd : {std::vector<std::string>{"init-db"}, {"upgrade"}, {"history"}}) {
    auto r = p.run(cmd);
    INFO(cmd[0]);
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "not a migration version table");
    CHECK(p.state() == before);
  }
  CHECK_FALSE(p.has_column("aerich", "checksum"));
}

TEST_CASE("resolve --rolled-back refuses to forget a healthy applied migration") {
  cli_project p("resolve_healthy");
  p.init();
  auto file = p.migrate_add_x();
  REQUIRE(p.run({"upgrade"}).exit_code == 0);
  auto before = p.state();
  auto r = p.run({"resolve", file, "--rolled-back"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "fully applied");
  CHECK_ERR(r, "testudo downgrade");
  CHECK(p.state() == before);
}

TEST_CASE("a corrupt snapshot in the version table is named with the table and the key") {
  cli_project p("corrupt_row");
  p.init();
  auto files = p.migration_files();
  auto broken = [&](const std::string& content) {
    p.execute(fmt::format("UPDATE aerich SET content = '{}'", content));
    for (std::vector<std::string> cmd : {std::vector<std::string>{"--models", shop_v1(), "migrate"}, {"history"}}) {
      auto r = p.run(cmd);
      INFO(cmd.back());
      CHECK_EXIT(r, 1);
      CHECK_ERR(r, "the version table 'aerich', row ");
      CHECK(p.migration_files() == files);
    }
  };
  broken(R"({"models.Product": {"name": "models.Product"}})");
  CHECK(p.run({"history"}).err.find("model 'models.Product', key 'table': it is missing") != std::string::npos);
  if (current_backend() == backend::sqlite) {  // the JSON columns of PostgreSQL and MariaDB refuse it
    broken(R"({"models.Product": )");
    CHECK(p.run({"history"}).err.find("invalid JSON") != std::string::npos);
  }
}

TEST_CASE("a half-written models library or a models file of the wrong shape is refused by name") {
  cli_project p("malformed_models");
  std::ifstream library(shop_library(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(library)), std::istreambuf_iterator<char>());
  p.write("libhalf.so", bytes.substr(0, bytes.size() / 2));
  p.write("empty.json", "{}\n");
  auto no_table = nlohmann::ordered_json::parse(std::ifstream(shop_v1()));
  no_table["models.User"].erase("table");
  p.write("no_table.json", no_table.dump());
  auto before = p.state();
  struct expectation {
    std::string file, message;
  };
  for (const auto& [file, message] : {expectation{"libhalf.so", "the shared library is truncated"},
                                      expectation{"empty.json", "the file describes no models"},
                                      expectation{"no_table.json", "model 'models.User', key 'table': it is missing"}}) {
    CAPTURE(file);
    auto r = p.run({"--db-url", p.url(), "--models", file, "init-db"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, file);
    CHECK_ERR(r, message);
    CHECK(p.state() == before);
  }
}

TEST_CASE("describe fields that would inject SQL are refused and the statement never runs") {
  cli_project p("injection");
  p.execute("CREATE TABLE victim (id INT)");
  const std::string injected = "); DROP TABLE victim; CREATE TABLE zz (a INT";
  struct attack {
    std::string file, key, allowed;
    std::function<void(nlohmann::ordered_json&)> edit;
  };
  std::vector<attack> attacks{
      {"on_delete.json", "key 'fk_fields[0].on_delete'", "expected one of CASCADE, RESTRICT, SET NULL",
       [&](auto& doc) { doc["models.Order"]["fk_fields"][0]["on_delete"] = "CASCADE" + injected; }},
      {"types.json", "key 'data_fields[2].db_field_types.", "expected an SQL type",
       [&](auto& doc) {
         for (auto& [dialect, type] : doc["models.Order"]["data_fields"][2]["db_field_types"].items()) type = "INT" + injected;
       }},
      {"db_default.json", "key 'data_fields[2].db_default'", "expected a literal",
       [&](auto& doc) { doc["models.Order"]["data_fields"][2]["db_default"] = "0" + injected; }},
      {"string_default.json", "key 'data_fields[2].db_default'", "without backslashes",
       [&](auto& doc) { doc["models.Order"]["data_fields"][2]["db_default"] = "'a\\'" + injected + "'"; }},
  };
  for (const auto& a : attacks) {
    CAPTURE(a.file);
    auto doc = nlohmann::ordered_json::parse(std::ifstream(shop_v0()));
    a.edit(doc);
    p.write(a.file, doc.dump());
    auto before = p.state();
    auto r = p.run({"--db-url", p.url(), "--models", a.file, "init-db"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, a.file);
    CHECK_ERR(r, "model 'models.Order', " + a.key);
    CHECK_ERR(r, a.allowed);
    CHECK(p.has_table("victim"));
    CHECK_FALSE(p.has_table("zz"));
    CHECK(p.state() == before);
  }
}

TEST_CASE("names the server would cut short are refused, not truncated") {
  cli_project p("long_names");
  auto doc = nlohmann::ordered_json::parse(std::ifstream(shop_v0()));
  doc["models.Tag"]["table"] = std::string(70, 't');
  p.write("long.json", doc.dump());
  auto before = p.state();
  auto r = p.run({"--db-url", p.url(), "--models", "long.json", "init-db"});
  if (current_backend() == backend::sqlite) {  // SQLite has no limit
    CHECK_EXIT(r, 0);
    CHECK(p.has_table(std::string(70, 't')));
  } else {
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "'" + std::string(70, 't') + "' is longer than");
    CHECK(p.state() == before);
  }
}
