// The MySQL/MariaDB driver: Connector/C++ 1.1 (the JDBC-style cppconn API).
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <utility>

#include "db/drivers.hpp"
#include "testudo/errors.hpp"

namespace testudo::detail {
namespace {

// Error numbers of the MySQL/MariaDB server and client library that we treat specially.
constexpr int er_dup_entry = 1062, er_bad_null = 1048, er_no_default = 1364, er_row_is_referenced = 1451,
              er_no_referenced_row = 1452, er_row_is_referenced_old = 1217, er_no_referenced_row_old = 1216,
              er_check_failed = 4025, er_constraint_failed = 3819, er_lock_wait_timeout = 1205,
              er_lock_deadlock = 1213, er_no_such_table = 1146;
constexpr int cr_server_gone = 2006, cr_server_lost = 2013, cr_conn_host = 2003, cr_connection = 2002,
              er_access_denied = 1045, er_bad_db = 1049;

bool is_integrity(int code) {
  switch (code) {
    case er_dup_entry: case er_bad_null: case er_no_default: case er_row_is_referenced:
    case er_no_referenced_row: case er_row_is_referenced_old: case er_no_referenced_row_old:
    case er_check_failed: case er_constraint_failed:
      return true;
    default:
      return false;
  }
}

// The text between `open` and `close` after the first `open`, or empty.
std::string between(std::string_view s, std::string_view open, char close) {
  auto at = s.find(open);
  if (at == std::string_view::npos) return {};
  auto start = at + open.size();
  return std::string(s.substr(start, s.find(close, start) - start));
}

std::string constraint_from(int code, std::string_view message) {
  switch (code) {
    case er_dup_entry: {  // "... for key 'name'" (MySQL 8 writes 'table.name')
      auto key = between(message, "for key '", '\'');
      auto dot = key.rfind('.');
      return dot == std::string::npos ? key : key.substr(dot + 1);
    }
    case er_bad_null: case er_no_default:
      return between(message, "'", '\'');
    case er_check_failed: case er_constraint_failed:
      return between(message, "constraint `", '`').empty() ? between(message, "'", '\'')
                                                           : between(message, "constraint `", '`');
    default:
      return between(message, "CONSTRAINT `", '`');
  }
}

sql::mysql::MySQL_Driver* driver() {
  // The driver singleton is not safe to create from two threads at once.
  static std::once_flag once;
  static sql::mysql::MySQL_Driver* instance = nullptr;
  std::call_once(once, [] { instance = sql::mysql::get_mysql_driver_instance(); });
  return instance;
}

class mysql_cursor final : public row_cursor {
 public:
  // `on_close` runs once the rows are gone, with the number of rows read; `at_end` once next() found
  // no more (it may throw: an unbuffered result that a server error ended looks like its end).
  mysql_cursor(std::unique_ptr<sql::ResultSet> rows, std::unique_ptr<sql::Statement> owner = nullptr,
               std::function<void(std::size_t)> on_close = {}, std::function<void()> at_end = {})
      : owner_(std::move(owner)), rows_(std::move(rows)), meta_(rows_->getMetaData()),
        text_(meta_->getColumnCount()), on_close_(std::move(on_close)), at_end_(std::move(at_end)) {}
  ~mysql_cursor() override { close(); }

  // Ends an unbuffered result before its end: the client library reads the rest and drops it.
  void end_early() {
    close();
    cut_ = true;
  }
  bool cut() const noexcept override { return cut_; }

  bool next() override {
    if (!rows_) return false;  // ended early
    try {
      if (rows_->next()) {
        ++read_;
        return true;
      }
      close();
      if (auto check = std::exchange(at_end_, nullptr)) check();
      return false;
    } catch (const sql::SQLException& e) {
      throw operational_error(first_line(e.what()), {.sqlstate = e.getSQLState(), .native_code = e.getErrorCode(),
                                                     .statement = {}, .statement_index = {}});
    }
  }
  std::size_t column_count() const override { return text_.size(); }
  std::string column_name(std::size_t c) const override { return meta_->getColumnLabel(col(c)); }
  bool is_null(std::size_t c) const override { return rows_->isNull(col(c)); }
  std::int64_t get_int64(std::size_t c) const override { return rows_->getInt64(col(c)); }
  double get_double(std::size_t c) const override { return static_cast<double>(rows_->getDouble(col(c))); }
  bool get_bool(std::size_t c) const override { return rows_->getBoolean(col(c)); }
  std::string_view get_text(std::size_t c) const override {
    text_[c] = rows_->getString(col(c)).asStdString();  // one buffer per column keeps views apart
    return text_[c];
  }
  blob get_blob(std::size_t c) const override {
    std::unique_ptr<std::istream> in(rows_->getBlob(col(c)));
    if (!in) return {};
    return blob(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>());
  }
  value get(std::size_t c) const override;

