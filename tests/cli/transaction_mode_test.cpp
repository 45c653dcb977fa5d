// run-in-transaction: false (a migration's header) and upgrade -i true|false (the override): the
// statements that cannot run in a transaction (PostgreSQL CREATE INDEX CONCURRENTLY) run one by one
// with the journal, on every backend.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/schema/introspect.hpp"

namespace fs = std::filesystem;
using namespace testudo::test;
using testudo::backend;
using testudo::migration_status;

namespace {

std::string ntx_up() {
  if (current_backend() == backend::postgres)
    return "CREATE TABLE t_ntx (id INT);\nCREATE INDEX CONCURRENTLY idx_ntx ON t_ntx (id);";
  return "CREATE TABLE t_ntx (id INT);\nCREATE INDEX idx_ntx ON t_ntx (id);";
}

std::string ntx_down() {
  switch (current_backend()) {
    case backend::postgres: return "DROP INDEX CONCURRENTLY idx_ntx;\nDROP TABLE t_ntx;";
    case backend::mysql: return "DROP INDEX idx_ntx ON t_ntx;\nDROP TABLE t_ntx;";
    case backend::sqlite: return "DROP INDEX idx_ntx;\nDROP TABLE t_ntx;";
  }
  return {};
}

// `testudo migrate --empty --name NAME`, then its header set to run-in-transaction: false and its
// sections to `up` and `down`, as a user writes one by hand. Returns the file's name.
std::string write_no_transaction_migration(const cli_project& p, const std::string& name, const std::string& up,
                                           const std::string& down) {
  auto r = p.run({"migrate", "--empty", "--name", name});
  REQUIRE_EXIT(r, 0);
  auto files = p.migration_files();
  auto file = files.back();
  REQUIRE(file.ends_with("_" + name + ".sql"));
  CHECK_OUT(r, "Success creating migration file " + file);
  auto path = fs::path("migrations/models") / file;
  auto text = p.read(path);
  constexpr std::string_view header = "-- run-in-transaction: true\n";
  auto at = text.find(header);
  REQUIRE_MESSAGE(at != std::string::npos, text);
  text.replace(at, header.size(), "-- run-in-transaction: false\n");
  p.write(path, with_section(with_section(text, "up", up), "down", down));
  REQUIRE(has(p.read(path), "-- run-in-transaction: false\n"));
  return file;
}

bool has_ntx_index(const cli_project& p) {
  if (!p.has_table("t_ntx")) return false;
  auto conn = p.connect();
  auto table = testudo::introspect_table(*conn, "t_ntx");
  const auto* index = table.index_on({"id"});
  return index && index->name == "idx_ntx";
}

}  // namespace

