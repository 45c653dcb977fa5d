#include "aio/connection.hpp"

#include <memory>

#include "aio/worker.hpp"
#include "testudo/orm/database.hpp"

namespace testudo::aio::detail {

net::awaitable<void> on_connection(database& db, std::function<void(connection&)> job) {
  auto start = [&db](auto handler, std::function<void(connection&)> work) {
    // The coroutine's executor, tracked so its io_context does not run out of work meanwhile.
    auto resume_on = net::prefer(net::get_associated_executor(handler), net::execution::outstanding_work.tracked);
    auto waiting = std::make_shared<decltype(handler)>(std::move(handler));  // std::function copies
    run_on_worker(db.connections(), std::move(work), [waiting, resume_on](std::exception_ptr error) {
      net::post(resume_on, [waiting, error] {
        auto resume = std::move(*waiting);  // the last copy of `waiting` may go on the worker
        resume(error);
      });
    });
  };
  return net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr)>(start, net::use_awaitable,
                                                                                    std::move(job));
}

}  // namespace testudo::aio::detail