 private:
  static std::uint32_t col(std::size_t c) { return static_cast<std::uint32_t>(c + 1); }
  void close() {
    rows_.reset();
    owner_.reset();
    if (auto done = std::exchange(on_close_, nullptr)) done(read_);
  }

  std::unique_ptr<sql::Statement> owner_;  // a plain statement must outlive its rows
  std::unique_ptr<sql::ResultSet> rows_;
  sql::ResultSetMetaData* meta_;
  mutable std::vector<std::string> text_;
  std::function<void(std::size_t)> on_close_;
  std::function<void()> at_end_;
  std::size_t read_ = 0;
  bool cut_ = false;
};

value mysql_cursor::get(std::size_t c) const {
  if (is_null(c)) return null;
  switch (meta_->getColumnType(col(c))) {
    case sql::DataType::BIT: case sql::DataType::TINYINT: case sql::DataType::SMALLINT:
    case sql::DataType::MEDIUMINT: case sql::DataType::INTEGER: case sql::DataType::BIGINT:
    case sql::DataType::YEAR:
      return get_int64(c);
    case sql::DataType::REAL: case sql::DataType::DOUBLE: return get_double(c);
    case sql::DataType::DECIMAL: case sql::DataType::NUMERIC: return get_decimal(c);
    case sql::DataType::BINARY: case sql::DataType::VARBINARY: case sql::DataType::LONGVARBINARY:
      return get_blob(c);
    case sql::DataType::DATE: return get_date(c);
    case sql::DataType::TIME: return get_time(c);
    case sql::DataType::TIMESTAMP: return get_datetime(c);
    case sql::DataType::JSON: return get_json(c);
    default: return std::string(get_text(c));
  }
}

// The migration lock's row (see docs/cli.md, "The migration lock"). GET_LOCK is local to
// one server, and a Galera cluster has several: the row is what every node agrees on, because
// its INSERT passes the cluster's certification or fails; a lease lets it expire when its holder
// dies on another node. `node` names the server whose GET_LOCK the holder also took.
// The table is connection::lock_table_name (the statements below spell it out).
constexpr const char* lock_table_ddl =
    "CREATE TABLE IF NOT EXISTS testudo_lock (name VARCHAR(255) NOT NULL PRIMARY KEY, "
    "holder VARCHAR(64) NOT NULL, node VARCHAR(512) NOT NULL, expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB";

// A random id for this holder, with the host's pid to help whoever reads the table.
std::string new_holder_id() {
  std::random_device random;
  std::uniform_int_distribution<std::uint64_t> any;
  return fmt::format("{:016x}-{}", any(random), ::getpid());
}

// The lock row, written on a second connection of its own (autocommit, so each write is
// certified at once and the migration's transactions never carry it), and renewed by a
// thread every lease/3 while the run lasts.
class lease_lock {
 public:
  lease_lock(std::unique_ptr<connection> conn, std::string name, std::string node, std::chrono::seconds lease)
      : conn_(std::move(conn)), name_(std::move(name)), node_(std::move(node)), holder_(new_holder_id()),
        lease_(lease) {}
  lease_lock(const lease_lock&) = delete;
  lease_lock& operator=(const lease_lock&) = delete;
  ~lease_lock() { release(); }

