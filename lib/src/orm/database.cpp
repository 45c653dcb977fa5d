#include "testudo/orm/database.hpp"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "orm/decimal_storage.hpp"
#include "orm/loop_connection.hpp"
#include "orm/thread_connection.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/config.hpp"
#include "testudo/model/describe.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo {
namespace {

// The atomic() connections open on this thread, innermost last.
struct active_scope {
  const database* db;
  connection* conn;
};
thread_local std::vector<active_scope> active;
// The connections streaming loops hold, innermost last. Shared by all threads, as a loop's iterator
// may be destroyed on another thread than the one that started it.
struct loop_registry {
  std::mutex mutex;
  std::vector<detail::loop_connection*> held;
  std::atomic<std::size_t> size{0};  // read without the lock: most leases find no loop at all
};
loop_registry& loops() {
  static loop_registry r;
  return r;
}

struct registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<database>, std::less<>> by_name;
  std::string first;
  std::shared_ptr<router> routes;
};
registry& databases() {
  static registry r;
  return r;
}

}  // namespace

// The declared column types of the tables queries have asked about, valid for one schema cookie.
struct declared_types {
  std::mutex mutex;
  std::int64_t cookie = -1;
  std::map<std::string, std::map<std::string, std::string>, std::less<>> by_table;
};

database::database(std::shared_ptr<pool> connections, backend kind)
    : pool_(std::move(connections)), kind_(kind), dialect_(&dialect_for(kind)),
      declared_types_(std::make_shared<declared_types>()) {
  auto conn = pool_->acquire();
  returning_ = dialect_->insert_returning(conn->server_version());
}

std::shared_ptr<database> database::open(std::string_view url) {
  auto parsed = parse_db_url(url);
  auto db = std::make_shared<database>(pool::open(parsed), parsed.kind);
  db->url_ = std::make_shared<const db_url>(std::move(parsed));
  return db;
}

std::shared_ptr<database> database::open(std::shared_ptr<pool> connections, backend kind) {
  return std::make_shared<database>(std::move(connections), kind);
}

bool database::decimal_as_text(const model_meta& model, const field_meta& field) {
  detail::decimal_storage decimals(*this);
  bool text = decimals.text(model, field);
  if (decimals.needs_confirm()) {
    lease conn(*this);
    if (!decimals.confirm(*conn)) text = decimals.text(model, field);
  }
  return text;
}

namespace detail {
namespace {
std::string_view declared(const std::map<std::string, std::string>& types, const std::string& column) {
  auto it = types.find(column);
  return it == types.end() ? std::string_view() : std::string_view(it->second);
}
}  // namespace

bool decimal_storage::text(const model_meta& model, const field_meta& field) {
  const auto& d = db_.sql_dialect();
  if (d.schema_cookie().empty()) return d.decimal_as_text(field.max_digits);
  if (auto it = live_.find(model.table); it != live_.end())
    return d.decimal_as_text(field.max_digits, declared(it->second, field.column()));
  unconfirmed_ = true;
  if (std::ranges::find(tables_, model.table) == tables_.end()) tables_.push_back(model.table);
  auto& cache = *db_.declared_types_;
  std::lock_guard lock(cache.mutex);
  if (cookie_ && *cookie_ != cache.cookie) stale_ = true;
  cookie_ = cache.cookie;
  auto it = cache.by_table.find(model.table);
  if (it == cache.by_table.end()) {
    stale_ = true;  // confirm() reads the table; this answer is only a placeholder
    return d.decimal_as_text(field.max_digits);
  }
  return d.decimal_as_text(field.max_digits, declared(it->second, field.column()));
}

bool decimal_storage::confirm(connection& conn) {
  auto rows = conn.query(db_.sql_dialect().schema_cookie());
  std::int64_t cookie = rows->next() ? rows->get_int64(0) : 0;
  rows.reset();
  bool held = !stale_ && cookie_ == cookie;
  if (!held) {
    auto tables = list_tables(conn);
    auto& cache = *db_.declared_types_;
    for (const auto& table : tables_) {
      column_types types;
      if (std::ranges::find(tables, table) != tables.end())
        for (const auto& c : introspect_table(conn, table).columns) types[c.name] = c.type;
      {
        std::lock_guard lock(cache.mutex);
        if (cache.cookie != cookie) {
          cache.by_table.clear();
          cache.cookie = cookie;
        }
        cache.by_table[table] = types;
      }
      live_[table] = std::move(types);
    }
  }
  unconfirmed_ = stale_ = false;
  cookie_.reset();
  tables_.clear();
  return held;
}
}  // namespace detail

connection* database::current() const noexcept {
  for (auto it = active.rbegin(); it != active.rend(); ++it)
    if (it->db == this) return it->conn;
  return nullptr;
}

