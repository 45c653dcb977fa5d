// Faults: a migration failing half way, a process killed in the middle of an upgrade, and many
// upgrades racing on one database.
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace testudo::test;
using testudo::backend;
using testudo::migration_status;

namespace {

bool journaled() { return current_backend() == backend::mysql; }  // no transactional DDL

const std::string half_up = "CREATE TABLE half_t (id INT);\nINSERT INTO no_such_table VALUES (1);";
const std::string fixed_up = "CREATE TABLE half_t (id INT);";

void fix_half(const cli_project& p, const std::string& file) {
  auto path = fs::path("migrations/models") / file;
  p.write(path, with_section(p.read(path), "up", fixed_up));
}

// A statement that runs for seconds (SQLite: far longer; the tests kill it).
std::string slow_statement() {
  switch (current_backend()) {
    case backend::sqlite:
      return "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000000000) "
             "SELECT COUNT(*) FROM c;";
    case backend::postgres: return "SELECT pg_sleep(5);";
    case backend::mysql: return "SELECT SLEEP(5);";
  }
  return {};
}

}  // namespace

TEST_CASE("a migration that fails at statement 2 is rolled back or journaled") {
  cli_project p("half_way");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = p.write_migration("half", half_up, "DROP TABLE half_t;");
  auto before = p.state();

  auto r = p.run({"upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, file);
  CHECK_ERR(r, "statement 2");
  CHECK_ERR(r, "no_such_table");

  if (!journaled()) {
    // SQLite and PostgreSQL: the migration and its version row commit together or not at all.
    CHECK_FALSE(p.has_table("half_t"));
    CHECK(p.versions() == std::vector<std::string>{init_file});
    CHECK(p.state() == before);
    r = p.run({"heads"});
    CHECK_OUT(r, file);
    r = p.run({"history"});
    CHECK_OUT(r, file + "  pending");

    fix_half(p, file);
    r = p.run({"upgrade"});
    CHECK_EXIT(r, 0);
    CHECK_OUT(r, "Success upgrading to " + file);
    CHECK(p.has_table("half_t"));
    return;
  }

  // MySQL commits each DDL statement: the journal says how far it got and how to recover.
  CHECK(p.has_table("half_t"));
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].version == file);
  CHECK(rows[1].status == migration_status::failed);
  CHECK(rows[1].statements_done == 1);
  CHECK_ERR(r, "testudo resolve " + file + " --rolled-back");
  CHECK_ERR(r, "--applied");

  r = p.run({"history"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, file + "  failed after 1 statement(s)");
  CHECK_OUT(r, "testudo resolve");
  r = p.run({"heads", "--check"});  // a half-applied migration is not done: CI must notice
  CHECK_EXIT(r, 3);
  CHECK_OUT(r, file);
  CHECK_FALSE(has(r.out, "No available heads."));

  fix_half(p, file);  // fixing the file alone is not enough: the database is still half way
  auto failed = p.state();
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "testudo resolve");
  CHECK(p.state() == failed);

  p.execute("DROP TABLE half_t");
  r = p.run({"resolve", file, "--rolled-back"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Marked " + file + " as rolled back");
  CHECK(p.versions() == std::vector<std::string>{init_file});

  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success upgrading to " + file);
  CHECK(p.has_table("half_t"));
  rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].status == migration_status::applied);
}

// Without a transaction around the migration, data statements still run in transactions of their
// own that carry the journal: a batch takes effect with its journal entry or not at all.
TEST_CASE("a data migration without a transaction journals whole batches of rows") {
  cli_project p("data_batches");
  p.init();
  auto file = p.write_migration("data",
                                "CREATE TABLE data_t (id INT);\nINSERT INTO data_t VALUES (1);\n"
                                "INSERT INTO data_t VALUES (2);\nINSERT INTO no_such_table VALUES (3);",
                                "DROP TABLE data_t;");
  auto r = p.run({"upgrade", "--in-transaction", "false"});
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "statement 4 of 4 failed");
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].status == migration_status::failed);
  CHECK(rows[1].statements_done == 1);  // the CREATE; its batch of INSERTs was rolled back
  CHECK(p.has_table("data_t"));
  CHECK(p.count("data_t") == 0);
  CHECK_ERR(r, "after 1 statement(s)");
}

