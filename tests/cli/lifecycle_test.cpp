// The migration lifecycle as a user runs it: init, init-db, migrate, upgrade, downgrade, heads,
// history, with human and --json output, checked against the database itself.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"

namespace fs = std::filesystem;
using namespace testudo::test;
using nlohmann::json;

namespace {

const std::vector<std::string> shop_tables = {"categories", "order_lines", "orders", "product_tags",
                                              "products",   "tags",        "users"};

json parsed(const cli_result& r) {
  auto doc = json::parse(r.out, nullptr, false);
  CHECK_MESSAGE(doc.is_object(), "stdout is not one JSON object\n" << show(r));
  return doc.is_object() ? doc : json::object();
}

}  // namespace

TEST_CASE("init writes testudo.toml and init-db creates the schema as migration 0") {
  cli_project p("init");
  auto r = p.run({"init", "-t", shop_v0(), "--db-url", p.url()});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success writing testudo config to testudo.toml");
  REQUIRE(fs::exists(p.dir() / "testudo.toml"));
  auto toml = p.read("testudo.toml");
  CHECK(has(toml, shop_v0()));
  CHECK(has(toml, p.url()));
  CHECK(fs::is_directory(p.dir() / "migrations"));
  CHECK(p.tables().empty());  // init leaves the database alone

  r = p.run({"init-db"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success creating app migration folder");
  CHECK_OUT(r, "Success generating initial migration file for app \"models\"");
  CHECK_OUT(r, "Success writing schemas to database");
  CHECK_MESSAGE(r.err.empty(), show(r));
  CHECK_FALSE(has(r.out, "\x1b["));  // no colour when stdout is not a terminal
  auto files = p.migration_files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].starts_with("0_"));
  CHECK(files[0].ends_with("_init.sql"));
  CHECK(p.versions() == files);
  for (const auto& table : shop_tables) CHECK_MESSAGE(p.has_table(table), table);
  CHECK(p.has_table("aerich"));
  CHECK(p.has_column("products", "price"));
  CHECK_FALSE(p.has_column("products", "x"));

  r = p.run({"history"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, files[0] + "  applied");
  r = p.run({"heads"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No available heads.");
  r = p.run({"migrate", "--check"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No changes detected");
  CHECK(p.migration_files() == files);
}

TEST_CASE("migrate then upgrade then downgrade adds and removes Product.x") {
  cli_project p("lifecycle");
  p.init();
  auto init_file = p.migration_files().at(0);

  auto r = p.run({"--models", shop_v1(), "migrate", "--check"});
  CHECK_EXIT(r, 3);
  CHECK_OUT(r, "differ");
  CHECK(p.migration_files().size() == 1);  // --check writes nothing

  r = p.run({"--models", shop_v1(), "migrate", "--name", "add_x"});
  CHECK_EXIT(r, 0);
  auto files = p.migration_files();
  REQUIRE(files.size() == 2);
  auto add_x = files[1];
  CHECK(add_x.starts_with("1_"));
  CHECK(add_x.ends_with("_add_x.sql"));
  CHECK_OUT(r, "Success creating migration file " + add_x);
  auto text = p.read(fs::path("migrations/models") / add_x);
  CHECK(has(text, "-- parent: " + init_file));
  CHECK(has(text, "ADD COLUMN"));
  CHECK(p.versions() == std::vector<std::string>{init_file});  // written, not applied
  CHECK_FALSE(p.has_column("products", "x"));

  r = p.run({"heads"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, add_x);
  r = p.run({"heads", "--check"});
  CHECK_EXIT(r, 3);
  r = p.run({"history"});
  CHECK_OUT(r, add_x + "  pending");

  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success upgrading to " + add_x);
  CHECK_MESSAGE(r.err.empty(), show(r));
  CHECK(p.has_column("products", "x"));
  CHECK(p.versions() == files);

  r = p.run({"--models", shop_v1(), "migrate", "--check"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No changes detected");
  r = p.run({"migrate", "--check"});  // the config still names v0: now that differs
  CHECK_EXIT(r, 3);
  r = p.run({"heads"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No available heads.");
  CHECK_FALSE(has(r.out, add_x));
  r = p.run({"heads", "--check"});
  CHECK_EXIT(r, 0);
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No upgrade items found");

  r = p.run({"downgrade", "-v", "1", "--yes"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success downgrading to " + add_x);
  CHECK_MESSAGE(r.err.empty(), show(r));
  CHECK_FALSE(p.has_column("products", "x"));
  CHECK(p.versions() == std::vector<std::string>{init_file});
  CHECK(p.migration_files() == files);  // without -d the file stays
  r = p.run({"heads"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, add_x);

  // Up again, then down with --delete: the file goes too.
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK(p.has_column("products", "x"));
  r = p.run({"downgrade", "--yes", "--delete"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success downgrading to " + add_x);
  CHECK_FALSE(p.has_column("products", "x"));
  CHECK(p.migration_files() == std::vector<std::string>{init_file});
  for (const auto& table : shop_tables) CHECK_MESSAGE(p.has_table(table), table);  // migration 0 untouched
}

TEST_CASE("upgrade --dry-run prints the SQL and changes nothing") {
  cli_project p("dry_run");
  p.init();
  auto add_x = p.migrate_add_x();
  auto before = p.state();
  auto r = p.run({"upgrade", "--dry-run"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "-- " + add_x);
  CHECK_OUT(r, "ADD COLUMN");
  CHECK_FALSE(has(r.out, "Success"));
  CHECK(p.state() == before);
  CHECK_FALSE(p.has_column("products", "x"));

  // and the same for downgrade, once applied
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  before = p.state();
  r = p.run({"downgrade", "--sql"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "-- " + add_x);
  CHECK_OUT(r, "DROP COLUMN");
  CHECK(p.state() == before);
  CHECK(p.has_column("products", "x"));
}

TEST_CASE("--json output of every command is one document with the expected keys") {
  cli_project p("json");
  auto doc = parsed(p.run({"--json", "init", "-t", shop_v0(), "--db-url", p.url()}));
  CHECK(doc.value("config", "") == "testudo.toml");
  CHECK(doc.contains("location"));

  auto r = p.run({"--json", "init-db"});
  CHECK_EXIT(r, 0);
  doc = parsed(r);
  REQUIRE(doc["applied"].is_array());
  CHECK(doc["applied"].size() == 1);
  auto init_file = p.migration_files().at(0);
  CHECK(doc["applied"][0] == init_file);

  r = p.run({"--json", "--models", shop_v1(), "migrate", "--check"});
  CHECK_EXIT(r, 3);
  CHECK(parsed(r)["changed"] == true);

  r = p.run({"--json", "--models", shop_v1(), "migrate", "--name", "add_x"});
  CHECK_EXIT(r, 0);
  doc = parsed(r);
  auto add_x = p.migration_files().at(1);
  CHECK(doc["changed"] == true);
  CHECK(doc["file"] == add_x);

  r = p.run({"--json", "heads"});
  CHECK_EXIT(r, 0);
  CHECK(parsed(r)["heads"] == json::array({add_x}));

  r = p.run({"--json", "upgrade", "--dry-run"});
  CHECK_EXIT(r, 0);
  doc = parsed(r);
  REQUIRE(doc["preview"].contains(add_x));
  // ADD COLUMN, and on PostgreSQL the column's description as COMMENT ON COLUMN.
  CHECK(doc["preview"][add_x].size() == (current_backend() == testudo::backend::postgres ? 2u : 1u));

  r = p.run({"--json", "upgrade"});
  CHECK_EXIT(r, 0);
  CHECK(parsed(r)["applied"] == json::array({add_x}));

  r = p.run({"--json", "history"});
  CHECK_EXIT(r, 0);
  doc = parsed(r);
  REQUIRE(doc["history"].size() == 2);
  CHECK(doc["history"][1]["version"] == add_x);
  CHECK(doc["history"][1]["applied"] == true);
  CHECK(doc["history"][1]["edited"] == false);

  r = p.run({"--json", "downgrade", "--yes"});
  CHECK_EXIT(r, 0);
  CHECK(parsed(r)["reverted"] == json::array({add_x}));

  r = p.run({"--json", "heads"});
  CHECK(parsed(r)["heads"] == json::array({add_x}));

  // A failure is a document too (with the message), so a script never mistakes it for a result.
  r = p.run({"--json", "init-db"});
  CHECK_EXIT(r, 1);
  doc = parsed(r);
  CHECK(has(doc.value("error", ""), "already initialized"));
  CHECK_ERR(r, "already initialized");
}

TEST_CASE("init-db on an initialised app fails and changes nothing") {
  cli_project p("init_twice");
  p.init();
  auto before = p.state();
  auto r = p.run({"init-db"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "already initialized");
  CHECK_ERR(r, "testudo upgrade");
  CHECK(p.state() == before);

  // init again keeps the config as it is
  r = p.run({"init", "-t", shop_v1()});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "already inited");
  CHECK(p.state() == before);
}

TEST_CASE("downgrade -v 0 is refused") {
  cli_project p("downgrade_zero");
  p.init();
  p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  auto before = p.state();
  auto r = p.run({"downgrade", "-v", "0", "--yes"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "refused");
  CHECK_ERR(r, "-v 1");
  CHECK(p.state() == before);
  CHECK(p.has_column("products", "x"));
  CHECK(p.has_table("users"));
}

TEST_CASE("plain downgrade never reverts migration 0") {
  cli_project p("downgrade_init");
  p.init();
  auto before = p.state();
  auto r = p.run({"downgrade", "--yes"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "refused");
  CHECK_ERR(r, p.migration_files().at(0));
  CHECK(p.state() == before);
  CHECK(p.has_table("products"));
}

TEST_CASE("downgrade without --yes and without a terminal names --yes") {
  cli_project p("downgrade_no_tty");
  p.init();
  p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  auto before = p.state();
  auto r = p.run({"downgrade"});  // stdin is /dev/null
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "--yes");
  CHECK(p.state() == before);
  // An answer piped in is no terminal either: never a prompt that reads it.
  r = p.run({"downgrade", "-v", "1"}, {}, std::string("y\n"));
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "--yes");
  CHECK(p.state() == before);
  CHECK(p.has_column("products", "x"));
}

TEST_CASE("upgrade --fake records the migration without running it") {
  cli_project p("fake");
  p.init();
  auto add_x = p.migrate_add_x();
  auto r = p.run({"upgrade", "--fake"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, add_x);
  CHECK_OUT(r, "FAKED");
  CHECK(p.versions() == p.migration_files());
  CHECK_FALSE(p.has_column("products", "x"));
  r = p.run({"heads"});
  CHECK_OUT(r, "No available heads.");
  // and downgrade --fake forgets it without running the down SQL (which would fail now)
  r = p.run({"downgrade", "--fake"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, add_x);
  CHECK(p.versions().size() == 1);
  CHECK_FALSE(p.has_column("products", "x"));
}

TEST_CASE("the shop models library works as --models") {
  SUBCASE("init-db from the library") {
    cli_project p("library_init");
    p.init(shop_library());
    CHECK(p.has_column("products", "x"));  // the C++ models declare Product.x
    auto r = p.run({"migrate", "--check"});
    CHECK_EXIT(r, 0);
    CHECK_OUT(r, "No changes detected");
    r = p.run({"--models", shop_v1(), "migrate", "--check"});  // the library describes exactly v1
    CHECK_EXIT(r, 0);
    r = p.run({"--models", shop_v0(), "migrate", "--check"});
    CHECK_EXIT(r, 3);
  }
  SUBCASE("a migration from the library on top of the JSON") {
    cli_project p("library_migrate");
    p.init();
    auto r = p.run({"--models", shop_library(), "migrate", "--check"});
    CHECK_EXIT(r, 3);
    r = p.run({"--models", shop_library(), "migrate", "--name", "from_lib"});
    CHECK_EXIT(r, 0);
    CHECK_OUT(r, "_from_lib.sql");
    REQUIRE_EXIT(p.run({"upgrade"}), 0);
    CHECK(p.has_column("products", "x"));
    r = p.run({"--models", shop_v1(), "migrate", "--check"});
    CHECK_EXIT(r, 0);
  }
}

TEST_CASE("--db-url beats TESTUDO_DB_URL which beats the config") {
  cli_project p("precedence");
  p.init();
  auto r = p.run({"heads"}, {{"TESTUDO_DB_URL", unreachable_url()}});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "cannot connect");
  CHECK_NOT_ERR(r, "secret_pw_42");
  r = p.run({"heads"}, {{"DATABASE_URL", unreachable_url()}});
  CHECK_EXIT(r, 1);
  r = p.run({"--db-url", p.url(), "heads"}, {{"TESTUDO_DB_URL", unreachable_url()}});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No available heads.");
  r = p.run({"--db-url", unreachable_url(), "heads"});
  CHECK_EXIT(r, 1);
}

TEST_CASE("upgrade --to and downgrade -v move between numbered migrations") {
  cli_project p("to_version");
  p.init();
  std::vector<std::string> files = p.migration_files();
  for (int i = 1; i <= 3; ++i) {
    auto n = std::to_string(i);
    files.push_back(p.write_migration("t" + n, "CREATE TABLE t_" + n + " (id INT);", "DROP TABLE t_" + n + ";"));
  }
  auto r = p.run({"upgrade", "--to", "2"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, files[1]);
  CHECK_OUT(r, files[2]);
  CHECK_FALSE(has(r.out, files[3]));
  CHECK(p.versions() == std::vector<std::string>(files.begin(), files.begin() + 3));
  CHECK(p.has_table("t_2"));
  CHECK_FALSE(p.has_table("t_3"));

  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  r = p.run({"downgrade", "-v", "2", "--yes"});  // reverts 3 then 2, newest first
  CHECK_EXIT(r, 0);
  CHECK(r.out.find(files[3]) < r.out.find(files[2]));
  CHECK(p.versions() == std::vector<std::string>(files.begin(), files.begin() + 2));
  CHECK(p.has_table("t_1"));
  CHECK_FALSE(p.has_table("t_2"));
  r = p.run({"downgrade", "-v", "5", "--yes"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "No specified version found");
}

namespace testudo::test {

TEST_CASE("init-db on a fresh database applies the migration files a project already has") {
  cli_project first("initdb_files_a");
  first.init();
  first.migrate_add_x();
  cli_project second("initdb_files_b");  // a new database (a colleague's, or production's)
  auto r = second.run({"init", "-t", shop_v1(), "--db-url", second.url()});
  CHECK_EXIT(r, 0);
  std::filesystem::create_directories(second.app_dir());
  for (const auto& name : first.migration_files())
    second.write(std::filesystem::path("migrations") / "models" / name,
                 first.read(std::filesystem::path("migrations") / "models" / name));
  auto files = second.migration_files();
  REQUIRE(files.size() == 2);
  r = second.run({"init-db"});
  CHECK_EXIT(r, 0);
  CHECK_MESSAGE(has(r.err, "already holds migrations: applying them"), show(r));
  CHECK_OUT(r, "Success writing schemas to database");
  CHECK(second.migration_files() == files);  // no second migration 0 was written
  CHECK(second.versions() == files);
  CHECK(second.has_column("products", "x"));
  r = second.run({"migrate", "--check"});
  CHECK_EXIT(r, 0);
}

}  // namespace testudo::test
