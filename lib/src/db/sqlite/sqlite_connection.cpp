// The SQLite driver: sqlite3 with a per-connection cache of prepared statements.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <cstring>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "db/drivers.hpp"
#include "db/sqlite/sqlite_decimal.hpp"
#include "testudo/errors.hpp"
#include "util/casefold.hpp"
#include "util/inputs.hpp"

namespace testudo::detail {
namespace {

class sqlite_connection;

// One writer at a time per database file among this process's connections, in order of arrival.
// SQLite's own wait for its write lock (busy_timeout) retries after sleeps growing to 100 ms, so
// newcomers overtake writers that have backed off: with pooled writers on one busy file some
// waited over a second (storefront POST /users, p99 1.3 s at 16 clients). Queued here, a writer
// waits only for those ahead of it; SQLite's wait is left to writers in other processes.
class write_queue {
 public:
  // The queue of the file at `path` (one per file, shared by its connections).
  static std::shared_ptr<write_queue> of(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<write_queue>> queues;
    std::error_code ignored;  // a path that cannot be resolved stays as written
    auto canonical = std::filesystem::weakly_canonical(path, ignored);
    std::lock_guard lock(mutex);
    auto& slot = queues[canonical.empty() ? path : canonical.string()];
    auto queue = slot.lock();
    if (!queue) slot = queue = std::make_shared<write_queue>();
    return queue;
  }

  // Waits for this writer's turn; false when it did not come within `timeout`.
  bool enter(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    auto ticket = next_ticket_++;
    waiting_.push_back(ticket);
    if (turn_.wait_for(lock, timeout, [&] { return !held_ && waiting_.front() == ticket; })) {
      waiting_.pop_front();
      held_ = true;
      return true;
    }
    std::erase(waiting_, ticket);
    turn_.notify_all();  // the next one may be first now
    return false;
  }

  void leave() noexcept {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    turn_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_;
  std::deque<std::uint64_t> waiting_;
  std::uint64_t next_ticket_ = 0;
  bool held_ = false;
};

[[noreturn]] void throw_sqlite(std::string message, int code, std::string_view sql, std::string constraint = {}) {
  error_details details{.sqlstate = {}, .native_code = code, .statement = std::string(sql), .statement_index = {}};
  // A read transaction that another connection wrote past cannot become a writer: start again.
  if (code == SQLITE_BUSY_SNAPSHOT) throw transaction_conflict(message, std::move(details));
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      throw integrity_error(message, std::move(constraint), std::move(details));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw lock_error(message, std::move(details));
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
      throw db_connection_error(message);
    default:
      throw operational_error(message, std::move(details));
  }
}

// Binds one value; SQLite stores dates and decimals as text, booleans as 0/1.
int bind_value(sqlite3_stmt* stmt, int index, const value& v) {
  struct binder {
    sqlite3_stmt* s;
    int i;
    int text(const std::string& t) const {
      return sqlite3_bind_text64(s, i, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    int operator()(null_t) const { return sqlite3_bind_null(s, i); }
    int operator()(bool b) const { return sqlite3_bind_int(s, i, b ? 1 : 0); }
    int operator()(std::int64_t n) const { return sqlite3_bind_int64(s, i, n); }
    int operator()(double d) const { return sqlite3_bind_double(s, i, d); }
    int operator()(const std::string& t) const { return text(t); }
    int operator()(const blob& b) const {
      return sqlite3_bind_blob64(s, i, b.data(), b.size(), SQLITE_TRANSIENT);
    }
    int operator()(const decimal& d) const { return text(d.text); }
    int operator()(const date& d) const { return text(format_date(d)); }
    int operator()(const time_of_day& t) const { return text(format_time(t)); }
    int operator()(const datetime& t) const { return text(format_datetime(t, true)); }
    int operator()(const json& j) const { return text(j.text); }
  };
  return std::visit(binder{stmt, index}, v);
}

std::string_view value_text(sqlite3_value* v) {
  auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return {text, static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

// testudo_imatch(text, folded, how): whether text, case-folded, equals (0), contains (1), starts
// with (2) or ends with (3) `folded`, an operand the dialect folded once. The iexact/icontains/
// istartswith/iendswith lookups call it for every row they scan, so it allocates nothing (ASCII
// text is compared where SQLite holds it, other text folded into one buffer per thread) and
// compares bytes: no pattern to interpret, no wildcards to escape. Unicode lower case (SQLite's
// lower() and LIKE only know ASCII), so that "Ä" and "ä" are alike as on every backend.
void imatch_function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
    return sqlite3_result_null(ctx);
  thread_local std::string buffer;
  auto how = static_cast<fold_match>(std::clamp(sqlite3_value_int(argv[2]), 0, 3));
  sqlite3_result_int(ctx, folded_match(value_text(argv[0]), value_text(argv[1]), how, buffer) ? 1 : 0);
}

class sqlite_cursor final : public row_cursor {
 public:
  sqlite_cursor(sqlite_connection& conn, sqlite3_stmt* stmt, bool cached, bool has_row)
      : conn_(conn), stmt_(stmt), cached_(cached), pending_(has_row), done_(!has_row) {}
  ~sqlite_cursor() override;

  bool next() override;
  std::size_t column_count() const override { return static_cast<std::size_t>(sqlite3_column_count(stmt_)); }
  std::string column_name(std::size_t c) const override { return sqlite3_column_name(stmt_, col(c)); }
  bool is_null(std::size_t c) const override { return sqlite3_column_type(stmt_, col(c)) == SQLITE_NULL; }
  std::int64_t get_int64(std::size_t c) const override { return sqlite3_column_int64(stmt_, col(c)); }
  double get_double(std::size_t c) const override { return sqlite3_column_double(stmt_, col(c)); }
  std::string_view get_text(std::size_t c) const override {
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col(c)));
    return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col(c))))
                : std::string_view{};
  }
  blob get_blob(std::size_t c) const override {
    auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col(c)));
    return data ? blob(data, data + sqlite3_column_bytes(stmt_, col(c))) : blob{};
  }
  value get(std::size_t c) const override {
    switch (sqlite3_column_type(stmt_, col(c))) {
      case SQLITE_INTEGER: return get_int64(c);
      case SQLITE_FLOAT: return get_double(c);
      case SQLITE_TEXT: return std::string(get_text(c));
      case SQLITE_BLOB: return get_blob(c);
      default: return null;
    }
  }

 private:
  static int col(std::size_t c) { return static_cast<int>(c); }

  sqlite_connection& conn_;
  sqlite3_stmt* stmt_;
  bool cached_;
  bool pending_;  // the first row was stepped to by query() to surface errors early
  bool done_;
};

