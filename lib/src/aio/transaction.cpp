// aio::atomic: a transaction whose scope follows the coroutine. The coroutine's executor carries
// the scope (scoped_executor below), so a call finds it however deep in awaited coroutines it is
// made and whichever thread resumes it; the scope's connection is used on one worker thread, one
// call after the other.
#include "aio/transaction.hpp"

#include <atomic>
#include <chrono>
#include <typeinfo>
#include <utility>

#include <boost/asio/steady_timer.hpp>

#include "aio/connection.hpp"
#include "aio/worker.hpp"
#include "orm/thread_connection.hpp"
#include "testudo/db/pool.hpp"
#include "testudo/errors.hpp"
#include "testudo/orm/database.hpp"

namespace testudo::aio::detail {
namespace {

// The connection of an outermost scope and the worker that uses it, shared by its savepoints.
class held_connection {
 public:
  explicit held_connection(std::shared_ptr<database> owner) : owner_(std::move(owner)) {}
  held_connection(const held_connection&) = delete;
  held_connection& operator=(const held_connection&) = delete;
  // A scope whose coroutine went without ending it (its io_context was destroyed meanwhile): its
  // connection goes back on the worker, after the calls queued there; the pool rolls it back.
  ~held_connection() {
    if (conn_) on_.post([conn = std::make_shared<pooled_connection>(std::move(conn_))] { *conn = pooled_connection{}; });
  }

  database& db() const noexcept { return *owner_; }
  std::shared_ptr<pool> connections() const { return {owner_, &owner_->connections()}; }
  connection& conn() const noexcept { return *conn_; }
  lane& on() noexcept { return on_; }
  void hold(pooled_connection conn) noexcept { conn_ = std::move(conn); }
  // Back to the pool (which rolls back what is still open of its transaction): on the worker.
  void release() noexcept { conn_ = pooled_connection{}; }

 private:
  std::shared_ptr<database> owner_;
  lane on_;  // declared before conn_: the destructor posts to it
  pooled_connection conn_;
};

}  // namespace

class transaction {
 public:
  transaction(std::shared_ptr<held_connection> held, std::shared_ptr<transaction> enclosing)
      : held_(std::move(held)), enclosing_(std::move(enclosing)) {}
  held_connection& held() const noexcept { return *held_; }
  const std::shared_ptr<held_connection>& shared_held() const noexcept { return held_; }
  // The scope the coroutine was in when this one began (on any database).
  const transaction* enclosing() const noexcept { return enclosing_.get(); }
  // Once its end is under way: a coroutine that still runs on the scope's executor (spawned there,
  // say) must not reach a connection given back, or a transaction that is the enclosing one's.
  bool ended() const noexcept { return ended_; }
  void close() noexcept { ended_ = true; }

 private:
  std::shared_ptr<held_connection> held_;
  std::shared_ptr<transaction> enclosing_;
  std::atomic<bool> ended_ = false;  // io_context::run may run on several threads
};

namespace {

// An executor that runs everything on `inner` and carries an aio::atomic scope: a coroutine
// co_spawn'ed on it, and every coroutine it awaits, sees it as `co_await this_coro::executor`.
// Asio's requirements and preferences pass through to `inner`, keeping the scope.
template <class Inner>
class scoped_executor {
 public:
  scoped_executor(Inner inner, std::shared_ptr<transaction> scope) noexcept
      : inner_(std::move(inner)), scope_(std::move(scope)) {}

  template <class F>
  void execute(F&& f) const {
    net::execution::execute(inner_, std::forward<F>(f));
  }
  template <class P>
  auto query(const P& p) const -> decltype(net::query(std::declval<const Inner&>(), p)) {
    return net::query(inner_, p);
  }
  template <class P>
  auto require(const P& p) const
      -> scoped_executor<std::decay_t<decltype(net::require(std::declval<const Inner&>(), p))>> {
    return {net::require(inner_, p), scope_};
  }
  template <class P>
  auto prefer(const P& p) const
      -> scoped_executor<std::decay_t<decltype(net::prefer(std::declval<const Inner&>(), p))>> {
    return {net::prefer(inner_, p), scope_};
  }
  friend bool operator==(const scoped_executor& a, const scoped_executor& b) noexcept {
    return a.inner_ == b.inner_ && a.scope_ == b.scope_;
  }
  friend bool operator!=(const scoped_executor& a, const scoped_executor& b) noexcept { return !(a == b); }

  const std::shared_ptr<transaction>& scope() const noexcept { return scope_; }
  const Inner& inner() const noexcept { return inner_; }

