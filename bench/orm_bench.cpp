// The ORM side by side with hand-written raw-driver code doing the same work, in one run.
// Benchmarks are named <backend>/<operation>/<variant>, variants being
//   raw_sqlite3, raw_libpqxx, raw_connector_cpp
//                             what a careful programmer writes by hand (sqlite3, libpqxx, MariaDB
//                             through Connector/C++ 1.1): statements prepared once and reused,
//                             columns read by position straight into the struct;
//   testudo_connection        testudo's driver layer (connection, row_cursor) without the ORM;
//   testudo_orm               the ORM as applications use it (objects<User>(), get, create).
// The ORM is held to within 1.25x of the raw time (README.md). PostgreSQL and MariaDB run only
// when TESTUDO_BENCH_POSTGRES_URL / TESTUDO_BENCH_MYSQL_URL name throwaway databases: the
// storefront tables there are emptied and seeded.
#include <benchmark/benchmark.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <sqlite3.h>
#include <pqxx/pqxx>
#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <testudo/db/connection.hpp>
#include <testudo/db/url.hpp>
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
using storefront::Order;
using storefront::OrderLine;
using storefront::Product;
using storefront::User;
using testudo::q;

constexpr int row_count = 10'000;  // users, and products
constexpr std::int64_t page_size = 50;
constexpr const char* wanted_role = "admin";
constexpr const char* roles[] = {"user", "admin", "editor"};
constexpr int order_count = 5'000, lines_per_order = 10;  // 50,000 order lines
constexpr int line_count = order_count * lines_per_order;
constexpr std::int64_t prefetch_orders = 100;            // with their 1,000 lines
constexpr int creates_per_transaction = 2'000;
// filter_scan: 20.00 <= price <= 80.00 and the name contains "uct 1" in any case ("Product 1...").
constexpr const char* min_price = "20.00";
constexpr const char* max_price = "80.00";
constexpr const char* name_part = "UCT 1";
constexpr const char* name_pattern = "%UCT 1%";  // the raw side's LIKE (SQLite, MariaDB) or ILIKE

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
const std::string select_products =
    "SELECT created_at, updated_at, id, name, description, price, stock, is_available, category_id FROM products";
enum product_column { p_created_at, p_updated_at, p_id, p_name, p_description, p_price, p_stock, p_is_available, p_category_id };
const std::string select_orders_page =
    "SELECT created_at, updated_at, id, order_number, customer_id, status, total FROM orders ORDER BY id LIMIT " +
    std::to_string(prefetch_orders);
enum order_column { o_created_at, o_updated_at, o_id, o_order_number, o_customer_id, o_status, o_total };
const std::string select_lines = "SELECT id, order_id, product_id, quantity, unit_price FROM order_lines";
enum line_column { l_id, l_order_id, l_product_id, l_quantity, l_unit_price };
const std::string select_products_aggregate = "SELECT COUNT(*), SUM(price), AVG(price), MAX(price) FROM products";

// The hand-written filter_scan and its count: `like` is LIKE where it ignores ASCII case by
// itself (SQLite; MariaDB's default collation), ILIKE on PostgreSQL.
std::string filter_scan_sql(std::string_view like) {
  return select_products + " WHERE price >= ? AND price <= ? AND name " + std::string(like) +
         " ? ORDER BY price, id LIMIT " + std::to_string(page_size);
}
std::string count_like_sql(std::string_view like) {
  return "SELECT COUNT(*) FROM products WHERE name " + std::string(like) + " ?";
}
// "<select> WHERE <column> IN (?, ?, ...)" with n markers.
std::string where_in(const std::string& select, std::string_view column, std::size_t n) {
  std::string sql = select + " WHERE " + std::string(column) + " IN (";
  for (std::size_t i = 0; i < n; ++i) sql += i ? ", ?" : "?";
  return sql + ")";
}

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
std::int64_t consume(const Product& p) { return p.id + static_cast<std::int64_t>(p.name.size() + p.price.text.size()); }
std::int64_t consume(const OrderLine& l) { return l.id + l.quantity + static_cast<std::int64_t>(l.unit_price.text.size()); }
template <class M>
std::int64_t consume(const std::vector<M>& items) {
  std::int64_t sum = 0;
  for (const auto& item : items) sum += consume(item);
  return sum;
}

// What the prefetch workload reads from its orders: each order's customer and lines, and each
// line's product, as the hand-written variants hold them (ids → objects).
struct prefetched {
  std::vector<Order> orders;
  std::vector<OrderLine> lines;
  std::unordered_map<std::int32_t, std::vector<const OrderLine*>> lines_of;  // by order id
  std::unordered_map<std::int32_t, Product> products;
  std::unordered_map<std::int32_t, User> customers;

