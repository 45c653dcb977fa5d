// Internal (no Asio): the worker threads testudo::aio runs blocking drivers on.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <memory>

namespace testudo {
class connection;
class pool;
}  // namespace testudo

namespace testudo::aio::detail {

class worker;

// One worker thread held for a sequence of jobs, which it runs in the order they are posted: the
// connection of an aio::atomic scope is used there, by one job at a time. Starting a thread may
// throw; the worker goes back to the idle ones when the lane goes, its jobs still to run first.
class lane {
 public:
  lane();
  lane(const lane&) = delete;
  lane& operator=(const lane&) = delete;
  ~lane();
  void post(std::function<void()> job);

 private:
  worker& worker_;
};

// A call waiting for a pool's connection (acquire_async) that its caller may give up until the pool
// answers: when its io_context is destroyed, it then waits only for the calls that have a connection.
// Whichever of the pool's answer (answered()) and give_up() comes first has the call.
class waiting_call {
 public:
  // The call ends now with `why`, on this thread, unless the pool has answered: then false.
  bool give_up(std::exception_ptr why) noexcept {
    if (settled_.exchange(true)) return false;
    abandon(why);
    return true;
  }

 protected:
  ~waiting_call() = default;
  // For the pool's callback: false when the call was given up (drop what the pool gave).
  bool answered() noexcept { return !settled_.exchange(true); }
  virtual void abandon(std::exception_ptr why) noexcept = 0;

 private:
  std::atomic<bool> settled_ = false;
};

// Borrows a connection of `connections` without blocking the calling thread (pool::acquire_async,
// waiting up to its acquire_timeout()), runs `job` on it on a worker thread, gives the connection
// back there, destroys `job`, then calls `done` on that worker with the job's exception (or the
// acquire's), or nullptr. A worker serves one borrowed connection at a time, so the threads never
// outnumber the connections borrowed at once, and a statement that waits for a lock holds no
// thread another connection needs (async-design.md §4). `connections` is held until `done` was
// called: a pointer that also owns what the job uses keeps that alive too. When it throws (no
// memory), `done` is not called. The call can be given up while it waits for the connection.
std::weak_ptr<waiting_call> run_on_worker(std::shared_ptr<pool> connections, std::function<void(connection&)> job,
                                          std::function<void(std::exception_ptr)> done);

}  // namespace testudo::aio::detail
