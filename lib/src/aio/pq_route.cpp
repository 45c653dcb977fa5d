#include "aio/pq_route.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <typeinfo>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "aio/pq_pool.hpp"
#include "aio/transaction.hpp"
#include "testudo/orm/database.hpp"

namespace testudo::aio::detail {

class pq_route {
 public:
  // As many sessions as the URL's maxsize: besides the sync pool's connections, not out of them.
  pq_route(net::io_context& io, const db_url& url)
      : strand_(net::make_strand(io.get_executor())), sessions_(strand_, url, url.max_size) {}
  const net::strand<net::io_context::executor_type>& strand() const noexcept { return strand_; }
  pq_pool& sessions() noexcept { return sessions_; }

 private:
  net::strand<net::io_context::executor_type> strand_;
  pq_pool sessions_;
};

namespace {

// The routes of one io_context. Destroying the context shuts this down before it destroys its
// reactor: the sessions' sockets go first (those with statements in flight go with the handlers
// that drive them, which the context destroys next).
class pq_routes : public net::execution_context::service {
 public:
  static inline net::execution_context::id id;
  explicit pq_routes(net::execution_context& context) : service(context) {}

  pq_route& of(net::io_context& io, database& db) {
    std::lock_guard lock(mutex_);
    auto owner = db.weak_from_this();
    if (auto it = routes_.find(owner); it != routes_.end()) return *it->second;
    forget_gone();
    return *routes_.emplace(std::move(owner), std::make_shared<pq_route>(io, *db.url())).first->second;
  }

 private:
  void shutdown() override {
    std::lock_guard lock(mutex_);
    routes_.clear();
  }
  // The routes of databases gone: nothing runs on them any more, as every statement holds its
  // database. A route is destroyed on its strand, after whatever its sessions still do there.
  void forget_gone() {
    for (auto it = routes_.begin(); it != routes_.end();) {
      if (!it->first.expired()) {
        ++it;
        continue;
      }
      auto strand = it->second->strand();
      net::post(strand, [gone = std::move(it->second)] {});
      it = routes_.erase(it);
    }
  }

  std::mutex mutex_;  // the io_context may be run by several threads
  std::map<std::weak_ptr<database>, std::shared_ptr<pq_route>, std::owner_less<>> routes_;
};

// The io_context of a coroutine's executor: an io_context's executor or a strand of one (Boost
// 1.74's execution_context is not polymorphic: the executor's type says which context it is).
net::io_context* io_context_of(const net::any_io_executor& executor) {
  using io_executor = net::io_context::executor_type;
  const auto& plain = unscoped(executor);
  if (plain.target_type() == typeid(io_executor)) return &plain.target<io_executor>()->context();
  if (plain.target_type() == typeid(net::strand<io_executor>))
    return &plain.target<net::strand<io_executor>>()->get_inner_executor().context();
  return nullptr;
}

}  // namespace

pq_route* pq_route_for(const net::any_io_executor& executor, database& db) {
  // A generated key comes back only as a row (RETURNING): a pipelined INSERT leaves no connection
  // to ask for last_insert_id.
  if (db.kind() != backend::postgres || !db.url() || !db.insert_returning() || scope_for(executor, db)) return nullptr;
  auto* io = io_context_of(executor);
  if (!io) return nullptr;  // another execution context (a thread_pool): workers
  return &net::use_service<pq_routes>(*io).of(*io, db);
}

net::awaitable<pq_result> run_on(pq_route& route, std::string_view sql, std::span<const value> params) {
  co_return co_await net::co_spawn(route.strand(), route.sessions().query(sql, params), net::use_awaitable);
}

}  // namespace testudo::aio::detail
