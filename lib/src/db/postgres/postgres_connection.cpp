// The PostgreSQL driver: libpqxx, one long-lived nontransaction so BEGIN/SAVEPOINT stay ours.
#include <pqxx/pqxx>

#include <fmt/format.h>
#include <map>
#include <optional>
#include <unordered_map>

#include "db/drivers.hpp"
#include "db/postgres/pg_common.hpp"
#include "testudo/errors.hpp"

namespace testudo::detail {
namespace {

using pg::conninfo;
using pg::connect_hint;

class pg_connection;

// One row's cells, read through one field that moves between the columns: making a pqxx::field
// copies the result's shared handles (atomic counts), which reading each cell would pay again.
class row_cells final : public pqxx::field {
 public:
  explicit row_cells(const pqxx::row& row) : pqxx::field(row, 0) {}
  const pqxx::field& at(std::size_t c) {
    m_col = static_cast<long>(c);
    return *this;
  }
};

class pg_cursor final : public row_cursor {
 public:
  // A buffered result, or (with a cursor name) one batch of a server-side cursor.
  pg_cursor(pqxx::result rows, pg_connection* streaming_conn = nullptr, std::string cursor = {},
            std::size_t batch = 0, bool own_tx = false)
      : rows_(std::move(rows)), conn_(streaming_conn), cursor_(std::move(cursor)), batch_(batch),
        own_tx_(own_tx) {}
  ~pg_cursor() override;

  bool next() override;
  std::size_t column_count() const override { return static_cast<std::size_t>(rows_.columns()); }
  std::string column_name(std::size_t c) const override { return rows_.column_name(col(c)); }
  bool is_null(std::size_t c) const override { return field(c).is_null(); }
  std::int64_t get_int64(std::size_t c) const override { return pg::number<std::int64_t>(get_text(c), name_of{this, c}); }
  double get_double(std::size_t c) const override { return pg::number<double>(get_text(c), name_of{this, c}); }
  std::string_view get_text(std::size_t c) const override {
    const auto& f = field(c);
    return {f.c_str(), f.size()};
  }
  bool get_bool(std::size_t c) const override { return pg::boolean(get_text(c)); }
  blob get_blob(std::size_t c) const override {
    pqxx::binarystring bytes(field(c));
    return blob(bytes.data(), bytes.data() + bytes.size());
  }
  value get(std::size_t c) const override {
    return is_null(c) ? value{null} : pg::cell_value(rows_.column_type(col(c)), get_text(c), name_of{this, c});
  }

 private:
  static pqxx::row::size_type col(std::size_t c) { return static_cast<pqxx::row::size_type>(c); }
  // From the cells next() made: the ORM reads several columns of each row, each with a null test
  // first, and a pqxx::row or pqxx::field made per read would copy the result's shared handles.
  const pqxx::field& field(std::size_t c) const { return current_->at(c); }
  // A column's name for an error message, looked up only when one is made.
  struct name_of {
    const pg_cursor* rows;
    std::size_t c;
    std::string operator()() const { return rows->column_name(c); }
    blob bytes() const { return rows->get_blob(c); }
  };

  pqxx::result rows_;
  long row_ = -1;
  mutable std::optional<row_cells> current_;  // of rows_[row_]
  pg_connection* conn_;
  std::string cursor_;
  std::size_t batch_;
  bool own_tx_;
};

class pg_connection final : public connection {
 public:
  explicit pg_connection(const db_url& url) try
      : url_(url), conn_(conninfo(url)), pooled_(url.option("prepared_statements") == "false") {
    tx_ = std::make_unique<pqxx::nontransaction>(conn_, "testudo");
    // Instants come back as UTC text so datetime parsing never guesses a zone. A session setting,
    // but PgBouncer tracks TimeZone per client and sets it on each server connection it lends
    // (the URL parser refuses the session settings it does not track with prepared_statements=false).
    tx_->exec("SET TimeZone = 'UTC'");
    if (auto schema = url.option("schema"); !schema.empty())
      tx_->exec("SET search_path = " + pg::quote_ident(schema));
    if (auto timeout = url.option("statement_timeout"); !timeout.empty())
      tx_->exec(fmt::format("SET statement_timeout = {}", std::stoll(timeout)));
  } catch (const pqxx::broken_connection& e) {
    throw_connect_error(url, e.what(), connect_hint(url, e.what()));
  } catch (const pqxx::sql_error& e) {
    throw_connect_error(url, e.what(), "Check the database name and the user's rights.");
  }

  ~pg_connection() override {
    tx_.reset();
  }

