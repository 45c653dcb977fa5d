// The connection pool: bounds, reuse, exhaustion, cleanup and use from several threads.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <atomic>
#include <future>
#include <thread>

#include "support/backend.hpp"
#include "testudo/db/pool.hpp"
#include "testudo/errors.hpp"

using namespace testudo;
using namespace std::chrono_literals;

TEST_CASE("minsize connections open at once and maxsize bounds the pool") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=2&maxsize=3")));
  CHECK(p->size() == 2);
  CHECK(p->idle() == 2);
  auto a = p->acquire();
  auto b = p->acquire();
  auto c = p->acquire();
  CHECK(p->size() == 3);
  CHECK(p->idle() == 0);
  CHECK_THROWS_AS(p->acquire(100ms), operational_error);
  connection* reused = &*b;
  b = pooled_connection{};  // returned
  CHECK(p->idle() == 1);
  auto d = p->acquire(100ms);
  CHECK(&*d == reused);
  CHECK(p->size() == 3);
}

TEST_CASE("a waiting acquire gets the connection another thread returns") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  auto held = p->acquire();
  std::thread returner([&] {
    std::this_thread::sleep_for(50ms);
    held = pooled_connection{};
  });
  auto got = p->acquire(5s);
  returner.join();
  CHECK(got);
  CHECK(p->size() == 1);
}

TEST_CASE("a connection returned inside a transaction is rolled back") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  {
    auto conn = p->acquire();
    test::recreate_table(*conn, "t_pool_tx", fmt::format("id {}, n {}", test::column_type("pk"), test::column_type("bigint")));
    conn->begin();
    conn->execute("INSERT INTO t_pool_tx (n) VALUES (1)");
  }
  auto conn = p->acquire();
  CHECK(conn->transaction_depth() == 0);
  CHECK(test::count_rows(*conn, "t_pool_tx") == 0);
}

TEST_CASE("several threads share the pool and every insert lands") {
  {
    auto setup = test::open_connection();
    test::recreate_table(*setup, "t_pool_threads", fmt::format("id {}, n {}", test::column_type("pk"), test::column_type("bigint")));
  }
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=3")));
  constexpr int threads = 4, per_thread = 50;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto conn = p->acquire(30s);
        conn->execute(fmt::format("INSERT INTO t_pool_threads (n) VALUES ({})", conn->placeholder(1)),
                      {value{std::int64_t{t * 1000 + i}}});
      }
    });
  }
  for (auto& w : workers) w.join();
  CHECK(p->size() <= 3);
  auto conn = p->acquire();
  CHECK(test::count_rows(*conn, "t_pool_threads") == threads * per_thread);
}

namespace {
// A pool of up to 2 whose first connection opens and every later one fails ("server went away").
std::shared_ptr<pool> failing_after_first() {
  return pool::open([made = 0]() mutable -> std::unique_ptr<connection> {
    if (++made > 1) throw db_connection_error("server went away");
    return test::open_connection();
  }, 1, 2);
}
}  // namespace

TEST_CASE("a pool whose connections fail to open reports the connection error") {
  auto p = failing_after_first();
  auto first = p->acquire();
  CHECK_THROWS_AS(p->acquire(100ms), db_connection_error);
  CHECK(p->size() == 1);  // the failed slot was given back
}

namespace {
// What one acquire_async callback got, and on which thread.
struct async_result {
  std::promise<void> ready;
  std::shared_future<void> arrived = ready.get_future().share();
  pooled_connection conn;
  std::exception_ptr error;
  std::thread::id thread;
  std::chrono::steady_clock::time_point at;
  auto callback() {
    return [this](pooled_connection c, std::exception_ptr e) {
      conn = std::move(c);
      error = e;
      thread = std::this_thread::get_id();
      at = std::chrono::steady_clock::now();
      ready.set_value();
    };
  }
  bool arrives_within(std::chrono::milliseconds t) const { return arrived.wait_for(t) == std::future_status::ready; }
};
}  // namespace

TEST_CASE("acquire_async hands an idle connection over at once and opens new ones on another thread") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=2")));
  async_result idle, opened;
  p->acquire_async(1s, idle.callback());
  REQUIRE(idle.arrives_within(0ms));  // called before acquire_async returned
  CHECK(idle.thread == std::this_thread::get_id());
  CHECK(idle.conn);
  p->acquire_async(1s, opened.callback());
  REQUIRE(opened.arrives_within(10s));
  CHECK(opened.thread != std::this_thread::get_id());
  CHECK(opened.conn);
  CHECK(p->size() == 2);
  opened.conn->execute("SELECT 1");
}

TEST_CASE("acquire_async waiters get returned connections first come, first served, before acquire") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  auto held = p->acquire();
  connection* only = &*held;
  async_result first, second;
  p->acquire_async(10s, first.callback());
  p->acquire_async(10s, second.callback());
  CHECK_THROWS_AS(p->acquire(50ms), operational_error);  // the waiters come before a new acquire
  held = pooled_connection{};
  REQUIRE(first.arrives_within(0ms));  // served by the thread that returned it
  CHECK(first.thread == std::this_thread::get_id());
  CHECK(&*first.conn == only);
  CHECK_FALSE(second.arrives_within(20ms));
  std::thread([&] { first.conn = pooled_connection{}; }).join();
  REQUIRE(second.arrives_within(0ms));
  CHECK(&*second.conn == only);
  CHECK(p->size() == 1);
}

