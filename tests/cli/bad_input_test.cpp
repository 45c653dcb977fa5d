// Bad input: each mistake gets one clear message on stderr (what, where, how to fix), exit code 1
// (2 for command-line usage errors), and leaves the database and the files as they were.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

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

// The URL of the backend under test with its query string replaced by `query`.
std::string with_query(const std::string& url, const std::string& query) { return url.substr(0, url.find('?')) + "?" + query; }

// A TCP port on 127.0.0.1 where something that is not the database listens: it accepts, sends
// `greeting` (when empty it never says anything) and keeps each connection open until destroyed.
class fake_server {
 public:
  explicit fake_server(std::string greeting) : greeting_(std::move(greeting)), fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), size) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~fake_server() {
    ::shutdown(fd_, SHUT_RDWR);  // ends the accept() below
    ::close(fd_);
    thread_.join();
    for (int client : clients_) ::close(client);
  }
  fake_server(const fake_server&) = delete;
  fake_server& operator=(const fake_server&) = delete;

  // The backend's URL pointing at this port, with a password that must never be printed.
  std::string url(const std::string& query) const {
    auto scheme = current_backend() == backend::postgres ? "postgres" : "mysql";
    return fmt::format("{}://testudo:secret_pw_42@127.0.0.1:{}/shop?{}", scheme, port_, query);
  }

 private:
  void serve() {
    for (int client; (client = ::accept(fd_, nullptr, nullptr)) >= 0;) {
      if (!greeting_.empty()) CHECK(::write(client, greeting_.data(), greeting_.size()) > 0);
      clients_.push_back(client);
    }
  }
  std::string greeting_;
  int fd_;
  int port_ = 0;
  std::vector<int> clients_;
  std::thread thread_;
};

}  // namespace

// The "nothing changed" check of the catalogue: the database dumped and every project file.
#define CHECK_UNCHANGED(p, before)                                    \
  do {                                                                \
    auto diff_ = ::testudo::test::differences((before), (p).state()); \
    CHECK_MESSAGE(diff_.empty(), diff_);                              \
  } while (false)

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