  // The keys of the next level: the orders' ids, the lines' products, the orders' customers.
  template <class M, class Key>
  static std::vector<std::int32_t> keys(const std::vector<M>& items, Key key) {
    std::vector<std::int32_t> out;
    for (const auto& item : items) out.push_back(item.*key);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  void index_lines() {
    for (const auto& line : lines) lines_of[line.order_id].push_back(&line);
  }
  std::int64_t consume() const {
    std::int64_t sum = 0;
    for (const auto& o : orders) {
      sum += static_cast<std::int64_t>(customers.at(o.customer_id).email.size());
      if (auto it = lines_of.find(o.id); it != lines_of.end())
        for (const auto* line : it->second) sum += line->quantity + static_cast<std::int64_t>(products.at(line->product_id).name.size());
    }
    return sum;
  }
};

// The same, read through the ORM's result_set.
std::int64_t consume(const testudo::result_set<Order>& orders) {
  std::int64_t sum = 0;
  for (const auto& o : orders) {
    sum += static_cast<std::int64_t>(orders.one<User>(o, "customer")->email.size());
    for (const auto& line : orders.many<OrderLine>(o, "lines"))
      sum += line.quantity + static_cast<std::int64_t>(orders.one<Product>(line, "product")->name.size());
  }
  return sum;
}

// One multi-column values_list row, as hand-written code keeps it.
struct line_values {
  std::int32_t id, order_id, product_id, quantity;
  testudo::decimal unit_price;
};

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
    measure(state, 1, [&] { benchmark::DoNotOptimize(insert_one(stmt.get())); });
    exec("ROLLBACK");
  }

  // 2,000 rows in one transaction, rolled back (a commit's disk write would only blur the ratio).
  void create_2k(State& state) {
    auto stmt = prepare(insert_user);
    measure(state, creates_per_transaction, [&] {
      exec("BEGIN");
      for (int i = 0; i < creates_per_transaction; ++i) benchmark::DoNotOptimize(insert_one(stmt.get()));
      exec("ROLLBACK");
    });
  }

  void filter_scan(State& state) {
    auto stmt = prepare(filter_scan_sql("LIKE"));
    measure(state, page_size, [&] {
      sqlite3_bind_double(stmt.get(), 1, 20.0);
      sqlite3_bind_double(stmt.get(), 2, 80.0);
      sqlite3_bind_text(stmt.get(), 3, name_pattern, -1, SQLITE_STATIC);
      std::vector<Product> products;
      while (step(stmt.get())) products.push_back(read_product(stmt.get()));
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(consume(products));
    });
  }

  // The name test alone over every product: LIKE is SQLite's own (ASCII) case-insensitive scan.
  void icontains_count(State& state) {
    auto stmt = prepare(count_like_sql("LIKE"));
    measure(state, row_count, [&] {
      sqlite3_bind_text(stmt.get(), 1, name_pattern, -1, SQLITE_STATIC);
      step(stmt.get());
      benchmark::DoNotOptimize(sqlite3_column_int64(stmt.get(), 0));
      sqlite3_reset(stmt.get());
    });
  }

  void prefetch(State& state) {
    auto orders = prepare(select_orders_page);
    measure(state, prefetch_orders, [&] {
      prefetched p;
      while (step(orders.get())) p.orders.push_back(read_order(orders.get()));
      sqlite3_reset(orders.get());
      each_in(select_lines, "order_id", prefetched::keys(p.orders, &Order::id),
              [&](sqlite3_stmt* s) { p.lines.push_back(read_line(s)); }, " ORDER BY id");
      p.index_lines();
      each_in(select_products, "id", prefetched::keys(p.lines, &OrderLine::product_id),
              [&](sqlite3_stmt* s) { p.products.emplace(sqlite3_column_int(s, p_id), read_product(s)); });
      each_in(select_users, "id", prefetched::keys(p.orders, &Order::customer_id),
              [&](sqlite3_stmt* s) { p.customers.emplace(sqlite3_column_int(s, c_id), read_user(s)); });
      benchmark::DoNotOptimize(p.consume());
    });
  }

  void all_lines(State& state) {
    auto stmt = prepare(select_lines);
    measure(state, line_count, [&] {
      std::vector<OrderLine> lines;
      while (step(stmt.get())) lines.push_back(read_line(stmt.get()));
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(consume(lines));
    });
  }

  // The typed ORM form of the same read (values_list(&M::a, &M::b, ...)) against the same code.
  void values_tuples(State& state) { values_list_multi(state); }

  void values_list_multi(State& state) {
    auto stmt = prepare(select_lines);
    measure(state, line_count, [&] {
      std::vector<line_values> rows;
      while (step(stmt.get())) {
        auto* s = stmt.get();
        rows.push_back({sqlite3_column_int(s, l_id), sqlite3_column_int(s, l_order_id), sqlite3_column_int(s, l_product_id),
                        sqlite3_column_int(s, l_quantity), testudo::decimal{std::string(text(s, l_unit_price))}});
      }
      sqlite3_reset(stmt.get());
      benchmark::DoNotOptimize(rows);
    });
  }

  void aggregate(State& state) {
    auto stmt = prepare(select_products_aggregate);
    measure(state, row_count, [&] {
      step(stmt.get());
      auto* s = stmt.get();
      auto count = sqlite3_column_int64(s, 0);
      testudo::decimal sum{std::string(text(s, 1))}, avg{std::string(text(s, 2))}, max{std::string(text(s, 3))};
      sqlite3_reset(s);
      benchmark::DoNotOptimize(count + static_cast<std::int64_t>(sum.text.size() + avg.text.size() + max.text.size()));
    });
  }

 private:
  std::int32_t insert_one(sqlite3_stmt* stmt) {
    auto user = new_user();
    user.created_at = user.updated_at = now();
    auto stamp = testudo::format_datetime(user.created_at, true);
    bind_user(stmt, user, stamp);
    if (step(stmt)) throw std::runtime_error("insert: unexpected row");
    sqlite3_reset(stmt);
    return static_cast<std::int32_t>(sqlite3_last_insert_rowid(db_));
  }

  // Runs `select WHERE column IN (?, ...)` + `suffix` for `keys`, one statement kept per query
  // and number of keys, and calls on_row for each row.
  template <class OnRow>
  void each_in(const std::string& select, std::string_view column, const std::vector<std::int32_t>& keys, OnRow on_row,
               std::string_view suffix = "") {
    auto it = in_statements_.find({&select, keys.size()});
    if (it == in_statements_.end())
      it = in_statements_.emplace(std::pair{&select, keys.size()}, prepare(where_in(select, column, keys.size()) + std::string(suffix))).first;
    auto* stmt = it->second.get();
    for (std::size_t i = 0; i < keys.size(); ++i) sqlite3_bind_int(stmt, static_cast<int>(i + 1), keys[i]);
    while (step(stmt)) on_row(stmt);
    sqlite3_reset(stmt);
  }

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

  static Product read_product(sqlite3_stmt* stmt) {
    Product p;
    p.created_at = testudo::parse_datetime(text(stmt, p_created_at));
    p.updated_at = testudo::parse_datetime(text(stmt, p_updated_at));
    p.id = sqlite3_column_int(stmt, p_id);
    p.name = text(stmt, p_name);
    p.description = text(stmt, p_description);
    p.price = testudo::decimal{std::string(text(stmt, p_price))};
    p.stock = sqlite3_column_int(stmt, p_stock);
    p.is_available = sqlite3_column_int(stmt, p_is_available) != 0;
    p.category_id = sqlite3_column_int(stmt, p_category_id);
    return p;
  }

  static Order read_order(sqlite3_stmt* stmt) {
    Order o;
    o.created_at = testudo::parse_datetime(text(stmt, o_created_at));
    o.updated_at = testudo::parse_datetime(text(stmt, o_updated_at));
    o.id = sqlite3_column_int(stmt, o_id);
    o.order_number = text(stmt, o_order_number);
    o.customer_id = sqlite3_column_int(stmt, o_customer_id);
    o.status = text(stmt, o_status);
    o.total = testudo::decimal{std::string(text(stmt, o_total))};
    return o;
  }

  static OrderLine read_line(sqlite3_stmt* stmt) {
    return {sqlite3_column_int(stmt, l_id), sqlite3_column_int(stmt, l_order_id), sqlite3_column_int(stmt, l_product_id),
            sqlite3_column_int(stmt, l_quantity), testudo::decimal{std::string(text(stmt, l_unit_price))}};
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
  std::map<std::pair<const std::string*, std::size_t>, statement_ptr> in_statements_;
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
    conn_.prepare("filter_scan", dollar_params(filter_scan_sql("ILIKE")));
    conn_.prepare("count_like", dollar_params(count_like_sql("ILIKE")));
    conn_.prepare("orders_page", select_orders_page);
    // A key list is one array parameter: one statement whatever the number of keys.
    conn_.prepare("lines_of", select_lines + " WHERE order_id = ANY($1::int[]) ORDER BY id");
    conn_.prepare("products_in", select_products + " WHERE id = ANY($1::int[])");
    conn_.prepare("users_in", select_users + " WHERE id = ANY($1::int[])");
    conn_.prepare("select_lines", select_lines);
    conn_.prepare("aggregate", select_products_aggregate);
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
    measure(state, 1, [&] { benchmark::DoNotOptimize(insert_one(tx)); });
    tx.abort();
  }

  // 2,000 rows in one transaction, rolled back (a commit's disk write would only blur the ratio).
  void create_2k(State& state) {
    measure(state, creates_per_transaction, [&] {
      pqxx::work tx(conn_);
      for (int i = 0; i < creates_per_transaction; ++i) benchmark::DoNotOptimize(insert_one(tx));
      tx.abort();
    });
  }

  void filter_scan(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, page_size, [&] {
      std::vector<Product> products;
      for (const auto& row : tx.exec_prepared("filter_scan", min_price, max_price, name_pattern))
        products.push_back(read_product(row));
      benchmark::DoNotOptimize(consume(products));
    });
  }

  void icontains_count(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, row_count,
            [&] { benchmark::DoNotOptimize(tx.exec_prepared1("count_like", name_pattern)[0].as<std::int64_t>()); });
  }

  void prefetch(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, prefetch_orders, [&] {
      prefetched p;
      for (const auto& row : tx.exec_prepared("orders_page")) p.orders.push_back(read_order(row));
      for (const auto& row : tx.exec_prepared("lines_of", array(prefetched::keys(p.orders, &Order::id))))
        p.lines.push_back(read_line(row));
      p.index_lines();
      for (const auto& row : tx.exec_prepared("products_in", array(prefetched::keys(p.lines, &OrderLine::product_id))))
        p.products.emplace(row[p_id].as<std::int32_t>(), read_product(row));
      for (const auto& row : tx.exec_prepared("users_in", array(prefetched::keys(p.orders, &Order::customer_id))))
        p.customers.emplace(row[c_id].as<std::int32_t>(), read_user(row));
      benchmark::DoNotOptimize(p.consume());
    });
  }

  void all_lines(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, line_count, [&] {
      std::vector<OrderLine> lines;
      for (const auto& row : tx.exec_prepared("select_lines")) lines.push_back(read_line(row));
      benchmark::DoNotOptimize(consume(lines));
    });
  }

  // The typed ORM form of the same read (values_list(&M::a, &M::b, ...)) against the same code.
  void values_tuples(State& state) { values_list_multi(state); }

  void values_list_multi(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, line_count, [&] {
      std::vector<line_values> rows;
      for (const auto& row : tx.exec_prepared("select_lines")) {
        auto l = read_line(row);
        rows.push_back({l.id, l.order_id, l.product_id, l.quantity, std::move(l.unit_price)});
      }
      benchmark::DoNotOptimize(rows);
    });
  }

  void aggregate(State& state) {
    pqxx::nontransaction tx(conn_);
    measure(state, row_count, [&] {
      auto row = tx.exec_prepared1("aggregate");
      auto count = row[0].as<std::int64_t>();
      testudo::decimal sum{row[1].c_str()}, avg{row[2].c_str()}, max{row[3].c_str()};
      benchmark::DoNotOptimize(count + static_cast<std::int64_t>(sum.text.size() + avg.text.size() + max.text.size()));
    });
  }

 private:
  static constexpr pqxx::result::size_type batch_rows = 1000;  // the ORM's default

  std::int32_t insert_one(pqxx::transaction_base& tx) {
    auto user = new_user();
    user.created_at = user.updated_at = now();
    auto stamp = testudo::format_datetime(user.created_at, true);
    auto row = tx.exec_prepared1("insert_user", stamp, stamp, user.email, user.username, user.password_hash, user.role,
                                 user.is_active, user.bio ? user.bio->c_str() : nullptr);
    return row[0].as<std::int32_t>();
  }

  // An int[] parameter: "{1,2,3}".
  static std::string array(const std::vector<std::int32_t>& keys) {
    std::string out = "{";
    for (auto k : keys) out += (out.size() > 1 ? "," : "") + std::to_string(k);
    return out + "}";
  }

  static Product read_product(const pqxx::row& row) {
    Product p;
    p.created_at = testudo::parse_datetime(text(row[p_created_at]));
    p.updated_at = testudo::parse_datetime(text(row[p_updated_at]));
    p.id = row[p_id].as<std::int32_t>();
    p.name = text(row[p_name]);
    p.description = text(row[p_description]);
    p.price = testudo::decimal{row[p_price].c_str()};
    p.stock = row[p_stock].as<std::int32_t>();
    p.is_available = row[p_is_available].as<bool>();
    p.category_id = row[p_category_id].as<std::int32_t>();
    return p;
  }

  static Order read_order(const pqxx::row& row) {
    Order o;
    o.created_at = testudo::parse_datetime(text(row[o_created_at]));
    o.updated_at = testudo::parse_datetime(text(row[o_updated_at]));
    o.id = row[o_id].as<std::int32_t>();
    o.order_number = text(row[o_order_number]);
    o.customer_id = row[o_customer_id].as<std::int32_t>();
    o.status = text(row[o_status]);
    o.total = testudo::decimal{row[o_total].c_str()};
    return o;
  }

  static OrderLine read_line(const pqxx::row& row) {
    return {row[l_id].as<std::int32_t>(), row[l_order_id].as<std::int32_t>(), row[l_product_id].as<std::int32_t>(),
            row[l_quantity].as<std::int32_t>(), testudo::decimal{row[l_unit_price].c_str()}};
  }

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

