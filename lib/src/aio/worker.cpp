#include "aio/worker.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "db/drivers.hpp"
#include "testudo/db/pool.hpp"

namespace testudo::aio::detail {

// One thread running the jobs posted to it in order. It ends (and frees itself) once it has been idle
// for a while, so a burst of borrowed connections does not leave its threads behind.
class worker {
 public:
  worker() : thread_([this] { run(); }) { thread_.detach(); }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    posted_.notify_one();
  }

 private:
  void run();
  std::function<void()> next();  // empty once this worker retired
  std::mutex mutex_;
  std::condition_variable posted_;
  std::deque<std::function<void()>> jobs_;
  std::thread thread_;
};

namespace {

// The idle workers of the process.
class workers {
 public:
  static workers& get() {
    static auto* instance = new workers;  // never destroyed: workers may outlive static destructors
    return *instance;
  }
  worker& borrow() {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) return *new worker;
    auto* w = idle_.back();
    idle_.pop_back();
    return *w;
  }
  void give_back(worker& w) {
    std::lock_guard lock(mutex_);
    idle_.push_back(&w);
  }
  // Takes `w` off the idle list, unless it was borrowed meanwhile (a job is on its way to it).
  bool retire(worker& w) {
    std::lock_guard lock(mutex_);
    auto it = std::find(idle_.begin(), idle_.end(), &w);
    if (it == idle_.end()) return false;
    idle_.erase(it);
    return true;
  }

 private:
  std::mutex mutex_;
  std::vector<worker*> idle_;
};

}  // namespace

void worker::run() {
  testudo::detail::mysql_thread_init();
  while (auto job = next()) job();
  testudo::detail::mysql_thread_end();
  delete this;  // nobody else refers to a retired worker
}

std::function<void()> worker::next() {
  constexpr auto idle_for = std::chrono::seconds(60);
  for (;;) {
    std::unique_lock lock(mutex_);
    if (posted_.wait_for(lock, idle_for, [&] { return !jobs_.empty(); })) {
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      return job;
    }
    lock.unlock();
    if (workers::get().retire(*this)) return {};
  }
}

namespace {

// One run_on_worker call, shared by the pool's callback and the worker's job.
struct operation final : waiting_call {
  operation(std::shared_ptr<pool> from, std::function<void(connection&)> run, std::function<void(std::exception_ptr)> then)
      : connections(std::move(from)), job(std::move(run)), done(std::move(then)) {}

  std::shared_ptr<pool> connections;
  std::function<void(connection&)> job;
  std::function<void(std::exception_ptr)> done;
  pooled_connection conn;

  using waiting_call::answered;

  void run(worker& w) {
    std::exception_ptr failed;
    try {
      job(*conn);
    } catch (...) {
      failed = std::current_exception();
    }
    // Idle again before the connection goes back, so that a waiter it goes to may take this
    // worker (its job then runs once this one ends) instead of starting another thread.
    workers::get().give_back(w);
    conn = pooled_connection{};
    finish(failed);
  }
  void finish(std::exception_ptr error) noexcept {  // `done` must not be retried: it may have run
    job = nullptr;  // it may reference what `done` lets go
    done(error);
  }
  void abandon(std::exception_ptr why) noexcept override {
    finish(why);
    // The pool's waiter holds this call until the pool answers (up to its acquire timeout): not the
    // pool nor its database meanwhile. The answer then only drops what it gives.
    connections = nullptr;
  }
};

// Queues `op` to an idle worker, or to a new one: throws when no thread can be started.
void start_on_worker(const std::shared_ptr<operation>& op) {
  auto& w = workers::get().borrow();
  try {
    w.post([op, &w] { op->run(w); });
  } catch (...) {
    workers::get().give_back(w);  // idle, so that it retires
    throw;
  }
}

}  // namespace

lane::lane() : worker_(workers::get().borrow()) {}
lane::~lane() { workers::get().give_back(worker_); }
void lane::post(std::function<void()> job) { worker_.post(std::move(job)); }

std::weak_ptr<waiting_call> run_on_worker(std::shared_ptr<pool> connections, std::function<void(connection&)> job,
                                          std::function<void(std::exception_ptr)> done) {
  auto& from = *connections;
  auto op = std::make_shared<operation>(std::move(connections), std::move(job), std::move(done));
  std::weak_ptr<waiting_call> waiting = op;
  from.acquire_async(from.acquire_timeout(), [op](pooled_connection conn, std::exception_ptr error) {
    if (!op->answered()) return;  // given up: `conn` goes back
    if (error) return op->finish(error);
    op->conn = std::move(conn);
    try {
      start_on_worker(op);
    } catch (...) {  // the callback runs on the pool's threads too: the error goes to `done`
      op->conn = pooled_connection{};
      op->finish(std::current_exception());
    }
  });
  return waiting;
}

}  // namespace testudo::aio::detail
