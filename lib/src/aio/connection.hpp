// Internal: the hop of an awaitable ORM call to a connection (a worker's, or a pipelined
// PostgreSQL session) and back.
#pragma once

#include <functional>
#include <optional>
#include <type_traits>

#include "aio/pq_route.hpp"
#include "aio/worker.hpp"
#include "query/terminals.hpp"
#include "testudo/aio/net.hpp"

namespace testudo::aio::detail {

// `db` as a shared_ptr, which a call holds while it uses it: configuration_error for a database
// not held by one.
std::shared_ptr<database> owning(database& db);
// The database's pool, as a pointer that owns the database (a call uses both).
std::shared_ptr<pool> pool_owning(database& db);

using call_done = std::function<void(std::exception_ptr)>;
// How a call starts: given the awaiting coroutine's executor, it runs the call elsewhere and calls
// `done` once, there, when the call ended; or it throws, and never calls `done`. It returns the
// call while the call may be given up (waiting for a connection), or nothing.
using call_start = std::function<std::weak_ptr<waiting_call>(const net::any_io_executor& executor, call_done done)>;
// Suspends the calling coroutine while `start` runs a call; it resumes on its own executor, the
// call's error (or start's) thrown at the co_await.
net::awaitable<void> await_call(call_start start);

// Runs job(conn) while the calling coroutine is suspended: on the connection of the coroutine's
// aio::atomic scope on `db` when it is in one (on the scope's worker, after the scope's earlier
// calls), else with a connection of `db`'s pool on a worker thread (run_on_worker); it resumes on its own executor (async_initiate, not
// co_await post(worker): that would resume on the worker, async-design.md §4), and the job's
// exception is thrown at the co_await, as is one from starting the call. The job may reference the
// caller's frame: it has ended, and been destroyed, before the coroutine resumes, or before
// destroying the coroutine's io_context completes (which then destroys the frame unresumed).
net::awaitable<void> on_connection(database& db, std::function<void(connection&)> job);

// Runs the sync ORM code fn() on a worker while the calling coroutine is suspended, with the call's
// connection (as on_connection chooses it) made that thread's for `db`: the sync calls fn makes on
// `db` run there, in the coroutine's aio::atomic scope when it is in one. For calls with no signals
// or validation (those run on the coroutine's thread: objects.cpp).
net::awaitable<void> on_thread_connection(database& db, std::function<void()> fn);

// What a terminal makes of its prepared statement.
template <class Prepare, class Finish>
using terminal_result = decltype(std::declval<const testudo::detail::terminal<Prepare, Finish>&>().run(
    std::declval<database&>(), std::declval<connection&>(),
    std::declval<std::invoke_result_t<const Prepare&, const dialect&, testudo::detail::decimal_storage&>&>()));

// Runs one numbered statement through `route`, `db`'s statement hook called first on this thread;
// holds `db` meanwhile.
net::awaitable<pq_result> pipelined(pq_route& route, database& db, std::string_view sql, std::span<const value> params);

// What a terminal makes of the answer a pq_session got for its prepared statement.
template <class Terminal, class Prepared>
decltype(auto) finish_answer(const Terminal& t, const pq_result& answer, const Prepared& prepared) {
  if constexpr (Terminal::template reads_rows<Prepared>) {
    auto rows = answer.rows();
    return t.finish(rows, prepared);
  } else {
    return t.finish(answer.affected_rows(), prepared);
  }
}

// A terminal (query/terminals.hpp) awaited: prepared here, then run through libpq's pipelined
// sessions without a thread (pq_route_for says when), or confirmed and run on a worker connection.
template <class Prepare, class Finish>
net::awaitable<terminal_result<Prepare, Finish>> run_terminal(database& db, testudo::detail::terminal<Prepare, Finish> t) {
  testudo::detail::decimal_storage decimals(db);
  auto again = [&] { return t.prepare(db.sql_dialect(), decimals); };
  auto prepared = again();
  if (!decimals.needs_confirm()) {  // confirming reads the live schema on a connection: a worker's
    if (auto* route = pq_route_for(co_await net::this_coro::executor, db)) {
      auto answer = co_await pipelined(*route, db, testudo::detail::sql_of(prepared), testudo::detail::params_of(prepared));
      co_return finish_answer(t, answer, prepared);
    }
  }
  auto run = [&](connection& conn) {
    testudo::detail::confirm_on(conn, decimals, prepared, again);
    return t.run(db, conn, prepared);
  };
  if constexpr (std::is_void_v<terminal_result<Prepare, Finish>>) {
    co_await on_connection(db, run);
  } else {
    std::optional<terminal_result<Prepare, Finish>> result;
    co_await on_connection(db, [&](connection& conn) { result.emplace(run(conn)); });
    co_return std::move(*result);
  }
}

}  // namespace testudo::aio::detail
