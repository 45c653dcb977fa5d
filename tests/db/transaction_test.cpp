// Transactions, savepoints and the RAII/atomic helpers on every backend.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <stdexcept>
#include <thread>

#include "support/backend.hpp"
#include "testudo/db/transaction.hpp"
#include "testudo/errors.hpp"

using namespace testudo;

namespace {

std::unique_ptr<connection> with_table(std::string_view table) {
  auto conn = test::open_connection();
  test::recreate_table(*conn, table, fmt::format("id {}, n {}", test::column_type("pk"), test::column_type("bigint")));
  return conn;
}

void insert(connection& conn, std::string_view table, std::int64_t n) {
  conn.execute(fmt::format("INSERT INTO {} (n) VALUES ({})", table, conn.placeholder(1)), {value{n}});
}

}  // namespace

TEST_CASE("commit keeps the rows and rollback discards them") {
  auto conn = with_table("t_tx_basic");
  conn->begin();
  insert(*conn, "t_tx_basic", 1);
  conn->commit();
  conn->begin();
  insert(*conn, "t_tx_basic", 2);
  conn->rollback();
  CHECK(test::count_rows(*conn, "t_tx_basic") == 1);
  auto other = test::open_connection();  // committed work is visible to another session
  CHECK(test::count_rows(*other, "t_tx_basic") == 1);
}

TEST_CASE("an unfinished transaction object rolls back") {
  auto conn = with_table("t_tx_raii");
  {
    transaction tx(*conn);
    insert(*conn, "t_tx_raii", 1);
  }
  CHECK(conn->transaction_depth() == 0);
  CHECK(test::count_rows(*conn, "t_tx_raii") == 0);
  {
    transaction tx(*conn);
    insert(*conn, "t_tx_raii", 2);
    tx.commit();
    CHECK_THROWS_AS(tx.commit(), transaction_management_error);
  }
  CHECK(test::count_rows(*conn, "t_tx_raii") == 1);
}

TEST_CASE("in_transaction commits on return and rolls back on exception") {
  auto conn = with_table("t_tx_scope");
  auto n = in_transaction(*conn, [](connection& c) {
    insert(c, "t_tx_scope", 1);
    return 42;
  });
  CHECK(n == 42);
  CHECK_THROWS_AS(in_transaction(*conn, [](connection& c) {
                    insert(c, "t_tx_scope", 2);
                    throw std::runtime_error("boom");
                  }),
                  std::runtime_error);
  CHECK(conn->transaction_depth() == 0);
  CHECK(test::count_rows(*conn, "t_tx_scope") == 1);
}

TEST_CASE("nested savepoints: an inner rollback keeps the outer work") {
  auto conn = with_table("t_tx_nested");
  transaction outer(*conn);
  insert(*conn, "t_tx_nested", 1);
  {
    transaction inner(*conn);
    CHECK(conn->transaction_depth() == 2);
    insert(*conn, "t_tx_nested", 2);
    {
      transaction innermost(*conn);
      insert(*conn, "t_tx_nested", 3);
      innermost.commit();
    }
    inner.rollback();  // takes 2 and 3 with it
  }
  {
    transaction inner(*conn);
    insert(*conn, "t_tx_nested", 4);
    inner.commit();
  }
  outer.commit();
  auto rows = conn->query("SELECT n FROM t_tx_nested ORDER BY n");
  std::vector<std::int64_t> seen;
  while (rows->next()) seen.push_back(rows->get_int64(0));
  CHECK(seen == std::vector<std::int64_t>{1, 4});
}

TEST_CASE("a failed statement inside a savepoint can be rolled back and the transaction goes on") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_tx_recover",
                       fmt::format("id {}, code {} NOT NULL UNIQUE", test::column_type("pk"), test::column_type("varchar")));
  auto ins = fmt::format("INSERT INTO t_tx_recover (code) VALUES ({})", conn->placeholder(1));
  transaction outer(*conn);
  conn->execute(ins, {value{std::string("a")}});
  {
    transaction inner(*conn);
    CHECK_THROWS_AS(conn->execute(ins, {value{std::string("a")}}), integrity_error);
    inner.rollback();
  }
  conn->execute(ins, {value{std::string("b")}});
  outer.commit();
  CHECK(test::count_rows(*conn, "t_tx_recover") == 2);
}

TEST_CASE("commit or rollback without a transaction is a usage error") {
  auto conn = test::open_connection();
  CHECK_THROWS_AS(conn->commit(), transaction_management_error);
  CHECK_THROWS_AS(conn->rollback(), transaction_management_error);
}

