// Internal: the collation and functions that make SQLite's text decimals (wider than 15 digits)
// compare and compute as exact numbers.
#pragma once

struct sqlite3;

namespace testudo::detail {

// testudo_decimal (collation), testudo_decimal_sum (aggregate), testudo_decimal_div(sum, count,
// places), testudo_decimal_add/sub/mul(a, b).
void register_sqlite_decimal_functions(sqlite3* db);

}  // namespace testudo::detail