// history and heads read no snapshot (issue #13: they list names, at any number of models), so
// they still list the migration; the commands that migrate refuse the row.
TEST_CASE("a corrupt snapshot in the version table is named with the table and the key") {
  cli_project p("corrupt_row");
  p.init();
  auto files = p.migration_files();
  auto broken = [&](const std::string& content) {
    p.execute(fmt::format("UPDATE aerich SET content = '{}'", content));
    auto before = p.state();
    for (std::vector<std::string> cmd : {std::vector<std::string>{"--models", shop_v1(), "migrate"}, {"upgrade"},
                                         {"downgrade", "--yes"}}) {
      auto r = p.run(cmd);
      INFO(cmd.back());
      CHECK_EXIT(r, 1);
      CHECK_ERR(r, "the version table 'aerich', row ");
      CHECK_ERR(r, "(migration " + files.front() + ")");
      CHECK(p.migration_files() == files);
      CHECK_UNCHANGED(p, before);
    }
    for (const char* listing : {"history", "heads"}) {
      auto r = p.run({listing});
      INFO(listing);
      CHECK_EXIT(r, 0);
      CHECK_UNCHANGED(p, before);
    }
    CHECK_OUT(p.run({"history"}), files.front() + "  applied");
  };
  auto migrate_error = [&] { return p.run({"--models", shop_v1(), "migrate"}).err; };
  broken(R"({"models.Product": {"name": "models.Product"}})");
  CHECK(migrate_error().find("model 'models.Product', key 'table': it is missing") != std::string::npos);
  if (current_backend() == backend::sqlite) {  // the JSON columns of PostgreSQL and MariaDB refuse it
    broken(R"({"models.Product": )");
    CHECK(migrate_error().find("invalid JSON") != std::string::npos);
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


// ---- Issue #10, appendix: each message that was unclear or wrong ------------------------------

TEST_CASE("appendix: a timeout option too large for the driver is a URL error, not 'stoi'") {
  cli_project p("timeout_overflow");
  p.init();
  p.migrate_add_x();
  auto before = p.state();
  std::string option = current_backend() == backend::sqlite ? "busy_timeout" : current_backend() == backend::postgres
                                                                                   ? "statement_timeout"
                                                                                   : "connect_timeout";
  for (std::string value : {"2147483648", "99999999999"}) {
    for (std::string command : {"heads", "upgrade"}) {
      CAPTURE(command);
      auto r = p.run({"--db-url", with_query(p.url(), option + "=" + value), command});
      CHECK_EXIT(r, 1);
      CHECK_ERR(r, "invalid database URL");
      CHECK_ERR(r, option + " '" + value + "' is not a whole number from");
      CHECK_NOT_ERR(r, "stoi");
      CHECK_NOT_ERR(r, "testudo_pw");
    }
  }
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: an error that shows the URL says which variable or file it came from") {
  cli_project p("url_source");
  p.init();
  p.migrate_add_x();
  auto before = p.state();
  struct source {
    std::map<std::string, std::string> env;
    std::vector<std::string> flags;
    std::string named;
  };
  std::string typo = "postgress://u:secret_pw_42@localhost/db";
  for (const auto& s : {source{{{"DATABASE_URL", typo}, {"TESTUDO_DB_URL", ""}}, {}, "the URL comes from DATABASE_URL"},
                        source{{{"DATABASE_URL", unreachable_url()}, {"TESTUDO_DB_URL", ""}}, {},
                               "the URL comes from DATABASE_URL"},
                        source{{{"TESTUDO_DB_URL", typo}}, {}, "the URL comes from TESTUDO_DB_URL"},
                        // a config file's URLs are checked when it is read, with the file, line and key
                        source{{{"TESTUDO_DB_URL", ""}, {"DATABASE_URL", ""}}, {"-c", "typo.toml"},
                               "typo.toml:5:1: connections.default: invalid database URL"},
                        source{{{"TESTUDO_DB_URL", ""}, {"DATABASE_URL", ""}}, {"-c", "unreachable.toml"},
                               "the URL comes from connection 'default' in"}}) {
    auto config = p.read("testudo.toml");
    auto at = config.find(p.url());
    p.write("typo.toml", std::string(config).replace(at, p.url().size(), typo));
    p.write("unreachable.toml", std::string(config).replace(at, p.url().size(), unreachable_url()));
    for (std::string command : {"heads", "history", "upgrade", "ping", "migrate"}) {
      CAPTURE(command);
      CAPTURE(s.named);
      auto args = s.flags;
      args.push_back(command);
      auto r = p.run(args, s.env);
      CHECK_EXIT(r, 1);
      CHECK_ERR(r, s.named);
      CHECK_NOT_ERR(r, "secret_pw_42");
    }
    fs::remove(p.dir() / "typo.toml");
    fs::remove(p.dir() / "unreachable.toml");
  }
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: a directory or a dangling symlink where a file is expected has its own message") {
  cli_project p("not_a_file");
  p.init();
  p.migrate_add_x();
  fs::create_directories(p.dir() / "a_folder");
  fs::create_symlink(p.dir() / "gone.toml", p.dir() / "dangling");
  auto before = p.state();
  struct expectation {
    std::vector<std::string> args;
    std::string path, message;
  };
  std::vector<expectation> cases{
      {{"-c", "a_folder", "heads"}, "a_folder", "is a directory, not a file"},
      {{"-c", "dangling", "heads"}, "dangling", "is a symbolic link to '" + (p.dir() / "gone.toml").string() + "', which does not exist"},
      {{"--models", "a_folder", "migrate"}, "a_folder", "is a directory, not a file"},
      {{"--models", "dangling", "migrate"}, "dangling", "is a symbolic link to"},
  };
  if (current_backend() == backend::sqlite)
    for (std::string command : {"heads", "upgrade"}) {
      cases.push_back({{"--db-url", "sqlite://" + (p.dir() / "a_folder").string(), command}, "a_folder", "is a directory, not a file"});
      cases.push_back({{"--db-url", "sqlite://" + (p.dir() / "dangling").string(), command}, "dangling", "is a symbolic link to"});
    }
  for (const auto& c : cases) {
    CAPTURE(fmt::format("{}", fmt::join(c.args, " ")));
    auto r = p.run(c.args);
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, c.path);
    CHECK_ERR(r, c.message);
    CHECK_NOT_ERR(r, c.path + " does not exist");
    CHECK_NOT_ERR(r, "no such file");
    CHECK_NOT_ERR(r, "ermission");
  }
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: an SQLite file that is not a database, or cannot be written, is named with a hint") {
  if (current_backend() != backend::sqlite) return;
  cli_project p("not_a_database");
  p.init();
  p.migrate_add_x();
  p.write("notes.sqlite3", "these are my notes, not a database\n");
  auto notes = (p.dir() / "notes.sqlite3").string();
  auto before = p.state();
  for (std::string command : {"heads", "history", "upgrade"}) {
    CAPTURE(command);
    auto r = p.run({"--db-url", "sqlite://" + notes, command});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "file is not a database");
    CHECK_ERR(r, notes);
    CHECK_ERR(r, "not an SQLite database");
  }
  CHECK_UNCHANGED(p, before);

  // A database the process cannot write (made immutable, which binds root too).
  auto database = p.url().substr(std::string("sqlite://").size());
  if (std::system(fmt::format("chattr +i '{}' 2>/dev/null", database).c_str()) != 0) {
    MESSAGE("chattr +i is not available here: the read-only case is not checked");
    return;
  }
  auto r = p.run({"upgrade"});
  std::system(fmt::format("chattr -i '{}'", database).c_str());
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "readonly database");
  CHECK_ERR(r, database);
  CHECK_ERR(r, "Check that the file and its folder are writable");
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: wrong port, SSL refused and connect timeout get a hint on top of the driver's text") {
  if (current_backend() == backend::sqlite) return;
  cli_project p("connect_hints");
  p.init();
  auto before = p.state();
  bool postgres = current_backend() == backend::postgres;
  {
    fake_server web("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    auto r = p.run({"--db-url", web.url("connect_timeout=2"), "heads"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "cannot connect to");
    // libmariadb 10.11.19 refuses the greeting at once; 10.11.18 (a Debian 12 without its updates)
    // waits until connect_timeout (seemingly for the rest of a packet whose header "HTTP" began):
    // both hints send the user to the port.
    bool waited = !postgres && ::testudo::test::has(r.err, "did not answer within 2 s");
    CHECK_ERR(r, postgres ? "does not speak the PostgreSQL protocol"
                          : waited ? "is a MySQL or MariaDB server" : "does not speak the MySQL protocol");
    if (!waited) CHECK_ERR(r, "check the port");
    CHECK_NOT_ERR(r, "secret_pw_42");
  }
  {
    fake_server silent("");
    auto r = p.run({"--db-url", silent.url("connect_timeout=1"), "heads"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "cannot connect to");
    CHECK_ERR(r, "did not answer within 1 s");
    CHECK_ERR(r, "connect_timeout");
  }
  if (postgres) {  // the test server has no SSL (MariaDB's does)
    auto r = p.run({"--db-url", with_query(p.url(), "sslmode=require"), "heads"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "cannot connect to");
    CHECK_ERR(r, "server does not support SSL");
    CHECK_ERR(r, "remove sslmode=require");
  }
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: a pending migration whose parent file is missing is refused, not applied") {
  cli_project p("missing_parent");
  p.init();
  auto add_x = p.migrate_add_x();
  auto second = p.write_migration("second", "CREATE TABLE second_t (id INT);", "DROP TABLE second_t;");
  fs::remove(p.app_dir() / add_x);
  auto before = p.state();
  for (std::vector<std::string> command : {std::vector<std::string>{"upgrade"}, {"upgrade", "--dry-run"}}) {
    CAPTURE(command.size());
    auto r = p.run(command);
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, second);
    CHECK_ERR(r, "its parent " + add_x + " is missing");
    CHECK_ERR(r, "Restore it");
  }
  CHECK_FALSE(p.has_table("second_t"));
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: --location naming a file is an error, not 'No upgrade items found'") {
  cli_project p("location_file");
  p.init();
  p.migrate_add_x();
  p.write("notes.txt", "not a folder\n");
  auto before = p.state();
  for (std::string command : {"upgrade", "heads", "history", "migrate"}) {
    CAPTURE(command);
    auto r = p.run({"--location", "notes.txt", command});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "notes.txt");
    CHECK_ERR(r, "is a file, not a folder");
    CHECK_ERR(r, "--location");
    CHECK_NOT_ERR(r, "No upgrade items found");
  }
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: downgrade with an applied migration's file deleted says it is missing and how to restore it") {
  cli_project p("downgrade_missing_file");
  p.init();
  auto add_x = p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  fs::remove(p.app_dir() / add_x);
  auto before = p.state();
  for (std::vector<std::string> command : {std::vector<std::string>{"downgrade", "--yes"}, {"downgrade", "-v", "1", "--yes"},
                                           {"downgrade", "--dry-run"}}) {
    CAPTURE(command.size());
    auto r = p.run(command);
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "cannot revert " + add_x + ": its file is missing");
    CHECK_ERR(r, "git checkout");
    CHECK_NOT_ERR(r, "Nothing newer is applied");
    CHECK_NOT_ERR(r, "no applied migration numbered");
  }
  CHECK(p.has_column("products", "x"));
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: a corrupt version row is named with the table and the version") {
  cli_project p("corrupt_version_row");
  p.init();
  auto add_x = p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  struct corruption {
    std::string set, named;
  };
  for (const auto& c : {corruption{"version = 'garbage'", "'garbage' is not a migration file name"},
                        corruption{"status = 'weird'", "unknown status 'weird'"}}) {
    CAPTURE(c.set);
    p.execute(fmt::format("UPDATE aerich SET {} WHERE version = '{}'", c.set, add_x));
    auto before = p.state();
    for (std::vector<std::string> command : {std::vector<std::string>{"downgrade", "--yes"}, {"history"}, {"heads"},
                                             {"upgrade"}}) {
      CAPTURE(command.front());
      auto r = p.run(command);
      CHECK_EXIT(r, 1);
      CHECK_ERR(r, "the version table 'aerich', row ");
      CHECK_ERR(r, c.named);
      CHECK_ERR(r, "fix or delete that row");
      CHECK_NOT_ERR(r, "No downgrade items found");
    }
    CHECK_UNCHANGED(p, before);
    p.execute(fmt::format("UPDATE aerich SET version = '{}', status = 'applied' WHERE id = (SELECT id FROM (SELECT MAX(id) AS id FROM aerich) AS newest)", add_x));
  }
}

