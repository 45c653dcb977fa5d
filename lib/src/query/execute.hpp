// Internal: running compiled statements on a connection (parameter markers, the statement hook).
#pragma once

#include "query/compiler.hpp"
#include "testudo/orm/database.hpp"

namespace testudo::detail {

// Rewrites the compiler's "?" markers into the dialect's ("$1", ...), outside quoted text.
statement numbered(statement st, const dialect& d);

// The rows are read to their end, or the cursor destroyed, before anything else runs on `conn`
// (connection::scan: MySQL hands them over unbuffered).
std::unique_ptr<row_cursor> run_query(database& db, connection& conn, const statement& st);
// The same for statements that already carry the dialect's markers (cached plans).
std::unique_ptr<row_cursor> run_numbered(database& db, connection& conn, const statement& st);
// The same without a statement to hold them (a cached plan's SQL is not copied).
std::unique_ptr<row_cursor> run_numbered(database& db, connection& conn, std::string_view sql, std::span<const value> params);
std::int64_t execute_numbered(database& db, connection& conn, const statement& st);
std::int64_t run_execute(database& db, connection& conn, const statement& st);

// select_for_update outside a transaction would lock nothing for longer than the statement.
void check_lock(const query_spec& spec, database& db);

}  // namespace testudo::detail
