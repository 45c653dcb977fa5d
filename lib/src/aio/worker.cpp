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
namespace {

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

struct operation {
  std::function<void(connection&)> job;
  std::function<void(std::exception_ptr)> done;
  pooled_connection conn;
};

}  // namespace

void run_on_worker(pool& connections, std::function<void(connection&)> job, std::function<void(std::exception_ptr)> done) {
  auto op = std::make_shared<operation>(operation{std::move(job), std::move(done), {}});
  connections.acquire_async(std::chrono::seconds(30) /* acquire()'s */, [op](pooled_connection conn, std::exception_ptr error) {
    if (error) return op->done(error);
    op->conn = std::move(conn);
    auto& w = workers::get().borrow();
    w.post([op, &w] {
      std::exception_ptr failed;
      try {
        op->job(*op->conn);
      } catch (...) {
        failed = std::current_exception();
      }
      // Idle again before the connection goes back, so that a waiter it goes to may take this
      // worker (its job then runs once this one ends) instead of starting another thread.
      workers::get().give_back(w);
      op->conn = pooled_connection{};
      op->done(failed);
    });
  });
}

}  // namespace testudo::aio::detail
