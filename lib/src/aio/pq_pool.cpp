#include "aio/pq_pool.hpp"

#include <algorithm>
#include <utility>

#include "testudo/errors.hpp"

namespace testudo::aio::detail {

pq_pool::pq_pool(net::any_io_executor executor, db_url url, std::size_t max_sessions)
    : executor_(std::move(executor)), url_(std::move(url)), max_(max_sessions) {
  if (max_ == 0) throw configuration_error("a PostgreSQL session pool needs at least one session");
}

net::awaitable<pq_result> pq_pool::query(std::string_view sql, std::span<const value> params) {
  // The session is not held across the co_await: its statements in flight keep it alive, and a
  // frame that owned it would make a cycle through the statement's waiting handler.
  auto result = co_await pick().query(sql, params);
  co_return result;
}

pq_session& pq_pool::pick() {
  for (;;) {
    std::erase_if(sessions_, [](const auto& s) { return !s->is_healthy(); });
    auto least = std::min_element(sessions_.begin(), sessions_.end(),
                                  [](const auto& a, const auto& b) { return a->in_flight() < b->in_flight(); });
    if (least == sessions_.end() || ((*least)->in_flight() > 0 && sessions_.size() < max_)) break;
    (*least)->check_idle();  // only the one picked: a syscall when it is idle, none when it is busy
    if ((*least)->is_healthy()) return **least;
  }
  sessions_.push_back(pq_session::open(executor_, url_));
  ++opened_;
  return *sessions_.back();
}

}  // namespace testudo::aio::detail
