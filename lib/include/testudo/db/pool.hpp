// A thread-safe connection pool bounded by the URL's minsize/maxsize.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
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
  pooled_connection acquire(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  std::size_t size() const;      // connections open (idle + borrowed)
  std::size_t idle() const;
  std::size_t max_size() const noexcept { return max_size_; }

  pool(factory make, std::size_t min_size, std::size_t max_size);  // use open()

 private:
  friend class pooled_connection;
  void give_back(std::unique_ptr<connection> conn) noexcept;

  factory make_;
  std::size_t max_size_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace testudo
