// The executor thread never blocks on a statement: a 1 ms heartbeat on the same io_context stays
// on time while statements that take 0.2 s each run on the pool's connections.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "aio/run.hpp"
#include "orm/fixture.hpp"

using namespace testudo;
using namespace std::chrono_literals;
namespace aio = testudo::aio;

TEST_CASE("MySQL: a 1 ms heartbeat stays on time while 50 coroutines await SELECT SLEEP(0.2) on a pool of 5") {
  auto counted = test::open_counted(test::fresh_database("aio_nonblocking"), 1, 5);
  auto& db = counted.db;
  net::io_context io;
  constexpr int sleepers = 50;
  int finished = 0, failed = 0;
  auto started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration all_done{}, worst_lag{};
  for (int i = 0; i < sleepers; ++i) {
    net::co_spawn(io, [&]() -> net::awaitable<void> {
      // Read into a model by column name (SLEEP returns 0 when not interrupted).
      auto rows = co_await aio::raw<storefront::Tag>("SELECT SLEEP(0.2) AS id, 'slept' AS name", {}, *db);
      finished += rows.size() == 1 && rows[0].name == "slept";
      if (finished == sleepers) all_done = std::chrono::steady_clock::now() - started;
    }, [&](std::exception_ptr e) { failed += e != nullptr; });
  }
  net::co_spawn(io, [&]() -> net::awaitable<void> {
    net::steady_timer tick(io);
    while (finished + failed < sleepers) {  // a server that is down fails them: the test ends
      auto due = std::chrono::steady_clock::now() + 1ms;
      tick.expires_at(due);
      co_await tick.async_wait(net::use_awaitable);
      worst_lag = std::max(worst_lag, std::chrono::steady_clock::now() - due);
    }
  }, net::detached);
  io.run();
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  MESSAGE("50 x SLEEP(0.2) on 5 connections: " << ms(all_done) << " ms, worst heartbeat lag " << ms(worst_lag) << " ms");
  CHECK(failed == 0);
  CHECK(finished == sleepers);
  // Bounds that tell the two cases apart on a loaded 2-core CI machine too: an executor blocked by
  // one statement lags at least its 200 ms; one at a time, the 50 would take 10 s.
  CHECK(all_done >= 2s);  // 10 rounds of 5: the pool's 5 connections bound them
  CHECK(all_done < 6s);
  CHECK(worst_lag < 100ms);
  CHECK(*counted.opened == 5);  // as many at once as the pool allows, and no more
}
