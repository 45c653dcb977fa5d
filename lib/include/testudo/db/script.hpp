// Splitting an SQL script into statements, by each backend's lexical rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/url.hpp"

namespace testudo {

// Statements of `script` in order, trimmed, without the ';' that ends them. Quotes, comments,
// PostgreSQL dollar quotes, MySQL backslash escapes and SQLite trigger bodies are honoured;
// pieces holding only comments or blanks are dropped.
std::vector<std::string> split_sql(std::string_view script, backend kind);

}  // namespace testudo
