// Splitting an SQL script into statements, by each backend's lexical rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/url.hpp"

namespace testudo {

// Statements of `script` in order, trimmed, without the ';' that ends them, as views into
// `script` (a data migration of a million INSERTs costs 16 bytes per statement, not a copy).
// Quotes, comments, PostgreSQL dollar quotes, MySQL backslash escapes and SQLite trigger bodies
// are honoured; pieces holding only comments or blanks are dropped.
std::vector<std::string_view> statements_of(std::string_view script, backend kind);

// The same statements as strings, for callers whose script does not outlive them.
std::vector<std::string> split_sql(std::string_view script, backend kind);

// Whether `statement` only changes rows (INSERT, UPDATE, DELETE, REPLACE, after any leading
// comments): such statements take part in transactions on every backend (InnoDB on MySQL),
// unlike DDL, which MySQL commits at once.
bool is_data_statement(std::string_view statement);

}  // namespace testudo
