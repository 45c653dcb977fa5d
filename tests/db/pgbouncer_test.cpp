// Through PgBouncer in transaction pooling (.ci/pgbouncer; ctest label pgbouncer): the test URL
// (TESTUDO_TEST_POSTGRES_URL) points at PgBouncer with prepared_statements=false. PgBouncer lends a
// server connection to a client for one transaction only, so anything left on it between
// transactions (a named prepared statement, a session-level lock) ends up with another client.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/runner.hpp"

using namespace std::chrono_literals;
using namespace testudo;
using namespace testudo::test;

namespace {

// PgBouncer's `testudo_solo` database: testudo_test through a pool of ONE server connection, so
// that two clients always share it (see .ci/pgbouncer).
std::string solo_url(bool prepared_statements) {
  auto url = parse_db_url(test_url());
  auto base = test_url();
  auto at = base.rfind("/" + url.database, base.find('?'));
  return base.substr(0, at) + "/testudo_solo" + (prepared_statements ? "" : "?prepared_statements=false");
}

// One parameterised query, as the ORM and the migration runner send them.
std::int64_t ask(connection& conn, std::int64_t n) {
  auto rows = conn.query("SELECT $1::bigint + 1", {value{n}});
  REQUIRE(rows->next());
  return rows->get_int64(0);
}

bool eventually_locks(connection& conn, std::string_view name) {
  for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(20ms))
    if (conn.try_lock(name)) return true;
  return false;
}

// Forwards to a real connection and keeps each statement's text with whether a transaction was open.
class recording_connection final : public connection {
 public:
  explicit recording_connection(std::unique_ptr<connection> inner) : inner_(std::move(inner)) {}
  std::vector<std::pair<std::string, bool>> statements;

  backend kind() const noexcept override { return inner_->kind(); }
  std::string server_version() override { return inner_->server_version(); }
  bool is_healthy() const noexcept override { return inner_->is_healthy(); }
  std::int64_t last_insert_id() override { return inner_->last_insert_id(); }
  bool try_lock(std::string_view name) override { return inner_->try_lock(name); }
  void unlock(std::string_view name) noexcept override { inner_->unlock(name); }
  bool lock_held(std::string_view name) override { return inner_->lock_held(name); }
  bool keeps_session() const noexcept override { return inner_->keeps_session(); }

 protected:
  std::int64_t execute_impl(std::string_view sql, std::span<const value> params) override {
    statements.emplace_back(sql, transaction_depth() > 0);
    return inner_->execute(sql, params);
  }
  std::unique_ptr<row_cursor> query_impl(std::string_view sql, std::span<const value> params) override {
    statements.emplace_back(sql, transaction_depth() > 0);
    return inner_->query(sql, params);
  }

 private:
  std::unique_ptr<connection> inner_;
};

}  // namespace

TEST_CASE("the runner bounds lock waits per transaction, never with a session setting the pooler would lend out") {
  cli_project p("pooled_lock_timeout");
  p.init();
  p.write_migration("nick", "ALTER TABLE users ADD COLUMN nick VARCHAR(20);", "ALTER TABLE users DROP COLUMN nick;");
  recording_connection conn(p.connect());
  REQUIRE_FALSE(conn.keeps_session());
  migrator runner(conn, "models", p.app_dir().string());
  run_options options;
  options.lock_timeout = 7s;
  CHECK(runner.upgrade(options).size() == 1);
  CHECK(runner.downgrade(options).size() == 1);

  std::size_t bounded = 0;
  for (const auto& [sql, in_transaction] : conn.statements) {
    if (sql.find("lock_timeout") == std::string::npos) continue;
    CHECK_MESSAGE(in_transaction, sql);  // outside one, the pooler may run it on any server connection
    CHECK_MESSAGE(sql == "SET LOCAL lock_timeout = 7000", sql);
    ++bounded;
  }
  // Each run's check of the version table's columns (an ALTER on an Aerich table), then the
  // migration's transaction, and the same for the revert.
  CHECK(bounded == 4);
}

TEST_CASE("without prepared_statements=false, clients sharing a server connection fail with a message naming it") {
  auto first = connect(solo_url(true));
  auto second = connect(solo_url(true));
  // Each prepares testudo_s1 on the one server connection (which may still hold an earlier test
  // client's): the second time at the latest, the server refuses.
  std::string message;
  try {
    ask(*first, 1);
    ask(*second, 2);
  } catch (const operational_error& e) {
    message = e.what();
  }
  CHECK_MESSAGE(message.find("prepared statement \"testudo_s1\" already exists") != std::string::npos, message);
  CHECK_MESSAGE(message.find("add prepared_statements=false to the database URL") != std::string::npos, message);
}

TEST_CASE("with prepared_statements=false, clients sharing a server connection both work") {
  auto first = connect(solo_url(false));
  auto second = connect(solo_url(false));
  for (std::int64_t i = 0; i < 3; ++i) {
    CHECK(ask(*first, i) == i + 1);
    CHECK(ask(*second, i) == i + 1);
  }
}

TEST_CASE("the migration lock holds through transaction pooling while its holder runs other statements") {
  auto first = open_connection();
  auto second = open_connection();
  REQUIRE(first->try_lock("testudo:pooled_lock"));
  for (std::int64_t i = 0; i < 5; ++i) {
    ask(*first, i);  // each one may run on another server connection, and a lock there would move
    CHECK_FALSE(second->try_lock("testudo:pooled_lock"));
  }
  CHECK(first->lock_held("testudo:pooled_lock"));
  first->unlock("testudo:pooled_lock");
  CHECK(second->try_lock("testudo:pooled_lock"));
  second->unlock("testudo:pooled_lock");
}

TEST_CASE("kill -9 during upgrade through PgBouncer: the lock goes with the process and the next upgrade applies it") {
  cli_project p("pooled_killed");
  p.init();
  auto init_file = p.migration_files().at(0);
  auto file = p.write_migration("slow", "CREATE TABLE killed_t (id INT);\nSELECT pg_sleep(5);", "DROP TABLE killed_t;");

  auto upgrade = p.start({"-v", "upgrade"});
  REQUIRE(upgrade.wait_for_output("[1/2]", 60s));
  upgrade.kill9();
  CHECK(upgrade.wait().signal == SIGKILL);

  // PgBouncer drops the server connection of a client that left in a transaction: the lock is free
  // as soon as it has seen the process go, not after some timeout.
  auto conn = p.connect();
  CHECK(eventually_locks(*conn, "testudo:models"));
  conn->unlock("testudo:models");
  CHECK_FALSE(p.has_table("killed_t"));
  CHECK(p.versions() == std::vector<std::string>{init_file});

  auto again = p.run({"upgrade"});  // may wait for the server to end the killed statement
  CHECK_EXIT(again, 0);
  CHECK_OUT(again, "Success upgrading to " + file);
  CHECK(p.versions() == p.migration_files());
  for (const auto& row : p.rows()) CHECK(row.status == migration_status::applied);
}
