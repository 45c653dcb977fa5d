// The ORM's awaited statements on PostgreSQL go through libpq's pipelined sessions on the
// io_context's own thread (lib/src/aio/pq_route.hpp), outside aio::atomic scopes: no thread per
// statement, a few connections, results and errors where the statement was awaited.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "aio/run.hpp"
#include "orm/fixture.hpp"

using namespace testudo;
using namespace storefront;
using namespace std::chrono_literals;
using testudo::test::orm_fixture;
namespace aio = testudo::aio;

namespace {

std::size_t thread_count() {
  auto tasks = std::filesystem::directory_iterator("/proc/self/task");
  return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

// The fixture's database opened again with `options` (its own pools), named `app` on the server.
std::shared_ptr<database> reopen(const orm_fixture& fx, const std::string& app, std::string_view options) {
  auto separator = fx.url.find('?') == std::string::npos ? '?' : '&';
  return database::open(fmt::format("{}{}application_name={}&{}", fx.url, separator, app, options));
}

std::string app_name(std::string_view test) { return fmt::format("testudo_{}_{}", test, ::getpid()); }

// Connections to the test server named `app`.
std::int64_t server_connections(const std::string& app) {
  auto admin = test::open_connection();
  auto rows = admin->query("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", {value(app)});
  rows->next();
  return rows->get_int64(0);
}

// Waits up to 5 s for the server to count `n` connections named `app` (closing one takes a moment).
std::int64_t settle_connections(const std::string& app, std::int64_t n) {
  auto until = std::chrono::steady_clock::now() + 5s;
  auto now = server_connections(app);
  while (now != n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(20ms);
    now = server_connections(app);
  }
  return now;
}

std::vector<User> make_users(int n) {
  std::vector<User> users;
  for (int i = 0; i < n; ++i) users.push_back(test::user_named("user" + std::to_string(i)));
  bulk_create(users);
  return users;
}

template <class Make>
void spawn(net::io_context& io, std::atomic<int>& failed, Make make) {
  net::co_spawn(io, std::move(make), [&failed](std::exception_ptr e) { failed += e != nullptr; });
}

}  // namespace

TEST_CASE("PostgreSQL: 1,000 concurrent aio gets on a database of maxsize=4 share 4 pipelined connections on the io_context's thread") {
  orm_fixture fx("aio_pipeline");
  auto users = make_users(50);
  auto app = app_name("pipeline");
  auto db = reopen(fx, app, "minsize=1&maxsize=4");
  const auto io_thread = std::this_thread::get_id();
  std::atomic<int> statements = 0, statements_elsewhere = 0;
  db->on_statement([&](std::string_view) {
    ++statements;
    statements_elsewhere += std::this_thread::get_id() != io_thread;
  });
  constexpr int coroutines = 1000;
  const auto threads_before = thread_count();
  std::size_t threads_in_flight = 0;
  int right = 0, wrong_thread = 0, finished = 0;
  std::atomic<int> failed = 0;
  std::int64_t on_server = 0;
  {
    net::io_context io;
    for (int i = 0; i < coroutines; ++i) {
      spawn(io, failed, [&, i]() -> net::awaitable<void> {
        const auto& u = users[static_cast<std::size_t>(i) % users.size()];
        auto got = co_await aio::objects<User>(*db).get(q("id", u.id));
        wrong_thread += std::this_thread::get_id() != io_thread;
        right += got.username == u.username && got.email == u.email;
        if (++finished == 1) threads_in_flight = thread_count();  // the other 999 are in flight
      });
    }
    io.run();
    on_server = server_connections(app);  // the sessions live as long as their io_context
  }
  MESSAGE(coroutines << " gets; server connections " << on_server << " (1 of them the sync pool's); threads before/in flight: "
                     << threads_before << "/" << threads_in_flight);
  CHECK(failed == 0);
  CHECK(right == coroutines);
  CHECK(wrong_thread == 0);
  CHECK(statements == coroutines);
  CHECK(statements_elsewhere == 0);  // sent from the io_context's thread: no worker took them
  CHECK(threads_in_flight == threads_before);
  CHECK(on_server == 1 + 4);  // the sync pool's minsize, and the 4 sessions, no more
  CHECK(settle_connections(app, 1) == 1);  // destroying the io_context closed its sessions
}

TEST_CASE("PostgreSQL: an aio::atomic scope keeps its statements on its own connection, and the pipeline beside it does not see its rows until it commits") {
  orm_fixture fx("aio_pipeline_scope");
  auto db = reopen(fx, app_name("pipeline_scope"), "maxsize=4");
  const auto io_thread = std::this_thread::get_id();
  std::vector<std::pair<std::string, bool>> ran;  // statement, sent from the io_context's thread
  std::mutex ran_mutex;
  db->on_statement([&](std::string_view sql) {
    std::lock_guard lock(ran_mutex);
    ran.emplace_back(std::string(sql), std::this_thread::get_id() == io_thread);
  });
  net::io_context io;
  std::atomic<int> failed = 0;
  int step = 0;
  std::int64_t inside = -1, beside = -1, after = -1;
  auto wait_for = [&](int s) -> net::awaitable<void> {
    net::steady_timer tick(io);
    while (step < s) {
      tick.expires_after(1ms);
      co_await tick.async_wait(net::use_awaitable);
    }
  };
  spawn(io, failed, [&]() -> net::awaitable<void> {
    co_await aio::atomic(*db, [&]() -> net::awaitable<void> {
      auto u = test::user_named("scoped");
      co_await aio::create(u, *db);
      inside = co_await aio::objects<User>(*db).count();
      step = 1;
      co_await wait_for(2);
    });
    after = co_await aio::objects<User>(*db).count();
  });
  spawn(io, failed, [&]() -> net::awaitable<void> {
    co_await wait_for(1);
    beside = co_await aio::objects<User>(*db).count();
    step = 2;
  });
  io.run();
  CHECK(failed == 0);
  CHECK(inside == 1);
  CHECK(beside == 0);
  CHECK(after == 1);
  std::vector<bool> counts_on_io_thread;
  for (const auto& [sql, on_io_thread] : ran) {
    if (sql.find("INSERT") != std::string::npos) CHECK_FALSE(on_io_thread);  // the scope's worker
    if (sql.find("count(") != std::string::npos || sql.find("COUNT(") != std::string::npos)
      counts_on_io_thread.push_back(on_io_thread);
  }
  // inside the scope (its worker), beside it and after it (the pipeline)
  CHECK(counts_on_io_thread == std::vector<bool>{false, true, true});
}

TEST_CASE("PostgreSQL: a failing statement in the pipeline throws integrity_error at its own co_await, and those around it succeed") {
  orm_fixture fx("aio_pipeline_error");
  auto users = make_users(10);
  auto db = reopen(fx, app_name("pipeline_error"), "maxsize=2");
  net::io_context io;
  std::atomic<int> failed = 0;
  int right = 0, refused = 0;
  for (int i = 0; i < 200; ++i) {
    spawn(io, failed, [&, i]() -> net::awaitable<void> {
      const auto& u = users[static_cast<std::size_t>(i) % users.size()];
      if (i == 100) {
        std::vector<named_expr> taken_email;  // GCC 12: no braced list in a co_await expression
        taken_email.emplace_back("email", value(users[0].email));
        try {
          co_await aio::objects<User>(*db).filter(q("id", users[1].id)).update(std::move(taken_email));
        } catch (const integrity_error&) {
          ++refused;
        }
        co_return;
      }
      right += (co_await aio::objects<User>(*db).get(q("id", u.id))).email == u.email;
    });
  }
  io.run();
  CHECK(failed == 0);
  CHECK(refused == 1);
  CHECK(right == 199);
  CHECK(objects<User>().get(q("id", users[1].id)).email == users[1].email);
}

TEST_CASE("PostgreSQL: a pipelined session the server closed while idle is replaced before the next aio call, which succeeds") {
  orm_fixture fx("aio_pipeline_lost");
  make_users(3);
  auto app = app_name("pipeline_lost");
  auto db = reopen(fx, app, "minsize=1&maxsize=2");
  net::io_context io;
  std::atomic<int> failed = 0;
  std::optional<std::int64_t> first, second;
  spawn(io, failed, [&]() -> net::awaitable<void> { first = co_await aio::objects<User>(*db).count(); });
  io.run();
  REQUIRE(first == 3);
  // A server restart, or an idle timeout, as the session sees it: the server ends the connection.
  test::open_connection()->execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", {value(app)});
  REQUIRE(settle_connections(app, 0) == 0);
  // A backend leaves pg_stat_activity a moment before its process exits and its socket closes.
  std::this_thread::sleep_for(200ms);
  io.restart();
  std::string error;
  net::co_spawn(io, [&]() -> net::awaitable<void> { second = co_await aio::objects<User>(*db).count(); },
                [&](std::exception_ptr e) {
                  try {
                    if (e) std::rethrow_exception(e);
                  } catch (const std::exception& x) {
                    error = x.what();
                  }
                });
  io.run();
  CHECK(error == "");
  CHECK(second == 3);
}

TEST_CASE("PostgreSQL: an io_context run by two threads pipelines its coroutines' statements on one strand") {
  orm_fixture fx("aio_pipeline_threads");
  auto users = make_users(20);
  auto db = reopen(fx, app_name("pipeline_threads"), "maxsize=3");
  net::io_context io;
  std::atomic<int> right = 0, failed = 0;
  for (int i = 0; i < 400; ++i) {
    spawn(io, failed, [&, i]() -> net::awaitable<void> {
      const auto& u = users[static_cast<std::size_t>(i) % users.size()];
      right += (co_await aio::objects<User>(*db).get(q("id", u.id))).username == u.username;
    });
  }
  std::thread other([&] { io.run(); });
  io.run();
  other.join();
  CHECK(failed == 0);
  CHECK(right == 400);
}

TEST_CASE("PostgreSQL: the pipelined sessions are not the sync pool's: an aio call goes on while every pooled connection is held") {
  orm_fixture fx("aio_pipeline_pool");
  make_users(2);
  auto db = reopen(fx, app_name("pipeline_pool"), "minsize=2&maxsize=2");
  db->connections().set_acquire_timeout(200ms);
  auto first = db->connections().acquire();
  auto second = db->connections().acquire();
  CHECK_THROWS_AS(objects<User>(*db).count(), operational_error);  // the sync call finds none
  std::int64_t counted = -1;
  test::run_on_io([&]() -> net::awaitable<void> { counted = co_await aio::objects<User>(*db).count(); });
  CHECK(counted == 2);
}

TEST_CASE("PostgreSQL: destroying the io_context with pipelined statements in flight destroys their coroutines unresumed and closes its sessions") {
  orm_fixture fx("aio_pipeline_shutdown");
  auto app = app_name("pipeline_shutdown");
  auto db = reopen(fx, app, "minsize=1&maxsize=2");
  test::abandoned_calls calls;
  auto slow = test::slow_select(0.3);
  auto started = std::chrono::steady_clock::now();
  {
    net::io_context io;
    calls.spawn<Tag>(io, *db, slow, 5);
    // Until both sessions are connected and the statements are on the server.
    while (server_connections(app) < 3 && std::chrono::steady_clock::now() < started + 10s) io.run_for(5ms);
    io.run_for(20ms);
  }
  auto destroyed_after = std::chrono::steady_clock::now() - started;
  CHECK(calls.resumed == 0);
  CHECK(calls.unwound == 5);
  CHECK(destroyed_after < 300ms * 5 / 2);  // no waiting for the statements: there is no worker to wait for
  CHECK(settle_connections(app, 1) == 1);  // the sync pool's; the sessions are closed
}

TEST_CASE("PostgreSQL: create, save, remove and raw go through the pipeline too, with the generated key read back") {
  orm_fixture fx("aio_pipeline_writes");
  auto db = reopen(fx, app_name("pipeline_writes"), "maxsize=2");
  const auto io_thread = std::this_thread::get_id();
  std::atomic<int> statements = 0, statements_elsewhere = 0;
  db->on_statement([&](std::string_view) {
    ++statements;
    statements_elsewhere += std::this_thread::get_id() != io_thread;
  });
  User alice = test::user_named("alice"), bob = test::user_named("bob");
  std::vector<User> by_raw;
  std::string missing;
  test::run_on_io([&]() -> net::awaitable<void> {
    co_await aio::create(alice, *db);
    co_await aio::create(bob, *db);
    alice.bio = "updated";
    co_await aio::save(alice, {}, *db);
    co_await aio::remove(bob, *db);
    std::vector<value> key;  // GCC 12: no braced list in a co_await expression
    key.emplace_back(alice.id);
    by_raw = co_await aio::raw<User>("SELECT * FROM users WHERE id = $1", key, *db);
    co_await aio::save(bob, {}, *db);  // its row is gone: the UPDATE matches none, so it is inserted again
    save_options force;
    force.force_update = true;
    User ghost = test::user_named("ghost");
    ghost.id = 999999;
    try {
      co_await aio::save(ghost, force, *db);
    } catch (const does_not_exist& e) {
      missing = e.what();
    }
  });
  CHECK(alice.id > 0);
  CHECK(bob.id > alice.id);
  REQUIRE(by_raw.size() == 1);
  CHECK(by_raw[0].bio == "updated");
  CHECK(objects<User>().get(q("id", bob.id)).username == "bob");
  CHECK(objects<User>().count() == 2);
  CHECK(missing.find("found no row") != std::string::npos);
  CHECK(statements == 8);  // 2 INSERTs, UPDATE, DELETE, SELECT, UPDATE + INSERT, UPDATE
  CHECK(statements_elsewhere == 0);
}