TEST_CASE("kill -9 during a data statement leaves an exact journal") {
  cli_project p("killed_data");
  p.init();
  auto slow_insert = [] {
    switch (current_backend()) {
      case backend::sqlite:
        return std::string("INSERT INTO killed_d WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                           "WHERE n < 2000000000) SELECT COUNT(*) FROM c;");
      case backend::postgres: return std::string("INSERT INTO killed_d SELECT 1 FROM pg_sleep(5);");
      case backend::mysql: return std::string("INSERT INTO killed_d SELECT SLEEP(5);");
    }
    return std::string();
  }();
  auto file = p.write_migration("slow_data", "CREATE TABLE killed_d (id INT);\nINSERT INTO killed_d VALUES (7);\n" + slow_insert,
                                "DROP TABLE killed_d;");
  auto upgrade = p.start({"-v", "upgrade", "--in-transaction", "false"});
  bool third_running = upgrade.wait_for_output("[2/3]", 60s);
  std::this_thread::sleep_for(500ms);
  upgrade.kill9();
  auto r = upgrade.wait();
  REQUIRE_MESSAGE(third_running, show(r));
  if (current_backend() == backend::mysql) std::this_thread::sleep_for(6s);  // the server finishes the dead client's statement
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].status == migration_status::running);
  CHECK(rows[1].statements_done == 1);  // the CREATE only: the batch of INSERTs never committed
  CHECK(p.count("killed_d") == 0);
  auto again = p.run({"upgrade"});
  CHECK_EXIT(again, 1);
  CHECK_ERR(again, "running after 1 statement(s)");
  CHECK_FALSE(has(again.err, "may have completed"));  // nothing of the batch can have taken effect
}

TEST_CASE("resolve --applied records a migration finished by hand") {
  cli_project p("resolve_applied");
  p.init();
  auto file = p.write_migration("half", half_up, "DROP TABLE half_t;");
  REQUIRE_EXIT(p.run({"upgrade"}), 1);
  if (!journaled()) {
    // Nothing was recorded, so there is nothing to resolve.
    auto before = p.state();
    auto r = p.run({"resolve", file, "--applied"});
    CHECK_EXIT(r, 1);
    CHECK_ERR(r, "no version table row for '" + file + "'");
    CHECK(p.state() == before);
    return;
  }
  p.execute("CREATE TABLE no_such_table (id INT)");
  p.execute("INSERT INTO no_such_table VALUES (1)");
  auto r = p.run({"resolve", file, "--applied"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Marked " + file + " as applied");
  CHECK(p.rows().at(1).status == migration_status::applied);
  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "No upgrade items found");
  r = p.run({"history"});
  CHECK_OUT(r, file + "  applied");
}

TEST_CASE("kill -9 during upgrade never leaves an unrecorded partial migration") {
  cli_project p("killed");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = p.write_migration("slow", "CREATE TABLE killed_t (id INT);\n" + slow_statement(), "DROP TABLE killed_t;");

  auto upgrade = p.start({"-v", "upgrade"});
  bool second_statement_running = upgrade.wait_for_output("[1/2]", 60s);
  std::this_thread::sleep_for(500ms);  // well into the 5 s statement
  upgrade.kill9();
  auto r = upgrade.wait();
  REQUIRE_MESSAGE(second_statement_running, show(r));
  CHECK(r.signal == SIGKILL);
  CHECK_FALSE(has(r.out, "Success"));

  if (!journaled()) {
    CHECK_FALSE(p.has_table("killed_t"));
    CHECK(p.versions() == std::vector<std::string>{init_file});
    auto heads = p.run({"heads"});
    CHECK_EXIT(heads, 0);
    CHECK_OUT(heads, file);
    return;
  }
  // MySQL: the journal knows the first statement ran and the process never finished.
  CHECK(p.has_table("killed_t"));
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].version == file);
  CHECK(rows[1].status == migration_status::running);
  CHECK(rows[1].statements_done == 1);
  auto again = p.run({"upgrade"});  // waits for the dead session's lock, then refuses
  CHECK_EXIT(again, 1);
  CHECK_ERR(again, "running after 1 statement(s)");
  // The server may finish the statement its dead client sent: the message names it (issue #10 item 9).
  CHECK_ERR(again, "Statement 2 of 2 may have completed");
  CHECK_ERR(again, slow_statement().substr(0, slow_statement().size() - 1));
  CHECK_ERR(again, "testudo resolve " + file);
  CHECK(p.rows().at(1).status == migration_status::running);
}