  // Takes the row when it is free, expired, or left by a dead holder on this node (whose
  // GET_LOCK the caller now holds). False when another holder has it or won certification.
  bool acquire() {
    try {
      conn_->execute("DELETE FROM testudo_lock WHERE name = ? AND (expires_at < UTC_TIMESTAMP(6) OR node = ?)",
                     {value{name_}, value{node_}});
      if (conn_->execute("INSERT IGNORE INTO testudo_lock (name, holder, node, expires_at) VALUES "
                         "(?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)",
                         {value{name_}, value{holder_}, value{node_}, value{std::int64_t{lease_.count()}}}) != 1)
        return false;
    } catch (const operational_error& e) {
      if (e.native_code() == er_lock_deadlock) return false;  // another node's write certified first
      if (e.native_code() != er_no_such_table) throw;
      // Created on first use only: on Galera every DDL blocks the whole cluster for a moment.
      conn_->execute(lock_table_ddl);
      return acquire();
    }
    thread_ = std::thread([this] { heartbeat(); });
    return true;
  }

  // Renews the lease now: false once the row is gone or another holder's.
  bool held() {
    std::lock_guard guard(mutex_);
    return renew_locked();
  }

  void release() noexcept {
    {
      std::lock_guard guard(mutex_);
      if (!thread_.joinable()) return;
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    try {
      conn_->execute("DELETE FROM testudo_lock WHERE name = ? AND holder = ?", {value{name_}, value{holder_}});
    } catch (...) {
      // The lease expires on its own.
    }
  }

 private:
  bool renew_locked() {
    if (lost_) return false;
    try {
      lost_ = conn_->execute("UPDATE testudo_lock SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
                             "WHERE name = ? AND holder = ?",
                             {value{std::int64_t{lease_.count()}}, value{name_}, value{holder_}}) != 1;
    } catch (const base_orm_error&) {
      lost_ = true;  // unknown whether it was renewed: the run must not count on it
    }
    return !lost_;
  }

  void heartbeat() {
    std::unique_lock guard(mutex_);
    while (!wake_.wait_for(guard, lease_ / 3, [this] { return stop_; }))
      if (!renew_locked()) return;
  }

  std::unique_ptr<connection> conn_;
  std::string name_, node_, holder_;
  std::chrono::seconds lease_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  bool stop_ = false, lost_ = false;
};

class mysql_connection final : public connection {
 public:
  explicit mysql_connection(const db_url& url) : url_(url) {
    sql::ConnectOptionsMap options;
    options["hostName"] = sql::SQLString(fmt::format("tcp://{}:{}", url.host, url.port));
    options["userName"] = sql::SQLString(url.user);
    options["password"] = sql::SQLString(url.password);
    options["schema"] = sql::SQLString(url.database);
    options["OPT_CHARSET_NAME"] = sql::SQLString(url.option("charset", "utf8mb4"));
    options["OPT_CONNECT_TIMEOUT"] = connect_seconds(url);
    options["OPT_RECONNECT"] = false;  // a silent reconnect would lose the transaction
    // UPDATE counts the rows it matched, as PostgreSQL and SQLite do, not only those whose
    // values differ (save() reads 0 as "no such row").
    options["CLIENT_FOUND_ROWS"] = true;
    auto ssl = url.option("ssl", "false");
    if (ssl == "true" || ssl == "require") options["sslEnforce"] = true;
    try {
      conn_.reset(driver()->connect(options));
      std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
      stmt->execute("SET time_zone = '+00:00'");  // datetimes are UTC instants
      if (auto mode = url.option("sql_mode"); !mode.empty()) {
        std::unique_ptr<sql::PreparedStatement> set(conn_->prepareStatement("SET SESSION sql_mode = ?"));
        set->setString(1, mode);
        set->execute();
      }
    } catch (const sql::SQLException& e) {
      throw_connect_error(url, e.what(), connect_hint(url, e.getErrorCode(), e.what()));
    }
  }

