// Splitting an SQL script into statements, by each backend's lexical rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/url.hpp"

namespace testudo {

// The statements of `script` one at a time, in order, trimmed, without the ';' that ends them, as
// views into `script`: a data migration of a million INSERTs needs no list of them. Quotes,
// comments, PostgreSQL dollar quotes, MySQL backslash escapes and SQLite trigger bodies are
// honoured; pieces holding only comments or blanks are dropped.
class statement_reader {
 public:
  statement_reader(std::string_view script, backend kind);
  // The next statement; nullopt once the script is used up.
  std::optional<std::string_view> next();

 private:
  bool ends_at(std::size_t semicolon);
  std::optional<std::string_view> cut(std::size_t end);

  std::string_view s_;
  backend kind_;
  std::size_t at_ = 0, start_ = 0;
  bool has_code_ = false;  // comments and blanks alone make no statement
  bool finished_ = false;
  std::string candidate_;  // SQLite's check needs a NUL-terminated copy
};

// How many there are, without keeping them.
std::size_t count_statements(std::string_view script, backend kind);

// The same statements as strings, for callers whose script does not outlive them.
std::vector<std::string> split_sql(std::string_view script, backend kind);

// Whether `statement` only changes rows (INSERT, UPDATE, DELETE, REPLACE, after any leading
// comments): such statements take part in transactions on every backend (InnoDB on MySQL),
// unlike DDL, which MySQL commits at once.
bool is_data_statement(std::string_view statement);

}  // namespace testudo