  backend kind() const noexcept override { return backend::postgres; }
  std::string server_version() override {
    return guarded("SHOW server_version", [&] { return tx_->exec("SHOW server_version")[0][0].as<std::string>(); });
  }
  bool is_healthy() const noexcept override { return healthy_; }
  std::int64_t last_insert_id() override {
    auto rows = query("SELECT lastval()");
    rows->next();
    return rows->get_int64(0);
  }

  // The lock is a transaction-scoped advisory lock taken on a connection of its own, whose
  // transaction stays open until unlock(): a pooler in transaction mode keeps that transaction's
  // server connection for it (a session-level lock would stay on a server connection the pooler
  // lends to others), and the lock goes the moment the connection ends, e.g. the process is killed.
  // Advisory locks are scoped to the current database.
  bool try_lock(std::string_view name) override {
    auto it = locks_.find(name);
    if (it == locks_.end()) it = locks_.emplace(std::string(name), open_lock_holder(name)).first;
    auto& holder = *it->second;
    if (holder.held) return true;
    holder.held = lock_statement(holder, fmt::format("BEGIN; SELECT pg_try_advisory_xact_lock({})", pg::lock_key(name)))
                      [0][0].as<bool>();
    // Waiting in a transaction would keep a pooled server connection from everybody else.
    if (!holder.held) lock_statement(holder, "ROLLBACK");
    return holder.held;
  }
  void unlock(std::string_view name) noexcept override {
    auto it = locks_.find(name);
    if (it == locks_.end()) return;
    try {
      // Ends the transaction, and the lock with it, before returning: closing the connection alone
      // would let the server release it a moment later, after another session's try failed.
      if (it->second->held) lock_statement(*it->second, "ROLLBACK");
    } catch (...) {
      // The connection is gone, and its transaction with it.
    }
    locks_.erase(it);
  }
  // The lock holds while its connection still answers inside the transaction that took it.
  bool keeps_session() const noexcept override { return !pooled_; }
  bool lock_held(std::string_view name) override {
    auto it = locks_.find(name);
    if (it == locks_.end() || !it->second->held) return false;
    try {
      lock_statement(*it->second, "SELECT 1");
      return true;
    } catch (const base_orm_error&) {
      it->second->held = false;
      return false;
    }
  }

  pqxx::result run(std::string_view sql, std::span<const value> params, bool cache) {
    return guarded(sql, [&] {
      if (params.empty()) return tx_->exec(std::string(sql));
      std::vector<std::string> texts(params.size());
      std::vector<const char*> ptrs(params.size());
      for (std::size_t i = 0; i < params.size(); ++i) ptrs[i] = pg::to_param(params[i], texts[i]);
      auto dynamic = pqxx::prepare::make_dynamic_params(ptrs);
      if (!cache || pooled_) return tx_->exec_params(std::string(sql), dynamic);  // an unnamed statement
      return tx_->exec_prepared(prepared_name(sql), dynamic);
    });
  }

 protected:
  std::int64_t execute_impl(std::string_view sql, std::span<const value> params) override {
    return static_cast<std::int64_t>(run(sql, params, true).affected_rows());
  }

  std::unique_ptr<row_cursor> query_impl(std::string_view sql, std::span<const value> params) override {
    return std::make_unique<pg_cursor>(run(sql, params, true));
  }

