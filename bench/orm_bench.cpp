// The ORM side by side with hand-written raw-driver code doing the same work, in one run.
// Benchmarks are named <backend>/<operation>/<variant>, variants being
//   raw_sqlite3, raw_libpqxx  what a careful programmer writes by hand: statements prepared once
//                             and reused, columns read by position straight into the struct;
//   testudo_connection        testudo's driver layer (connection, row_cursor) without the ORM;
//   testudo_orm               the ORM as applications use it (objects<User>(), get, create).
// The ORM is held to within 1.25x of the raw time (README.md). PostgreSQL runs only when
// TESTUDO_BENCH_POSTGRES_URL names a throwaway database: its users table is emptied.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <pqxx/pqxx>
#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <testudo/db/connection.hpp>
#include <testudo/orm.hpp>

#include "storefront/models.hpp"

namespace {
// C++ heap allocations, reported per row: hydration should cost no more than the strings it keeps.
std::atomic<std::size_t> heap_allocs{0};
}  // namespace

// noinline: inlined into callers, GCC sees free() on a new'd pointer and warns.
[[gnu::noinline]] void* operator new(std::size_t size) {
  heap_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using benchmark::State;
using storefront::Product;
using storefront::User;
using testudo::q;

constexpr int row_count = 10'000;
constexpr std::int64_t page_size = 50;
constexpr const char* wanted_role = "admin";
constexpr const char* roles[] = {"user", "admin", "editor"};

// What a programmer writes by hand for the ORM's queries. The ORM's own SQL differs in quoting,
// binds TRUE and the limits as parameters, adds LIMIT 2 to get() and RETURNING to inserts.
const std::string select_users =
    "SELECT created_at, updated_at, id, email, username, password_hash, role, is_active, bio FROM users";
enum user_column { c_created_at, c_updated_at, c_id, c_email, c_username, c_password_hash, c_role, c_is_active, c_bio };
const std::string select_user_by_id = select_users + " WHERE id = ?";
const std::string select_page =
    select_users + " WHERE is_active = TRUE AND role = ? ORDER BY id LIMIT " + std::to_string(page_size);
const std::string select_emails = "SELECT email FROM users";
const std::string insert_user =
    "INSERT INTO users (created_at, updated_at, email, username, password_hash, role, is_active, bio) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

// "?" markers as PostgreSQL's "$1", "$2", ...
std::string dollar_params(const std::string& sql) {
  std::string out;
  int n = 0;
  for (char c : sql) out += c == '?' ? "$" + std::to_string(++n) : std::string(1, c);
  return out;
}

// Seeded users: a third in each role, three in four active, every other one with a bio.
User make_user(int i) {
  User u;
  auto n = std::to_string(i);
  u.email = "user" + n + "@example.com";
  u.username = "user" + n;
  u.password_hash = "$2b$12$" + std::string(53, 'h');
  u.role = roles[i % 3];
  u.is_active = i % 4 != 0;
  if (i % 2) u.bio = "Bio of user " + n;
  return u;
}

// Users the insert benchmarks add (rolled back at the end of each run), unique across runs.
User new_user() {
  static int inserted = 0;
  return make_user(row_count + ++inserted);
}

testudo::datetime now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

// Something read from every object, so that no variant can skip hydrating it.
std::int64_t consume(const User& u) { return u.id + static_cast<std::int64_t>(u.email.size()); }

// Times body() once per iteration; reports rows per second and C++ heap allocations per row.
template <class Body>
void measure(State& state, std::int64_t rows_per_iteration, Body&& body) {
  auto allocs_before = heap_allocs.load();
  for (auto _ : state) body();
  auto rows = static_cast<std::int64_t>(state.iterations()) * rows_per_iteration;
  state.SetItemsProcessed(rows);
  state.counters["allocs/row"] = static_cast<double>(heap_allocs.load() - allocs_before) / static_cast<double>(rows);
}

// Cycles through the seeded primary keys.
class key_cycle {
 public:
  explicit key_cycle(const std::vector<std::int32_t>& ids) : ids_(ids) {}
  std::int32_t next() { return ids_[next_++ % ids_.size()]; }

 private:
  const std::vector<std::int32_t>& ids_;
  std::size_t next_ = 0;
};

// ---- raw sqlite3 ----

using statement_ptr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

class raw_sqlite3 {
 public:
  raw_sqlite3(const std::string& path, const std::vector<std::int32_t>& ids) : ids_(ids) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) fail();
    sqlite3_busy_timeout(db_, 5000);
  }
  raw_sqlite3(const raw_sqlite3&) = delete;
  raw_sqlite3& operator=(const raw_sqlite3&) = delete;
  ~raw_sqlite3() { sqlite3_close_v2(db_); }

  void select_all(State& state) {
    auto stmt = prepare(select_users);
    measure(state, row_count, [&] { benchmark::DoNotOptimize(read_users(stmt.get())); });
  }

  void stream(State& state) {
    auto stmt = prepare(select_users);
    measure(state, row_count, [&] {
      std::int64_t sum = 0;
      while (step(stmt.get())) sum += consume(read_user(stmt.get()));
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(sum);
    });
  }

  void get_by_pk(State& state) {
    auto stmt = prepare(select_user_by_id);
    key_cycle keys(ids_);
    measure(state, 1, [&] {
      sqlite3_bind_int(stmt.get(), 1, keys.next());
      if (!step(stmt.get())) throw std::runtime_error("get_by_pk: no such user");
      auto user = read_user(stmt.get());
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(consume(user));
    });
  }

  void filter_page(State& state) {
    auto stmt = prepare(select_page);
    measure(state, page_size, [&] {
      sqlite3_bind_text(stmt.get(), 1, wanted_role, -1, SQLITE_STATIC);
      benchmark::DoNotOptimize(read_users(stmt.get()));
    });
  }

  void values_list(State& state) {
    auto stmt = prepare(select_emails);
    measure(state, row_count, [&] {
      std::vector<std::string> emails;
      while (step(stmt.get())) emails.emplace_back(text(stmt.get(), 0));
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(emails);
    });
  }

  // One row per iteration in a transaction rolled back at the end, so the table stays as seeded.
  void insert(State& state) {
    auto stmt = prepare(insert_user);
    exec("BEGIN");
    measure(state, 1, [&] {
      auto user = new_user();
      user.created_at = user.updated_at = now();
      auto stamp = testudo::format_datetime(user.created_at, true);
      bind_user(stmt.get(), user, stamp);
      if (step(stmt.get())) throw std::runtime_error("insert: unexpected row");
      user.id = static_cast<std::int32_t>(sqlite3_last_insert_rowid(db_));
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(user.id);
    });
    exec("ROLLBACK");
  }

 private:
  [[noreturn]] void fail() const { throw std::runtime_error(std::string("sqlite3: ") + sqlite3_errmsg(db_)); }

  statement_ptr prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) fail();
    return {stmt, &sqlite3_finalize};
  }

  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail();
  }

  // True on a row, false when done.
  bool step(sqlite3_stmt* stmt) const {
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail();
    return rc == SQLITE_ROW;
  }

  static std::string_view text(sqlite3_stmt* stmt, int column) {
    auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
  }

  static User read_user(sqlite3_stmt* stmt) {
    User u;
    u.created_at = testudo::parse_datetime(text(stmt, c_created_at));
    u.updated_at = testudo::parse_datetime(text(stmt, c_updated_at));
    u.id = sqlite3_column_int(stmt, c_id);
    u.email = text(stmt, c_email);
    u.username = text(stmt, c_username);
    u.password_hash = text(stmt, c_password_hash);
    u.role = text(stmt, c_role);
    u.is_active = sqlite3_column_int(stmt, c_is_active) != 0;
    if (sqlite3_column_type(stmt, c_bio) != SQLITE_NULL) u.bio.emplace(text(stmt, c_bio));
    return u;
  }

  std::vector<User> read_users(sqlite3_stmt* stmt) const {
    std::vector<User> users;
    while (step(stmt)) users.push_back(read_user(stmt));
    sqlite3_reset(stmt);
    return users;
  }

  // The texts bound are SQLITE_STATIC: `user` and `stamp` outlive the step.
  static void bind_user(sqlite3_stmt* stmt, const User& user, const std::string& stamp) {
    auto bind_text = [&](int index, const std::string& t) {
      sqlite3_bind_text(stmt, index, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
    };
    bind_text(1, stamp);
    bind_text(2, stamp);
    bind_text(3, user.email);
    bind_text(4, user.username);
    bind_text(5, user.password_hash);
    bind_text(6, user.role);
    sqlite3_bind_int(stmt, 7, user.is_active ? 1 : 0);
    if (user.bio) bind_text(8, *user.bio);
    else sqlite3_bind_null(stmt, 8);
  }

  sqlite3* db_ = nullptr;
  const std::vector<std::int32_t>& ids_;
};

