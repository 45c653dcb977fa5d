// Data migrations: many statements read one at a time from the file, and a file whose SQL is read
// only when it runs (the folder is listed with checksums first).
#include <doctest/doctest.h>

#include <filesystem>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/runner.hpp"

namespace fs = std::filesystem;
using namespace testudo::test;
using testudo::migration_status;

namespace {

// `n` INSERTs into data_t, ids from `first` on, one per line.
std::string inserts(int first, int n) {
  std::string sql;
  for (int id = first; id < first + n; ++id)
    sql += "INSERT INTO data_t (id, label) VALUES (" + std::to_string(id) + ", 'row " + std::to_string(id) + "; a;b');\n";
  return sql;
}

// DDL between runs of data statements longer than a batch (1,000), ending in a partial batch.
const std::string big_up = "CREATE TABLE data_t (id INT, label VARCHAR(60));\n" + inserts(1, 1500) +
                           "CREATE INDEX data_t_id ON data_t (id);\n" + inserts(1501, 845) +
                           "UPDATE data_t SET label = 'done' WHERE id > 2000;";
const std::string big_down = "DROP TABLE data_t;";

}  // namespace

TEST_CASE("a data migration of thousands of statements applies and reverts, with or without a transaction") {
  for (const char* in_transaction : {"true", "false"}) {
    CAPTURE(in_transaction);
    cli_project p(std::string("data_many_") + in_transaction);
    p.init();
    auto file = p.write_migration("data", big_up, big_down);
    auto r = p.run({"upgrade", "--in-transaction", in_transaction});
    CHECK_EXIT(r, 0);
    CHECK_OUT(r, "Success upgrading to " + file);
    CHECK(p.count("data_t") == 2345);
    auto rows = p.rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].status == migration_status::applied);
    r = p.run({"history"});
    CHECK_OUT(r, file + "  applied");
    CHECK_FALSE(has(r.out, "EDITED"));
    r = p.run({"downgrade", "--yes", "--in-transaction", in_transaction});
    CHECK_EXIT(r, 0);
    CHECK_FALSE(p.has_table("data_t"));
  }
}

// The folder is listed (names, headers, checksums) before anything runs and a file's SQL is read
// when it is applied: an edit in between must not run SQL other than the SQL that was checked.
TEST_CASE("a migration file edited after the folder was listed runs nothing and is applied as edited later") {
  cli_project p("data_edited_meanwhile");
  p.init();
  auto file = p.write_migration("data", big_up, big_down);
  auto conn = p.connect();
  testudo::migrator runner(*conn, "models", p.app_dir().string());
  REQUIRE(runner.pending().size() == 1);
  auto path = fs::path("migrations/models") / file;
  p.write(path, with_section(p.read(path), "up", "CREATE TABLE data_t (id INT, label VARCHAR(60));\n" + inserts(1, 10)));
  auto before = p.state();
  CHECK_THROWS_WITH_AS(runner.upgrade({}), doctest::Contains("was edited while testudo was running"),
                       testudo::configuration_error);
  CHECK(differences(before, p.state()) == "");

  auto r = p.run({"upgrade"});  // a new run reads the file as it is now
  CHECK_EXIT(r, 0);
  CHECK(p.count("data_t") == 10);
  r = p.run({"history"});
  CHECK_OUT(r, file + "  applied");
  CHECK_FALSE(has(r.out, "EDITED"));
}

TEST_CASE("an applied data migration edited afterwards is reported by history and heads lists nothing") {
  cli_project p("data_edited_after");
  p.init();
  auto file = p.write_migration("data", big_up, big_down);
  auto r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  auto path = fs::path("migrations/models") / file;
  p.write(path, with_section(p.read(path), "up", big_up + "\nDELETE FROM data_t;"));
  r = p.run({"history"});
  CHECK_OUT(r, file + "  applied");
  CHECK_OUT(r, "EDITED since it was applied");
  r = p.run({"heads"});
  CHECK_OUT(r, "No available heads.");
  auto before = p.state();
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "was edited after it was applied");
  CHECK(differences(before, p.state()) == "");
}