class sqlite_connection final : public connection {
 public:
  explicit sqlite_connection(const db_url& url) : url_(url) {
    if (auto problem = url.is_memory() ? std::string() : not_a_file(url.database); !problem.empty())
      throw_connect_error(url, "it " + problem, "Point the URL at the database file, e.g. sqlite://data/db.sqlite3.");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (url.create_missing ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(url.database.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      if (!url.create_missing && !std::filesystem::exists(url.database))
        throw_connect_error(url, "no such database file",
                            "This command never creates one: check the path (or run `testudo upgrade` to create it).");
      throw_connect_error(url, why, "Check that the folder exists and is writable.");
    }
    sqlite3_extended_result_codes(db_, 1);
    if (!url.is_memory()) writers_ = write_queue::of(url.database);
    configure();
  }

  ~sqlite_connection() override {
    for (auto& [name, fd] : locks_) ::close(fd);
    for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
    sqlite3_close_v2(db_);  // rolls back an open transaction
    if (writing_) writers_->leave();
  }

  backend kind() const noexcept override { return backend::sqlite; }
  std::string server_version() override { return sqlite3_libversion(); }
  bool is_healthy() const noexcept override { return db_ != nullptr; }
  std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }

  // SQLite has no named locks: an exclusive flock on "<database file>.<name>.lock" stands in (the
  // kernel releases it when the process dies). An in-memory database is private to this session.
  bool try_lock(std::string_view name) override {
    if (url_.is_memory()) return true;
    std::string safe;
    for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    auto path = fmt::format("{}.{}.lock", url_.database, safe);
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw operational_error(fmt::format("cannot open the lock file {}: {}", path, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int error = errno;
      ::close(fd);
      if (error == EWOULDBLOCK || error == EINTR) return false;
      throw operational_error(fmt::format("cannot lock {}: {}", path, std::strerror(error)));
    }
    locks_[std::string(name)] = fd;
    return true;
  }
  void unlock(std::string_view name) noexcept override {
    auto it = locks_.find(std::string(name));
    if (it == locks_.end()) return;
    ::close(it->second);  // releases the flock
    locks_.erase(it);
  }

 protected:
  std::string_view begin_write_statement() const noexcept override { return "BEGIN IMMEDIATE"; }

 public:

  // Returns a cached statement to the cache once its cursor is done.
  // A writer's turn ends with its transaction (an autocommit statement ends it when reset).
  void release(sqlite3_stmt* stmt, bool cached) noexcept {
    sqlite3_reset(stmt);
    if (writing_ && sqlite3_get_autocommit(db_)) {
      writing_ = false;
      writers_->leave();
    }
    if (!cached) {
      sqlite3_finalize(stmt);
      return;
    }
    sqlite3_clear_bindings(stmt);
    auto it = std::find_if(cache_.begin(), cache_.end(), [&](auto& e) { return e.second.stmt == stmt; });
    if (it != cache_.end()) it->second.busy = false;
  }

  // The message must be read before the statement is reset, which clears it.
  [[noreturn]] void fail(int code, std::string_view sql, std::string message) {
    auto constraint = (code & 0xff) == SQLITE_CONSTRAINT ? constraint_name(message) : "";
    throw_sqlite(with_file_hint(std::move(message), code), code, sql, std::move(constraint));
  }
  [[noreturn]] void fail(int code, std::string_view sql) { fail(code, sql, sqlite3_errmsg(db_)); }

 protected:
  std::int64_t execute_impl(std::string_view sql, std::span<const value> params) override {
    auto [stmt, cached] = prepare(sql, params);
    auto before = sqlite3_total_changes64(db_);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      std::string message = sqlite3_errmsg(db_);
      release(stmt, cached);
      fail(rc, sql, std::move(message));
    }
    release(stmt, cached);
    return sqlite3_total_changes64(db_) - before;
  }

