// What an aio call in flight keeps alive, and what ends it: the io_context destroyed under it, the
// last reference to its database dropped, a pool that stays exhausted, a database it cannot keep.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "aio/run.hpp"
#include "orm/fixture.hpp"

using namespace testudo;
using namespace std::chrono_literals;
namespace aio = testudo::aio;
using storefront::Tag;

namespace {

// Runs `io` until every connection of `db`'s pool is busy with its calls' statements (a loaded
// machine may take a while).
void run_until_all_busy(net::io_context& io, database& db) {
  for (auto until = std::chrono::steady_clock::now() + 10s;
       db.connections().idle() != 0 && std::chrono::steady_clock::now() < until;)
    io.run_for(5ms);
  REQUIRE(db.connections().idle() == 0);
}

}  // namespace

TEST_CASE("aio: destroying the io_context waits for the statements in flight, and their coroutines never resume") {
  // A pool built apart from a URL: on PostgreSQL too the statements run on workers (the pipelined
  // sessions' case is in pipeline_test.cpp).
  auto db = test::open_counted(test::fresh_database("aio_shutdown"), 5, 5).db;
  test::abandoned_calls calls;
  auto slow = test::slow_select(0.3);
  auto started = std::chrono::steady_clock::now();
  {
    net::io_context io;
    calls.spawn<Tag>(io, *db, slow, 5);
    run_until_all_busy(io, *db);  // the 5 statements run on the pool's 5 connections
  }  // the jobs reference the frames, and their completions would be posted to `io`
  auto destroyed_after = std::chrono::steady_clock::now() - started;
  CHECK(db->connections().idle() == 5);  // every statement had ended and given its connection back
  CHECK(calls.resumed == 0);
  CHECK(calls.unwound == 5);  // the frames went with the context
  if (test::current_backend() != backend::sqlite) CHECK(destroyed_after >= 300ms);
}

TEST_CASE("aio: destroying the io_context gives up the calls still waiting for a connection, and waits only for those running") {
  // The thread destroying the context holds one of the pool's 2 connections, a statement runs on
  // the other, 4 calls and an aio::atomic wait for one. Before, the destructor waited for them
  // all to get a connection and run (or to time out, had the running one not ended).
  auto db = test::open_counted(test::fresh_database("aio_shutdown_waiting"), 2, 2).db;
  auto slow = test::slow_select(0.3);
  std::atomic<int> slow_runs = 0;
  db->on_statement([&](std::string_view sql) { slow_runs += sql == slow; });
  auto held = db->connections().acquire();
  test::abandoned_calls calls, scopes;
  auto started = std::chrono::steady_clock::now();
  {
    net::io_context io;
    calls.spawn<Tag>(io, *db, slow, 1);
    run_until_all_busy(io, *db);  // the statement runs on the other connection
    calls.spawn<Tag>(io, *db, slow, 4);
    net::co_spawn(io, [&]() -> net::awaitable<void> {
      test::abandoned_calls::unwinds frame{scopes.unwound};
      co_await aio::atomic(*db, []() -> net::awaitable<void> { co_return; });
      ++scopes.resumed;
    }, net::detached);
    io.poll();  // the 4 calls and the scope wait in the pool
  }
  auto destroyed_after = std::chrono::steady_clock::now() - started;
  CHECK(slow_runs.load() == 1);  // the queued calls' statements never ran
  if (test::current_backend() != backend::sqlite) CHECK(destroyed_after >= 300ms);  // the running one ended
  CHECK(calls.resumed == 0);
  CHECK(calls.unwound == 5);
  CHECK(scopes.resumed == 0);
  CHECK(scopes.unwound == 1);
  CHECK(db->connections().idle() == 1);  // the running statement gave its connection back
  held = pooled_connection{};  // goes through the given-up waiters, which let it go
  CHECK(db->connections().idle() == 2);
  std::vector<Tag> rows;  // the pool serves calls as before
  test::run_on_io([&]() -> net::awaitable<void> { rows = co_await aio::raw<Tag>("SELECT 7 AS id, 'seven' AS name", {}, *db); });
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == "seven");
}

TEST_CASE("aio: a call waiting for a connection completes after the last reference to its database is dropped") {
  auto db = test::open_counted(test::fresh_database("aio_last_reference"), 1, 1).db;  // workers, as above
  auto held = db->connections().acquire();  // the only connection: the call waits for it
  std::vector<Tag> rows;
  std::exception_ptr failed;
  net::io_context io;
  net::co_spawn(io, [&, &target = *db]() -> net::awaitable<void> {
    rows = co_await aio::raw<Tag>("SELECT 7 AS id, 'seven' AS name", {}, target);
  }, [&](std::exception_ptr e) { failed = e; });
  io.poll();   // the call is queued in the pool
  db.reset();  // nobody but the call holds the database now (its pool: the call and `held`)
  held = pooled_connection{};  // hands the connection to the call: its job runs on a worker
  io.run();
  CHECK_FALSE(failed);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == "seven");
}

TEST_CASE("aio: a call that finds every connection held throws operational_error at the co_await after the pool's acquire timeout") {
  // A pool built apart from a URL: on PostgreSQL too the call waits for the pool's connections
  // rather than go to the pipelined sessions (pipeline_test.cpp).
  auto db = test::open_counted(test::fresh_database("aio_exhausted"), 2, 2).db;
  db->connections().set_acquire_timeout(200ms);
  auto first = db->connections().acquire();
  auto second = db->connections().acquire();
  CHECK_THROWS_AS(objects<Tag>(*db).count(), operational_error);  // the sync call waits as long
  std::string message;
  auto started = std::chrono::steady_clock::now();
  test::run_on_io([&]() -> net::awaitable<void> {
    try {
      co_await aio::objects<Tag>(*db).count();
    } catch (const operational_error& e) {
      message = e.what();
    }
  });
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(message.rfind("connection pool exhausted: all 2 connections (maxsize=2) stayed in use for 200 ms", 0) == 0);
  CHECK(waited >= 200ms);
  CHECK(waited < 10s);  // not the 30 s default
}

TEST_CASE("aio: a database not held by a shared_ptr is refused at the co_await, where the call begins") {
  auto url = test::fresh_database("aio_unshared");
  database unshared(pool::open(parse_db_url(url)), test::current_backend());
  // The refusal comes from inside async_initiate: before, any exception there reached Boost 1.74's
  // coroutine machinery, which calls std::terminate.
  std::string message;
  test::run_on_io([&]() -> net::awaitable<void> {
    try {
      co_await aio::objects<Tag>(unshared).count();
    } catch (const configuration_error& e) {
      message = e.what();
    }
  });
  CHECK(message == "testudo::aio needs a database held by a shared_ptr: open it with database::open()");
}