  backend kind() const noexcept override { return backend::mysql; }
  std::string server_version() override {
    auto rows = query("SELECT VERSION()");
    rows->next();
    return std::string(rows->get_text(0));
  }
  bool is_healthy() const noexcept override { return healthy_; }
  // GET_LOCK names are server-wide: the database's name goes into the key so that runs on two
  // databases of one server do not wait for each other (hashed: names are limited to 64 bytes).
  // GET_LOCK comes first: on one server it decides at once, and it tells a dead holder's row
  // (same node, GET_LOCK free again) from a live one; then the row (lease_lock) decides across
  // a cluster's nodes.
  static constexpr const char* lock_key = "SHA1(CONCAT(COALESCE(DATABASE(), ''), ':', ?))";
  bool try_lock(std::string_view name) override {
    auto rows = query(fmt::format("SELECT GET_LOCK({}, 0)", lock_key), {value{std::string(name)}});
    if (!(rows->next() && !rows->is_null(0) && rows->get_int64(0) == 1)) return false;
    rows.reset();
    try {
      // Kept between attempts: a waiting run polls, and its second connection can be reused.
      auto& lease = leases_[std::string(name)];
      if (!lease) lease = std::make_unique<lease_lock>(connect_mysql(url_), std::string(name), node_name(), lease_seconds());
      if (!lease->acquire()) {
        release_named(name);
        return false;
      }
      make_reads_causal();
      return true;
    } catch (...) {
      release_named(name);
      throw;
    }
  }
  bool lock_held(std::string_view name) override {
    auto it = leases_.find(std::string(name));
    return it != leases_.end() && it->second->held();
  }
  void unlock(std::string_view name) noexcept override {
    leases_.erase(std::string(name));
    release_named(name);
    if (causal_) {
      causal_ = false;
      try {
        execute("SET SESSION wsrep_sync_wait = DEFAULT");
      } catch (...) {
        // The setting ends with the session.
      }
    }
  }

  std::int64_t last_insert_id() override {
    auto rows = query("SELECT LAST_INSERT_ID()");
    rows->next();
    return rows->get_int64(0);
  }

 protected:
  std::int64_t execute_impl(std::string_view sql, std::span<const value> params) override {
    return guarded(sql, [&]() -> std::int64_t {
      if (params.empty()) {
        std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
        return drain(*stmt, stmt->execute(std::string(sql)));
      }
      room_for(1);
      auto& stmt = binary(prepared(sql), sql);
      std::vector<std::unique_ptr<std::istream>> blobs;
      bind(stmt, params, blobs);
      // Connector/C++ 1.1 has no getUpdateCount() for prepared statements: ask by result shape.
      if (stmt.getMetaData()->getColumnCount() == 0) return static_cast<std::int64_t>(stmt.executeUpdate());
      std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
      while (rows->next()) {
      }
      return std::int64_t{0};
    });
  }

  // Unbuffered rows (mysql_use_result): Connector/C++ 1.1 cannot stream a prepared statement, so
  // the statement runs over the text protocol (see unbuffered).
  std::unique_ptr<row_cursor> stream_impl(std::string_view sql, std::span<const value> params, std::size_t) override {
    return guarded(sql, [&]() -> std::unique_ptr<row_cursor> {
      room_for(2);  // the statement PREPAREd, its SET
      return unbuffered(entry_for(sql, params), sql, params, false);
    });
  }

  // The same stream, which a statement run before its end cuts (see guarded) instead of being refused.
  std::unique_ptr<row_cursor> resumable_stream_impl(std::string_view sql, std::span<const value> params) override {
    return guarded(sql, [&]() -> std::unique_ptr<row_cursor> {
      room_for(2);
      return unbuffered(entry_for(sql, params), sql, params, true);
    });
  }

  std::unique_ptr<row_cursor> query_impl(std::string_view sql, std::span<const value> params) override {
    return guarded(sql, [&]() -> std::unique_ptr<row_cursor> {
      // Without parameters over the text protocol: Connector/C++ hands text and datetimes over
      // for less than the binary protocol costs it (integers cost more; docs/performance.md).
      if (params.empty()) return plain_buffered(nullptr, sql);
      room_for(1);
      return buffered(prepared(sql), sql, params);
    });
  }

  // A result read through: unbuffered over the text protocol when the statement's last result
  // here had `many_rows` or more, else buffered in one round trip (over the binary protocol with
  // parameters, whose dates and times Connector/C++ formats with snprintf cell by cell). Unbuffered
  // costs a round trip or two more (the parameters' SET, the check that the rows came to their
  // end), which a few thousand rows, read for half the price each, make up for.
  static constexpr std::size_t many_rows = 2000;