// ---- raw libpqxx ----

class raw_libpqxx {
 public:
  raw_libpqxx(const std::string& url, const std::vector<std::int32_t>& ids) : conn_(url), ids_(ids) {
    pqxx::nontransaction(conn_).exec0("SET TimeZone = 'UTC'");  // as testudo's sessions
    conn_.prepare("select_users", select_users);
    conn_.prepare("select_user_by_id", dollar_params(select_user_by_id));
    conn_.prepare("select_page", dollar_params(select_page));
    conn_.prepare("select_emails", select_emails);
    conn_.prepare("insert_user", dollar_params(insert_user) + " RETURNING id");
  }

  void select_all(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, row_count, [&] { benchmark::DoNotOptimize(read_users(tx.exec_prepared("select_users"))); });
  }

  // A server-side cursor read in batches, as the ORM's iteration does.
  void stream(State& state) {
    const std::string declare = "DECLARE users_cursor NO SCROLL CURSOR FOR " + select_users;
    const std::string fetch = "FETCH FORWARD " + std::to_string(batch_rows) + " FROM users_cursor";
    measure(state, row_count, [&] {
      pqxx::work tx(conn_);
      tx.exec0(declare);
      std::int64_t sum = 0;
      for (bool more = true; more;) {
        auto rows = tx.exec(fetch);
        for (const auto& row : rows) sum += consume(read_user(row));
        more = rows.size() == batch_rows;
      }
      tx.commit();
      benchmark::DoNotOptimize(sum);
    });
  }

  void get_by_pk(State& state) {
    pqxx::nontransaction tx(conn_);
    key_cycle keys(ids_);
    measure(state, 1, [&] {
      benchmark::DoNotOptimize(consume(read_user(tx.exec_prepared1("select_user_by_id", keys.next()))));
    });
  }

  void filter_page(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, page_size,
            [&] { benchmark::DoNotOptimize(read_users(tx.exec_prepared("select_page", wanted_role))); });
  }

  void values_list(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, row_count, [&] {
      std::vector<std::string> emails;
      for (const auto& row : tx.exec_prepared("select_emails")) emails.emplace_back(row[0].c_str(), row[0].size());
      benchmark::DoNotOptimize(emails);
    });
  }

  // One row per iteration in a transaction aborted at the end, so the table stays as seeded.
  void insert(State& state) {
    pqxx::work tx(conn_);
    measure(state, 1, [&] {
      auto user = new_user();
      user.created_at = user.updated_at = now();
      auto stamp = testudo::format_datetime(user.created_at, true);
      auto row = tx.exec_prepared1("insert_user", stamp, stamp, user.email, user.username, user.password_hash,
                                   user.role, user.is_active, user.bio ? user.bio->c_str() : nullptr);
      user.id = row[0].as<std::int32_t>();
      benchmark::DoNotOptimize(user.id);
    });
    tx.abort();
  }

 private:
  static constexpr pqxx::result::size_type batch_rows = 1000;  // the ORM's default

  static std::string_view text(const pqxx::field& f) { return {f.c_str(), f.size()}; }

  static User read_user(const pqxx::row& row) {
    User u;
    u.created_at = testudo::parse_datetime(text(row[c_created_at]));
    u.updated_at = testudo::parse_datetime(text(row[c_updated_at]));
    u.id = row[c_id].as<std::int32_t>();
    u.email = text(row[c_email]);
    u.username = text(row[c_username]);
    u.password_hash = text(row[c_password_hash]);
    u.role = text(row[c_role]);
    u.is_active = row[c_is_active].as<bool>();
    if (!row[c_bio].is_null()) u.bio.emplace(text(row[c_bio]));
    return u;
  }

  static std::vector<User> read_users(const pqxx::result& rows) {
    std::vector<User> users;
    for (const auto& row : rows) users.push_back(read_user(row));
    return users;
  }

  pqxx::connection conn_;
  const std::vector<std::int32_t>& ids_;
};