TEST_CASE("appendix: a failure whose text is not valid UTF-8 is still journaled, and the row is marked failed") {
  cli_project p("invalid_utf8_error");
  p.init();
  // The second statement fails and its error quotes bytes that are not UTF-8.
  auto file = p.write_migration("bad_bytes", "CREATE TABLE bytes_ok (id INT);\nINSERT INTO no_such_table VALUES ('caf\xe9 \xff');",
                                "DROP TABLE bytes_ok;");
  auto r = p.run({"upgrade", "-i", "false"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "statement 2 of 2 failed");
  CHECK_ERR(r, "testudo resolve " + file);
  CHECK_NOT_ERR(r, "Incorrect string value");
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows.back().version == file);
  CHECK(rows.back().status == testudo::migration_status::failed);
  CHECK(rows.back().statements_done == 1);
  REQUIRE(rows.back().error.has_value());
  CHECK(has(*rows.back().error, "statement 2 of 2 failed"));
}

TEST_CASE("appendix: a plain SQLite writer holding the lock is not taken for another migration") {
  if (current_backend() != backend::sqlite) return;
  cli_project p("sqlite_writer");
  p.init();
  p.migrate_add_x();
  auto before = p.state();
  auto writer = p.connect();  // an application (or a sqlite3 shell) in the middle of a write
  writer->execute("BEGIN IMMEDIATE");
  auto r = p.run({"--db-url", with_query(p.url(), "busy_timeout=100"), "upgrade", "--lock-timeout", "1"});
  writer->execute("ROLLBACK");
  writer.reset();
  CHECK_EXIT(r, 1);
  CHECK_NOT_ERR(r, "another process is migrating");
  CHECK_ERR(r, "another connection holds the database's write lock");
  CHECK_ERR(r, "not a testudo run");
  CHECK_ERR(r, "--lock-timeout");
  CHECK_UNCHANGED(p, before);
}

