// Internal: the pooled connection a loop over a queryset keeps while its rows stream.
#pragma once

#include <functional>
#include <thread>

#include "testudo/orm/database.hpp"

namespace testudo::detail {

// Borrowed for a loop that streams (dialect::streams_loops) outside atomic(). A lease or atomic()
// scope of the loop's thread that finds the pool empty takes it over instead of waiting for a
// connection that its own loop holds: `give_up` runs first (the loop drops its rows, then picks up
// in chunks on connections of its own). A loop stays on the thread that started it.
class loop_connection {
 public:
  loop_connection(database& db, std::function<void()> give_up);
  ~loop_connection();
  loop_connection(const loop_connection&) = delete;
  loop_connection& operator=(const loop_connection&) = delete;

  // nullptr once taken over.
  connection* get() const noexcept { return owned_ ? &*owned_ : nullptr; }
  // For database: the connection, after give_up.
  pooled_connection take();
  const pool& connections() const noexcept { return pool_; }
  std::thread::id thread() const noexcept { return thread_; }

 private:
  const pool& pool_;
  std::thread::id thread_;
  pooled_connection owned_;
  std::function<void()> give_up_;
};

}  // namespace testudo::detail