// ---- testudo's driver layer ----

class testudo_connection {
 public:
  testudo_connection(std::string_view url, const std::vector<std::int32_t>& ids)
      : conn_(testudo::connect(url)), ids_(ids) {}

  void select_all(State& state) {
    const auto sql = native(select_users);
    measure(state, row_count, [&] { benchmark::DoNotOptimize(read_users(*conn_->query(sql))); });
  }

  void stream(State& state) {
    const auto sql = native(select_users);
    measure(state, row_count, [&] {
      std::int64_t sum = 0;
      auto rows = conn_->stream(sql);
      while (rows->next()) sum += consume(read_user(*rows));
      benchmark::DoNotOptimize(sum);
    });
  }

  void get_by_pk(State& state) {
    const auto sql = native(select_user_by_id);
    key_cycle keys(ids_);
    measure(state, 1, [&] {
      auto rows = conn_->query(sql, {testudo::value{std::int64_t{keys.next()}}});
      if (!rows->next()) throw std::runtime_error("get_by_pk: no such user");
      benchmark::DoNotOptimize(consume(read_user(*rows)));
    });
  }

  void filter_page(State& state) {
    const auto sql = native(select_page);
    measure(state, page_size, [&] {
      benchmark::DoNotOptimize(read_users(*conn_->query(sql, {testudo::value{std::string(wanted_role)}})));
    });
  }

