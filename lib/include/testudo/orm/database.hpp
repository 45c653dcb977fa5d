// The databases the ORM talks to (Tortoise.init's "connections"): each a pool plus its dialect,
// with atomic() scopes that route every query of the thread to the scope's connection.
//
//   testudo::register_database("default", testudo::database::open("sqlite://shop.db"));
//   testudo::atomic([&] { testudo::create(order); testudo::save(user); });  // one transaction
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "testudo/db/pool.hpp"
#include "testudo/errors.hpp"

namespace testudo {

class dialect;
struct model_meta;
struct field_meta;
namespace detail {
class decimal_storage;
class loop_connection;
}

// Held by a shared_ptr (open()): a testudo::aio call in flight keeps its database alive.
class database : public std::enable_shared_from_this<database> {
 public:
  // Opens the pool the URL describes (minsize/maxsize options); a wrong URL fails here.
  static std::shared_ptr<database> open(std::string_view url);
  // Over a pool built elsewhere (tests wrap connections to count or fail statements).
  static std::shared_ptr<database> open(std::shared_ptr<pool> connections, backend kind);

  backend kind() const noexcept { return kind_; }
  const dialect& sql_dialect() const noexcept { return *dialect_; }
  pool& connections() const noexcept { return *pool_; }
  // The URL open(url) parsed, or nullptr for a database over a pool built elsewhere. testudo::aio
  // opens its own PostgreSQL sessions from it (docs/async.md).
  const db_url* url() const noexcept { return url_.get(); }
  // Whether INSERT ... RETURNING works here (generated keys of a bulk insert come back).
  bool insert_returning() const noexcept { return returning_; }
  // Whether a decimal field's column holds text (dialect::decimal_as_text), as the live table
  // declares it where that varies (SQLite: Tortoise creates VARCHAR(40) decimals); read once per
  // table and again after any schema change.
  bool decimal_as_text(const model_meta& model, const field_meta& field);

  // Called with the text of every statement the ORM runs (logging, counting queries in tests),
  // on the thread that runs it: threads sharing this database call it concurrently. Set it
  // before other threads use the database.
  void on_statement(std::function<void(std::string_view sql)> hook) { hook_ = std::move(hook); }
  void notify(std::string_view sql) const {
    if (hook_) hook_(sql);
  }

  // The connection one operation runs on: the thread's atomic() connection for this database
  // when one is open, else one borrowed from the pool until the lease ends.
  class lease {
   public:
    explicit lease(database& db);
    connection& operator*() const noexcept { return *conn_; }
    connection* operator->() const noexcept { return conn_; }

   private:
    pooled_connection owned_;
    connection* conn_;
  };
  // The atomic() connection open on this thread, or nullptr.
  connection* current() const noexcept;

  database(std::shared_ptr<pool> connections, backend kind);  // use open()

 private:
  friend class atomic_scope;
  friend class detail::decimal_storage;  // reads and fills declared_types_
  friend class detail::loop_connection;
  pooled_connection borrow();  // from the pool (see loop_connection)
  std::shared_ptr<pool> pool_;
  std::shared_ptr<const db_url> url_;
  backend kind_;
  const dialect* dialect_;
  bool returning_ = false;
  std::function<void(std::string_view)> hook_;
  std::shared_ptr<struct declared_types> declared_types_;
};

// Named databases. The first one registered is also the default unless one is named "default".
void register_database(std::string name, std::shared_ptr<database> db);
database& get_database(std::string_view name = "default");
// Forgets every registered database and the router (Tortoise.close_connections); pools close
// once unused. The database& that get_database() and route() hand out is kept alive by the
// registry and the router only (and by any shared_ptr from open() the caller still holds): call it
// once no other thread is in an ORM call, as with registering another database under a taken name
// or set_router().
void close_databases();

// Which database serves a model's reads and which its writes when a call names none (Tortoise's
// `routers`). nullptr leaves that choice to the default database.
class router {
 public:
  virtual ~router() = default;
  virtual database* db_for_read(const model_meta& model) = 0;
  virtual database* db_for_write(const model_meta& model) = 0;
};
// The router every call without a database consults (nullptr: the default database serves all).
// Migrations never consult it: the CLI runs them on the URL it is given, the primary's.
void set_router(std::shared_ptr<router> r);
// Reads go to the replicas in turn, writes (and select_for_update) to the primary.
std::shared_ptr<router> replica_router(std::shared_ptr<database> primary,
                                       std::vector<std::shared_ptr<database>> replicas);

struct project_config;  // testudo/migrate/config.hpp: testudo.toml or [tool.testudo]
// The config file's databases (Tortoise.init(config=...)): opens and registers every connection
// under its name, and when an app uses another connection than "default" or a connection has
// [replicas], sets a router that sends each app's writes to its default_connection and its reads
// to that connection's replicas in turn (models of unlisted apps: the "default" connection's).
void open_databases(const project_config& config);

enum class access { read, write };
// The database a call on `model` uses: the router's choice, else the default. A read on a thread
// with an atomic() scope open on the model's write database goes there, so a transaction reads its
// own writes (a lagging replica would not show them).
database& route(const model_meta& model, access a);

// CREATE TABLE for every registered model of `app` (Tortoise.generate_schemas; for tests and
// development: use migrations in production). `safe`: IF NOT EXISTS.
void generate_schemas(database& db, bool safe = true, std::string_view app = "models");

// A transaction on `db` for the current thread: every ORM call on this thread for that database
// runs on its connection. Nested scopes are savepoints. Rolled back unless commit() is called.
class atomic_scope {
 public:
  explicit atomic_scope(database& db);
  atomic_scope(const atomic_scope&) = delete;
  atomic_scope& operator=(const atomic_scope&) = delete;
  ~atomic_scope();
  void commit();
  connection& conn() const noexcept { return *conn_; }

 private:
  database& db_;
  pooled_connection owned_;  // set on the outermost scope
  connection* conn_;
  bool done_ = false;
};

// Runs fn() (or fn(connection&)) in an atomic_scope: committed when fn returns, rolled back
// (and the exception passed on) when it throws.
template <class Fn>
decltype(auto) atomic(database& db, Fn&& fn) {
  atomic_scope scope(db);
  auto call = [&]() -> decltype(auto) {
    if constexpr (std::is_invocable_v<Fn, connection&>) return std::forward<Fn>(fn)(scope.conn());
    else return std::forward<Fn>(fn)();
  };
  if constexpr (std::is_void_v<decltype(call())>) {
    call();
    scope.commit();
  } else {
    decltype(auto) result = call();
    scope.commit();
    return result;
  }
}
template <class Fn>
decltype(auto) atomic(Fn&& fn) {
  return atomic(get_database(), std::forward<Fn>(fn));
}

namespace detail {
void before_retry(database& db, int attempt);  // refuses inside a scope; waits a little longer each time
}
// atomic(db, fn), run again from the start when the database aborts it with transaction_conflict
// (a deadlock, a Galera certification failure), up to `attempts` runs in all; the last conflict
// is thrown. fn must be safe to repeat: its database work rolls back with each failed run, what it
// did outside the database does not. Only as the outermost scope (a conflict aborts the whole
// transaction, so retrying a savepoint cannot help): inside one it throws transaction_management_error.
template <class Fn>
decltype(auto) atomic_retrying(database& db, int attempts, Fn&& fn) {
  for (int attempt = 1;; ++attempt) {
    detail::before_retry(db, attempt);
    try {
      return atomic(db, fn);
    } catch (const transaction_conflict&) {
      if (attempt >= attempts) throw;
    }
  }
}

}  // namespace testudo