// ---- raw Connector/C++ 1.1 (MariaDB) ----
// The JDBC-style API testudo's MySQL driver uses: prepared statements, columns read by index.

class raw_connector_cpp {
 public:
  raw_connector_cpp(const std::string& url, const std::vector<std::int32_t>& ids) : ids_(ids) {
    auto u = testudo::parse_db_url(url);
    sql::ConnectOptionsMap options;
    options["hostName"] = sql::SQLString("tcp://" + u.host + ":" + std::to_string(u.port));
    options["userName"] = sql::SQLString(u.user);
    options["password"] = sql::SQLString(u.password);
    options["schema"] = sql::SQLString(u.database);
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    conn_.reset(sql::mysql::get_mysql_driver_instance()->connect(options));
    std::unique_ptr<sql::Statement>(conn_->createStatement())->execute("SET time_zone = '+00:00'");  // as testudo's sessions
  }

  void select_all(State& state) {
    auto& stmt = prepared(select_users);
    measure(state, row_count, [&] { benchmark::DoNotOptimize(read_all(stmt, read_user)); });
  }

  // Connector/C++ 1.1 buffers a prepared statement's rows: the same as select_all, one at a time.
  void stream(State& state) {
    auto& stmt = prepared(select_users);
    measure(state, row_count, [&] {
      std::int64_t sum = 0;
      std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
      while (rows->next()) sum += consume(read_user(*rows));
      benchmark::DoNotOptimize(sum);
    });
  }

