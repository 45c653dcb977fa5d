#include "testudo/db/pool.hpp"

#include <fmt/format.h>

#include "testudo/errors.hpp"

namespace testudo {

pooled_connection::pooled_connection(pooled_connection&& other) noexcept
    : owner_(std::move(other.owner_)), conn_(std::move(other.conn_)) {}

pooled_connection& pooled_connection::operator=(pooled_connection&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::move(other.owner_);
    conn_ = std::move(other.conn_);
  }
  return *this;
}

pooled_connection::~pooled_connection() { release(); }

void pooled_connection::release() noexcept {
  if (conn_ && owner_) owner_->give_back(std::move(conn_));
  owner_.reset();
}

namespace {
// Set on the timer thread when a waiter's callback destroyed the pool: the thread stops at once.
thread_local bool timer_destroyed_pool = false;

// now + timeout, or the end of time when that would overflow (a timeout of milliseconds::max()).
std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds timeout) {
  auto now = std::chrono::steady_clock::now();
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::time_point::max() - now);
  return timeout < left ? now + timeout : std::chrono::steady_clock::time_point::max();
}
}  // namespace

pool::pool(factory make, std::size_t min_size, std::size_t max_size)
    : make_(std::move(make)), max_size_(max_size) {
  if (max_size == 0 || min_size > max_size)
    throw configuration_error(fmt::format("pool bounds minsize={} maxsize={} are invalid: need "
                                          "1 <= maxsize and minsize <= maxsize", min_size, max_size));
  for (std::size_t i = 0; i < min_size; ++i) idle_.push_back(make_());
  open_ = idle_.size();
}

pool::~pool() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  waiters_changed_.notify_one();
  if (!timer_.joinable()) return;
  if (timer_.get_id() == std::this_thread::get_id()) {
    timer_destroyed_pool = true;  // a callback run by the timer dropped the last reference
    timer_.detach();
  } else {
    timer_.join();
  }
}

std::shared_ptr<pool> pool::open(factory make, std::size_t min_size, std::size_t max_size) {
  return std::make_shared<pool>(std::move(make), min_size, max_size);
}

std::shared_ptr<pool> pool::open(const db_url& url) {
  // Each SQLite :memory: connection is a separate database: one connection is the only sane pool.
  std::size_t max = url.is_memory() ? 1 : url.max_size;
  std::size_t min = std::min(url.min_size, max);
  return open([url] { return connect(url); }, min, max);
}

pooled_connection pool::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto ready = [&] { return !idle_.empty() || open_ < max_size_; };
  if (!returned_.wait_until(lock, deadline_after(timeout), ready)) throw operational_error(exhausted(timeout));
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return pooled_connection(shared_from_this(), std::move(conn));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  try {
    return pooled_connection(shared_from_this(), make_());
  } catch (...) {
    hand_over(nullptr);  // the reserved slot: to an async waiter, or free again
    throw;
  }
}

void pool::give_back(std::unique_ptr<connection> conn) noexcept {
  // A connection left inside a transaction is rolled back; a broken one is closed, freeing its slot.
  try {
    while (conn->is_healthy() && conn->transaction_depth() > 0) conn->rollback();
  } catch (...) {
    conn.reset();
  }
  if (conn && !conn->is_healthy()) conn.reset();
  hand_over(std::move(conn));
}

void pool::hand_over(std::unique_ptr<connection> conn) noexcept {
  std::unique_lock lock(mutex_);
  if (waiters_.empty()) {
    if (conn) idle_.push_back(std::move(conn));
    else --open_;
    returned_.notify_one();
    return;
  }
  auto done = take_first_waiter();
  lock.unlock();
  if (conn) done(pooled_connection(shared_from_this(), std::move(conn)), nullptr);
  else open_for(std::move(done));  // the closed connection's slot is the waiter's
}

void pool::acquire_async(std::chrono::milliseconds timeout, acquired done) {
  std::unique_lock lock(mutex_);
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    return done(pooled_connection(shared_from_this(), std::move(conn)), nullptr);
  }
  if (open_ < max_size_) {
    ++open_;  // reserved for the connection open_for makes
    lock.unlock();
    return open_for(std::move(done));
  }
  wait_for_connection(timeout, std::move(done));
}

void pool::wait_for_connection(std::chrono::milliseconds timeout, acquired done) {
  // The timer first: when it cannot start, nothing was queued that it should expire.
  if (!timer_.joinable()) timer_ = std::thread([this] { expire_waiters(); });
  auto& queued = waiters_.emplace_back(waiter{std::move(done), timeout, {}});
  try {
    queued.due = deadlines_.emplace(deadline_after(timeout), std::prev(waiters_.end()));
  } catch (...) {
    waiters_.pop_back();
    throw;
  }
  // The timer sleeps until the earliest deadline: only a new earliest one changes that.
  if (queued.due == deadlines_.begin()) waiters_changed_.notify_one();
}

pool::acquired pool::take_first_waiter() {
  auto& first = waiters_.front();
  deadlines_.erase(first.due);
  auto done = std::move(first.done);
  waiters_.pop_front();
  return done;
}

void pool::open_for(acquired done) noexcept {
  // Connecting blocks (DNS, TLS, authentication): never on the caller's thread. `done` is shared
  // with the thread so that it is still here to be told when the thread cannot be started.
  std::shared_ptr<acquired> waiting;
  try {
    waiting = std::make_shared<acquired>(std::move(done));  // moves only once allocated
    std::thread([self = shared_from_this(), waiting] {
      std::unique_ptr<connection> conn;
      try {
        conn = self->make_();
      } catch (...) {
        self->hand_over(nullptr);  // the reserved slot: to the next waiter, or free again
        return (*waiting)({}, std::current_exception());
      }
      (*waiting)(pooled_connection(self, std::move(conn)), nullptr);
    }).detach();
  } catch (...) {
    hand_over(nullptr);
    (waiting ? *waiting : done)({}, std::current_exception());
  }
}

// The timer thread: fails each waiter whose timeout passed, with acquire()'s message.
void pool::expire_waiters() {
  std::unique_lock lock(mutex_);
  while (!closing_) {
    if (deadlines_.empty()) {
      waiters_changed_.wait(lock);
      continue;
    }
    auto now = std::chrono::steady_clock::now();
    std::vector<std::pair<acquired, std::string>> expired;
    for (auto due = deadlines_.begin(); due != deadlines_.end() && due->first <= now; due = deadlines_.erase(due)) {
      expired.emplace_back(std::move(due->second->done), exhausted(due->second->timeout));
      waiters_.erase(due->second);
    }
    if (expired.empty()) {
      auto next = deadlines_.begin()->first;  // a copy: the waiter may be served while this waits
      waiters_changed_.wait_until(lock, next);
      continue;
    }
    lock.unlock();
    // Every waiter is told, and its callback destroyed before the lock is taken again: a callback
    // may hold the last reference to this pool.
    for (auto& [done, message] : expired) done({}, std::make_exception_ptr(operational_error(message)));
    expired.clear();
    if (timer_destroyed_pool) return;
    lock.lock();
  }
}

std::string pool::exhausted(std::chrono::milliseconds timeout) const {
  return fmt::format(
      "connection pool exhausted: all {} connections (maxsize={}) stayed in use for {} ms; "
      "raise maxsize in the database URL or return connections sooner",
      open_, max_size_, timeout.count());
}

std::size_t pool::size() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t pool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace testudo
