// Internal: whether decimal columns hold text, answered to the compiler without I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace testudo {
class connection;
class database;
struct model_meta;
struct field_meta;

namespace detail {

// What one statement being compiled learns about decimal storage (database::decimal_as_text).
// Where the live table decides (dialects with a schema cookie: SQLite, where Tortoise made decimals
// VARCHAR(40)), text() answers from the database's cache of declared types, so compiling never
// takes a connection; the statement then runs only after confirm() on the connection it runs on.
// An awaitable caller runs that confirmation on its own connection the same way.
class decimal_storage {
 public:
  explicit decimal_storage(database& db) noexcept : db_(db) {}
  // Whether `field`'s column (of `model`'s table) holds text.
  bool text(const model_meta& model, const field_meta& field);
  // Whether an answer came from the cache, which confirm() must check before the statement runs.
  bool needs_confirm() const noexcept { return unconfirmed_; }
  // On the connection the statement is about to run on: reads the schema cookie, and returns true
  // when the cache's answers hold for it. Otherwise reads the declared types of the tables asked
  // about (refreshing the cache) and returns false: compile the statement again with this object,
  // which then answers from what it just read.
  bool confirm(connection& conn);

 private:
  using column_types = std::map<std::string, std::string>;
  database& db_;
  std::optional<std::int64_t> cookie_;  // of the cache the unconfirmed answers came from
  bool unconfirmed_ = false;
  bool stale_ = false;  // the cache lacked a table, or changed between two answers
  std::vector<std::string> tables_;  // asked about since the last confirm()
  std::map<std::string, column_types, std::less<>> live_;  // read by confirm()
};

}  // namespace detail
}  // namespace testudo