TEST_CASE("appendix: a negative --lock-timeout and a negative or out-of-range --to are usage errors") {
  cli_project p("bad_numbers");
  p.init();
  p.migrate_add_x();
  auto before = p.state();
  struct usage_case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : {usage_case{{"upgrade", "--lock-timeout", "-1"}, "--lock-timeout: Value -1 not in range"},
                        usage_case{{"downgrade", "--yes", "--lock-timeout", "-5"}, "--lock-timeout: Value -5 not in range"},
                        usage_case{{"upgrade", "--lock-timeout", "99999999"}, "--lock-timeout: Value 99999999 not in range"},
                        usage_case{{"upgrade", "--to", "-1"}, "--to: Value -1 is not a migration number"},
                        usage_case{{"upgrade", "--to", "99999999999999999999"},
                                   "--to: Value 99999999999999999999 is not a migration number"},
                        usage_case{{"downgrade", "--yes", "-v", "-2"}, "--version: Value -2 is not a migration number"}}) {
    CAPTURE(c.message);
    auto r = p.run(c.args);
    CHECK_EXIT(r, 2);
    CHECK_ERR(r, c.message);
    CHECK_ERR(r, "--help");
  }
  CHECK(p.run({"upgrade", "--to", "0"}).exit_code == 0);  // the bounds themselves are fine
  CHECK_UNCHANGED(p, before);
}

