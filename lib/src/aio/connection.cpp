#include "aio/connection.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/execution_context.hpp>
#include <boost/intrusive/list.hpp>

#include "aio/transaction.hpp"
#include "aio/worker.hpp"
#include "orm/thread_connection.hpp"
#include "testudo/errors.hpp"
#include "testudo/orm/database.hpp"

namespace testudo::aio::detail {
namespace {

// The aio calls in flight on one execution context (an io_context, say). Destroying the context
// calls shutdown() first, before it destroys a handler or itself: the calls still waiting for a
// connection are given up there, and it waits until every other call has posted its completion,
// which keeps a job from using a coroutine frame that is gone, and a completion from being posted
// to a context that is gone. The completions posted meanwhile are destroyed with the context's
// other handlers, unwinding their coroutines without resuming them.
class calls_in_flight : public net::execution_context::service {
  struct count;

 public:
  static inline net::execution_context::id id;
  explicit calls_in_flight(net::execution_context& context) : service(context) {}

  // Counts one call while it lives. The count has a lifetime of its own: a ticket may go after
  // the service.
  class ticket : public boost::intrusive::list_base_hook<> {
   public:
    explicit ticket(calls_in_flight& calls);
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();
    // Called once the call has started: a throw here would resume its coroutine twice.
    void may_give_up(std::weak_ptr<waiting_call> waiting) noexcept;

   private:
    friend calls_in_flight;
    std::shared_ptr<count> count_;
    std::weak_ptr<waiting_call> waiting_;  // under count_->mutex
  };

 private:
  struct count {
    std::mutex mutex;
    std::condition_variable none_left;
    boost::intrusive::list<ticket, boost::intrusive::constant_time_size<false>> calls;
  };

  void shutdown() override {
    std::vector<std::shared_ptr<waiting_call>> waiting;
    std::unique_lock lock(count_->mutex);
    for (auto& call : count_->calls)
      if (auto w = call.waiting_.lock()) waiting.push_back(std::move(w));
    lock.unlock();  // giving up ends calls: their tickets go
    auto why = std::make_exception_ptr(
        operational_error("the io_context of this call was destroyed while it waited for a connection"));
    for (auto& w : waiting) w->give_up(why);
    waiting.clear();
    lock.lock();
    count_->none_left.wait(lock, [&] { return count_->calls.empty(); });
  }
  std::shared_ptr<count> count_ = std::make_shared<count>();
};

calls_in_flight::ticket::ticket(calls_in_flight& calls) : count_(calls.count_) {
  std::lock_guard lock(count_->mutex);
  count_->calls.push_back(*this);
}

calls_in_flight::ticket::~ticket() {
  std::lock_guard lock(count_->mutex);
  count_->calls.erase(count_->calls.iterator_to(*this));
  if (count_->calls.empty()) count_->none_left.notify_all();
}

void calls_in_flight::ticket::may_give_up(std::weak_ptr<waiting_call> waiting) noexcept {
  std::lock_guard lock(count_->mutex);
  waiting_ = std::move(waiting);
}

// Resumes the coroutine `handler` belongs to on its own executor, `error` thrown at its co_await.
template <class Handler>
void resume_with(Handler& handler, std::exception_ptr error) {
  auto executor = net::get_associated_executor(handler);  // before the move below
  net::post(executor, [resumed = std::move(handler), error]() mutable { resumed(error); });
}

// A suspended coroutine's side of a call. The tracked executor keeps its io_context's run() from
// returning meanwhile. The members go in reverse order, so the ticket goes last, once the
// completion is posted and nothing here refers to the context any more.
template <class Handler>
class suspended {
 public:
  // Moves `handler` last, once nothing can throw: when something did, the caller still has it.
  explicit suspended(Handler&& handler)
      : ticket_(net::use_service<calls_in_flight>(
            net::query(net::get_associated_executor(handler), net::execution::context))),
        resume_on_(net::prefer(net::get_associated_executor(handler), net::execution::outstanding_work.tracked)),
        handler_(std::move(handler)) {}
  // Once only: a post that fails (no memory) has taken the handler, so it ends the process.
  void resume(std::exception_ptr error) noexcept { resume_with(handler_, error); }
  void may_give_up(std::weak_ptr<waiting_call> waiting) noexcept { ticket_.may_give_up(std::move(waiting)); }

 private:
  calls_in_flight::ticket ticket_;
  decltype(net::prefer(std::declval<net::associated_executor_t<Handler>>(),
                       net::execution::outstanding_work.tracked)) resume_on_;
  Handler handler_;
};

}  // namespace

std::shared_ptr<database> owning(database& db) {
  auto owner = db.weak_from_this().lock();
  if (!owner) throw configuration_error("testudo::aio needs a database held by a shared_ptr: open it with database::open()");
  return owner;
}

std::shared_ptr<pool> pool_owning(database& db) {
  auto owner = owning(db);
  return {owner, &owner->connections()};
}

net::awaitable<void> await_call(call_start start) {
  auto initiate = [](auto handler, call_start begin) {
    // An exception out of here would reach Boost 1.74's coroutine machinery, which terminates:
    // it is thrown at the co_await instead.
    std::shared_ptr<suspended<decltype(handler)>> call;
    try {
      net::any_io_executor executor = net::get_associated_executor(handler);
      call = std::make_shared<suspended<decltype(handler)>>(std::move(handler));
      auto waiting = begin(executor, [call](std::exception_ptr error) mutable {
        std::exchange(call, nullptr)->resume(error);  // and lets go of it, the ticket with it
      });
      call->may_give_up(std::move(waiting));
    } catch (...) {
      if (call) call->resume(std::current_exception());
      else resume_with(handler, std::current_exception());
    }
  };
  return net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr)>(initiate, net::use_awaitable,
                                                                                    std::move(start));
}

net::awaitable<void> on_connection(database& db, std::function<void(connection&)> job) {
  // A call starts once: the job moves on rather than being copied.
  return await_call([&db, job = std::move(job)](const net::any_io_executor& executor, call_done done) mutable {
    if (auto* scope = scope_for(executor, db)) {
      run_in(*scope, std::move(job), std::move(done));  // after the scope's calls: not given up
      return std::weak_ptr<waiting_call>{};
    }
    return run_on_worker(pool_owning(db), std::move(job), std::move(done));
  });
}

net::awaitable<pq_result> pipelined(pq_route& route, database& db, std::string_view sql, std::span<const value> params) {
  auto held = owning(db);
  db.notify(sql);
  co_return co_await run_on(route, sql, params);
}

net::awaitable<void> on_thread_connection(database& db, std::function<void()> fn) {
  return on_connection(db, [&db, fn = std::move(fn)](connection& conn) {
    testudo::detail::thread_connection adopted(db, conn);
    fn();
  });
}

}  // namespace testudo::aio::detail
