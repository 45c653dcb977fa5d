// The connection pool: bounds, reuse, exhaustion, cleanup and use from several threads.
#include <doctest/doctest.h>
#include <fmt/format.h>
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

TEST_CASE("a pool whose connections fail to open reports the connection error") {
  int made = 0;
  auto p = pool::open([&]() -> std::unique_ptr<connection> {
    if (++made > 1) throw db_connection_error("server went away");
    return test::open_connection();
  }, 1, 2);
  auto first = p->acquire();
  CHECK_THROWS_AS(p->acquire(100ms), db_connection_error);
  CHECK(p->size() == 1);  // the failed slot was given back
}