  std::unique_ptr<row_cursor> scan_impl(std::string_view sql, std::span<const value> params) override {
    return guarded(sql, [&]() -> std::unique_ptr<row_cursor> {
      room_for(3);  // the statement both ways, its SET
      auto& entry = prepared(sql);
      if (entry.last_rows >= many_rows) return unbuffered(&entry, sql, params, false);
      if (params.empty()) return plain_buffered(&entry, sql);
      return buffered(entry, sql, params);
    });
  }

 private:
  // The statement text as a string literal for PREPARE ... FROM (it holds no values, only '?').
  static std::string quoted(std::string_view sql) {
    std::string out = "'";
    for (char c : sql) {
      if (c == '\'' || c == '\\') out += c;
      out += c;
    }
    return out + "'";
  }

  void release_named(std::string_view name) noexcept {
    try {
      query(fmt::format("SELECT RELEASE_LOCK({})", lock_key), {value{std::string(name)}});
    } catch (...) {
      // The server drops a session's locks when the session ends.
    }
  }

  // This server, as the lock row names it: the one whose GET_LOCK a holder took.
  std::string node_name() {
    auto rows = query("SELECT CONCAT(@@hostname, ':', @@port, ':', @@datadir)");
    rows->next();
    return std::string(rows->get_text(0));
  }

  std::chrono::seconds lease_seconds() const { return std::chrono::seconds(std::stoi(url_.option("lock_lease", "30"))); }

  // Galera applies other nodes' writes asynchronously: without a causality wait, a run that just
  // took the lock could read a version table that does not show the previous holder's rows yet
  // and apply a migration again. wsrep_sync_wait = 1 makes every read wait until this node has
  // applied what the cluster committed before it. A plain server has no such lag (Oracle MySQL
  // has no wsrep_on variable at all, MariaDB without a cluster reports OFF).
  void make_reads_causal() {
    auto rows = query("SHOW VARIABLES LIKE 'wsrep_on'");
    bool clustered = rows->next() && rows->get_text(1) == "ON";
    rows.reset();
    if (clustered) execute("SET SESSION wsrep_sync_wait = 1");
    causal_ = clustered;
  }

  // The client library's words are kept; the hint says what they mean for the URL.
  static std::string connect_hint(const db_url& url, int code, std::string_view why) {
    switch (code) {
      case er_access_denied: return "Check the user name and password in the URL.";
      case er_bad_db: return "Create the database first, or fix its name in the URL.";
      case cr_server_lost:
        // ETIMEDOUT (110): nothing came back, which is also how a PostgreSQL server greets a MySQL client.
        if (why.find("system error: 110") != std::string_view::npos)
          return fmt::format("The server did not answer within {} s (connect_timeout): check that {}:{} is a MySQL or "
                             "MariaDB server (PostgreSQL, for one, waits without a word) and that no firewall drops the "
                             "connection, or raise ?connect_timeout=", connect_seconds(url), url.host, url.port);
        return fmt::format("Something answers at {}:{} but it does not speak the MySQL protocol: check the port "
                           "(another server listens there; MySQL's default is 3306).", url.host, url.port);
      default: return "Check that the server is running, and the host and port.";
    }
  }
  static int connect_seconds(const db_url& url) {
    return static_cast<int>(url.connect_timeout ? url.connect_timeout->count() : 10);
  }

  // Rows changed by a statement; a result set it produced is read to the end and discarded.
  static std::int64_t drain(sql::Statement& stmt, bool has_rows) {
    if (has_rows) {
      std::unique_ptr<sql::ResultSet> rows(stmt.getResultSet());
      while (rows->next()) {
      }
      return 0;
    }
    return stmt.getUpdateCount();
  }

