// Foreign keys and table rebuilds on tables another tool created: the shop-fk case of
// migrations_fixtures/aerich/roundtrip/, made by Tortoise ORM 0.22.2 and Aerich 0.8.2 on each backend.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "support/backend.hpp"
#include "testudo/db/script.hpp"
#include "testudo/migrate/diff.hpp"
#include "testudo/migrate/runner.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {
namespace {

namespace fs = std::filesystem;

std::string script(const std::vector<std::string>& statements) {
  auto out = to_script(statements);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string read_fixture(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The SQL of upgrade() in an Aerich 0.8 migration file (these hold no Python escapes).
std::string aerich_upgrade_sql(const fs::path& py) {
  auto text = read_fixture(py);
  auto start = text.find("return \"\"\"");
  REQUIRE(start != std::string::npos);
  start += 10;
  return text.substr(start, text.find("\"\"\"", start) - start);
}

// The shop-fk case on this backend, as Tortoise and Aerich 0.8.2 left it after init-db and the
// seed rows: where the servers named the foreign keys themselves.
struct tortoise_shop {
  fs::path dir;
  snapshot_json v0;
};

tortoise_shop create_tortoise_shop(connection& conn) {
  const auto dir = fs::path(TESTUDO_FIXTURES) / "aerich" / "roundtrip" / "shop-fk";
  const auto step = dir / "0.8.2" / std::string(dialect_for(conn.kind()).name()) / "02_init_db";
  for (const auto& entry : fs::directory_iterator(step / "migrations" / "models"))
    for (const auto& s : split_sql(aerich_upgrade_sql(entry.path()), conn.kind())) conn.execute(s);
  for (const auto& s : split_sql(read_fixture(dir / "seed.sql"), conn.kind())) conn.execute(s);
  auto rows = snapshot_json::parse(read_fixture(step / "aerich_rows.json"));
  const auto& content = rows.at(0).at("content");
  auto v0 = content.is_string() ? snapshot_json::parse(content.get<std::string>()) : content;
  v0.erase("models.Aerich");
  return {dir, v0};
}

snapshot_json& fk_field(snapshot_json& snapshot, const std::string& model, const std::string& field) {
  for (auto& f : snapshot.at(model).at("fk_fields"))
    if (f.at("name") == field) return f;
  FAIL("no foreign key ", model, ".", field);
  throw std::logic_error("unreachable");
}

// shop-fk's v2: Category.parent (a self-reference; products point at categories) dropped.
snapshot_json without_category_parent(snapshot_json v) {
  auto& fks = v.at("models.Category").at("fk_fields");
  fks.erase(std::remove_if(fks.begin(), fks.end(), [](const snapshot_json& f) { return f.at("name") == "parent"; }), fks.end());
  auto& data = v.at("models.Category").at("data_fields");
  data.erase(std::remove_if(data.begin(), data.end(), [](const snapshot_json& f) { return f.at("name") == "parent_id"; }),
             data.end());
  return v;
}

void write_step(const std::string& dir, std::int64_t number, const snapshot_json& from, const snapshot_json& to,
                const dialect& d) {
  auto plan = diff_snapshots(from, to, d);
  migration m;
  m.number = number;
  m.timestamp = fmt::format("202401010000{:02}", number);
  m.name = fmt::format("step{}", number);
  m.up_sql = script(plan.up_statements());
  m.down_sql = script(plan.down_statements());
  m.state = to;
  write_migration(dir, m);
}

std::string on_delete_of(connection& conn, const std::string& table, const std::string& column) {
  auto t = introspect_table(conn, table);
  std::size_t keys = 0;
  std::string out;
  for (const auto& fk : t.foreign_keys)
    if (fk.columns == std::vector<std::string>{column}) ++keys, out = fk.on_delete;
  if (keys > 1) return "several keys";
  return out.empty() ? "no key" : out;
}

void run(connection& conn, const std::vector<std::string>& statements) {
  for (const auto& s : statements) conn.execute(s);
}

bool foreign_keys_on(connection& conn) {
  auto cursor = conn.query("PRAGMA foreign_keys");
  REQUIRE(cursor->next());
  return cursor->get_int64(0) == 1;
}

// The shop's seed rows are all there (products and order lines point at categories and products).
void check_shop_rows(connection& conn) {
  for (auto [table, rows] : {std::pair{"categories", 2}, {"products", 3}, {"order_lines", 2}, {"product_tags", 3}})
    CHECK_MESSAGE(count_rows(conn, table) == rows, table);
}

}  // namespace

// Issue #11 D6: Tortoise leaves foreign keys unnamed where PostgreSQL names them
// <table>_<column>_fkey (and MySQL names those of through tables <table>_ibfk_<n>); changing
// on_delete or dropping the field must find the key by its column, up and down.
TEST_CASE("foreign keys of tables Tortoise created: on_delete changed, field dropped, both reverted") {
  const auto& d = dialect_for(current_backend());
  auto conn = connect(fresh_database("scn_tortoise_fk"));
  auto shop = create_tortoise_shop(*conn);
  auto v1 = shop.v0;
  fk_field(v1, "models.OrderLine", "product")["on_delete"] = "CASCADE";
  for (auto& m2m : v1.at("models.Product").at("m2m_fields"))
    if (m2m.at("name") == "tags") m2m["on_delete"] = "RESTRICT";
  auto v2 = without_category_parent(v1);

  const auto dir = (fs::path(TESTUDO_TEST_SCRATCH) / fmt::format("tortoise_fk_{}", d.name()) / "models").string();
  fs::remove_all(fs::path(dir).parent_path());
  write_step(dir, 1, shop.v0, v1, d);
  write_step(dir, 2, v1, v2, d);
  const std::string restrict_action = "RESTRICT";
  REQUIRE(on_delete_of(*conn, "order_lines", "product_id") == restrict_action);

  REQUIRE(migrator(*conn, "models", dir).upgrade({}, 1).size() == 1);
  CHECK(on_delete_of(*conn, "order_lines", "product_id") == "CASCADE");
  CHECK(on_delete_of(*conn, "product_tags", "tag_id") == restrict_action);
  CHECK(on_delete_of(*conn, "product_tags", "products_id") == restrict_action);
  REQUIRE(migrator(*conn, "models", dir).upgrade({}).size() == 1);
  CHECK(introspect_table(*conn, "categories").column("parent_id") == nullptr);
  CHECK(on_delete_of(*conn, "order_lines", "product_id") == "CASCADE");

  REQUIRE(migrator(*conn, "models", dir).downgrade({}).size() == 1);
  CHECK(on_delete_of(*conn, "categories", "parent_id") == "SET NULL");
  REQUIRE(migrator(*conn, "models", dir).downgrade({}, 1).size() == 1);
  CHECK(on_delete_of(*conn, "order_lines", "product_id") == restrict_action);
  CHECK(on_delete_of(*conn, "product_tags", "tag_id") == "CASCADE");
  check_shop_rows(*conn);
}

// Issue #11 D9: SQLite rebuilds a table by dropping it; with foreign keys on, that deletes the rows
// pointing at it (CASCADE). Aerich runs a file with executescript (statement by statement, out of
// any transaction) on a connection Tortoise opened with them on, a user may run one by hand or in
// a transaction: the SQL must never rebuild a referenced table with them on. Outside a transaction
// it turns them off, and back on at its end (the connection carries on: Aerich's next file, the
// app); inside one (where that is ignored) it stops before changing anything.
TEST_CASE("an SQLite rebuild of a referenced table is safe when run the way Aerich or a user runs it") {
  if (current_backend() != backend::sqlite) return;  // only SQLite rebuilds tables
  const auto& d = dialect_for(backend::sqlite);
  for (bool in_transaction : {true, false}) {
    INFO(std::string(in_transaction ? "in a transaction with foreign keys on"
                                 : "statement by statement, foreign keys on at first"));
    auto conn = connect(fresh_database("scn_rebuild_fk_on"));
    auto shop = create_tortoise_shop(*conn);
    auto plan = diff_snapshots(shop.v0, without_category_parent(shop.v0), d);
    conn->execute("PRAGMA foreign_keys = ON");
    if (in_transaction) {
      conn->execute("BEGIN");
      std::string error;
      try {
        run(*conn, plan.up_statements());
      } catch (const std::exception& e) {
        error = e.what();
      }
      conn->execute("ROLLBACK");
      CHECK_MESSAGE(error.find("foreign_keys") != std::string::npos, error);
      CHECK(introspect_table(*conn, "categories").column("parent_id") != nullptr);
    } else {
      run(*conn, plan.up_statements());
      CHECK(introspect_table(*conn, "categories").column("parent_id") == nullptr);
      CHECK(foreign_keys_on(*conn));
      check_shop_rows(*conn);
      run(*conn, plan.down_statements());
      CHECK(introspect_table(*conn, "categories").column("parent_id") != nullptr);
    }
    CHECK(foreign_keys_on(*conn));
    check_shop_rows(*conn);
  }
}

// A guarded rebuild runs with foreign keys off, so nothing stops rows pointing at no row: the file
// refuses a database that has such rows before changing anything, and fails at its end if its own
// changes made some (testudo's runner then rolls back; executescript cannot), foreign keys back on.
TEST_CASE("an SQLite rebuild of a referenced table stops when rows point at no row, before or after it") {
  if (current_backend() != backend::sqlite) return;
  const auto& d = dialect_for(backend::sqlite);
  const std::string orphan = "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (9, 1, 99, 1, 1)";
  for (bool before : {true, false}) {
    INFO(std::string(before ? "the database has the broken row" : "the broken row appears during the migration"));
    auto conn = connect(fresh_database("scn_rebuild_fk_check"));
    auto shop = create_tortoise_shop(*conn);
    auto up = diff_snapshots(shop.v0, without_category_parent(shop.v0), d).up_statements();
    if (before) {  // written with foreign keys off (the sqlite3 shell's default)
      conn->execute("PRAGMA foreign_keys = OFF");
      conn->execute(orphan);
    }
    conn->execute("PRAGMA foreign_keys = ON");
    auto first_change = std::find_if(up.begin(), up.end(), [](const std::string& s) {
      return s.starts_with("CREATE TABLE \"_testudo_rebuild_");
    });
    REQUIRE(first_change != up.end());
    std::string error;
    try {
      run(*conn, std::vector<std::string>(up.begin(), first_change));
      if (!before) conn->execute(orphan);  // as if the rebuild had made it (foreign keys are off here)
      run(*conn, std::vector<std::string>(first_change, up.end()));
    } catch (const std::exception& e) {
      error = e.what();
    }
    CHECK_MESSAGE(error.find("point at no row") != std::string::npos, error);
    CHECK(foreign_keys_on(*conn));
    CHECK((introspect_table(*conn, "categories").column("parent_id") != nullptr) == before);
  }
}

}  // namespace testudo::test
