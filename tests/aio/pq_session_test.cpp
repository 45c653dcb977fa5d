// PostgreSQL over raw libpq on the executor thread (lib/src/aio/pq_session.hpp): statements
// pipelined on a few sessions, each awaited for its own result, errors at their own co_await, a
// thread that never blocks and never gets company.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "aio/pq_pool.hpp"
#include "support/backend.hpp"
#include "testudo/errors.hpp"

using namespace testudo;
using namespace std::chrono_literals;
using aio::detail::pq_pool;
using aio::detail::pq_result;
using aio::detail::pq_session;
using clock_type = std::chrono::steady_clock;

namespace {

bool postgres() { return test::current_backend() == backend::postgres; }

std::size_t thread_count() {
  auto tasks = std::filesystem::directory_iterator("/proc/self/task");
  return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

long long ms(clock_type::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

// The one value of a one-row, one-column result.
value only_value(const pq_result& result) {
  auto rows = result.rows();
  REQUIRE(rows.next());
  auto v = rows.get(0);
  CHECK_FALSE(rows.next());
  return v;
}

// Spawns the coroutine `make` on `io`, keeping what it throws in `failed`. co_spawn keeps `make`,
// whose captures the coroutine uses, until the coroutine ends.
template <class Make>
void spawn(net::io_context& io, std::exception_ptr& failed, Make make) {
  net::co_spawn(io, std::move(make), [&failed](std::exception_ptr e) {
    if (e) failed = e;
  });
}

// Connections to the test server that this process's sessions opened, named by `app`.
std::int64_t server_connections(const std::string& app) {
  auto admin = test::open_connection();
  auto rows = admin->query("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", {value(app)});
  rows->next();
  return rows->get_int64(0);
}

}  // namespace

TEST_CASE("PostgreSQL: 1,000 coroutines await a statement each on a pool of 4 pipelined sessions, all on one thread") {
  if (!postgres()) return;
  auto app = fmt::format("testudo_pq_{}", ::getpid());
  auto url = parse_db_url(test::test_url("application_name=" + app));
  constexpr int coroutines = 1000;
  const auto test_thread = std::this_thread::get_id();
  const auto threads_before = thread_count();
  std::size_t threads_in_flight = 0;
  int right = 0, elsewhere = 0, failed = 0, finished = 0;
  net::io_context io;
  pq_pool pool(io.get_executor(), url, 4);
  auto started = clock_type::now();
  for (int i = 0; i < coroutines; ++i) {
    net::co_spawn(io, [&, i]() -> net::awaitable<void> {
      std::array params{value(std::int64_t{i})};
      auto result = co_await pool.query("SELECT $1::int + 1", params);
      elsewhere += std::this_thread::get_id() != test_thread;
      right += only_value(result) == value(std::int64_t{i + 1});
      if (++finished == 1) threads_in_flight = thread_count();  // the other 999 are in flight
    }, [&](std::exception_ptr e) { failed += e != nullptr; });
  }
  io.run();
  auto elapsed = clock_type::now() - started;
  auto threads_after = thread_count();
  auto on_server = server_connections(app);
  MESSAGE(coroutines << " statements on " << pool.opened() << " sessions (" << on_server << " server connections): "
                     << ms(elapsed) << " ms; threads before/in flight/after: " << threads_before << "/"
                     << threads_in_flight << "/" << threads_after);
  CHECK(failed == 0);
  CHECK(right == coroutines);
  CHECK(elsewhere == 0);
  // All 1,000 were queued before the first session connected: the pool opened its 4, no more.
  CHECK(pool.opened() == 4);
  CHECK(on_server == 4);
  CHECK(threads_in_flight == threads_before);
  CHECK(threads_after == threads_before);
}

TEST_CASE("PostgreSQL: a failing statement throws at its own co_await, and those pipelined around it succeed") {
  if (!postgres()) return;
  net::io_context io;
  auto session = pq_session::open(io.get_executor(), parse_db_url(test::test_url()));
  std::exception_ptr failed, division, duplicate, too_many;
  std::optional<std::int64_t> before, inserted, counted;
  std::size_t in_flight = 0;
  spawn(io, failed, [&]() -> net::awaitable<void> {
    co_await session->query("CREATE TEMP TABLE pq_unique (id int PRIMARY KEY)");  // this session's own
    co_await session->query("INSERT INTO pq_unique VALUES (1)");
    auto executor = co_await net::this_coro::executor;
    // Queued behind a statement that takes 0.2 s, the five are in the pipeline together.
    net::co_spawn(executor, session->query("SELECT pg_sleep(0.2)"), net::detached);
    auto keep = [](std::exception_ptr& into) { return [&into](std::exception_ptr e, pq_result) { into = e; }; };
    net::co_spawn(executor, [&]() -> net::awaitable<void> {
      auto one = co_await session->query("SELECT 1::int8");
      before = std::get<std::int64_t>(only_value(one));
    }, net::detached);
    net::co_spawn(executor, session->query("SELECT 1 / 0"), keep(division));
    net::co_spawn(executor, [&]() -> net::awaitable<void> {
      auto insert = co_await session->query("INSERT INTO pq_unique VALUES (2)");
      inserted = insert.affected_rows();
    }, net::detached);
    net::co_spawn(executor, session->query("INSERT INTO pq_unique VALUES (1)"), keep(duplicate));
    net::co_spawn(executor, [&]() -> net::awaitable<void> {
      auto count = co_await session->query("SELECT count(*) FROM pq_unique");
      counted = std::get<std::int64_t>(only_value(count));
    }, net::detached);
    co_await net::post(executor, net::use_awaitable);  // after the six have started
    in_flight = session->in_flight();
    // One that libpq refuses to send fails alone, at once.
    std::vector<value> params(65536, value(std::int64_t{1}));
    try {
      co_await session->query("SELECT 1", params);
    } catch (const operational_error&) {
      too_many = std::current_exception();
    }
  });
  io.run();
  if (failed) std::rethrow_exception(failed);
  CHECK(in_flight == 6);
  CHECK(before == 1);
  REQUIRE(division);
  try {
    std::rethrow_exception(division);
  } catch (const integrity_error&) {
    FAIL("a division by zero is no integrity error");
  } catch (const operational_error& e) {
    CHECK(e.sqlstate() == "22012");
    CHECK(e.statement() == "SELECT 1 / 0");
  }
  REQUIRE(duplicate);
  try {
    std::rethrow_exception(duplicate);
  } catch (const integrity_error& e) {
    CHECK(e.sqlstate() == "23505");
    CHECK(e.constraint() == "pq_unique_pkey");
  }
  REQUIRE(too_many);
  try {
    std::rethrow_exception(too_many);
  } catch (const operational_error& e) {
    CHECK(std::string(e.what()).find("number of parameters must be between 0 and 65535") != std::string::npos);
  }
  CHECK(inserted == 1);
  CHECK(counted == 2);  // the failed INSERT aborted nothing but itself
  CHECK(session->is_healthy());
  session.reset();
}

TEST_CASE("PostgreSQL: statements with parameters are prepared once per session, and a failed prepare is the error of the statements relying on it") {
  if (!postgres()) return;
  for (bool prepares : {true, false}) {
    CAPTURE(prepares);
    net::io_context io;
    auto url = parse_db_url(test::test_url(prepares ? "" : "prepared_statements=false"));
    auto session = pq_session::open(io.get_executor(), url);
    std::exception_ptr failed;
    std::vector<std::string> missing;  // what three statements on a table not there yet got
    std::optional<std::int64_t> found, prepared;
    spawn(io, failed, [&]() -> net::awaitable<void> {
      static constexpr const char* later = "SELECT count(*) FROM pq_later WHERE id = $1";
      std::array key{value(std::int64_t{1})};
      auto executor = co_await net::this_coro::executor;
      for (int i = 0; i < 3; ++i)  // the first prepares the text, the other two are sent to run it
        net::co_spawn(executor, [&]() -> net::awaitable<void> {
          try {
            co_await session->query(later, key);
          } catch (const operational_error& e) {
            missing.emplace_back(e.what());
          }
        }, net::detached);
      co_await net::post(executor, net::use_awaitable);  // the three are in the pipeline first
      co_await session->query("CREATE TEMP TABLE pq_later (id int)");
      for (int i = 0; i < 2; ++i) found = std::get<std::int64_t>(only_value(co_await session->query(later, key)));
      std::array like{value(std::string("%pq_later%"))};
      auto named = co_await session->query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE $1", like);
      prepared = std::get<std::int64_t>(only_value(named));
    });
    io.run();
    if (failed) std::rethrow_exception(failed);
    REQUIRE(missing.size() == 3);
    for (const auto& m : missing) CHECK(m.find("relation \"pq_later\" does not exist") != std::string::npos);
    CHECK(found == 0);
    CHECK(prepared == (prepares ? 1 : 0));  // prepared again after the failure, once for both runs
    session.reset();
  }
}

TEST_CASE("PostgreSQL: statements bigger than the socket's buffers go out as it takes them while their echoes come back") {
  if (!postgres()) return;
  net::io_context io;
  pq_pool pool(io.get_executor(), parse_db_url(test::test_url()), 1);
  constexpr int statements = 4;
  int echoed = 0;
  std::exception_ptr failed;
  auto started = clock_type::now();
  for (int i = 0; i < statements; ++i) {
    // 4 MB each way: the kernel takes a few hundred KB at a time, so libpq's writes stop short
    // while the server already sends back the echo of what it has read.
    spawn(io, failed, [&, i]() -> net::awaitable<void> {
      std::array params{value(std::string(4 << 20, static_cast<char>('a' + i)))};
      auto echo = co_await pool.query("SELECT $1::text", params);
      auto rows = echo.rows();
      echoed += rows.next() && rows.get_text(0) == std::get<std::string>(params[0]);
    });
  }
  io.run();
  if (failed) std::rethrow_exception(failed);
  MESSAGE(statements << " x 4 MB echoed through one session in " << ms(clock_type::now() - started) << " ms");
  CHECK(echoed == statements);
  CHECK(pool.opened() == 1);
}

TEST_CASE("PostgreSQL: a 1 ms heartbeat stays on time while the session connects and awaits pg_sleep(0.3)") {
  if (!postgres()) return;
  net::io_context io;
  pq_pool pool(io.get_executor(), parse_db_url(test::test_url()), 1);
  std::exception_ptr failed;
  bool slept = false;
  int ticks = 0;
  clock_type::duration sleep_took{}, worst_lag{};
  spawn(io, failed, [&]() -> net::awaitable<void> {
    auto started = clock_type::now();
    co_await pool.query("SELECT pg_sleep(0.3)");
    sleep_took = clock_type::now() - started;
    slept = true;
  });
  net::co_spawn(io, [&]() -> net::awaitable<void> {
    net::steady_timer tick(io);
    while (!slept && !failed) {  // a server that is down fails the statement: the test ends
      auto due = clock_type::now() + 1ms;
      tick.expires_at(due);
      co_await tick.async_wait(net::use_awaitable);
      worst_lag = std::max(worst_lag, clock_type::now() - due);
      ++ticks;
    }
  }, net::detached);
  io.run();
  if (failed) std::rethrow_exception(failed);
  MESSAGE("connect + pg_sleep(0.3): " << ms(sleep_took) << " ms; " << ticks << " heartbeats, worst lag "
                                      << std::chrono::duration_cast<std::chrono::microseconds>(worst_lag).count() << " us");
  CHECK(sleep_took >= 300ms);
  // An executor blocked by the statement would lag at least its 300 ms; a loaded 2-core machine
  // lags up to some 30 ms (ASan).
  CHECK(worst_lag < 100ms);
  CHECK(ticks > 100);
}

TEST_CASE("PostgreSQL: connecting to a port that refuses fails the statements queued at their co_await") {
  if (!postgres()) return;
  net::io_context io;
  // Bound but not listening: the port is ours, and a connection to it is refused.
  net::ip::tcp::socket refusing(io, net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  auto url = parse_db_url(fmt::format("postgres://testudo:testudo_pw@127.0.0.1:{}/testudo_test",
                                      refusing.local_endpoint().port()));
  auto session = pq_session::open(io.get_executor(), url);
  pq_pool pool(io.get_executor(), url, 2);
  std::vector<std::string> errors;
  std::exception_ptr failed;
  auto expect_refused = [&](net::awaitable<pq_result> statement) -> net::awaitable<void> {
    try {
      co_await std::move(statement);
      errors.push_back("no error");
    } catch (const db_connection_error& e) {
      errors.push_back(e.what());
    }
  };
  spawn(io, failed, [&]() -> net::awaitable<void> {
    auto executor = co_await net::this_coro::executor;
    net::co_spawn(executor, expect_refused(session->query("SELECT 1")), net::detached);
    co_await expect_refused(session->query("SELECT 2"));
    co_await expect_refused(session->query("SELECT 3"));  // the session ended: at once
    co_await expect_refused(pool.query("SELECT 4"));
    co_await expect_refused(pool.query("SELECT 5"));  // on a session that replaced the first
  });
  io.run();
  if (failed) std::rethrow_exception(failed);
  REQUIRE(errors.size() == 5);
  MESSAGE(errors[0]);
  for (const auto& e : errors) {
    CHECK(e.starts_with(fmt::format("cannot connect to postgres at 127.0.0.1:{}", url.port)));
    CHECK(e.find("Connection refused") != std::string::npos);
  }
  CHECK_FALSE(session->is_healthy());
  CHECK(pool.opened() == 2);
}

TEST_CASE("PostgreSQL: a server that never answers fails the connect after connect_timeout") {
  if (!postgres()) return;
  net::io_context io;
  // Listening, but nobody reads: the TCP handshake succeeds and the startup message goes unanswered.
  net::ip::tcp::acceptor silent(io, net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  auto url = parse_db_url(fmt::format("postgres://testudo:testudo_pw@127.0.0.1:{}/testudo_test?connect_timeout=1",
                                      silent.local_endpoint().port()));
  auto session = pq_session::open(io.get_executor(), url);
  std::string error;
  std::exception_ptr failed;
  auto started = clock_type::now();
  spawn(io, failed, [&]() -> net::awaitable<void> {
    try {
      co_await session->query("SELECT 1");
    } catch (const db_connection_error& e) {
      error = e.what();
    }
  });
  io.run();
  auto took = clock_type::now() - started;
  if (failed) std::rethrow_exception(failed);
  CHECK(error.find("did not answer within 1 s") != std::string::npos);
  CHECK(took >= 1s);
  CHECK(took < 3s);
}

TEST_CASE("PostgreSQL: values round-trip through a session and read back through its row_cursor") {
  if (!postgres()) return;
  const std::string text = "it's \"quoted\"; \\ back; ünïcødé ✓ 🐢";
  const blob bytes{0x00, 0x01, 0x27, 0x5c, 0x7f, 0x80, 0xff};
  const datetime instant = std::chrono::sys_days(std::chrono::year(2024) / 2 / 29) + 13h + 14min + 15s + 123456us;
  std::array params{value(std::int64_t{-42}), value(text),           value(null),
                    value(bytes),             value(decimal{"12345.678900"}), value(true),
                    value(instant),           value(0.1),                     value(instant)};
  net::io_context io;
  pq_pool pool(io.get_executor(), parse_db_url(test::test_url()), 1);
  std::optional<pq_result> result;
  std::string zone;
  std::exception_ptr failed;
  spawn(io, failed, [&]() -> net::awaitable<void> {
    auto got = co_await pool.query("SELECT $1::int AS i, $2::text AS t, $3::int AS n, $4::bytea AS b, "
                                   "$5::numeric AS d, $6::bool AS f, $7::timestamp AS ts, $8::float8 AS x, "
                                   "$9::timestamptz AS tz", params);
    result = std::move(got);
    auto setting = co_await pool.query("SELECT current_setting('TimeZone')");
    zone = std::get<std::string>(only_value(setting));
  });
  io.run();
  if (failed) std::rethrow_exception(failed);
  CHECK(zone == "UTC");  // the session's settings, as the libpqxx driver's
  REQUIRE(result);
  CHECK(result->affected_rows() == 1);
  auto rows = result->rows();
  REQUIRE(rows.column_count() == 9);
  CHECK(rows.column_name(1) == "t");
  REQUIRE(rows.next());
  CHECK(rows.get(0) == value(std::int64_t{-42}));
  CHECK(rows.get_int64(0) == -42);
  CHECK(rows.get(1) == value(text));
  CHECK(rows.get_text(1) == text);
  CHECK(rows.is_null(2));
  CHECK(rows.get(2) == value(null));
  CHECK(rows.get(3) == value(bytes));
  CHECK(rows.get_blob(3) == bytes);
  CHECK(rows.get(4) == value(decimal{"12345.678900"}));
  CHECK(rows.get(5) == value(true));
  CHECK(rows.get_bool(5));
  CHECK(rows.get(6) == value(instant));
  CHECK(rows.get(7) == value(0.1));
  CHECK(rows.get_datetime(8) == instant);
  CHECK_FALSE(rows.next());
}

TEST_CASE("PostgreSQL: a lost connection fails every statement in flight on it, and the pool replaces its session") {
  if (!postgres()) return;
  auto url = parse_db_url(test::test_url());
  net::io_context io;
  auto victim = pq_session::open(io.get_executor(), url);
  auto other = pq_session::open(io.get_executor(), url);
  pq_pool pool(io.get_executor(), url, 1);
  std::vector<std::string> lost;
  std::int64_t pool_pid = 0, replacement_pid = 0;
  bool idle_loss_failed = false;
  std::exception_ptr failed;
  auto started = clock_type::now();
  auto pid_of = [](auto& runs) -> net::awaitable<std::int64_t> {
    auto pid = co_await runs.query("SELECT pg_backend_pid()");
    co_return std::get<std::int64_t>(only_value(pid));
  };
  auto terminate = [&](std::int64_t pid) -> net::awaitable<void> {
    std::array params{value(pid)};
    auto terminated = co_await other->query("SELECT pg_terminate_backend($1)", params);
    CHECK(only_value(terminated) == value(true));
  };
  auto expect_lost = [&](std::string_view sql) -> net::awaitable<void> {
    try {
      co_await victim->query(sql);
    } catch (const db_connection_error& e) {
      lost.push_back(e.what());
    }
  };
  spawn(io, failed, [&]() -> net::awaitable<void> {
    auto executor = co_await net::this_coro::executor;
    auto victim_pid = co_await pid_of(*victim);
    for (auto sql : {"SELECT pg_sleep(10)", "SELECT 1", "SELECT 2"}) net::co_spawn(executor, expect_lost(sql), net::detached);
    co_await terminate(victim_pid);
    // Lost while idle: the next statement finds out, and the one after runs on a new session.
    pool_pid = co_await pid_of(pool);
    co_await terminate(pool_pid);
    try {
      co_await pool.query("SELECT 1");
    } catch (const db_connection_error&) {
      idle_loss_failed = true;
    }
    replacement_pid = co_await pid_of(pool);
  });
  io.run();
  if (failed) std::rethrow_exception(failed);
  CHECK(clock_type::now() - started < 5s);  // not after the 10 s sleep
  REQUIRE(lost.size() == 3);
  for (const auto& e : lost) CHECK(e.starts_with("lost the connection to PostgreSQL"));
  CHECK_FALSE(victim->is_healthy());
  CHECK(idle_loss_failed);
  CHECK(replacement_pid != pool_pid);
  CHECK(pool.opened() == 2);
}

TEST_CASE("PostgreSQL: destroying the io_context with statements in flight destroys their coroutines unresumed") {
  if (!postgres()) return;
  std::atomic<int> resumed = 0, unwound = 0;
  struct count_unwound {
    std::atomic<int>& unwound;
    ~count_unwound() { ++unwound; }
  };
  auto started = clock_type::now();
  {
    net::io_context io;
    {
      pq_pool pool(io.get_executor(), parse_db_url(test::test_url()), 2);
      for (int i = 0; i < 5; ++i) {
        net::co_spawn(io, [&]() -> net::awaitable<void> {
          count_unwound frame{unwound};
          co_await pool.query("SELECT pg_sleep(5)");
          ++resumed;
        }, net::detached);
      }
      io.run_for(300ms);  // connected, and the statements sent
    }  // the pool goes first; its sessions live on while statements are in flight
  }
  CHECK(resumed == 0);
  CHECK(unwound == 5);
  CHECK(clock_type::now() - started < 3s);
}