// ---- Issue #10, item 13: the catalogue ---------------------------------------------------------
// One project (migration 0 and add_x applied, a hand-written migration pending) and one mistake
// per entry: each must exit with the code given, say what is wrong, where and how to fix it (the
// key words below), never print the password, and leave the database and every file as they were.

namespace {

struct bad_input {
  std::string mistake;
  std::vector<std::string> args;
  std::vector<std::string> says;  // what, where, how to fix
  int exit = 1;
  std::map<std::string, std::string> env = {};
  std::optional<backend> only = std::nullopt;
};

// The URL of the backend under test with its password replaced by the one that must never show.
std::string with_secret(const std::string& url) {
  auto at = url.find("testudo_pw");
  return at == std::string::npos ? url : std::string(url).replace(at, 10, "secret_pw_42");
}

std::string server_url(const std::string& authority_and_path) {
  return (current_backend() == backend::mysql ? "mysql://" : "postgres://") + authority_and_path;
}

void write_inputs(const cli_project& p) {
  p.write("bad_syntax.toml", "location = \n");
  p.write("unknown_key.toml", "locaton = \"./migrations\"\n");
  p.write("wrong_type.toml", "location = 3\n");
  p.write("no_connection.toml", "[apps.models]\nmodels = \"" + shop_v1() + "\"\ndefault_connection = \"reports\"\n");
  p.write("list.json", "[]\n");
  p.write("null.json", "null\n");
  p.write("empty.json", "");
  p.write("deep.json", std::string(100000, '[') + std::string(100000, ']'));
  auto doc = nlohmann::ordered_json::parse(std::ifstream(shop_v1()));
  doc["models.Order"]["fk_fields"] = "none";
  p.write("fk_string.json", doc.dump());
  auto other_app = nlohmann::ordered_json::object();
  other_app["shop.Product"] = nlohmann::ordered_json::parse(std::ifstream(shop_v1()))["models.Product"];
  p.write("other_app.json", other_app.dump());
}

// Migration folders of their own (used with --location), each holding one broken file next to
// copies of the project's good ones, so the project's own folder stays valid for the other cases.
void write_bad_folders(const cli_project& p, const std::string& add_x) {
  auto good = p.read(fs::path("migrations/models") / add_x);
  auto init = p.migration_files().front();
  auto folder = [&](const std::string& name, const std::string& file, const std::string& text) {
    fs::create_directories(p.dir() / name / "models");
    fs::copy_file(p.app_dir() / init, p.dir() / name / "models" / init);
    p.write(fs::path(name) / "models" / file, text);
  };
  folder("loc_name", "1_2020_add_x.sql", good);
  folder("loc_header", add_x, replaced(good, "-- run-in-transaction: true", "-- colour: red"));
  folder("loc_parent", add_x, replaced(good, "-- parent: " + init + " sha256:", "-- parent: " + init + " sha256:zz"));
  folder("loc_fork", add_x, good);
  p.write(fs::path("loc_fork") / "models" / "2_20200101000000_add_y.sql", good);
  folder("loc_python", "1_20200101000000_logic.py",
         "async def upgrade(db) -> str:\n    return build_sql()\n\n\nasync def downgrade(db) -> str:\n    return \"\"\n");
  folder("loc_unclosed", "1_20200101000000_unclosed.py",
         "async def upgrade(db) -> str:\n    return \"\"\"\n        ALTER TABLE x ADD y INT;\n");
}

std::vector<bad_input> catalogue(const cli_project& p, const std::string& pending) {
  auto secret = with_secret(p.url());
  auto base = secret.substr(0, secret.find('?'));
  return {
      // database URLs
      {"a URL without a scheme", {"--db-url", "localhost/shop", "heads"}, {"invalid database URL", "no scheme", "sqlite://PATH"}},
      {"an option without a value", {"--db-url", base + "?connect_timeout", "heads"},
       {"option 'connect_timeout' has no value", "Write connect_timeout=VALUE"}},
      {"minsize above maxsize", {"--db-url", base + "?minsize=5&maxsize=2", "heads"}, {"minsize 5 is larger than maxsize 2", "minsize <= maxsize"}},
      {"connect_timeout 0", {"--db-url", base + "?connect_timeout=0", "heads"}, {"connect_timeout '0' is not a whole number from 1 to 3600"}},
      {"an option given twice", {"--db-url", base + "?minsize=1&minsize=2", "heads"}, {"option 'minsize' given twice", "Keep one"}},
      {"a bad percent escape", {"--db-url", server_url("u:secret_pw_42%zz@127.0.0.1/shop"), "heads"},
       {"bad percent-escape in the password", "%25"}, 1, {}, std::nullopt},
      {"an empty port", {"--db-url", server_url("u:secret_pw_42@127.0.0.1:/shop"), "heads"}, {"empty port after ':'", "drop the ':'"}},
      {"no host", {"--db-url", server_url("u:secret_pw_42@/shop"), "heads"}, {"no host", "@127.0.0.1:5432"}},
      {"no database name", {"--db-url", server_url("u:secret_pw_42@127.0.0.1:5432"), "heads"}, {"no database name", "/DATABASE"}},
      {"a password holding '/'", {"--db-url", server_url("u:pa/secret_pw_42@127.0.0.1:1/shop"), "heads"},
       {"invalid database URL", "holds a '/'", "%2F"}},
      {"a password holding '?'", {"--db-url", server_url("u:pa?secret_pw_42@127.0.0.1:1/shop"), "heads"},
       {"invalid database URL", "***@127.0.0.1:1/shop"}},
      {"an unclosed IPv6 bracket", {"--db-url", server_url("u:secret_pw_42@[::1/shop"), "heads"}, {"unclosed '['", "[::1]"}},
      {"a DATABASE_URL of an unknown scheme", {"heads"}, {"unknown scheme 'ftp'", "the URL comes from DATABASE_URL"}, 1,
       {{"DATABASE_URL", "ftp://files/shop"}, {"TESTUDO_DB_URL", ""}}},
      {"an SQLite pragma value that is not a word", {"--db-url", base + "?journal_mode=WAL;DROP", "heads"},
       {"invalid SQLite option value 'WAL;DROP'", "expected a word"}, 1, {}, backend::sqlite},
      {"a negative journal_size_limit", {"--db-url", base + "?journal_size_limit=-1", "heads"},
       {"journal_size_limit '-1' is not a whole number"}, 1, {}, backend::sqlite},
      {"a multi-byte charset that breaks quoting", {"--db-url", base + "?charset=gbk", "heads"},
       {"charset 'gbk' is refused", "charset=utf8mb4"}, 1, {}, backend::mysql},
      {"an option of another backend", {"--db-url", base + "?journal_mode=WAL", "heads"},
       {"unknown option 'journal_mode'", "Known options"}, 1, {}, current_backend() == backend::sqlite ? std::optional<backend>(backend::mysql) : current_backend()},
      // config files
      {"a config file that is not TOML", {"-c", "bad_syntax.toml", "heads"}, {"bad_syntax.toml:1", "invalid TOML"}},
      {"a misspelt config key", {"-c", "unknown_key.toml", "heads"}, {"unknown_key.toml", "locaton"}},
      {"a config value of the wrong type", {"-c", "wrong_type.toml", "heads"}, {"wrong_type.toml", "location", "a string"}},
      {"an app whose connection is not configured", {"-c", "no_connection.toml", "heads"},
       {"no_connection.toml", "connection 'reports', which is not configured", "--db-url"}, 1, {{"TESTUDO_DB_URL", ""}, {"DATABASE_URL", ""}}},
      // models documents
      {"models JSON that is a list", {"--models", "list.json", "migrate"}, {"list.json", "object"}},
      {"models JSON that is null", {"--models", "null.json", "migrate"}, {"null.json", "object"}},
      {"an empty models file", {"--models", "empty.json", "migrate"}, {"empty.json", "invalid JSON"}},
      {"models JSON nested 100000 deep", {"--models", "deep.json", "migrate"}, {"deep.json", "nest"}},
      {"fk_fields that is not a list", {"--models", "fk_string.json", "migrate"}, {"fk_string.json", "model 'models.Order', key 'fk_fields'"}},
      {"models of another app only", {"--models", "other_app.json", "migrate"}, {"other_app.json", "no model of app 'models'", "--app"}},
      // migration files
      {"a migration file name without a timestamp", {"--location", "loc_name", "heads"}, {"1_2020_add_x.sql", "YYYYmmddHHMMSS"}},
      {"an unknown header line", {"--location", "loc_header", "upgrade"}, {":4:", "unknown header 'colour'", "The header keys are"}},
      {"a parent checksum that is not one", {"--location", "loc_parent", "upgrade"}, {":2:", "bad parent", "sha256:<64 hex digits>"}},
      {"two files made on top of the same parent", {"--location", "loc_fork", "upgrade"}, {"were both made on top of", "Renumber"}},
      {"an Aerich file whose SQL is Python code", {"--location", "loc_python", "upgrade"},
       {"1_20200101000000_logic.py", "is Python code, not a string literal"}},
      {"an Aerich file with an unclosed string", {"--location", "loc_unclosed", "upgrade"}, {"1_20200101000000_unclosed.py", "\"\"\""}},
      // commands that cannot run in this state
      {"downgrade -v 0", {"downgrade", "-v", "0", "--yes"}, {"-v 0", "drop every table", "Use -v 1"}},
      {"downgrade without a terminal and without --yes", {"downgrade"}, {"no terminal to ask", "--yes"}},
      {"migrate while a migration is pending", {"--models", shop_v1(), "migrate"}, {pending, "not applied yet", "testudo upgrade"}},
      {"init-db on an initialised app", {"init-db"}, {"already initialized", "testudo upgrade"}},
      {"a bad URL with --json", {"--json", "--db-url", "ftp://files/shop", "heads"}, {"unknown scheme 'ftp'", "postgres://"}},
      {"an unknown --dialect", {"schema", "--models", shop_v1(), "--dialect", "oracle"},
       {"--dialect: oracle not in {sqlite,postgres,mysql}", "--help"}, 2},
      {"resolve of a version that has no row", {"resolve", "7_20200101000000_nothing.sql", "--applied"},
       {"no version table row for '7_20200101000000_nothing.sql'", "app 'models'"}},
      {"resolve --rolled-back of a pending migration", {"resolve", pending, "--rolled-back"}, {"no version table row for '" + pending + "'"}},
      // usage errors
      {"an option of another command", {"history", "--fake"}, {"--fake", "--help"}, 2},
      {"a missing option value", {"migrate", "--name"}, {"--name", "--help"}, 2},
      {"a non-number --lock-timeout", {"upgrade", "--lock-timeout", "soon"}, {"--lock-timeout", "soon", "--help"}, 2},
  };
}

}  // namespace