database::lease::lease(database& db) : conn_(db.current()) {
  if (!conn_) {
    owned_ = db.borrow();
    conn_ = &*owned_;
  }
}

// A statement inside a loop must not wait for the connection the loop holds: with the pool empty,
// it takes the innermost loop's over (that loop goes on in chunks).
pooled_connection database::borrow() {
  auto& r = loops();
  if (r.size.load() > 0 && pool_->idle() == 0 && pool_->size() >= pool_->max_size()) {
    std::lock_guard lock(r.mutex);  // held while taking: the loop cannot end meanwhile
    for (auto it = r.held.rbegin(); it != r.held.rend(); ++it) {
      auto* loop = *it;
      if (&loop->connections() == pool_.get() && loop->thread() == std::this_thread::get_id() && loop->get())
        return loop->take();
    }
  }
  return pool_->acquire();
}

namespace detail {

loop_connection::loop_connection(database& db, std::function<void()> give_up)
    : pool_(*db.pool_), thread_(std::this_thread::get_id()), owned_(db.borrow()), give_up_(std::move(give_up)) {
  auto& r = loops();
  std::lock_guard lock(r.mutex);
  r.held.push_back(this);
  r.size = r.held.size();
}

loop_connection::~loop_connection() {
  auto& r = loops();
  std::lock_guard lock(r.mutex);
  std::erase(r.held, this);
  r.size = r.held.size();
}

pooled_connection loop_connection::take() {
  give_up_();
  return std::move(owned_);
}

}  // namespace detail

void register_database(std::string name, std::shared_ptr<database> db) {
  auto& r = databases();
  std::lock_guard lock(r.mutex);
  if (r.first.empty()) r.first = name;
  r.by_name[std::move(name)] = std::move(db);
}

namespace {
// The database registered as `name` ("default": else the first registered), or nullptr.
database* find_registered(registry& r, std::string_view name) {
  auto it = r.by_name.find(name);
  if (it == r.by_name.end() && name == "default" && !r.first.empty()) it = r.by_name.find(r.first);
  return it == r.by_name.end() ? nullptr : it->second.get();
}

database& find_database(registry& r, std::string_view name) {
  if (auto* db = find_registered(r, name)) return *db;
  throw configuration_error(fmt::format(
      "no database named '{}' is registered: call testudo::register_database(\"{}\", testudo::database::open(url)) first",
      name, name));
}

// Reads go to the replicas in turn; a counter shared by all threads spreads them evenly.
class replicas_router final : public router {
 public:
  replicas_router(std::shared_ptr<database> primary, std::vector<std::shared_ptr<database>> replicas)
      : primary_(std::move(primary)), replicas_(std::move(replicas)) {}
  database* db_for_read(const model_meta&) override {
    if (replicas_.empty()) return primary_.get();
    return replicas_[next_.fetch_add(1, std::memory_order_relaxed) % replicas_.size()].get();
  }
  database* db_for_write(const model_meta&) override { return primary_.get(); }

 private:
  std::shared_ptr<database> primary_;
  std::vector<std::shared_ptr<database>> replicas_;
  std::atomic<std::size_t> next_{0};
};
}  // namespace

database& get_database(std::string_view name) {
  auto& r = databases();
  std::lock_guard lock(r.mutex);
  return find_database(r, name);
}

void close_databases() {
  auto& r = databases();
  std::lock_guard lock(r.mutex);
  r.by_name.clear();
  r.first.clear();
  r.routes.reset();
}

void set_router(std::shared_ptr<router> routes) {
  auto& r = databases();
  std::lock_guard lock(r.mutex);
  r.routes = std::move(routes);
}

std::shared_ptr<router> replica_router(std::shared_ptr<database> primary, std::vector<std::shared_ptr<database>> replicas) {
  if (!primary) throw configuration_error("replica_router needs a primary database");
  return std::make_shared<replicas_router>(std::move(primary), std::move(replicas));
}

namespace {
// The config file's routing: each app to the router of its connection (a replica_router); models
// of other apps to the "default" connection's, or (none) to the default database.
class apps_router final : public router {
 public:
  using routers = std::map<std::string, std::shared_ptr<router>, std::less<>>;
  apps_router(routers by_app, std::shared_ptr<router> fallback)
      : by_app_(std::move(by_app)), fallback_(std::move(fallback)) {}
  database* db_for_read(const model_meta& model) override {
    auto* r = of(model);
    return r ? r->db_for_read(model) : nullptr;
  }
  database* db_for_write(const model_meta& model) override {
    auto* r = of(model);
    return r ? r->db_for_write(model) : nullptr;
  }

 private:
  router* of(const model_meta& model) const {
    auto it = by_app_.find(model.app);
    return it == by_app_.end() ? fallback_.get() : it->second.get();
  }
  routers by_app_;
  std::shared_ptr<router> fallback_;
};
}  // namespace