  static void bind(sql::PreparedStatement& stmt, std::span<const value> params,
                   std::vector<std::unique_ptr<std::istream>>& blobs) {
    for (unsigned i = 0; i < params.size(); ++i) {
      unsigned index = i + 1;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, null_t>) stmt.setNull(index, sql::DataType::SQLNULL);
            else if constexpr (std::is_same_v<T, bool>) stmt.setBoolean(index, v);
            else if constexpr (std::is_same_v<T, std::int64_t>) stmt.setInt64(index, v);
            else if constexpr (std::is_same_v<T, double>) stmt.setDouble(index, v);
            else if constexpr (std::is_same_v<T, std::string>) stmt.setString(index, v);
            else if constexpr (std::is_same_v<T, blob>) {
              blobs.push_back(std::make_unique<std::istringstream>(std::string(v.begin(), v.end())));
              stmt.setBlob(index, blobs.back().get());
            } else if constexpr (std::is_same_v<T, decimal> || std::is_same_v<T, json>) stmt.setString(index, v.text);
            else if constexpr (std::is_same_v<T, date>) stmt.setString(index, format_date(v));
            else if constexpr (std::is_same_v<T, time_of_day>) stmt.setString(index, format_time(v));
            else if constexpr (std::is_same_v<T, datetime>) stmt.setDateTime(index, format_datetime(v, false));
          },
          params[i]);
    }
  }

  // A statement text this connection has run, as a client-side prepared statement (binary
  // protocol) and/or a server-side one (PREPARE, for the text protocol), each made when first needed.
  struct prepared_statement {
    std::unique_ptr<sql::PreparedStatement> binary;
    std::string server_name;  // "testudo_q<n>" once PREPAREd on the server
    std::size_t last_rows = 0;
  };

  // Lookups and inserts never evict, so that an operation can hold two entries: it makes room
  // first. Both kinds count: the server's max_prepared_stmt_count is shared by all its sessions.
  prepared_statement& prepared(std::string_view sql) { return prepared_[std::string(sql)]; }
  void room_for(std::size_t statements) {
    // Texts without parameters count too: a connection may run endless distinct ones (literals).
    if (on_server_ + statements <= max_prepared && prepared_.size() < max_texts) return;
    for (const auto& [text, entry] : prepared_)
      if (!entry.server_name.empty()) plain_execute("DEALLOCATE PREPARE " + entry.server_name);
    prepared_.clear();
    on_server_ = 0;
  }
  sql::PreparedStatement& binary(prepared_statement& entry, std::string_view sql) {
    if (!entry.binary) {
      entry.binary.reset(conn_->prepareStatement(std::string(sql)));
      ++on_server_;
    }
    return *entry.binary;
  }
  void plain_execute(const std::string& sql) {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    stmt->execute(sql);
  }

  // The entry of a statement with parameters; none for a stream without (it runs as plain text).
  prepared_statement* entry_for(std::string_view sql, std::span<const value> params) {
    return params.empty() ? nullptr : &prepared(sql);
  }

  // Buffered over the text protocol, for a statement without parameters.
  std::unique_ptr<row_cursor> plain_buffered(prepared_statement* entry, std::string_view sql) {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    std::unique_ptr<sql::ResultSet> rows(stmt->executeQuery(std::string(sql)));
    if (entry) entry->last_rows = rows->rowsCount();
    return std::make_unique<mysql_cursor>(std::move(rows), std::move(stmt));
  }

  // Unbuffered over the text protocol. With parameters, their values go into session variables
  // through one prepared SET (still bound, never pasted) and the statement, PREPAREd on the server
  // once, runs as EXECUTE ... USING them. The connection runs nothing else until the cursor is
  // gone (or, `resumable`, until it runs something else: guarded cuts the stream first); then the
  // statement's entry (needed with parameters) learns how many rows came.
  std::unique_ptr<row_cursor> unbuffered(prepared_statement* entry, std::string_view sql, std::span<const value> params,
                                         bool resumable) {
    std::string text(sql);
    if (!params.empty()) {
      if (entry->server_name.empty()) {
        auto name = fmt::format("testudo_q{}", ++server_statements_);
        plain_execute(fmt::format("PREPARE {} FROM {}", name, quoted(sql)));
        entry->server_name = std::move(name);
        ++on_server_;
      }
      std::string vars, set = "SET ";
      for (std::size_t i = 1; i <= params.size(); ++i) {
        auto var = fmt::format("{}@testudo_p{}", i == 1 ? "" : ", ", i);
        vars += var;
        set += var + " = ?";
      }
      auto& assign = binary(prepared(set), set);
      std::vector<std::unique_ptr<std::istream>> blobs;
      bind(assign, params, blobs);
      assign.execute();
      text = fmt::format("EXECUTE {} USING {}", entry->server_name, vars);
    }
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    stmt->setResultSetType(sql::ResultSet::TYPE_FORWARD_ONLY);
    std::unique_ptr<sql::ResultSet> rows(stmt->executeQuery(text));
    auto cursor = std::make_unique<mysql_cursor>(
        std::move(rows), std::move(stmt),
        [this, entry](std::size_t read) {
          open_ = nullptr;
          if (entry) entry->last_rows = read;  // no eviction while a stream is open (guarded): the entry is still there
        },
        [this, sql = std::string(sql)] { check_completed(sql); });
    open_ = cursor.get();
    resumable_ = resumable;
    return cursor;
  }