TEST_CASE("the bad-input catalogue: each mistake is explained and changes nothing") {
  cli_project p("catalogue");
  p.init();
  p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  auto pending = p.write_migration("by_hand", "CREATE TABLE by_hand (id INT);", "DROP TABLE by_hand;");
  write_inputs(p);
  write_bad_folders(p, file_numbered(p.migration_files(), 1));
  auto before = p.state();
  std::size_t checked = 0;
  for (const auto& c : catalogue(p, pending)) {
    if (c.only && *c.only != current_backend()) continue;
    CAPTURE(c.mistake);
    auto r = p.run(c.args, c.env);
    CHECK_EXIT(r, c.exit);
    for (const auto& words : c.says) CHECK_ERR(r, words);
    CHECK_NOT_ERR(r, "secret_pw_42");
    CHECK_NOT_ERR(r, "testudo_pw");
    CHECK_UNCHANGED(p, before);
    ++checked;
  }
  MESSAGE(checked << " mistakes checked");
}

TEST_CASE("appendix: a dangling symlink among the migration files is named as such, not as a permissions problem") {
  cli_project p("dangling_migration");
  p.init();
  auto link = "1_20200101000000_linked.sql";
  fs::create_symlink(p.dir() / "elsewhere.sql", p.app_dir() / link);
  auto before = p.state();
  for (std::string command : {"upgrade", "heads", "history"}) {
    CAPTURE(command);
    auto r = p.run({command});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, link);
    CHECK_ERR(r, "is a symbolic link to '" + (p.dir() / "elsewhere.sql").string() + "', which does not exist");
    CHECK_ERR(r, "Restore the file it points to, or remove the link");
    CHECK_NOT_ERR(r, "ermission");
  }
  CHECK_UNCHANGED(p, before);
}
