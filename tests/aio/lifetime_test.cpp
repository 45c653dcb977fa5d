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
    // Until the 5 statements run on the pool's 5 connections (a loaded machine may take a while).
    for (auto until = started + 10s; db->connections().idle() != 0 && std::chrono::steady_clock::now() < until;)
      io.run_for(5ms);
    REQUIRE(db->connections().idle() == 0);
  }  // the jobs reference the frames, and their completions would be posted to `io`
  auto destroyed_after = std::chrono::steady_clock::now() - started;
  CHECK(db->connections().idle() == 5);  // every statement had ended and given its connection back
  CHECK(calls.resumed == 0);
  CHECK(calls.unwound == 5);  // the frames went with the context
  if (test::current_backend() != backend::sqlite) CHECK(destroyed_after >= 300ms);
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