  void get_by_pk(State& state) {
    auto& stmt = prepared(select_user_by_id);
    key_cycle keys(ids_);
    measure(state, 1, [&] {
      stmt.setInt(1, keys.next());
      std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
      if (!rows->next()) throw std::runtime_error("get_by_pk: no such user");
      benchmark::DoNotOptimize(consume(read_user(*rows)));
    });
  }

  void filter_page(State& state) {
    auto& stmt = prepared(select_page);
    measure(state, page_size, [&] {
      stmt.setString(1, wanted_role);
      benchmark::DoNotOptimize(read_all(stmt, read_user));
    });
  }

  void values_list(State& state) {
    auto& stmt = prepared(select_emails);
    measure(state, row_count, [&] {
      std::vector<std::string> emails;
      std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
      while (rows->next()) emails.push_back(rows->getString(1));
      benchmark::DoNotOptimize(emails);
    });
  }

  void insert(State& state) {
    auto& stmt = prepared(insert_user + returning_id);
    conn_->setAutoCommit(false);
    measure(state, 1, [&] { benchmark::DoNotOptimize(insert_one(stmt)); });
    conn_->rollback();
    conn_->setAutoCommit(true);
  }

  // 2,000 rows in one transaction, rolled back (a commit's disk write would only blur the ratio).
  void create_2k(State& state) {
    auto& stmt = prepared(insert_user + returning_id);
    measure(state, creates_per_transaction, [&] {
      conn_->setAutoCommit(false);
      for (int i = 0; i < creates_per_transaction; ++i) benchmark::DoNotOptimize(insert_one(stmt));
      conn_->rollback();
      conn_->setAutoCommit(true);
    });
  }

