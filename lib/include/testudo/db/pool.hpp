// A thread-safe connection pool bounded by the URL's minsize/maxsize.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "testudo/db/connection.hpp"

namespace testudo {

class pool;

// A connection borrowed from a pool; goes back when destroyed (rolled back if left in a transaction).
class pooled_connection {
 public:
  pooled_connection() = default;
  pooled_connection(pooled_connection&& other) noexcept;
  pooled_connection& operator=(pooled_connection&& other) noexcept;
  ~pooled_connection();

  connection& operator*() const noexcept { return *conn_; }
  connection* operator->() const noexcept { return conn_.get(); }
  explicit operator bool() const noexcept { return conn_ != nullptr; }

 private:
  friend class pool;
  pooled_connection(std::shared_ptr<pool> owner, std::unique_ptr<connection> conn)
      : owner_(std::move(owner)), conn_(std::move(conn)) {}
  void release() noexcept;

  std::shared_ptr<pool> owner_;
  std::unique_ptr<connection> conn_;
};

class pool : public std::enable_shared_from_this<pool> {
 public:
  using factory = std::function<std::unique_ptr<connection>()>;

  // Opens min_size connections at once, so a wrong URL fails here and not on first use.
  static std::shared_ptr<pool> open(const db_url& url);
  static std::shared_ptr<pool> open(factory make, std::size_t min_size, std::size_t max_size);

  // Borrows a connection, waiting up to `timeout` for one to be returned when all max_size are in
  // use; throws operational_error when none came back in time.
  pooled_connection acquire(std::chrono::milliseconds timeout);
  // With acquire_timeout(): the wait of every ORM call, sync (database::lease) or testudo::aio.
  pooled_connection acquire() { return acquire(acquire_timeout()); }
  std::chrono::milliseconds acquire_timeout() const noexcept { return acquire_timeout_; }
  void set_acquire_timeout(std::chrono::milliseconds timeout) noexcept { acquire_timeout_ = timeout; }

  // The callback form, which never blocks its caller (for testudo::aio): `done` is called once,
  // with a connection, or with the exception acquire() would throw. It runs at once on this thread
  // when a connection is idle; on a thread of its own that opens a new connection when the pool may
  // grow (or at once with the error when no thread can be started); else on the thread that
  // returns a connection (waiting callbacks are served first come, first served, before acquire()
  // callers), or after `timeout` on the pool's timer thread. When it throws (no memory, no timer
  // thread), `done` is not called.
  using acquired = std::function<void(pooled_connection, std::exception_ptr)>;
  void acquire_async(std::chrono::milliseconds timeout, acquired done);

  std::size_t size() const;      // connections open (idle + borrowed)
  std::size_t idle() const;
  std::size_t max_size() const noexcept { return max_size_; }

  pool(factory make, std::size_t min_size, std::size_t max_size);  // use open()
  ~pool();

 private:
  friend class pooled_connection;
  // A waiting acquire_async, in two orders: waiters_ by arrival (who is served), deadlines_ by
  // deadline (who expires), so that each is found without a scan.
  struct waiter;
  using waiter_list = std::list<waiter>;
  using deadline_map = std::multimap<std::chrono::steady_clock::time_point, waiter_list::iterator>;
  struct waiter {
    acquired done;
    std::chrono::milliseconds timeout;
    deadline_map::iterator due;
  };
  void give_back(std::unique_ptr<connection> conn) noexcept;
  // A connection (nullptr: a free slot) to the oldest waiter, else to the idle list.
  void hand_over(std::unique_ptr<connection> conn) noexcept;
  void open_for(acquired done) noexcept;
  void wait_for_connection(std::chrono::milliseconds timeout, acquired done);  // under mutex_
  acquired take_first_waiter();                                                // under mutex_
  void expire_waiters();
  std::string exhausted(std::chrono::milliseconds timeout) const;  // under mutex_

  factory make_;
  std::size_t max_size_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::size_t open_ = 0;
  waiter_list waiters_;  // of acquire_async, oldest first
  deadline_map deadlines_;
  std::condition_variable waiters_changed_;
  std::thread timer_;  // fails expired waiters; started by the first one
  bool closing_ = false;
  std::atomic<std::chrono::milliseconds> acquire_timeout_{std::chrono::seconds(30)};
};

}  // namespace testudo
