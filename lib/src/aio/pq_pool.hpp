// Internal: PostgreSQL statements spread over a few pipelined pq_sessions on one executor.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "aio/pq_session.hpp"

namespace testudo::aio::detail {

// Up to `max_sessions` sessions, opened as statements need them: a statement goes to the session
// with the fewest statements in flight, and another session is opened only while every open one
// has some, so a few connections carry many statements at once (pipelined). A session that ended
// (its connection was lost; an idle one is checked before use) is replaced.
// Like its sessions: used on its executor's thread only, and destroyed before its io_context.
class pq_pool {
 public:
  pq_pool(net::any_io_executor executor, db_url url, std::size_t max_sessions);

  // pq_session::query on the session picked; a statement is never retried on another session
  // (whether it took effect on a connection that was lost is unknown).
  net::awaitable<pq_result> query(std::string_view sql, std::span<const value> params = {});

  // The sessions opened so far, replacements included.
  std::size_t opened() const noexcept { return opened_; }

 private:
  pq_session& pick();

  net::any_io_executor executor_;
  db_url url_;
  std::size_t max_;
  std::vector<std::shared_ptr<pq_session>> sessions_;
  std::size_t opened_ = 0;
};

}  // namespace testudo::aio::detail