// MySQL's lock is also a row with a lease (for Galera): the row of a killed holder on the same
// server must not make the next run wait for the lease, as GET_LOCK alone never did.
TEST_CASE("after kill -9 the next upgrade gets the lock as soon as the dead session is gone") {
  if (current_backend() != backend::mysql) return;  // the others have no lease (and would run the slow file again)
  cli_project p("killed_lock");
  p.init();
  auto file = p.write_migration("slow", "CREATE TABLE killed_l (id INT);\n" + slow_statement(), "DROP TABLE killed_l;");
  auto upgrade = p.start({"-v", "upgrade"}, {{"TESTUDO_DB_URL", p.url() + "?lock_lease=3600"}});
  REQUIRE(upgrade.wait_for_output("[1/2]", 60s));
  upgrade.kill9();
  CHECK(upgrade.wait().signal == SIGKILL);
  auto again = p.run({"upgrade", "--lock-timeout", "60"});
  CHECK_NOT_ERR(again, "another process is migrating");
  CHECK_ERR(again, "testudo resolve " + file);
}

// MySQL's lease can expire (a holder paused, the network cut) and another run take the lock: the
// holder must notice before its next migration, not migrate alongside the new holder.
TEST_CASE("a run whose lock was taken over stops before its next migration") {
  if (current_backend() != backend::mysql) return;  // the other backends' locks end only with the session
  cli_project p("lost_lock");
  p.init();
  auto first = p.write_migration("slow", "CREATE TABLE lost_1 (id INT);\n" + slow_statement(), "DROP TABLE lost_1;");
  p.write_migration("next", "CREATE TABLE lost_2 (id INT);", "DROP TABLE lost_2;");
  auto upgrade = p.start({"-v", "upgrade"});
  REQUIRE(upgrade.wait_for_output("[1/2]", 60s));
  p.execute("UPDATE testudo_lock SET holder = 'another run'");  // what a run that found the lease expired does
  auto r = upgrade.wait();
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "lost app 'models''s migration lock");
  CHECK_FALSE(p.has_table("lost_2"));
  CHECK(p.versions() == std::vector<std::string>{p.migration_files().at(0), first});
}

TEST_CASE("a second upgrade gives up after --lock-timeout while another one runs") {
  cli_project p("lock_timeout");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = p.write_migration("slow", "CREATE TABLE slow_t (id INT);\n" + slow_statement(), "DROP TABLE slow_t;");
  auto first = p.start({"-v", "upgrade"});
  REQUIRE(first.wait_for_output("[1/2]", 60s));

  auto start = std::chrono::steady_clock::now();
  auto r = p.run({"upgrade", "--lock-timeout", "1"});
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK_EXIT(r, 1);
  CHECK_ERR(r, "another process is migrating app 'models'");
  CHECK_ERR(r, "--lock-timeout");
  CHECK(waited >= 1s);
  CHECK_FALSE(has(r.out, "Success"));

  if (current_backend() == backend::sqlite) {
    first.kill9();  // its statement would run for minutes
    CHECK(first.wait().signal == SIGKILL);
    CHECK_FALSE(p.has_table("slow_t"));
    CHECK(p.versions() == std::vector<std::string>{init_file});
    return;
  }
  auto done = first.wait();  // the waiting process did not disturb the one holding the lock
  CHECK_EXIT(done, 0);
  CHECK_OUT(done, "Success upgrading to " + file);
  CHECK(p.versions() == p.migration_files());
}