  void filter_scan(State& state) {
    auto& stmt = prepared(filter_scan_sql("LIKE"));
    measure(state, page_size, [&] {
      stmt.setString(1, min_price);
      stmt.setString(2, max_price);
      stmt.setString(3, name_pattern);
      benchmark::DoNotOptimize(consume(read_all(stmt, read_product)));
    });
  }

  void icontains_count(State& state) {
    auto& stmt = prepared(count_like_sql("LIKE"));
    measure(state, row_count, [&] {
      stmt.setString(1, name_pattern);
      std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
      rows->next();
      benchmark::DoNotOptimize(rows->getInt64(1));
    });
  }

  void prefetch(State& state) {
    auto& orders = prepared(select_orders_page);
    measure(state, prefetch_orders, [&] {
      prefetched p;
      p.orders = read_all(orders, read_order);
      each_in(select_lines, "order_id", prefetched::keys(p.orders, &Order::id),
              [&](const sql::ResultSet& r) { p.lines.push_back(read_line(r)); }, " ORDER BY id");
      p.index_lines();
      each_in(select_products, "id", prefetched::keys(p.lines, &OrderLine::product_id),
              [&](const sql::ResultSet& r) { p.products.emplace(r.getInt(p_id + 1), read_product(r)); });
      each_in(select_users, "id", prefetched::keys(p.orders, &Order::customer_id),
              [&](const sql::ResultSet& r) { p.customers.emplace(r.getInt(c_id + 1), read_user(r)); });
      benchmark::DoNotOptimize(p.consume());
    });
  }

