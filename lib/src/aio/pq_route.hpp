// Internal: which awaited statements go to PostgreSQL through libpq's pipelined sessions rather
// than a worker thread, and the session pools they use: one per database and io_context.
#pragma once

#include <span>
#include <string_view>

#include "aio/pq_session.hpp"

namespace testudo {
class database;
}

namespace testudo::aio::detail {

// A database's pq_pool on one io_context, used on a strand of its own (the io_context may be run
// by several threads); it lives until the io_context is destroyed or the database is gone.
class pq_route;

// Where a statement the coroutine of `executor` runs on `db` goes: `db`'s pq_route on the
// executor's io_context when `db` is PostgreSQL opened from a URL (with INSERT ... RETURNING), the
// executor is an io_context's or a strand of one, and the coroutine is in no aio::atomic scope on
// `db` (a scope's statements share its connection, on its worker); else nullptr (a worker
// connection). The route stays valid while the caller holds the database.
pq_route* pq_route_for(const net::any_io_executor& executor, database& db);

// Runs one statement on the route's sessions; the caller resumes on its own executor, the
// statement's error thrown at the co_await. `sql` and `params` must live until it resumes.
net::awaitable<pq_result> run_on(pq_route& route, std::string_view sql, std::span<const value> params);

}  // namespace testudo::aio::detail
