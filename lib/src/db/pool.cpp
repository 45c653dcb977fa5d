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

pool::pool(factory make, std::size_t min_size, std::size_t max_size)
    : make_(std::move(make)), max_size_(max_size) {
  if (max_size == 0 || min_size > max_size)
    throw configuration_error(fmt::format("pool bounds minsize={} maxsize={} are invalid: need "
                                          "1 <= maxsize and minsize <= maxsize", min_size, max_size));
  for (std::size_t i = 0; i < min_size; ++i) idle_.push_back(make_());
  open_ = idle_.size();
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
  if (!returned_.wait_for(lock, timeout, ready))
    throw operational_error(fmt::format(
        "connection pool exhausted: all {} connections (maxsize={}) stayed in use for {} ms; "
        "raise maxsize in the database URL or return connections sooner",
        open_, max_size_, timeout.count()));
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
    lock.lock();
    --open_;
    returned_.notify_one();
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
  std::lock_guard lock(mutex_);
  if (conn) idle_.push_back(std::move(conn));
  else --open_;
  returned_.notify_one();
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
