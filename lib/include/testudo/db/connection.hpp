// The driver interface: one connection to SQLite, PostgreSQL or MySQL, and the rows it returns.
//
// This is the seam over the outside world: everything above it (queries, migrations) talks to a
// `connection`, so tests can wrap one to inject a failure at any statement or at COMMIT.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/url.hpp"
#include "testudo/db/value.hpp"

namespace testudo {

// Forward-only rows of one statement. Views returned by get_text stay valid until next().
class row_cursor {
 public:
  virtual ~row_cursor() = default;
  // Moves to the next row; false once the rows are exhausted.
  virtual bool next() = 0;
  virtual std::size_t column_count() const = 0;
  virtual std::string column_name(std::size_t column) const = 0;

  virtual bool is_null(std::size_t column) const = 0;
  virtual std::int64_t get_int64(std::size_t column) const = 0;
  virtual double get_double(std::size_t column) const = 0;
  virtual std::string_view get_text(std::size_t column) const = 0;
  virtual blob get_blob(std::size_t column) const = 0;
  virtual bool get_bool(std::size_t column) const { return get_int64(column) != 0; }
  // The column in the type the database reports for it (NULL as null_t).
  virtual value get(std::size_t column) const = 0;
  // True once next() returned false because the connection ended the rows early (see
  // connection::resumable_stream): the reader must pick up after its last row elsewhere.
  virtual bool cut() const noexcept { return false; }

  decimal get_decimal(std::size_t column) const { return decimal{std::string(get_text(column))}; }
  json get_json(std::size_t column) const { return json{std::string(get_text(column))}; }
  date get_date(std::size_t column) const { return parse_date(get_text(column)); }
  time_of_day get_time(std::size_t column) const { return parse_time(get_text(column)); }
  datetime get_datetime(std::size_t column) const { return parse_datetime(get_text(column)); }
};

// Every row of a result, as values: for small results, tests and tools (not the ORM's hot path).
std::vector<std::vector<value>> fetch_all(row_cursor& rows);

class connection {
 public:
  connection() = default;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  virtual ~connection() = default;

  virtual backend kind() const noexcept = 0;
  virtual std::string server_version() = 0;
  // False once the link to the server is lost; a pool drops such a connection.
  virtual bool is_healthy() const noexcept = 0;

  // Runs one statement with bound parameters; returns the number of rows it affected: for an
  // UPDATE the rows it matched, also those that already held the new values (on every backend).
  std::int64_t execute(std::string_view sql, std::span<const value> params = {}) {
    return execute_impl(sql, params);
  }
  std::int64_t execute(std::string_view sql, std::initializer_list<value> params) {
    return execute_impl(sql, std::span<const value>(params.begin(), params.size()));
  }
  // Runs one statement and returns its rows in one round trip (buffered where the driver must).
  std::unique_ptr<row_cursor> query(std::string_view sql, std::span<const value> params = {}) {
    return query_impl(sql, params);
  }
  std::unique_ptr<row_cursor> query(std::string_view sql, std::initializer_list<value> params) {
    return query_impl(sql, std::span<const value>(params.begin(), params.size()));
  }
  // Like query, but fetches rows as they are read so memory stays flat however many come
  // (SQLite steps row by row; PostgreSQL FETCHes `batch_rows` at a time from a server-side cursor
  // inside a transaction; MySQL reads an unbuffered result, and the connection runs nothing else
  // until the cursor is destroyed). The cursor must not outlive the connection.
  std::unique_ptr<row_cursor> stream(std::string_view sql, std::span<const value> params = {},
                                     std::size_t batch_rows = 1000) {
    return stream_impl(sql, params, batch_rows);
  }
  // Like query, for a caller that reads the rows to their end (or destroys the cursor) before it
  // runs anything else on this connection, as the ORM does: a driver may then hand rows over as
  // they arrive (MySQL, whose buffered results cost about twice as much per row), the others run query.
  std::unique_ptr<row_cursor> scan(std::string_view sql, std::span<const value> params = {}) {
    return scan_impl(sql, params);
  }
  // Like stream, for a reader that can pick up after its last row (a loop over a queryset): a
  // statement run on this connection while the rows are open ends them first (the rows left are
  // read and dropped) instead of being refused, and the cursor's next() then returns false with
  // cut() true. nullptr where the driver cannot (the default; dialect::streams_loops says where it can).
  std::unique_ptr<row_cursor> resumable_stream(std::string_view sql, std::span<const value> params = {}) {
    return resumable_stream_impl(sql, params);
  }
  // The id generated by the last INSERT on this connection (prefer RETURNING where it exists).
  virtual std::int64_t last_insert_id() = 0;

