// aio::atomic on every backend: committed when its coroutine returns, rolled back when it throws;
// the scope follows the coroutine (across awaits that resume it from elsewhere), not the thread, so
// two coroutines' transactions interleave on one thread, each on a connection of its own.
#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "aio/run.hpp"
#include "orm/fixture.hpp"

using namespace testudo;
using namespace storefront;
using testudo::test::orm_fixture;
using testudo::test::run_on_io;
namespace aio = testudo::aio;
using namespace std::chrono_literals;

namespace {

net::awaitable<void> add_tag(std::string name, database& db) {
  Tag t;
  t.name = std::move(name);
  co_await aio::create(t, db);
}

net::awaitable<std::int64_t> tags_named(std::string name, database& db) {
  co_return co_await aio::objects<Tag>(db).filter(q("name", std::move(name))).count();
}

// Resumes the coroutine from the io_context's timer queue: whatever ran meanwhile, it comes back
// on its own executor, in its own scope.
net::awaitable<void> nap(std::chrono::milliseconds for_ = 1ms) {
  net::steady_timer timer(co_await net::this_coro::executor, for_);
  co_await timer.async_wait(net::use_awaitable);
}

net::awaitable<void> until(const bool& flag) {
  while (!flag) co_await nap();
}

}  // namespace

TEST_CASE("aio atomic: committed when the coroutine returns, rolled back (the exception thrown at the co_await) when it throws") {
  orm_fixture fx("aio_atomic_commit");
  auto& db = *fx.db;
  run_on_io([&]() -> net::awaitable<void> {
    auto inside = co_await aio::atomic(db, [&]() -> net::awaitable<std::int64_t> {
      co_await add_tag("python", db);
      co_await nap();
      co_await add_tag("async", db);
      co_return co_await aio::objects<Tag>(db).count();  // its own writes
    });
    CHECK(inside == 2);
    CHECK(objects<Tag>(db).count() == 2);  // committed: another connection sees them

    std::string thrown;
    try {
      co_await aio::atomic(db, [&]() -> net::awaitable<void> {
        co_await add_tag("rust", db);
        CHECK(co_await tags_named("rust", db) == 1);
        throw std::runtime_error("boom");
      });
    } catch (const std::runtime_error& e) {
      thrown = e.what();
    }
    CHECK(thrown == "boom");
    CHECK(co_await tags_named("rust", db) == 0);
    CHECK(objects<Tag>(db).filter(q("name", "rust")).count() == 0);

    bool duplicate = false;  // the database's own error rolls back the writes before it too
    try {
      co_await aio::atomic(db, [&]() -> net::awaitable<void> {
        co_await add_tag("go", db);
        co_await add_tag("python", db);  // unique
      });
    } catch (const integrity_error&) {
      duplicate = true;
    }
    CHECK(duplicate);
    CHECK(co_await tags_named("go", db) == 0);
  });
  // Each scope gave its connection back.
  CHECK(db.connections().idle() == db.connections().size());
}

TEST_CASE("aio atomic: two coroutines' transactions interleave on one thread, each on a connection of its own") {
  orm_fixture fx("aio_atomic_interleave");
  auto counted = test::open_counted(fx.url, 1, 3);
  auto& db = *counted.db;
  auto io_thread = std::this_thread::get_id();
  net::io_context io;
  bool a_wrote = false, b_looked = false, a_done = false;
  std::int64_t a_sees = -1, a_sees_later = -1, b_sees = -1, outside_sees = -1;
  int wrong_thread = 0;
  auto here = [&] { wrong_thread += std::this_thread::get_id() != io_thread; };
  std::vector<std::string> errors;
  auto ended = [&](std::exception_ptr e) {  // a failed coroutine releases the other's wait
    a_wrote = b_looked = true;
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& what) {
      errors.push_back(what.what());
    }
  };
  net::co_spawn(io, [&]() -> net::awaitable<void> {
    co_await aio::atomic(db, [&]() -> net::awaitable<void> {
      co_await add_tag("from_a", db);
      here();
      a_sees = co_await tags_named("from_a", db);
      a_wrote = true;
      co_await until(b_looked);  // B's transaction and an outside call run meanwhile
      here();
      a_sees_later = co_await tags_named("from_a", db);  // still A's transaction: its own row
    });
    here();
    a_done = true;
  }, ended);
  net::co_spawn(io, [&]() -> net::awaitable<void> {
    co_await until(a_wrote);
    co_await aio::atomic(db, [&]() -> net::awaitable<void> {
      b_sees = co_await tags_named("from_a", db);  // not A's: A has not committed
      here();
    });
    outside_sees = co_await tags_named("from_a", db);  // in no scope
    here();
    b_looked = true;
  }, ended);
  io.run();
  CHECK(errors == std::vector<std::string>{});
  CHECK(a_done);
  CHECK(wrong_thread == 0);
  CHECK(a_sees == 1);
  CHECK(a_sees_later == 1);
  CHECK(b_sees == 0);  // on A's connection it would have seen A's row
  CHECK(outside_sees == 0);
  CHECK(objects<Tag>().filter(q("name", "from_a")).count() == 1);  // A committed after all
  CHECK(*counted.opened >= 2);
  CHECK(*counted.opened <= 3);
}

