// aio test support: a coroutine run to its end on one io_context, on the test's thread; a database
// that counts the connections its pool opens; a statement that takes a while on every backend.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include "support/backend.hpp"
#include "testudo/aio.hpp"

namespace testudo::test {

// Runs the coroutine `make()` returns on an io_context of its own on this thread until every
// coroutine spawned there is done; rethrows what the coroutine threw.
template <class Make>
void run_on_io(Make make) {
  net::io_context io;
  std::exception_ptr failed;
  net::co_spawn(io, make(), [&](std::exception_ptr e) { failed = e; });
  io.run();
  if (failed) std::rethrow_exception(failed);
}

// A database on `url` over a pool of min..max connections that counts those it opens. No
// connection breaks in these tests, so the count is also the most that were open at once: an
// upper bound of the connections in use at once that does not come from the pool's own books.
struct counted_database {
  std::shared_ptr<std::atomic<int>> opened = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<database> db;
};
inline counted_database open_counted(const std::string& url, std::size_t min, std::size_t max) {
  counted_database out;
  auto parsed = parse_db_url(url);
  out.db = database::open(pool::open([parsed, opened = out.opened] {
    ++*opened;
    return connect(parsed);
  }, min, max), parsed.kind);
  return out;
}

// Coroutines whose frames outlive their io_context's run: they count how many of them were resumed
// after their statement, and how many frames were destroyed, resumed or not.
struct abandoned_calls {
  std::atomic<int> resumed = 0, unwound = 0;

  // Counts the frame it is in when that goes.
  struct unwinds {
    std::atomic<int>& count;
    ~unwinds() { ++count; }
  };

  // Spawns `n` coroutines on `io` that each await `sql` read into M rows (aio::raw) on `db`.
  template <class M>
  void spawn(net::io_context& io, database& db, const std::string& sql, int n) {
    for (int i = 0; i < n; ++i) {
      net::co_spawn(io, [this, &db, &sql]() -> net::awaitable<void> {
        unwinds frame{unwound};
        co_await aio::raw<M>(sql, {}, db);
        ++resumed;
      }, net::detached);
    }
  }
};

// A SELECT of one row (id, name: a storefront::Tag) that keeps its connection busy for about
// `seconds` (MySQL's SLEEP, PostgreSQL's pg_sleep). SQLite cannot sleep in SQL: a recursive count
// of 2,000,000 rows keeps it busy instead, for a time that depends on the machine (0.2-0.5 s).
inline std::string slow_select(double seconds) {
  switch (current_backend()) {
    case backend::mysql: return fmt::format("SELECT SLEEP({}) AS id, 'slept' AS name", seconds);
    case backend::postgres: return fmt::format("SELECT 0 AS id, 'slept' AS name FROM pg_sleep({})", seconds);
    case backend::sqlite:
      return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000) "
             "SELECT count(*) - 2000000 AS id, 'slept' AS name FROM n";
  }
  throw std::logic_error("no such backend");
}

}  // namespace testudo::test