// The order connections are registered in: the first one is the default when none is called
// "default", so a replica must never come first — "default", then the apps' connections, then the
// other primaries, then the replicas.
std::vector<std::string> registration_order(const project_config& config) {
  std::set<std::string> replicas;
  for (const auto& [primary, names] : config.replicas) replicas.insert(names.begin(), names.end());
  std::vector<std::string> order;
  auto take = [&](const std::string& name) {
    if (config.connections.contains(name) && std::ranges::find(order, name) == order.end()) order.push_back(name);
  };
  take("default");
  for (const auto& [label, app] : config.apps) take(app.default_connection);
  for (const auto& [name, url] : config.connections)
    if (!replicas.contains(name)) take(name);
  for (const auto& [name, url] : config.connections) take(name);
  return order;
}

void open_databases(const project_config& config) {
  std::map<std::string, std::shared_ptr<database>> opened;
  for (const auto& [name, url] : config.connections) opened[name] = database::open(url);
  apps_router::routers by_connection;
  auto routes_of = [&](const std::string& name) {
    auto& r = by_connection[name];
    if (!r) {
      std::vector<std::shared_ptr<database>> replicas;
      if (auto it = config.replicas.find(name); it != config.replicas.end())
        for (const auto& replica : it->second) replicas.push_back(opened.at(replica));  // load_config checked them
      r = replica_router(opened.at(name), std::move(replicas));
    }
    return r;
  };
  bool routed = !config.replicas.empty();
  apps_router::routers by_app;
  for (const auto& [label, app] : config.apps) {
    if (!opened.contains(app.default_connection)) config.url_for(app);  // throws, naming the missing connection
    routed = routed || app.default_connection != "default";
    by_app[label] = routes_of(app.default_connection);
  }
  auto order = registration_order(config);
  for (const auto& name : order) register_database(name, opened.at(name));
  // Models of apps the file does not list: the default database's routes (never a replica's).
  auto fallback = order.empty() ? nullptr : routes_of(order.front());
  set_router(routed ? std::make_shared<apps_router>(std::move(by_app), std::move(fallback)) : nullptr);
}

database& route(const model_meta& model, access a) {
  auto& r = databases();
  std::shared_ptr<router> routes;
  database* fallback = nullptr;  // the default database, if one is registered: one lock per call
  {
    std::lock_guard lock(r.mutex);
    if (!r.routes) return find_database(r, "default");
    routes = r.routes;
    fallback = find_registered(r, "default");
  }
  auto or_default = [&](database* chosen) -> database& {
    return chosen ? *chosen : fallback ? *fallback : get_database();  // the last one says what is missing
  };
  auto& primary = or_default(routes->db_for_write(model));
  if (a == access::write || primary.current()) return primary;
  return or_default(routes->db_for_read(model));
}

void generate_schemas(database& db, bool safe, std::string_view app) {
  std::vector<const model_meta*> models;
  for (const auto* m : registered_models())
    if (m->app == app) models.push_back(m);
  auto snapshot = describe_models(models, app);
  database::lease conn(db);
  for (const auto& statement : create_schema(snapshot, db.sql_dialect(), safe)) {
    db.notify(statement);
    conn->execute(statement);
  }
}

void detail::before_retry(database& db, int attempt) {
  if (attempt == 1) {
    if (db.current())
      throw transaction_management_error("atomic_retrying inside an open atomic() scope: a conflict aborts the whole "
                                         "transaction, so only the outermost scope can run it again");
    return;
  }
  // Two transactions that just collided would likely collide again if both restarted at once.
  std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt - 1)));
}

atomic_scope::atomic_scope(database& db) : db_(db), conn_(db.current()) {
  if (!conn_) {
    owned_ = db.borrow();
    conn_ = &*owned_;
  }
  conn_->begin();
  if (owned_) active.push_back({&db_, conn_});
}

namespace {
void forget_active(const connection* conn) {
  auto it = std::find_if(active.rbegin(), active.rend(), [&](const active_scope& s) { return s.conn == conn; });
  if (it != active.rend()) active.erase(std::next(it).base());
}
}  // namespace

atomic_scope::~atomic_scope() {
  if (!done_) {
    try {
      conn_->rollback();
    } catch (...) {  // the connection is broken; the pool drops it
    }
  }
  if (owned_) forget_active(conn_);
}

void atomic_scope::commit() {
  if (done_) throw transaction_management_error("this atomic scope has already ended");
  conn_->commit();
  done_ = true;
}

detail::thread_connection::thread_connection(database& db, connection& conn) : conn_(conn) {
  active.push_back({&db, &conn});
}

detail::thread_connection::~thread_connection() { forget_active(&conn_); }

}  // namespace testudo