TEST_CASE("a run-in-transaction false migration runs outside a transaction and reverts") {
  cli_project p("no_transaction");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = write_no_transaction_migration(p, "ntx", ntx_up(), ntx_down());

  auto r = p.run({"-v", "upgrade"});
  CHECK_EXIT(r, 0);  // PostgreSQL: CREATE INDEX CONCURRENTLY cannot run inside a transaction block
  CHECK_OUT(r, "Success upgrading to " + file);
  CHECK_ERR(r, "[2/2] CREATE INDEX");
  CHECK(p.has_table("t_ntx"));
  CHECK(has_ntx_index(p));
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].version == file);
  CHECK(rows[1].status == migration_status::applied);
  r = p.run({"history"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, file + "  applied");
  r = p.run({"heads"});
  CHECK_OUT(r, "No available heads.");

  r = p.run({"downgrade", "--yes"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success downgrading to " + file);
  CHECK_FALSE(p.has_table("t_ntx"));
  CHECK(p.versions() == std::vector<std::string>{init_file});
  r = p.run({"history"});
  CHECK_OUT(r, file + "  pending");

  // and up again: the file is still good
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK(has_ntx_index(p));
}

TEST_CASE("upgrade -i true overrides run-in-transaction false") {
  // Proves the header is what made the difference above: forced into a transaction, PostgreSQL
  // refuses CREATE INDEX CONCURRENTLY and the whole migration rolls back.
  cli_project p("force_transaction");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = write_no_transaction_migration(p, "ntx", ntx_up(), ntx_down());
  auto r = p.run({"upgrade", "-i", "true"});
  if (current_backend() != backend::postgres) {
    CHECK_EXIT(r, 0);
    CHECK(has_ntx_index(p));
    return;
  }
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "statement 2");
  CHECK_ERR(r, "CONCURRENTLY");
  CHECK_FALSE(p.has_table("t_ntx"));  // rolled back with the first statement
  CHECK(p.versions() == std::vector<std::string>{init_file});
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK(has_ntx_index(p));
}

TEST_CASE("upgrade -i false and downgrade -i false run a normal migration") {
  cli_project p("in_transaction_false");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto add_x = p.migrate_add_x();
  REQUIRE(has(p.read(fs::path("migrations/models") / add_x), "-- run-in-transaction: true\n"));
  auto r = p.run({"upgrade", "-i", "false"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success upgrading to " + add_x);
  CHECK(p.has_column("products", "x"));
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].status == migration_status::applied);
  r = p.run({"history"});
  CHECK_OUT(r, add_x + "  applied");
  CHECK_FALSE(has(r.out, "EDITED"));  // the override is no edit of the file

  r = p.run({"downgrade", "--yes", "-i", "false"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success downgrading to " + add_x);
  CHECK_FALSE(p.has_column("products", "x"));
  CHECK(p.versions() == std::vector<std::string>{init_file});

  r = p.run({"upgrade", "-i", "maybe"});
  CHECK_EXIT(r, 2);
  CHECK_FALSE(p.has_column("products", "x"));
}

TEST_CASE("a run-in-transaction false migration failing at statement 2 is journaled") {
  // Outside a transaction nothing can roll the first statement back, on any backend: the version
  // table row says how far it got and how to recover, as on MySQL.
  cli_project p("no_transaction_half");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = write_no_transaction_migration(p, "half", "CREATE TABLE half_t (id INT);\nINSERT INTO no_such_table VALUES (1);",
                                             "DROP TABLE half_t;");
  auto r = p.run({"upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, file);
  CHECK_ERR(r, "statement 2");
  CHECK_ERR(r, "no_such_table");
  CHECK_ERR(r, "testudo resolve " + file + " --rolled-back");
  CHECK_ERR(r, "--applied");
  CHECK(p.has_table("half_t"));  // the first statement stays
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].version == file);
  CHECK(rows[1].status == migration_status::failed);
  CHECK(rows[1].statements_done == 1);

  r = p.run({"history"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, file + "  failed after 1 statement(s)");
  auto failed = p.state();
  r = p.run({"upgrade"});  // refuses until resolved
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "testudo resolve");
  CHECK(p.state() == failed);

  p.execute("DROP TABLE half_t");
  r = p.run({"resolve", file, "--rolled-back"});
  CHECK_EXIT(r, 0);
  CHECK(p.versions() == std::vector<std::string>{init_file});
  CHECK_FALSE(p.has_table("half_t"));
}

TEST_CASE("concurrent upgrades apply a run-in-transaction false migration exactly once") {
  cli_project p("no_transaction_concurrent");
  p.init();
  p.execute("CREATE TABLE ntx_log (step INT)");
  auto file = write_no_transaction_migration(p, "ntx_once", "CREATE TABLE ntx_once (id INT);\nINSERT INTO ntx_log (step) VALUES (1);",
                                             "DROP TABLE ntx_once;\nDELETE FROM ntx_log WHERE step = 1;");
  std::vector<cli_process> runs;
  for (int i = 0; i < 8; ++i) runs.push_back(p.start({"upgrade"}));
  std::size_t reported = 0;
  for (auto& run : runs) {
    auto r = run.wait();
    CHECK_EXIT(r, 0);
    reported += occurrences(r.out, "Success upgrading to " + file);
  }
  CHECK(reported == 1);
  CHECK(p.count("ntx_log") == 1);
  CHECK(p.versions() == p.migration_files());
  for (const auto& row : p.rows()) CHECK(row.status == migration_status::applied);
}