TEST_CASE("acquire_async fails after its timeout with acquire's message") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  auto held = p->acquire();
  std::string sync_message;
  try {
    p->acquire(30ms);
  } catch (const operational_error& e) {
    sync_message = e.what();
  }
  async_result late, patient;
  auto started = std::chrono::steady_clock::now();
  p->acquire_async(10s, patient.callback());
  p->acquire_async(30ms, late.callback());
  REQUIRE(late.arrives_within(5s));
  CHECK(std::chrono::steady_clock::now() - started >= 30ms);
  CHECK_FALSE(late.conn);
  REQUIRE(late.error);
  try {
    std::rethrow_exception(late.error);
  } catch (const operational_error& e) {
    CHECK(std::string(e.what()) == sync_message);
  }
  held = pooled_connection{};  // the patient waiter, behind the expired one, still gets it
  REQUIRE(patient.arrives_within(0ms));
  CHECK(patient.conn);
}

TEST_CASE("acquire_async waiters expire by their own deadlines, whatever the order they came in") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  auto held = p->acquire();
  async_result waiters[4];
  const std::chrono::milliseconds timeouts[4] = {400ms, 40ms, 250ms, 120ms};
  auto started = std::chrono::steady_clock::now();
  p->acquire_async(timeouts[0], waiters[0].callback());
  std::this_thread::sleep_for(20ms);  // the timer sleeps until 400 ms: the earlier deadlines must wake it
  for (int i = 1; i < 4; ++i) p->acquire_async(timeouts[i], waiters[i].callback());
  for (auto& w : waiters) REQUIRE(w.arrives_within(10s));
  for (int i = 0; i < 4; ++i) {
    CHECK(waiters[i].error);
    CHECK(waiters[i].at - started >= timeouts[i]);
  }
  CHECK(waiters[1].at - started < 300ms);  // not only when the first waiter expired
  CHECK(waiters[1].at <= waiters[3].at);
  CHECK(waiters[3].at <= waiters[2].at);
  CHECK(waiters[2].at <= waiters[0].at);
}

TEST_CASE("a timeout too long to add to the clock waits without end, async and sync") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  auto held = p->acquire();
  async_result patient;
  p->acquire_async(std::chrono::milliseconds::max(), patient.callback());
  CHECK_FALSE(patient.arrives_within(100ms));  // not failed at once by a deadline that overflowed
  held = pooled_connection{};
  REQUIRE(patient.arrives_within(0ms));
  REQUIRE(patient.conn);
  std::thread returner([&] {
    std::this_thread::sleep_for(50ms);
    patient.conn = pooled_connection{};
  });
  pooled_connection got;
  CHECK_NOTHROW(got = p->acquire(std::chrono::milliseconds::max()));
  returner.join();
  CHECK(got);
}

TEST_CASE("acquire() without a timeout, and so every ORM call, waits for the pool's acquire_timeout") {
  auto p = pool::open(parse_db_url(test::test_url("minsize=1&maxsize=1")));
  CHECK(p->acquire_timeout() == 30s);
  p->set_acquire_timeout(80ms);
  auto held = p->acquire();
  std::string message;
  auto started = std::chrono::steady_clock::now();
  try {
    p->acquire();
  } catch (const operational_error& e) {
    message = e.what();
  }
  CHECK(std::chrono::steady_clock::now() - started >= 80ms);
  CHECK(message.find("stayed in use for 80 ms") != std::string::npos);
}

TEST_CASE("acquire_async passes on the error of a connection that fails to open") {
  auto p = failing_after_first();
  auto first = p->acquire();
  async_result failed;
  p->acquire_async(1s, failed.callback());
  REQUIRE(failed.arrives_within(10s));
  CHECK_FALSE(failed.conn);
  CHECK_THROWS_AS(std::rethrow_exception(failed.error), db_connection_error);
  CHECK(p->size() == 1);  // the failed slot was given back
  // A thread that cannot be started to open the connection gives the slot back and reports the
  // error to the callback the same way; that is not tested: failing thread creation on purpose
  // takes RLIMIT_NPROC, which counts every thread of the user, other processes' too.
}

TEST_CASE("a slot that acquire fails to fill goes to a waiting acquire_async") {
  std::promise<void> release;
  auto failing = release.get_future().share();
  std::atomic<int> made = 0;
  auto p = pool::open([&]() -> std::unique_ptr<connection> {
    if (++made == 2) {  // the sync acquire's connection: fails, once the async waiter queued behind it
      failing.wait();
      throw db_connection_error("server went away");
    }
    return test::open_connection();
  }, 1, 2);
  auto held = p->acquire();
  auto sync = std::async(std::launch::async, [&] { return p->acquire(10s); });
  while (p->size() < 2) std::this_thread::sleep_for(1ms);  // the sync acquire holds the second slot
  async_result waiter;
  p->acquire_async(10s, waiter.callback());
  release.set_value();
  CHECK_THROWS_AS(sync.get(), db_connection_error);
  REQUIRE(waiter.arrives_within(5s));  // the freed slot opened a connection for it
  CHECK(waiter.conn);
  CHECK_FALSE(waiter.error);
  CHECK(p->size() == 2);
}
