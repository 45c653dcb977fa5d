// Internal: the aio::atomic scopes: which one a coroutine is in (its executor carries it), and the
// calls run on a scope's connection.
#pragma once

#include <exception>
#include <functional>

#include "testudo/aio.hpp"

namespace testudo::aio::detail {

// The innermost aio::atomic scope on `db` the coroutine of `executor` runs in, or nullptr.
transaction* scope_for(const net::any_io_executor& executor, const database& db);
// The executor beneath the aio::atomic scopes `executor` carries (itself when it carries none).
const net::any_io_executor& unscoped(const net::any_io_executor& executor);
// Runs job(conn) on the scope's connection, on its worker once the calls before it there ended,
// with that connection the worker thread's for the scope's database (orm/thread_connection.hpp);
// then destroys the job and calls done(error) there. Throws without calling `done` when the scope
// has ended (transaction_management_error) or there is no memory.
void run_in(transaction& scope, std::function<void(connection&)> job, std::function<void(std::exception_ptr)> done);

}  // namespace testudo::aio::detail