TEST_CASE("a named lock is held by one session at a time and released by unlock or disconnect") {
  auto first = test::open_connection();
  auto second = test::open_connection();
  CHECK(first->try_lock("testudo:test_lock"));
  CHECK_FALSE(second->try_lock("testudo:test_lock"));
  CHECK(second->try_lock("testudo:other_lock"));  // names are independent
  first->unlock("testudo:test_lock");
  CHECK(second->try_lock("testudo:test_lock"));
  second.reset();  // a session that ends gives its locks back (the server notices the disconnect soon after)
  bool taken = false;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       !taken && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(20)))
    taken = first->try_lock("testudo:test_lock");
  CHECK(taken);
  first->unlock("testudo:test_lock");
}

TEST_CASE("the same lock name in two databases of one server is two locks") {
  auto url_a = test::fresh_database("lock_db_a");
  auto first = connect(url_a);
  auto first_again = connect(url_a);
  auto second = connect(test::fresh_database("lock_db_b"));
  CHECK(first->try_lock("testudo:models"));
  CHECK(second->try_lock("testudo:models"));  // upgrades of two databases never wait for each other
  CHECK_FALSE(first_again->try_lock("testudo:models"));
  first->unlock("testudo:models");
  second->unlock("testudo:models");
}

TEST_CASE("PostgreSQL: the lock lives on a connection of its own, and lock_held says when that connection ended") {
  if (test::current_backend() != backend::postgres) return;  // the others tie the lock to the session itself
  auto name = "testudo:" + test::variant_prefix() + "held_lock";  // runs also through PgBouncer, at the same time
  auto holder = test::open_connection();
  auto other = test::open_connection();
  REQUIRE(holder->try_lock(name));
  CHECK(holder->lock_held(name));
  // Ends the server session holding it, as a server restart or a pooler dropping it would.
  auto ended = other->query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 "
                            "AND state = 'idle in transaction'",
                            {value{"testudo lock " + name}});
  REQUIRE(ended->next());
  REQUIRE(ended->get_int64(0) == 1);
  CHECK(holder->query("SELECT 1")->next());  // the connection the statements run on is not the one that ended
  CHECK_FALSE(holder->lock_held(name));
  bool taken = false;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       !taken && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(20)))
    taken = other->try_lock(name);
  CHECK(taken);
  other->unlock(name);
  holder->unlock(name);
}

TEST_CASE("SQLite: one process's writers to a file take turns, and a turn ends with its transaction") {
  if (test::current_backend() != backend::sqlite) return;  // the others lock rows, not the file
  auto first = with_table("t_tx_turns");
  auto second = test::open_connection("busy_timeout=50");
  first->begin();
  insert(*first, "t_tx_turns", 1);
  // The second writer queues behind the first rather than polling SQLite's lock, and gives up after
  // its busy_timeout saying who holds the file.
  CHECK_THROWS_WITH_AS(insert(*second, "t_tx_turns", 2), doctest::Contains("other connections of this process"),
                       lock_error);
  first->commit();
  insert(*second, "t_tx_turns", 2);
  first->begin(true);  // BEGIN IMMEDIATE takes the turn before any write
  CHECK_THROWS_AS(insert(*second, "t_tx_turns", 3), lock_error);
  first->rollback();
  insert(*second, "t_tx_turns", 3);
  CHECK_THROWS_AS(first->execute("INSERT INTO t_tx_turns (id, n) VALUES (1, 0)"), integrity_error);
  insert(*second, "t_tx_turns", 4);  // a failed statement gave its turn back
  first->begin();
  insert(*first, "t_tx_turns", 5);
  first.reset();  // closing rolls back and gives the turn back
  insert(*second, "t_tx_turns", 6);
  CHECK(test::count_rows(*second, "t_tx_turns") == 5);
}

TEST_CASE("SQLite: a connection opens while another connection of the process is in a write transaction") {
  if (test::current_backend() != backend::sqlite) return;
  auto first = with_table("t_tx_open_while_writing");
  first->begin();
  insert(*first, "t_tx_open_while_writing", 1);
  // Setting up the new connection writes nothing when the file is in WAL mode already: it neither
  // waits for the writer's turn nor fails after busy_timeout (a pool growing while a transaction writes).
  auto started = std::chrono::steady_clock::now();
  auto second = test::open_connection("busy_timeout=300");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(300));
  CHECK(test::count_rows(*second, "t_tx_open_while_writing") == 0);  // not committed yet
  first->commit();
  CHECK(test::count_rows(*second, "t_tx_open_while_writing") == 1);
}