  // The client library ends an unbuffered result the same way at its last row and at a server error
  // that stops it half way (KILL QUERY, max_statement_time): the server says which it was.
  void check_completed(const std::string& sql) {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    std::unique_ptr<sql::ResultSet> count(stmt->executeQuery("SELECT @@error_count"));
    if (!count->next() || count->getInt64(1) == 0) return;
    count.reset();
    std::unique_ptr<sql::ResultSet> errors(stmt->executeQuery("SHOW ERRORS"));
    bool known = errors->next();
    int code = known ? errors->getInt(2) : 0;
    std::string why = known ? std::string(errors->getString(3)) : "an error the server did not name";
    throw operational_error(fmt::format("the server stopped sending the rows of '{}' before the last one ({}): "
                                        "what was read is incomplete",
                                        sql, why),
                            {.sqlstate = "HY000", .native_code = code, .statement = sql, .statement_index = {}});
  }

  // Buffered over the binary protocol (one round trip).
  std::unique_ptr<row_cursor> buffered(prepared_statement& entry, std::string_view sql, std::span<const value> params) {
    auto& stmt = binary(entry, sql);
    std::vector<std::unique_ptr<std::istream>> blobs;
    bind(stmt, params, blobs);
    std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
    entry.last_rows = rows->rowsCount();
    return std::make_unique<mysql_cursor>(std::move(rows));
  }

  template <class Fn>
  auto guarded(std::string_view sql, Fn&& fn) -> decltype(fn()) {
    if (open_ && resumable_) open_->end_early();
    if (open_)
      throw operational_error(fmt::format("cannot run '{}' while a stream() on this MySQL connection is still open: "
                                          "read it to the end or destroy it first, or use another connection", sql));
    try {
      return fn();
    } catch (const sql::SQLException& e) {
      int code = e.getErrorCode();
      error_details details{.sqlstate = e.getSQLState(), .native_code = code, .statement = std::string(sql),
                            .statement_index = {}};
      std::string message = first_line(e.what());
      if (code == cr_server_gone || code == cr_server_lost || code == cr_conn_host || code == cr_connection) {
        healthy_ = false;
        throw db_connection_error(fmt::format("lost the connection to MySQL: {}", message));
      }
      if (code == er_lock_wait_timeout) throw lock_error(message, std::move(details));
      if (code == er_lock_deadlock) throw transaction_conflict(message, std::move(details));
      if (is_integrity(code)) throw integrity_error(message, constraint_from(code, message), std::move(details));
      throw operational_error(message, std::move(details));
    }
  }

  static constexpr std::size_t max_prepared = 256, max_texts = 1024;
  db_url url_;  // the lock's second connection opens from it
  std::unique_ptr<sql::Connection> conn_;
  std::unordered_map<std::string, prepared_statement> prepared_;
  std::uint64_t server_statements_ = 0;  // names of PREPAREd statements
  std::size_t on_server_ = 0;            // prepared statements prepared_ holds on the server
  bool healthy_ = true;
  mysql_cursor* open_ = nullptr;  // the unbuffered result being read, which blocks the connection
  bool resumable_ = false;         // open_ may be cut
  std::unordered_map<std::string, std::unique_ptr<lease_lock>> leases_;  // by lock name
  bool causal_ = false;  // wsrep_sync_wait set for a run (see make_reads_causal)
};

}  // namespace

std::unique_ptr<connection> connect_mysql(const db_url& url) {
  return std::make_unique<mysql_connection>(url);
}

void mysql_thread_init() { driver()->threadInit(); }
void mysql_thread_end() { driver()->threadEnd(); }

}  // namespace testudo::detail