  void values_list(State& state) {
    measure(state, row_count, [&] {
      std::vector<std::string> emails;
      auto rows = conn_->query(select_emails);
      while (rows->next()) emails.emplace_back(rows->get_text(0));
      benchmark::DoNotOptimize(emails);
    });
  }

  // RETURNING as the ORM does it, so that the step from here to testudo_orm is the ORM's own cost.
  void insert(State& state) {
    const auto sql = native(insert_user) + " RETURNING id";
    conn_->begin();
    measure(state, 1, [&] {
      auto user = new_user();
      user.created_at = user.updated_at = now();
      auto bio = user.bio ? testudo::value{*user.bio} : testudo::value{testudo::null};
      auto rows = conn_->query(sql, {user.created_at, user.updated_at, user.email, user.username, user.password_hash,
                                     user.role, user.is_active, std::move(bio)});
      rows->next();
      user.id = static_cast<std::int32_t>(rows->get_int64(0));
      benchmark::DoNotOptimize(user.id);
    });
    conn_->rollback();
  }

 private:
  std::string native(const std::string& sql) const {
    return conn_->kind() == testudo::backend::postgres ? dollar_params(sql) : sql;
  }

  static User read_user(const testudo::row_cursor& row) {
    User u;
    u.created_at = row.get_datetime(c_created_at);
    u.updated_at = row.get_datetime(c_updated_at);
    u.id = static_cast<std::int32_t>(row.get_int64(c_id));
    u.email = row.get_text(c_email);
    u.username = row.get_text(c_username);
    u.password_hash = row.get_text(c_password_hash);
    u.role = row.get_text(c_role);
    u.is_active = row.get_bool(c_is_active);
    if (!row.is_null(c_bio)) u.bio.emplace(row.get_text(c_bio));
    return u;
  }

  static std::vector<User> read_users(testudo::row_cursor& rows) {
    std::vector<User> users;
    while (rows.next()) users.push_back(read_user(rows));
    return users;
  }

  std::unique_ptr<testudo::connection> conn_;
  const std::vector<std::int32_t>& ids_;
};

// ---- the ORM ----

class testudo_orm {
 public:
  testudo_orm(testudo::database& db, const std::vector<std::int32_t>& ids) : db_(db), ids_(ids) {}

  void select_all(State& state) {
    measure(state, row_count, [&] { benchmark::DoNotOptimize(testudo::objects<User>(db_).all()); });
  }