  // Splits a script into statements with this backend's lexical rules (see split_sql).
  std::vector<std::string> split_script(std::string_view script) const;
  // Runs every statement of a script in order; an error names the statement's index and text.
  void execute_script(std::string_view script);

  // Transactions nest: the outermost begin() opens a transaction, inner ones a savepoint.
  // `write_lock` takes the database's write lock at once where that is a choice (SQLite's
  // BEGIN IMMEDIATE), so two writers queue instead of failing half way.
  void begin(bool write_lock = false);
  void commit();
  void rollback();
  std::size_t transaction_depth() const noexcept { return depth_; }

  // A named lock this session holds until unlock() or until the session ends (so a crashed
  // process never leaves it behind): PostgreSQL advisory lock, MySQL GET_LOCK, an flock beside a
  // SQLite database file. Answers at once: false while another session holds it.
  virtual bool try_lock(std::string_view name) = 0;
  virtual void unlock(std::string_view name) noexcept = 0;
  // Whether the lock taken by try_lock(name) is still this session's. A lock kept alive from
  // outside the session (a lease that must be renewed, a second connection) can be lost while
  // the session goes on; one tied to the session itself cannot.
  virtual bool lock_held(std::string_view name) { (void)name; return true; }
  // False when consecutive transactions may run on different server sessions (PostgreSQL with
  // prepared_statements=false, i.e. behind a transaction pooler): a session setting would neither
  // hold for the next transaction nor stay private to this client, so settings go per transaction.
  virtual bool keeps_session() const noexcept { return true; }
  // The table where MySQL/MariaDB keep the rows of these locks (see docs/cli.md, "The migration
  // lock"): testudo's bookkeeping, so list_tables() leaves it out like SQLite's internals.
  static constexpr std::string_view lock_table_name = "testudo_lock";

  // The parameter marker for the 1-based parameter `index`: "?" or "$index".
  std::string placeholder(std::size_t index) const;

 protected:
  virtual std::int64_t execute_impl(std::string_view sql, std::span<const value> params) = 0;
  virtual std::unique_ptr<row_cursor> query_impl(std::string_view sql, std::span<const value> params) = 0;
  virtual std::unique_ptr<row_cursor> stream_impl(std::string_view sql, std::span<const value> params,
                                                  std::size_t batch_rows) {
    (void)batch_rows;
    return query_impl(sql, params);
  }
  virtual std::unique_ptr<row_cursor> scan_impl(std::string_view sql, std::span<const value> params) {
    return query_impl(sql, params);
  }
  virtual std::unique_ptr<row_cursor> resumable_stream_impl(std::string_view sql, std::span<const value> params) {
    (void)sql;
    (void)params;
    return nullptr;
  }
  // The statement that opens the outermost transaction.
  virtual std::string_view begin_statement() const noexcept { return "BEGIN"; }
  virtual std::string_view begin_write_statement() const noexcept { return begin_statement(); }

 private:
  std::size_t depth_ = 0;
};

// Opens a connection; throws db_connection_error (one line: where, why, what to check).
std::unique_ptr<connection> connect(const db_url& url);
std::unique_ptr<connection> connect(std::string_view url);

}  // namespace testudo