 private:
  Inner inner_;
  std::shared_ptr<transaction> scope_;
};
using scoped = scoped_executor<net::any_io_executor>;  // the coroutines' executors are any_io_executor

// The innermost scope of the coroutine of `executor`, on any database. (Boost 1.74's target<T>()
// does not check the type itself.)
std::shared_ptr<transaction> innermost(const net::any_io_executor& executor) {
  if (executor.target_type() != typeid(scoped)) return nullptr;
  return executor.target<scoped>()->scope();
}

transaction* on_database(const transaction* scope, const database& db) {
  for (; scope; scope = scope->enclosing())
    if (&scope->held().db() == &db) return const_cast<transaction*>(scope);
  return nullptr;
}

// Runs job(conn) on the scope's connection; the coroutine is suspended meanwhile. `last`: the job
// ends the scope, and no call after it may use the scope.
net::awaitable<void> on_scope(const std::shared_ptr<transaction>& scope, std::function<void(connection&)> job,
                              bool last = false) {
  return await_call([scope, job = std::move(job), last](const net::any_io_executor&, call_done done) mutable {
    run_in(*scope, std::move(job), std::move(done));
    if (last) scope->close();
    return std::weak_ptr<waiting_call>{};  // after the scope's calls: not given up
  });
}

// The borrowing of a new outermost scope's connection.
struct borrowing final : waiting_call {
  borrowing(std::shared_ptr<held_connection> into, call_done then) : held(std::move(into)), done(std::move(then)) {}
  std::shared_ptr<held_connection> held;
  call_done done;

  using waiting_call::answered;
  void abandon(std::exception_ptr why) noexcept override {
    done(why);
    held = nullptr;  // the pool's waiter holds this until it answers: not the database
  }
};

// Borrows the connection of a new outermost scope (waiting as other calls do) into `held`.
net::awaitable<void> borrow_into(const std::shared_ptr<held_connection>& held) {
  return await_call([held](const net::any_io_executor&, call_done done) {
    auto connections = held->connections();
    auto& from = *connections;
    auto call = std::make_shared<borrowing>(held, std::move(done));
    std::weak_ptr<waiting_call> waiting = call;
    from.acquire_async(from.acquire_timeout(), [call](pooled_connection conn, std::exception_ptr error) {
      if (!call->answered()) return;  // given up: `conn` goes back
      if (!error) call->held->hold(std::move(conn));
      call->done(error);
    });
    return waiting;
  });
}

}  // namespace

transaction* scope_for(const net::any_io_executor& executor, const database& db) {
  return on_database(innermost(executor).get(), db);
}

const net::any_io_executor& unscoped(const net::any_io_executor& executor) {
  if (executor.target_type() != typeid(scoped)) return executor;
  return unscoped(executor.target<scoped>()->inner());
}

void run_in(transaction& scope, std::function<void(connection&)> job, std::function<void(std::exception_ptr)> done) {
  if (scope.ended())
    throw transaction_management_error("this call runs in an aio::atomic scope that has ended (a coroutine spawned "
                                       "on the scope's executor outlived it): await it inside the scope");
  auto held = scope.shared_held();
  held->on().post([held, job = std::move(job), done = std::move(done)]() mutable {
    std::exception_ptr failed;
    try {
      testudo::detail::thread_connection adopted(held->db(), held->conn());
      job(held->conn());
    } catch (...) {
      failed = std::current_exception();
    }
    job = nullptr;  // it may reference what `done` lets go
    done(failed);
  });
}

net::awaitable<std::shared_ptr<transaction>> begin(database& db) {
  auto enclosing = innermost(co_await net::this_coro::executor);
  std::shared_ptr<held_connection> held;
  if (auto* same = on_database(enclosing.get(), db)) {
    held = same->shared_held();
  } else {
    held = std::make_shared<held_connection>(owning(db));
    co_await borrow_into(held);
  }
  auto scope = std::make_shared<transaction>(std::move(held), std::move(enclosing));
  co_await on_scope(scope, [](connection& conn) { conn.begin(); });
  co_return scope;
}

net::awaitable<void> before_retry(database& db, int attempt) {
  auto executor = co_await net::this_coro::executor;
  if (attempt == 1) {
    if (scope_for(executor, db))
      throw transaction_management_error("aio::atomic_retrying inside an open aio::atomic scope: a conflict aborts the "
                                         "whole transaction, so only the outermost scope can run it again");
    co_return;
  }
  // Two transactions that just collided would likely collide again if both restarted at once.
  net::steady_timer pause(executor, std::chrono::milliseconds(5 * (attempt - 1)));
  co_await pause.async_wait(net::use_awaitable);
}

net::any_io_executor in_scope(const net::any_io_executor& executor, std::shared_ptr<transaction> scope) {
  return scoped(executor, std::move(scope));
}

net::awaitable<void> end(std::shared_ptr<transaction> scope, bool commit) {
  co_await on_scope(scope, [&scope, commit](connection& conn) {
    auto depth = conn.transaction_depth();
    std::exception_ptr failed;
    if (commit) {
      try {
        conn.commit();
      } catch (...) {
        failed = std::current_exception();
      }
    }
    // A failed outermost COMMIT closed its transaction itself (connection::commit); a failed
    // RELEASE SAVEPOINT left the savepoint open.
    if (!commit || (failed && conn.transaction_depth() == depth)) {
      try {
        conn.rollback();
      } catch (...) {  // the connection is broken: the pool drops it
      }
    }
    if (depth == 1) scope->held().release();
    if (failed) std::rethrow_exception(failed);
  }, true);
}

}  // namespace testudo::aio::detail