  void stream(State& state) {
    measure(state, row_count, [&] {
      std::int64_t sum = 0;
      for (const User& u : testudo::objects<User>(db_)) sum += consume(u);
      benchmark::DoNotOptimize(sum);
    });
  }

  void get_by_pk(State& state) {
    key_cycle keys(ids_);
    measure(state, 1, [&] { benchmark::DoNotOptimize(consume(testudo::get<User>(q("id", keys.next()), db_))); });
  }

  void filter_page(State& state) {
    measure(state, page_size, [&] {
      benchmark::DoNotOptimize(testudo::objects<User>(db_)
                                   .filter({q("is_active", true), q("role", wanted_role)})
                                   .order_by({"id"})
                                   .limit(page_size)
                                   .all());
    });
  }

  void values_list(State& state) {
    measure(state, row_count, [&] { benchmark::DoNotOptimize(testudo::objects<User>(db_).values_list(&User::email)); });
  }

  // Decimals (ORM only): every seeded product's price hydrated, the prices filtered and compared,
  // and aggregated on the server.
  void decimal_select(State& state) {
    measure(state, row_count, [&] { benchmark::DoNotOptimize(testudo::objects<Product>(db_).all()); });
  }

  void decimal_filter(State& state) {
    measure(state, page_size, [&] {
      benchmark::DoNotOptimize(testudo::objects<Product>(db_)
                                   .filter(q("price__gte", testudo::decimal{"50.00"}))
                                   .order_by({"price", "id"})
                                   .limit(page_size)
                                   .values_list(&Product::price));
    });
  }

  void decimal_aggregate(State& state) {
    measure(state, row_count, [&] {
      benchmark::DoNotOptimize(testudo::objects<Product>(db_).aggregate(
          {{"sum", testudo::sum("price")}, {"avg", testudo::avg("price")}, {"max", testudo::max("price")}}));
    });
  }

  void insert(State& state) {
    testudo::atomic_scope scope(db_);  // never committed: rolled back when the run ends
    measure(state, 1, [&] {
      auto user = new_user();
      testudo::create(user, db_);
      benchmark::DoNotOptimize(user.id);
    });
  }

 private:
  testudo::database& db_;
  const std::vector<std::int32_t>& ids_;
};

// ---- setup and registration ----

// Products for the decimal workloads: prices 0.01 … 100.00 in one category.
void seed_products(testudo::database& db) {
  testudo::objects<Product>(db).remove();
  testudo::objects<storefront::Category>(db).remove();
  storefront::Category category;
  category.name = category.slug = "bench";
  testudo::create(category, db);
  std::vector<Product> products(row_count);
  for (int i = 0; i < row_count; ++i) {
    products[i].name = "product" + std::to_string(i);
    products[i].category_id = category.id;
    products[i].price = testudo::decimal{std::to_string(i % 10000 / 100) + "." + std::to_string(10 + i % 90)};
  }
  testudo::atomic(db, [&] { testudo::bulk_create(products, {}, db); });
}

// Creates the tables, replaces every user and product by the seeded ones and returns the users' keys.
std::vector<std::int32_t> seed(testudo::database& db) {
  testudo::generate_schemas(db);
  seed_products(db);
  testudo::objects<User>(db).remove();
  std::vector<User> users;
  for (int i = 0; i < row_count; ++i) users.push_back(make_user(i));
  testudo::atomic(db, [&] { testudo::bulk_create(users, {}, db); });
  return testudo::objects<User>(db).order_by({"id"}).values_list(&User::id);
}