TEST_CASE("eight concurrent upgrades apply each migration exactly once") {
  cli_project p("concurrent");
  p.init();
  p.execute("CREATE TABLE cli_log (step INT)");
  std::vector<std::string> files = p.migration_files();
  for (int i = 1; i <= 3; ++i) {
    auto n = std::to_string(i);
    files.push_back(p.write_migration("step" + n,
                                      "CREATE TABLE step_" + n + " (id INT);\nINSERT INTO cli_log (step) VALUES (" + n + ");",
                                      "DROP TABLE step_" + n + ";\nDELETE FROM cli_log WHERE step = " + n + ";"));
  }
  REQUIRE(p.migration_files() == files);

  std::vector<cli_process> runs;
  for (int i = 0; i < 8; ++i) runs.push_back(p.start({"upgrade"}));
  std::size_t reported = 0;
  for (auto& run : runs) {
    auto r = run.wait();
    CHECK_EXIT(r, 0);
    reported += occurrences(r.out, "Success upgrading to ");
  }
  CHECK(reported == 3);  // each migration reported once, by the process that applied it
  CHECK(p.versions() == files);
  CHECK(p.count("cli_log") == 3);
  for (const auto& table : {"step_1", "step_2", "step_3"}) CHECK_MESSAGE(p.has_table(table), table);
}

// Issue #10 item 8: racing processes at first use, when not even the version table exists. The
// race is narrow: the code before the fix failed one run of three rounds in two or three (SQLite
// "database is locked", PostgreSQL "duplicate key ... pg_type_typname_nsp_index"), hence 8 rounds
// there; MariaDB (never seen failing, and 5 s a round) gets 2.
TEST_CASE("eight concurrent upgrades on an empty database all succeed") {
  cli_project source("first_use_source");
  source.init();
  const int rounds = current_backend() == backend::mysql ? 2 : 8;
  for (int round = 0; round < rounds; ++round) {
    cli_project p("first_use_" + std::to_string(round));
    REQUIRE_EXIT(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}), 0);
    fs::create_directories(p.app_dir());
    for (const auto& f : source.migration_files()) fs::copy_file(source.app_dir() / f, p.app_dir() / f);
    std::vector<cli_process> runs;
    for (int i = 0; i < 8; ++i) runs.push_back(p.start({"upgrade"}));
    std::size_t reported = 0;
    for (auto& run : runs) {
      auto r = run.wait();
      CHECK_EXIT(r, 0);
      reported += occurrences(r.out, "Success upgrading to ");
    }
    CHECK(reported == 1);
    CHECK(p.versions() == source.migration_files());
  }
}

TEST_CASE("--lock-timeout also bounds waiting for a table lock another session holds") {
  cli_project p("table_lock");
  p.init();
  p.write_migration("nick", "ALTER TABLE users ADD COLUMN nick VARCHAR(20);", "ALTER TABLE users DROP COLUMN nick;");
  // An open transaction that read the table: PostgreSQL's ALTER needs its ACCESS EXCLUSIVE lock,
  // MySQL's its metadata lock, SQLite's the write lock (BEGIN IMMEDIATE).
  auto holder = p.connect();
  holder->begin(true);
  holder->query("SELECT COUNT(*) FROM users")->next();

  auto start = std::chrono::steady_clock::now();
  auto waiting = p.start({"upgrade", "--lock-timeout", "2"});
  auto r = waiting.wait(30s);  // without a bound on the server's own lock waits, it never returns
  auto waited = std::chrono::steady_clock::now() - start;
  holder->rollback();
  CHECK(r.signal == 0);
  CHECK_EXIT(r, 1);
  CHECK(waited < 20s);
  CHECK_ERR(r, "--lock-timeout");
  if (current_backend() != backend::sqlite) {
    CHECK_ERR(r, "waited more than 2 s for a lock");
    CHECK_ERR(r, "ALTER TABLE users ADD COLUMN nick");
  }
  CHECK_FALSE(p.has_column("users", "nick"));

  auto again = p.run({"upgrade"});  // nothing was left half-done: the next deploy applies it
  CHECK_EXIT(again, 0);
  CHECK(p.has_column("users", "nick"));
}