  void all_lines(State& state) {
    auto& stmt = prepared(select_lines);
    measure(state, line_count, [&] { benchmark::DoNotOptimize(consume(read_all(stmt, read_line))); });
  }

  // The typed ORM form of the same read (values_list(&M::a, &M::b, ...)) against the same code.
  void values_tuples(State& state) { values_list_multi(state); }

  void values_list_multi(State& state) {
    auto& stmt = prepared(select_lines);
    measure(state, line_count, [&] {
      std::vector<line_values> rows;
      std::unique_ptr<sql::ResultSet> r(stmt.executeQuery());
      while (r->next()) {
        auto l = read_line(*r);
        rows.push_back({l.id, l.order_id, l.product_id, l.quantity, std::move(l.unit_price)});
      }
      benchmark::DoNotOptimize(rows);
    });
  }

  void aggregate(State& state) {
    auto& stmt = prepared(select_products_aggregate);
    measure(state, row_count, [&] {
      std::unique_ptr<sql::ResultSet> r(stmt.executeQuery());
      r->next();
      auto count = r->getInt64(1);
      testudo::decimal sum{r->getString(2)}, avg{r->getString(3)}, max{r->getString(4)};
      benchmark::DoNotOptimize(count + static_cast<std::int64_t>(sum.text.size() + avg.text.size() + max.text.size()));
    });
  }

 private:
  sql::PreparedStatement& prepared(const std::string& sql) {
    auto& stmt = statements_[sql];
    if (!stmt) stmt.reset(conn_->prepareStatement(sql));
    return *stmt;
  }

  template <class M>
  static std::vector<M> read_all(sql::PreparedStatement& stmt, M (*read)(const sql::ResultSet&)) {
    std::vector<M> out;
    std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
    while (rows->next()) out.push_back(read(*rows));
    return out;
  }

  // Runs `select WHERE column IN (?, ...)` + `suffix` for `keys` and calls on_row for each row.
  template <class OnRow>
  void each_in(const std::string& select, std::string_view column, const std::vector<std::int32_t>& keys, OnRow on_row,
               std::string_view suffix = "") {
    auto& stmt = prepared(where_in(select, column, keys.size()) + std::string(suffix));
    for (std::size_t i = 0; i < keys.size(); ++i) stmt.setInt(static_cast<unsigned>(i + 1), keys[i]);
    std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
    while (rows->next()) on_row(*rows);
  }

  std::int32_t insert_one(sql::PreparedStatement& stmt) {
    auto user = new_user();
    user.created_at = user.updated_at = now();
    auto stamp = testudo::format_datetime(user.created_at, false);  // MariaDB takes no offset
    stmt.setDateTime(1, stamp);
    stmt.setDateTime(2, stamp);
    stmt.setString(3, user.email);
    stmt.setString(4, user.username);
    stmt.setString(5, user.password_hash);
    stmt.setString(6, user.role);
    stmt.setBoolean(7, user.is_active);
    if (user.bio) stmt.setString(8, *user.bio);
    else stmt.setNull(8, 0);
    std::unique_ptr<sql::ResultSet> rows(stmt.executeQuery());
    rows->next();
    return rows->getInt(1);
  }

  // MariaDB >= 10.5 returns the key with the row, as the ORM asks it to (one round trip).
  static constexpr const char* returning_id = " RETURNING id";

  // Columns are 1-based here; the enums count from 0.
  static std::string text(const sql::ResultSet& r, int column) { return r.getString(static_cast<std::uint32_t>(column + 1)); }
  static std::int32_t integer(const sql::ResultSet& r, int column) { return r.getInt(static_cast<std::uint32_t>(column + 1)); }