TEST_CASE("aio atomic: a nested scope is a savepoint, and select_for_update runs in a scope and is refused outside one") {
  orm_fixture fx("aio_atomic_nested");
  auto& db = *fx.db;
  run_on_io([&]() -> net::awaitable<void> {
    co_await aio::atomic(db, [&]() -> net::awaitable<void> {
      co_await add_tag("kept", db);
      bool inner_failed = false;
      try {
        co_await aio::atomic(db, [&]() -> net::awaitable<void> {
          co_await add_tag("undone", db);
          CHECK(co_await tags_named("undone", db) == 1);
          throw std::runtime_error("inner");
        });
      } catch (const std::runtime_error&) {
        inner_failed = true;
      }
      CHECK(inner_failed);
      CHECK(co_await tags_named("undone", db) == 0);  // back to the savepoint
      co_await aio::atomic(db, [&]() -> net::awaitable<void> { co_await add_tag("also_kept", db); });
      auto locked = co_await aio::objects<Tag>(db).select_for_update().filter(q("name", "kept")).all();
      CHECK(locked.size() == 1);
    });
    CHECK(objects<Tag>(db).count() == 2);
    CHECK(objects<Tag>(db).filter(q("name", "also_kept")).exists());
    bool refused = false;
    try {
      co_await aio::objects<Tag>(db).select_for_update().all();
    } catch (const transaction_management_error& e) {
      refused = std::string(e.what()).find("aio::atomic") != std::string::npos;
    }
    CHECK(refused);
  });
}

TEST_CASE("aio atomic: a scope left open when its io_context is destroyed is rolled back and its connection given back") {
  orm_fixture fx("aio_atomic_abandoned");
  auto counted = test::open_counted(fx.url, 1, 1);  // one connection: the next user gets the same
  auto& db = *counted.db;
  {
    net::io_context io;
    bool wrote = false;
    net::co_spawn(io, [&]() -> net::awaitable<void> {
      co_await aio::atomic(db, [&]() -> net::awaitable<void> {
        co_await add_tag("abandoned", db);
        wrote = true;
        co_await nap(60s);
      });
    }, net::detached);
    while (!wrote) io.run_one();
  }  // the coroutines are destroyed unresumed, their scope with them
  // The sync API waits for the connection, which comes back out of the rolled back transaction: the
  // same name inserts (and commits) now, where inside the old transaction it would clash with it.
  Tag again;
  again.name = "abandoned";
  testudo::atomic(db, [&] { testudo::create(again, db); });
  CHECK(objects<Tag>(db).filter(q("name", "abandoned")).count() == 1);
  CHECK(*counted.opened == 1);
}

TEST_CASE("aio atomic: a coroutine spawned in a scope that calls after the scope ended is refused at its co_await") {
  orm_fixture fx("aio_atomic_ended");
  auto& db = *fx.db;
  run_on_io([&]() -> net::awaitable<void> {
    net::any_io_executor in_scope;
    co_await aio::atomic(db, [&]() -> net::awaitable<void> {
      in_scope = co_await net::this_coro::executor;
      co_await add_tag("inside", db);
    });
    std::string refused;
    auto late = [&]() -> net::awaitable<void> {
      try {
        co_await add_tag("late", db);
      } catch (const transaction_management_error& e) {
        refused = e.what();
      }
    };
    co_await net::co_spawn(in_scope, late, net::use_awaitable);  // on the scope's executor, after its end
    CHECK(refused.find("has ended") != std::string::npos);
    CHECK(co_await tags_named("late", db) == 0);
    CHECK(co_await tags_named("inside", db) == 1);
  });
}

// Two coroutines on one thread, each in aio::atomic_retrying: each updates one user, waits (up to
// 2 s) for the other to have done the same, then updates the other user. On PostgreSQL and MySQL
// the database aborts one as the deadlock victim, which runs again; SQLite's writers queue
// instead (the second one's first update waits for the first's commit), so neither repeats.
TEST_CASE("aio atomic: atomic_retrying runs a transaction the database aborted again, until it commits") {
  orm_fixture fx("aio_atomic_retry");
  auto& db = *fx.db;
  auto a = create(test::user_named("a")), b = create(test::user_named("b"));
  int runs = 0, arrived = 0;
  net::io_context io;
  auto cross = [&](std::int32_t first, std::int32_t second, std::string tag) -> net::awaitable<void> {
    int attempt = 0;
    co_await aio::atomic_retrying(db, 3, [&]() -> net::awaitable<void> {
      ++runs;
      std::vector<named_expr> tagged;
      tagged.emplace_back("bio", value(tag));
      co_await aio::objects<User>(db).filter(q("id", first)).update(tagged);
      if (++attempt == 1) {
        ++arrived;
        auto until = std::chrono::steady_clock::now() + 2s;
        while (arrived < 2 && std::chrono::steady_clock::now() < until) co_await nap();
      }
      co_await aio::objects<User>(db).filter(q("id", second)).update(tagged);
    });
  };
  int failed = 0;
  for (auto [first, second, tag] : {std::tuple{a.id, b.id, "one"}, std::tuple{b.id, a.id, "two"}})
    net::co_spawn(io, cross(first, second, tag), [&](std::exception_ptr e) { failed += e != nullptr; });
  io.run();
  CHECK(failed == 0);
  CHECK(runs == (test::current_backend() != backend::sqlite ? 3 : 2));  // the victim ran twice
  CHECK(get<User>(q("id", a.id)).bio == get<User>(q("id", b.id)).bio);

  std::string refused;
  run_on_io([&]() -> net::awaitable<void> {
    co_await aio::atomic(db, [&]() -> net::awaitable<void> {
      try {
        co_await aio::atomic_retrying(db, 3, []() -> net::awaitable<void> { co_return; });
      } catch (const transaction_management_error& e) {
        refused = e.what();
      }
    });
  });
  CHECK(refused.find("inside an open aio::atomic scope") != std::string::npos);
}