  std::unique_ptr<row_cursor> query_impl(std::string_view sql, std::span<const value> params) override {
    auto [stmt, cached] = prepare(sql, params);
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      std::string message = sqlite3_errmsg(db_);
      release(stmt, cached);
      fail(rc, sql, std::move(message));
    }
    return std::make_unique<sqlite_cursor>(*this, stmt, cached, rc == SQLITE_ROW);
  }

 private:
  struct cache_entry {
    sqlite3_stmt* stmt;
    bool busy;
  };

  void configure() {
    constexpr int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    sqlite3_create_function_v2(db_, "testudo_imatch", 3, pure, nullptr, imatch_function, nullptr, nullptr, nullptr);
    register_sqlite_decimal_functions(db_);
    auto busy_ms = std::stoi(url_.option("busy_timeout", "5000"));
    busy_timeout_ = std::chrono::milliseconds(busy_ms);
    sqlite3_busy_timeout(db_, busy_ms);
    bool fks = url_.option("foreign_keys", "on") != "off" && url_.option("foreign_keys", "on") != "false";
    execute(fks ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    if (!url_.is_memory()) {
      // WAL lets readers work while a migration writes; Tortoise's default too.
      auto mode = pragma_word(url_.option("journal_mode", "WAL"));
      if (!same_word(journal_mode(), mode)) set_journal_mode(mode, std::chrono::milliseconds(busy_ms));
      if (auto limit = url_.option("journal_size_limit"); !limit.empty())
        query(fmt::format("PRAGMA journal_size_limit = {}", std::stoll(limit)));
    }
    if (auto sync = url_.option("synchronous"); !sync.empty())
      execute(fmt::format("PRAGMA synchronous = {}", pragma_word(sync)));
  }

  // The file's journal mode ("" when SQLite cannot say now), read without the write turn query()
  // would take: SQLite counts every journal_mode pragma as a write, and a connection opened while
  // another one of this process is in a write transaction would wait for it to end.
  std::string journal_mode() {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA journal_mode", -1, &stmt, nullptr) != SQLITE_OK) return {};
    std::string mode;
    if (sqlite3_step(stmt) == SQLITE_ROW)
      if (auto* text = sqlite3_column_text(stmt, 0)) mode = reinterpret_cast<const char*>(text);
    sqlite3_finalize(stmt);
    return mode;
  }
  static bool same_word(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) ==
                                                                std::tolower(static_cast<unsigned char>(y)); });
  }

  // Switching a new file to WAL answers SQLITE_BUSY without calling the busy handler while
  // another connection is creating it: wait here as busy_timeout promises.
  void set_journal_mode(const std::string& mode, std::chrono::milliseconds timeout) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
      try {
        query(fmt::format("PRAGMA journal_mode = {}", mode));
        return;
      } catch (const lock_error&) {
        if (std::chrono::steady_clock::now() - start >= timeout) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }

  // SQLite names no file in these messages, yet the fix is about the file.
  std::string with_file_hint(std::string message, int code) const {
    if ((code & 0xff) == SQLITE_NOTADB)
      return fmt::format("{}: '{}' is not an SQLite database (or it is damaged). Check that the URL names the right "
                         "file", message, url_.database);
    if ((code & 0xff) == SQLITE_READONLY)
      return fmt::format("{}: '{}' cannot be written. Check that the file and its folder are writable by this user "
                         "(SQLite writes its journal next to the file)", message, url_.database);
    return message;
  }

  // PRAGMA values cannot be bound: accept only a plain word so nothing else gets in.
  std::string pragma_word(const std::string& word) const {
    if (word.empty() || !std::all_of(word.begin(), word.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
      throw configuration_error(fmt::format("invalid SQLite option value '{}' in '{}': expected a word "
                                            "such as WAL, DELETE, NORMAL or FULL", word, url_.redacted()));
    return word;
  }

  std::pair<sqlite3_stmt*, bool> prepare(std::string_view sql, std::span<const value> params) {
    auto it = cache_.find(std::string(sql));  // heterogeneous lookup needs C++20 transparent hash
    sqlite3_stmt* stmt = nullptr;
    bool cached = false;
    if (it != cache_.end() && !it->second.busy) {
      stmt = it->second.stmt;
      it->second.busy = cached = true;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                  &stmt, nullptr);
      if (rc != SQLITE_OK) fail(rc, sql);
      if (!stmt) throw operational_error(fmt::format("empty SQL statement: '{}'", sql));
      if (it == cache_.end()) {
        if (cache_.size() >= max_cached) evict_idle();
        cache_.emplace(std::string(sql), cache_entry{stmt, true});
        cached = true;
      }
    }
    bind_all(stmt, cached, sql, params);
    take_write_turn(stmt, cached, sql);
    return {stmt, cached};
  }

  // Before a statement that writes (BEGIN IMMEDIATE too) outside a transaction that already writes:
  // queue behind this process's other writers to the file, as long as busy_timeout lets SQLite wait.
  void take_write_turn(sqlite3_stmt* stmt, bool cached, std::string_view sql) {
    if (!writers_ || writing_ || sqlite3_stmt_readonly(stmt)) return;
    if (!writers_->enter(busy_timeout_)) {
      release(stmt, cached);
      throw_sqlite(fmt::format("database is locked: other connections of this process kept writing to '{}' for "
                               "busy_timeout ({} ms)", url_.database, busy_timeout_.count()),
                   SQLITE_BUSY, sql);
    }
    writing_ = true;
  }

  void bind_all(sqlite3_stmt* stmt, bool cached, std::string_view sql, std::span<const value> params) {
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      release(stmt, cached);
      throw params_error(fmt::format("statement expects {} parameters but {} were given: {}", expected,
                                     params.size(), sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (int rc = bind_value(stmt, static_cast<int>(i + 1), params[i]); rc != SQLITE_OK) {
        release(stmt, cached);
        fail(rc, sql);
      }
    }
  }

  void evict_idle() {
    std::erase_if(cache_, [](auto& e) {
      if (e.second.busy) return false;
      sqlite3_finalize(e.second.stmt);
      return true;
    });
  }

  // SQLite names columns, not constraints: find the unique index over the reported columns.
  std::string constraint_name(const std::string& message);

  static constexpr std::size_t max_cached = 256;
  db_url url_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, cache_entry> cache_;
  std::unordered_map<std::string, int> locks_;  // held named locks → their lock file
  std::shared_ptr<write_queue> writers_;          // none for an in-memory database
  bool writing_ = false;                          // this connection holds the file's write turn
  std::chrono::milliseconds busy_timeout_{5000};
};

std::string sqlite_connection::constraint_name(const std::string& message) {
  auto colon = message.find(": ");
  if (colon == std::string::npos) return {};
  std::string detail = message.substr(colon + 2);
  if (!message.starts_with("UNIQUE")) return detail;
  // "t.a, t.b" → table t, columns {a, b}
  std::vector<std::string> columns;
  std::string table;
  for (std::size_t pos = 0; pos < detail.size();) {
    auto comma = detail.find(", ", pos);
    auto item = detail.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    auto dot = item.find('.');
    table = item.substr(0, dot);
    columns.push_back(item.substr(dot + 1));
    pos = comma == std::string::npos ? detail.size() : comma + 2;
  }
  try {
    auto indexes = query("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1", {value{table}});
    auto names = fetch_all(*indexes);
    indexes.reset();
    for (auto& row : names) {
      auto name = std::get<std::string>(row[0]);
      auto cols = query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", {value{name}});
      std::vector<std::string> found;
      while (cols->next()) found.emplace_back(cols->get_text(0));
      // A column's own UNIQUE makes an index named sqlite_autoindex_<table>_<n>: "t.col" says more.
      if (found == columns) return name.starts_with("sqlite_autoindex_") ? detail : name;
    }
  } catch (const base_orm_error&) {
    // Best effort: the columns are still a precise answer.
  }
  return detail;
}

sqlite_cursor::~sqlite_cursor() { conn_.release(stmt_, cached_); }

bool sqlite_cursor::next() {
  if (pending_) {
    pending_ = false;
    return true;
  }
  if (done_) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  done_ = true;
  if (rc != SQLITE_DONE) conn_.fail(rc, sqlite3_sql(stmt_));
  return false;
}

}  // namespace

std::unique_ptr<connection> connect_sqlite(const db_url& url) {
  return std::make_unique<sqlite_connection>(url);
}

}  // namespace testudo::detail