// A private directory for the SQLite database file, removed at exit.
class temp_dir {
 public:
  temp_dir() {
    auto pattern = (std::filesystem::temp_directory_path() / "testudo_bench_XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a directory under " + pattern);
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// TESTUDO_BENCH_ITERATIONS=n runs every benchmark exactly n times, for counting instructions
// under valgrind on a busy machine (see README.md), where timings mean little.
void configure(benchmark::internal::Benchmark* b, bool real_time) {
  if (real_time) b->UseRealTime();
  if (const char* n = std::getenv("TESTUDO_BENCH_ITERATIONS")) b->Iterations(std::max(1L, std::atol(n)));
}

// Registers <backend>/<operation>/<variant> operation by operation, so that each raw/ORM pair
// runs and prints next to each other.
template <class... Variant>
void register_backend(const std::string& backend, bool real_time, std::pair<const char*, Variant*>... variants) {
  auto add = [&](const char* operation, auto call) {
    auto one = [&](const char* name, auto* variant) {
      auto* b = benchmark::RegisterBenchmark((backend + "/" + operation + "/" + name).c_str(),
                                             [variant, call](State& state) { call(*variant, state); });
      configure(b, real_time);
    };
    (one(variants.first, variants.second), ...);
  };
  add("select_all", [](auto& v, State& s) { v.select_all(s); });
  add("stream", [](auto& v, State& s) { v.stream(s); });
  add("get_by_pk", [](auto& v, State& s) { v.get_by_pk(s); });
  add("filter_page", [](auto& v, State& s) { v.filter_page(s); });
  add("values_list", [](auto& v, State& s) { v.values_list(s); });
  add("insert", [](auto& v, State& s) { v.insert(s); });
}

void register_decimals(const std::string& backend, bool real_time, testudo_orm* orm,
                       const std::string& variant = "testudo_orm") {
  auto add = [&](const char* operation, void (testudo_orm::*call)(State&)) {
    auto* b = benchmark::RegisterBenchmark((backend + "/" + operation + "/" + variant).c_str(),
                                           [orm, call](State& state) { (orm->*call)(state); });
    configure(b, real_time);
  };
  add("decimal_select", &testudo_orm::decimal_select);
  add("decimal_filter", &testudo_orm::decimal_filter);
  add("decimal_aggregate", &testudo_orm::decimal_aggregate);
}

// One backend's database, seeded, and the variants that run on it.
template <class Raw>
struct backend_under_test {
  backend_under_test(const std::string& url, const std::string& raw_target)
      : db(testudo::database::open(url)),
        ids(seed(*db)),
        raw(raw_target, ids),
        connection(url, ids),
        orm(*db, ids) {}

  std::shared_ptr<testudo::database> db;
  std::vector<std::int32_t> ids;
  Raw raw;
  testudo_connection connection;
  testudo_orm orm;
};

// The same PostgreSQL database with ?prepared_statements=false (what PgBouncer's transaction pooling
// needs): unnamed statements, parsed and planned on every execution. Seeded by backend_under_test.
std::string without_prepared_statements(std::string url) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "prepared_statements=false";
}

struct unprepared_variants {
  unprepared_variants(const std::string& url, const std::vector<std::int32_t>& ids)
      : db(testudo::database::open(without_prepared_statements(url))),
        connection(without_prepared_statements(url), ids),
        orm(*db, ids) {}

  std::shared_ptr<testudo::database> db;
  testudo_connection connection;
  testudo_orm orm;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  temp_dir dir;
  auto file = (dir.path() / "bench.sqlite3").string();
  backend_under_test<raw_sqlite3> sqlite("sqlite://" + file, file);
  // In-process work: CPU time is the fair clock on a machine shared with other jobs.
  register_backend("sqlite", false, std::pair{"raw_sqlite3", &sqlite.raw},
                   std::pair{"testudo_connection", &sqlite.connection}, std::pair{"testudo_orm", &sqlite.orm});
  register_decimals("sqlite", false, &sqlite.orm);

  std::optional<backend_under_test<raw_libpqxx>> postgres;
  std::optional<unprepared_variants> unprepared;
  if (const char* url = std::getenv("TESTUDO_BENCH_POSTGRES_URL")) {
    postgres.emplace(url, url);
    unprepared.emplace(url, postgres->ids);
    // The server does much of the work in another process: wall-clock time.
    register_backend("postgres", true, std::pair{"raw_libpqxx", &postgres->raw},
                     std::pair{"testudo_connection", &postgres->connection}, std::pair{"testudo_orm", &postgres->orm},
                     std::pair{"testudo_connection_unprepared", &unprepared->connection},
                     std::pair{"testudo_orm_unprepared", &unprepared->orm});
    register_decimals("postgres", true, &postgres->orm);
    register_decimals("postgres", true, &unprepared->orm, "testudo_orm_unprepared");
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