  static User read_user(const sql::ResultSet& r) {
    User u;
    u.created_at = testudo::parse_datetime(text(r, c_created_at));
    u.updated_at = testudo::parse_datetime(text(r, c_updated_at));
    u.id = integer(r, c_id);
    u.email = text(r, c_email);
    u.username = text(r, c_username);
    u.password_hash = text(r, c_password_hash);
    u.role = text(r, c_role);
    u.is_active = r.getBoolean(c_is_active + 1);
    if (!r.isNull(c_bio + 1)) u.bio.emplace(text(r, c_bio));
    return u;
  }

  static Product read_product(const sql::ResultSet& r) {
    Product p;
    p.created_at = testudo::parse_datetime(text(r, p_created_at));
    p.updated_at = testudo::parse_datetime(text(r, p_updated_at));
    p.id = integer(r, p_id);
    p.name = text(r, p_name);
    p.description = text(r, p_description);
    p.price = testudo::decimal{text(r, p_price)};
    p.stock = integer(r, p_stock);
    p.is_available = r.getBoolean(p_is_available + 1);
    p.category_id = integer(r, p_category_id);
    return p;
  }

  static Order read_order(const sql::ResultSet& r) {
    Order o;
    o.created_at = testudo::parse_datetime(text(r, o_created_at));
    o.updated_at = testudo::parse_datetime(text(r, o_updated_at));
    o.id = integer(r, o_id);
    o.order_number = text(r, o_order_number);
    o.customer_id = integer(r, o_customer_id);
    o.status = text(r, o_status);
    o.total = testudo::decimal{text(r, o_total)};
    return o;
  }

  static OrderLine read_line(const sql::ResultSet& r) {
    return {integer(r, l_id), integer(r, l_order_id), integer(r, l_product_id), integer(r, l_quantity),
            testudo::decimal{text(r, l_unit_price)}};
  }

  std::unique_ptr<sql::Connection> conn_;
  std::map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
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

  void insert(State& state) {
    testudo::atomic_scope scope(db_);  // never committed: rolled back when the run ends
    measure(state, 1, [&] {
      auto user = new_user();
      testudo::create(user, db_);
      benchmark::DoNotOptimize(user.id);
    });
  }

  void create_2k(State& state) {
    measure(state, creates_per_transaction, [&] {
      testudo::atomic_scope scope(db_);  // rolled back, as the raw variants do
      for (int i = 0; i < creates_per_transaction; ++i) {
        auto user = new_user();
        testudo::create(user, db_);
        benchmark::DoNotOptimize(user.id);
      }
    });
  }

  void filter_scan(State& state) {
    measure(state, page_size, [&] {
      benchmark::DoNotOptimize(consume(testudo::objects<Product>(db_)
                                           .filter({q("price__gte", testudo::decimal{min_price}),
                                                    q("price__lte", testudo::decimal{max_price}), q("name__icontains", name_part)})
                                           .order_by({"price", "id"})
                                           .limit(page_size)
                                           .all()
                                           .items()));
    });
  }

  void icontains_count(State& state) {
    measure(state, row_count,
            [&] { benchmark::DoNotOptimize(testudo::objects<Product>(db_).filter(q("name__icontains", name_part)).count()); });
  }

  void prefetch(State& state) {
    measure(state, prefetch_orders, [&] {
      auto orders = testudo::objects<Order>(db_)
                        .order_by({"id"})
                        .limit(prefetch_orders)
                        .prefetch_related({"lines__product", "customer"})
                        .all();
      benchmark::DoNotOptimize(consume(orders));
    });
  }

  void all_lines(State& state) {
    measure(state, line_count, [&] { benchmark::DoNotOptimize(consume(testudo::objects<OrderLine>(db_).all().items())); });
  }

  void values_list_multi(State& state) {
    measure(state, line_count, [&] {
      benchmark::DoNotOptimize(
          testudo::objects<OrderLine>(db_).values_list({"id", "order_id", "product_id", "quantity", "unit_price"}));
    });
  }

  void values_tuples(State& state) {
    measure(state, line_count, [&] {
      benchmark::DoNotOptimize(testudo::objects<OrderLine>(db_).values_list(
          &OrderLine::id, &OrderLine::order_id, &OrderLine::product_id, &OrderLine::quantity, &OrderLine::unit_price));
    });
  }

  void aggregate(State& state) {
    measure(state, row_count, [&] {
      benchmark::DoNotOptimize(testudo::objects<Product>(db_).aggregate({{"count", testudo::count("id")},
                                                                          {"sum", testudo::sum("price")},
                                                                          {"avg", testudo::avg("price")},
                                                                          {"max", testudo::max("price")}}));
    });
  }

 private:
  testudo::database& db_;
  const std::vector<std::int32_t>& ids_;
};

// ---- setup and registration ----