  std::unique_ptr<row_cursor> stream_impl(std::string_view sql, std::span<const value> params,
                                          std::size_t batch_rows) override {
    bool own_tx = transaction_depth() == 0;  // a cursor lives only inside a transaction
    if (own_tx) begin();
    try {
      auto name = fmt::format("testudo_cursor_{}", ++cursors_);
      run(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", name, sql), params, false);
      auto first = fetch(name, batch_rows);
      return std::make_unique<pg_cursor>(std::move(first), this, name, batch_rows, own_tx);
    } catch (...) {
      if (own_tx) rollback();
      throw;
    }
  }

 public:
  pqxx::result fetch(const std::string& cursor, std::size_t batch) {
    return run(fmt::format("FETCH FORWARD {} FROM {}", batch, cursor), {}, false);
  }

 private:
  const std::string& prepared_name(std::string_view sql) {
    auto it = prepared_.find(std::string(sql));
    if (it != prepared_.end()) return it->second;
    if (prepared_.size() >= max_prepared) {
      for (auto& [text, name] : prepared_) conn_.unprepare(name);
      prepared_.clear();
    }
    auto name = fmt::format("testudo_s{}", ++statements_);
    conn_.prepare(name, std::string(sql));
    return prepared_.emplace(std::string(sql), std::move(name)).first->second;
  }

  struct lock_holder {
    explicit lock_holder(const db_url& url) : conn(conninfo(url)), tx(conn, "testudo_lock") {}
    pqxx::connection conn;
    pqxx::nontransaction tx;
    bool held = false;
  };

  // Named after the lock, so that pg_stat_activity shows what the idle transaction is for.
  std::unique_ptr<lock_holder> open_lock_holder(std::string_view name) const {
    auto url = url_;
    url.options.insert_or_assign("application_name", "testudo lock " + std::string(name));
    try {
      return std::make_unique<lock_holder>(url);
    } catch (const pqxx::broken_connection& e) {
      throw_connect_error(url_, e.what(), connect_hint(url_, e.what()));
    } catch (const pqxx::sql_error& e) {
      throw_connect_error(url_, e.what(), "Check the database name and the user's rights.");
    }
  }

  // A statement on a lock's connection; its loss says nothing about this connection's health.
  static pqxx::result lock_statement(lock_holder& holder, const std::string& sql) {
    try {
      return holder.tx.exec(sql);
    } catch (const pqxx::broken_connection& e) {
      throw db_connection_error(fmt::format("lost the connection holding a PostgreSQL advisory lock: {}",
                                            first_line(e.what())));
    } catch (const pqxx::sql_error& e) {
      throw operational_error(pg::pg_message(e.what()), {.sqlstate = e.sqlstate(), .native_code = 0, .statement = sql,
                                                     .statement_index = {}});
    }
  }

  // Runs fn, translating libpqxx's exceptions into testudo's hierarchy.
  template <class Fn>
  auto guarded(std::string_view sql, Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const pqxx::broken_connection& e) {
      healthy_ = false;
      throw db_connection_error(fmt::format("lost the connection to PostgreSQL: {}", first_line(e.what())));
    } catch (const pqxx::sql_error& e) {
      refused(e.sqlstate(), e.what(), sql);
    } catch (const pqxx::transaction_rollback& e) {  // libpqxx 6 throws 40001/40003/40P01 apart from sql_error
      refused(dynamic_cast<const pqxx::statement_completion_unknown*>(&e) ? "40003"
              : dynamic_cast<const pqxx::deadlock_detected*>(&e)          ? "40P01"
                                                                          : "40001",
              e.what(), sql);
    } catch (const pqxx::usage_error& e) {
      throw operational_error(first_line(e.what()), {.sqlstate = {}, .native_code = 0,
                                                     .statement = std::string(sql), .statement_index = {}});
    } catch (const base_orm_error&) {
      throw;
    } catch (const std::exception& e) {  // libpq's own refusals (e.g. more than 65535 parameters)
      throw operational_error(fmt::format("PostgreSQL client: {}", first_line(e.what())),
                              {.sqlstate = {}, .native_code = 0, .statement = std::string(sql), .statement_index = {}});
    }
  }

  [[noreturn]] void refused(std::string_view sqlstate, std::string_view what, std::string_view sql) {
    if (pg::breaks_connection(sqlstate)) healthy_ = false;
    pg::throw_statement_error(sqlstate, what, sql, !pooled_);
  }

  static constexpr std::size_t max_prepared = 256;
  db_url url_;
  pqxx::connection conn_;
  bool pooled_;  // prepared_statements=false: unnamed statements only
  std::unique_ptr<pqxx::nontransaction> tx_;
  std::unordered_map<std::string, std::string> prepared_;
  std::size_t statements_ = 0;
  std::size_t cursors_ = 0;
  bool healthy_ = true;
  std::map<std::string, std::unique_ptr<lock_holder>, std::less<>> locks_;
};

bool pg_cursor::next() {
  current_.reset();
  if (static_cast<std::size_t>(++row_) >= rows_.size()) {
    if (!conn_ || rows_.size() < batch_) return false;  // a short batch was the last one
    rows_ = conn_->fetch(cursor_, batch_);
    row_ = 0;
    if (rows_.empty()) return false;
  }
  current_.emplace(rows_[static_cast<pqxx::result::size_type>(row_)]);
  return true;
}

pg_cursor::~pg_cursor() {
  if (!conn_) return;
  try {
    conn_->execute("CLOSE " + cursor_);
    if (own_tx_) conn_->commit();
  } catch (...) {
    try {
      if (own_tx_ && conn_->transaction_depth() > 0) conn_->rollback();
    } catch (...) {
    }
  }
}

}  // namespace

std::unique_ptr<connection> connect_postgres(const db_url& url) {
  return std::make_unique<pg_connection>(url);
}

}  // namespace testudo::detail