// Products "Product 0" … "Product 9999", prices 0.10 … 99.99, in one category; returns their keys.
std::vector<std::int32_t> seed_products(testudo::database& db) {
  testudo::objects<storefront::Category>(db).remove();
  storefront::Category category;
  category.name = category.slug = "bench";
  testudo::create(category, db);
  std::vector<Product> products(row_count);
  for (int i = 0; i < row_count; ++i) {
    products[i].name = "Product " + std::to_string(i);
    products[i].category_id = category.id;
    products[i].price = testudo::decimal{std::to_string(i % 10000 / 100) + "." + std::to_string(10 + i % 90)};
  }
  testudo::atomic(db, [&] { testudo::bulk_create(products, {}, db); });
  return testudo::objects<Product>(db).order_by({"id"}).values_list(&Product::id);
}

// 5,000 orders of the users in turn, 10 lines each over the products.
void seed_orders(testudo::database& db, const std::vector<std::int32_t>& users, const std::vector<std::int32_t>& products) {
  std::vector<Order> orders(order_count);
  for (int i = 0; i < order_count; ++i) {
    orders[i].order_number = "ORD-" + std::to_string(i);
    orders[i].customer_id = users[static_cast<std::size_t>(i * 7) % users.size()];
    orders[i].total = testudo::decimal{std::to_string(10 + i % 90) + ".50"};
  }
  testudo::atomic(db, [&] { testudo::bulk_create(orders, {}, db); });
  auto order_ids = testudo::objects<Order>(db).order_by({"id"}).values_list(&Order::id);
  std::vector<OrderLine> lines(line_count);
  for (int i = 0; i < line_count; ++i) {
    lines[i].order_id = order_ids[static_cast<std::size_t>(i / lines_per_order)];
    lines[i].product_id = products[static_cast<std::size_t>(i * 13) % products.size()];
    lines[i].quantity = 1 + i % 5;
    lines[i].unit_price = testudo::decimal{std::to_string(1 + i % 50) + ".25"};
  }
  testudo::atomic(db, [&] { testudo::bulk_create(lines, {}, db); });
}

// Creates the tables, replaces every user, product and order by the seeded ones and returns
// the users' keys.
std::vector<std::int32_t> seed(testudo::database& db) {
  testudo::generate_schemas(db);
  testudo::objects<OrderLine>(db).remove();
  testudo::objects<Order>(db).remove();
  testudo::objects<Product>(db).remove();
  testudo::objects<User>(db).remove();
  auto products = seed_products(db);
  std::vector<User> users;
  for (int i = 0; i < row_count; ++i) users.push_back(make_user(i));
  testudo::atomic(db, [&] { testudo::bulk_create(users, {}, db); });
  auto ids = testudo::objects<User>(db).order_by({"id"}).values_list(&User::id);
  seed_orders(db, ids, products);
  return ids;
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
// runs and prints next to each other; a variant without the operation is left out.
template <class... Variant>
void register_backend(const std::string& backend, bool real_time, std::pair<const char*, Variant*>... variants) {
  auto add = [&](const char* operation, auto call) {
    auto one = [&](const char* name, auto* variant) {
      if constexpr (std::is_invocable_v<decltype(call), decltype(*variant), State&>) {
        auto* b = benchmark::RegisterBenchmark((backend + "/" + operation + "/" + name).c_str(),
                                               [variant, call](State& state) { call(*variant, state); });
        configure(b, real_time);
      }
    };
    (one(variants.first, variants.second), ...);
  };
#define TESTUDO_OPERATION(op) add(#op, [](auto& v, State& s) -> decltype(v.op(s)) { return v.op(s); })
  TESTUDO_OPERATION(select_all);
  TESTUDO_OPERATION(stream);
  TESTUDO_OPERATION(get_by_pk);
  TESTUDO_OPERATION(filter_page);
  TESTUDO_OPERATION(values_list);
  TESTUDO_OPERATION(insert);
  TESTUDO_OPERATION(create_2k);
  TESTUDO_OPERATION(filter_scan);
  TESTUDO_OPERATION(icontains_count);
  TESTUDO_OPERATION(prefetch);
  TESTUDO_OPERATION(all_lines);
  TESTUDO_OPERATION(values_list_multi);
  TESTUDO_OPERATION(values_tuples);
  TESTUDO_OPERATION(aggregate);
#undef TESTUDO_OPERATION
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

  std::optional<backend_under_test<raw_connector_cpp>> mysql;
  if (const char* url = std::getenv("TESTUDO_BENCH_MYSQL_URL")) {
    mysql.emplace(url, url);
    register_backend("mysql", true, std::pair{"raw_connector_cpp", &mysql->raw},
                     std::pair{"testudo_connection", &mysql->connection}, std::pair{"testudo_orm", &mysql->orm});
    register_decimals("mysql", true, &mysql->orm);
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
