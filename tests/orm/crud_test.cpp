// ORM behaviour beyond the seed examples: select_related, streaming in constant memory, bulk
// conflicts, windows on update/delete/count, JSON lookups, several databases, threads.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "orm/fixture.hpp"
#include "support/heap.hpp"
#include "testudo/dialect/dialect.hpp"

using namespace testudo;
using namespace storefront;
using test::orm_fixture;

// A model with a JSON column (only these tests use it).
struct Doc {
  std::int32_t id{};
  std::string title;
  testudo::json data;
};
TESTUDO_MODEL(Doc, "docs",
  pk("id", &Doc::id),
  char_field("title", &Doc::title, 50),
  json_field("data", &Doc::data));

// Decimals wider than the 15 digits a double keeps (SQLite stores these as text).
struct Ledger {
  std::int32_t id{};
  std::string name;
  testudo::decimal amount;
  testudo::decimal widest;
};
TESTUDO_MODEL(Ledger, "ledgers",
  pk("id", &Ledger::id),
  char_field("name", &Ledger::name, 20),
  decimal_field("amount", &Ledger::amount, 20, 2),
  decimal_field("widest", &Ledger::widest, 38, 10));

namespace {

User user_named(const std::string& name) {
  User u;
  u.email = name + "@example.com";
  u.username = name;
  u.password_hash = "h";
  return testudo::create(std::move(u));
}

Category category_named(const std::string& name) {
  Category c;
  c.name = name;
  c.slug = name;
  return testudo::create(std::move(c));
}

Product product_in(const Category& c, const std::string& name, const char* price, std::int32_t stock = 0) {
  Product p;
  p.name = name;
  p.category_id = c.id;
  p.price = decimal{price};
  p.stock = stock;
  return testudo::create(std::move(p));
}

Tag tag_named(const std::string& name) {
  Tag t;
  t.name = name;
  return testudo::create(std::move(t));
}

// Sorted here: each database's collation orders "_" and letters its own way.
std::vector<std::string> tag_names(const queryset<Tag>& qs) {
  std::vector<std::string> out;
  for (const auto& t : qs.all()) out.push_back(t.name);
  std::sort(out.begin(), out.end());
  return out;
}


}  // namespace

TEST_CASE("select_related joins forward relations into the one query, nested too") {
  orm_fixture fx("crud_select_related");
  auto alice = user_named("alice");
  auto pen = product_in(category_named("pens"), "pen", "1.50");
  Order order;
  order.order_number = "ORD-1";
  order.customer_id = alice.id;
  testudo::create(order);
  for (int q = 1; q <= 3; ++q) {
    OrderLine line;
    line.order_id = order.id;
    line.product_id = pen.id;
    line.quantity = q;
    line.unit_price = decimal{"1.50"};
    testudo::create(line);
  }
  fx.take_count();
  auto lines = objects<OrderLine>().select_related({"order__customer", "product"}).order_by({"quantity"}).all();
  CHECK(fx.take_count() == 1);
  REQUIRE(lines.size() == 3);
  for (const auto& line : lines) {
    const Order* o = lines.one<Order>(line, "order");
    REQUIRE(o != nullptr);
    CHECK(o->order_number == "ORD-1");
    CHECK(lines.one<User>(*o, "customer")->email == "alice@example.com");
    CHECK(lines.one<Product>(line, "product")->price == decimal{"1.50"});
  }
  CHECK_THROWS_AS(lines.one<User>(lines[0], "product"), field_error);  // wrong type asked for
  CHECK_THROWS_AS(objects<Order>().select_related({"lines"}).all(), field_error);  // reverse: prefetch instead
  // A null foreign key selects no object.
  auto cats = objects<Category>().select_related({"parent"}).all();
  CHECK(cats.one<Category>(cats[0], "parent") == nullptr);
}

TEST_CASE("streaming: iterating a million rows keeps heap use flat") {
  orm_fixture fx("crud_stream");
  constexpr std::int64_t rows = 1'000'000;
  {
    database::lease conn(*fx.db);
    switch (test::current_backend()) {
      case backend::sqlite:
        conn->execute(fmt::format("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {}) "
                                  "INSERT INTO tags (name) SELECT 'tag-' || i FROM n", rows));
        break;
      case backend::postgres:
        conn->execute(fmt::format("INSERT INTO tags (name) SELECT 'tag-' || i FROM generate_series(1, {}) AS i", rows));
        break;
      case backend::mysql:
        conn->execute(fmt::format("INSERT INTO tags (name) SELECT CONCAT('tag-', seq) FROM seq_1_to_{}", rows));
        break;
    }
  }
  std::int64_t seen = 0, id_sum = 0;
  std::size_t baseline = 0, peak = 0;
  for (const Tag& t : objects<Tag>().order_by({"id"})) {
    ++seen;
    id_sum += t.id;
    if (seen == 10'000) baseline = testudo::test::heap_in_use();
    if (seen > 10'000 && seen % 10'000 == 0) peak = std::max(peak, testudo::test::heap_in_use());
  }
  CHECK(seen == rows);
  CHECK(id_sum == rows * (rows + 1) / 2);  // every row once, keys 1..N
  // Materialising the rows would take well over 40 MB; a stream holds one batch at most.
  CHECK(peak < baseline + 4 * 1024 * 1024);
  MESSAGE("heap at row 10k: " << baseline << " bytes; peak after: " << peak << " bytes");
}

TEST_CASE("bulk_create skips or updates rows that clash on a unique key") {
  orm_fixture fx("crud_bulk_conflict");
  tag_named("a");
  std::vector<Tag> more(3);
  more[0].name = "a";
  more[1].name = "b";
  more[2].name = "c";
  CHECK_THROWS_AS(bulk_create(more), integrity_error);
  CHECK(objects<Tag>().count() == 1);  // the failed batch left nothing behind
  for (auto& t : more) t.id = 0;
  bulk_create(more, {.ignore_conflicts = true});
  CHECK(tag_names(objects<Tag>()) == std::vector<std::string>{"a", "b", "c"});

  auto alice = user_named("alice");
  std::vector<User> users(2);
  users[0].email = "alice@example.com";
  users[0].username = "alice";
  users[0].password_hash = "new";
  users[1].email = "bob@example.com";
  users[1].username = "bob";
  users[1].password_hash = "new";
  bulk_create(users, {.update_fields = {"password_hash"}, .on_conflict = {"email"}});
  CHECK(objects<User>().count() == 2);
  CHECK(testudo::get<User>(q("id", alice.id)).password_hash == "new");
  // PostgreSQL and SQLite must be told which unique key means "update"; MySQL uses any of them.
  if (test::current_backend() == backend::mysql) {
    CHECK_NOTHROW(bulk_create(users, {.update_fields = {"password_hash"}}));
  } else {
    CHECK_THROWS_AS(bulk_create(users, {.update_fields = {"password_hash"}}), params_error);
  }
}

TEST_CASE("count and exists count the window of offset and limit") {
  orm_fixture fx("crud_window");
  for (int i = 1; i <= 6; ++i) tag_named(fmt::format("t{}", i));
  CHECK(objects<Tag>().offset(4).count() == 2);
  CHECK(objects<Tag>().limit(3).count() == 3);
  CHECK(objects<Tag>().order_by({"id"}).offset(2).limit(10).count() == 4);
  CHECK(objects<Tag>().offset(10).exists() == false);
  CHECK(objects<Tag>().offset(5).exists());
}

TEST_CASE("update with a window changes exactly the rows of the window") {
  orm_fixture fx("crud_window_update");
  auto c = category_named("c");
  for (int i = 1; i <= 6; ++i) product_in(c, fmt::format("p{}", i), "1.00", i);
  CHECK(objects<Product>().order_by({"-stock"}).limit(2).update({{"is_available", false}}) == 2);
  auto off = objects<Product>().filter(q("is_available", false)).order_by({"stock"}).values_list_flat("stock");
  CHECK(off == std::vector<value>{std::int64_t{5}, std::int64_t{6}});
  CHECK(objects<Product>().order_by({"stock"}).offset(1).limit(2).remove() == 2);
  CHECK(objects<Product>().order_by({"stock"}).values_list(&Product::stock) == std::vector<std::int32_t>{1, 4, 5, 6});
  // F across the row, and typed columns on relations.
  CHECK(objects<Product>().filter(col(&Product::stock) >= 5).update({{"stock", f("stock") * 10}}) == 2);
  CHECK(objects<Product>().filter(col(&Product::category_id, &Category::slug) == "c").count() == 4);
  CHECK(objects<Product>().filter(col(&Product::stock) > f(&Product::id)).count() == 2);
}

TEST_CASE("select_for_update needs a transaction and locks inside one") {
  orm_fixture fx("crud_for_update");
  tag_named("x");
  CHECK_THROWS_AS(objects<Tag>().select_for_update().all(), transaction_management_error);
  auto locked = atomic([] { return objects<Tag>().select_for_update().filter(q("name", "x")).all().size(); });
  CHECK(locked == 1);
}

TEST_CASE("querysets refuse what they cannot do right, with errors that say why") {
  orm_fixture fx("crud_refusals");
  tag_named("x");
  tag_named("y");
  CHECK_THROWS_AS(objects<Tag>().filter(q("nope", 1)).count(), field_error);
  CHECK_THROWS_AS(objects<Tag>().filter(q("name__bogus", 1)).count(), field_error);
  CHECK_THROWS_AS(objects<Tag>().filter(q("name__in", "x")).count(), params_error);
  CHECK_THROWS_AS(objects<Tag>().limit(-1), params_error);
  CHECK_THROWS_AS(objects<Tag>().get(), multiple_objects_returned);
  CHECK_THROWS_AS(objects<Tag>().get(q("name", "z")), does_not_exist);
  CHECK_THROWS_AS(objects<Order>().prefetch_related({"lines"}).begin(), unsupported_error);
  try {
    objects<Tag>().filter(q("nmae", "x")).count();
  } catch (const field_error& e) {
    CHECK(std::string(e.what()).find("its fields: id, name") != std::string::npos);
  }
  CHECK(objects<Tag>().sql().find(fx.db->sql_dialect().quote("tags")) != std::string::npos);
  CHECK_FALSE(objects<Tag>().filter(q("name", "x")).explain().empty());
}

TEST_CASE("JSON containment on PostgreSQL and MySQL, a clear refusal on SQLite") {
  orm_fixture fx("crud_json");
  Doc a{0, "a", json{R"({"tags": ["x", "y"], "n": 1})"}};
  Doc b{0, "b", json{R"({"tags": ["y"], "n": 2})"}};
  testudo::create(a);
  testudo::create(b);
  auto containing = objects<Doc>().filter(q("data__contains", json{R"({"tags": ["x"]})"}));
  if (test::current_backend() == backend::sqlite) {
    CHECK_THROWS_AS(containing.count(), unsupported_error);
    return;
  }
  CHECK(containing.values_list(&Doc::title) == std::vector<std::string>{"a"});
  CHECK(objects<Doc>().filter(q("data__contains", json{R"({"tags": ["y"]})"})).count() == 2);
  CHECK(objects<Doc>().filter(q("data__contained_by", json{R"({"tags": ["y"], "n": 2, "extra": true})"}))
            .values_list(&Doc::title) == std::vector<std::string>{"b"});
  auto back = testudo::get<Doc>(q("title", "a"));
  CHECK(back.data.text.find("\"tags\"") != std::string::npos);
}

TEST_CASE("several databases: using_db routes queries, the default stays untouched") {
  orm_fixture fx("crud_default");
  auto other = database::open(test::fresh_database("crud_other"));
  generate_schemas(*other);
  register_database("other", other);
  Tag t;
  t.name = "elsewhere";
  testudo::create(t, get_database("other"));
  CHECK(objects<Tag>(*other).count() == 1);
  CHECK(objects<Tag>().count() == 0);
  CHECK(testudo::get<Tag>(q("name", "elsewhere"), *other).id == t.id);
  CHECK_THROWS_AS(get_database("missing"), configuration_error);
}

// On SQLite the two writers take turns (a process's writers to a file queue for it).
TEST_CASE("atomic scopes are per thread: each thread's transaction is its own") {
  orm_fixture fx("crud_threads");
  auto worker = [](int n, bool commit) {
    try {
      atomic([&] {
        for (int i = 0; i < 5; ++i) tag_named(fmt::format("w{}-{}", n, i));
        if (!commit) throw std::runtime_error("roll back");
      });
    } catch (const std::runtime_error&) {
    }
  };
  std::thread a(worker, 1, true), b(worker, 2, false);
  a.join();
  b.join();
  CHECK(objects<Tag>().count() == 5);
  CHECK(objects<Tag>().filter(q("name__startswith", "w1-")).count() == 5);
}

TEST_CASE("decimals are validated against the field's digits before the database sees them") {
  orm_fixture fx("crud_decimals");
  Product p;
  p.name = "p";
  p.category_id = category_named("c").id;
  auto rule_of = [&](const char* text) -> std::string {
    p.id = 0;
    p.price = decimal{text};
    try {
      testudo::create(p);
      return "ok";
    } catch (const validation_error& e) {
      CHECK(e.field() == "Product.price");
      return e.rule();
    }
  };
  CHECK(rule_of("12345678.91") == "ok");  // DECIMAL(10,2): 8 digits before the point
  CHECK(rule_of("-0.5") == "ok");
  CHECK(rule_of("123456789.00") == "max_digits");
  CHECK(rule_of("1.005") == "decimal_places");
  CHECK(rule_of("1e+30") == "decimal");
  CHECK(rule_of("") == "decimal");
  CHECK(objects<Product>().count() == 2);
  CHECK(objects<Product>().order_by({"price"}).values_list(&Product::price) ==
        std::vector<decimal>{decimal{"-0.50"}, decimal{"12345678.91"}});
}

TEST_CASE("decimals: a double is rounded to the field's scale, half to even, as Tortoise does") {
  orm_fixture fx("crud_decimal_double");
  auto category = category_named("c").id;
  auto stored = [&](double price) {
    auto p = testudo::create<Product>({{"name", "p"}, {"category_id", category}, {"price", price}});
    return get<Product>(q("id", p.id)).price.text;
  };
  CHECK(stored(0.1 + 0.2) == "0.30");  // 0.30000000000000004
  CHECK(stored(0.125) == "0.12");      // an exact tie goes to the even digit
  CHECK(stored(0.375) == "0.38");
  CHECK(stored(-0.125) == "-0.12");
  CHECK(stored(2.675) == "2.67");      // the double is 2.67499999999999982236431605997495353221893310546875
  CHECK(stored(12345678.91) == "12345678.91");
  CHECK(stored(7) == "7.00");
  // max_digits is checked after rounding: 99999999.995 (a little above, as a double) becomes 100000000.00.
  auto rule_of = [&](const value& price) -> std::string {
    try {
      testudo::create<Product>({{"name", "p"}, {"category_id", category}, {"price", price}});
      return "ok";
    } catch (const validation_error& e) {
      return e.rule();
    }
  };
  CHECK(rule_of(99999999.994) == "ok");
  CHECK(rule_of(99999999.995) == "max_digits");
  CHECK(rule_of(decimal{"0.125"}) == "decimal_places");  // exact input with too many places stays an error
  CHECK(rule_of(std::string("0.125")) == "decimal_places");
  CHECK_THROWS_AS(rule_of(std::numeric_limits<double>::infinity()), params_error);
  // A queryset update rounds the same way.
  auto p = testudo::create<Product>({{"name", "u"}, {"category_id", category}, {"price", 1}});
  objects<Product>().filter(q("id", p.id)).update({{"price", 0.1 + 0.2}});
  CHECK(get<Product>(q("id", p.id)).price.text == "0.30");
  objects<Product>().filter(q("id", p.id)).update({{"price", 0.125}});
  CHECK(get<Product>(q("id", p.id)).price.text == "0.12");
}

TEST_CASE("decimals: aggregates of a decimal field are decimals at the field's scale") {
  orm_fixture fx("crud_decimal_aggregates");
  auto category = category_named("c").id;
  for (int i = 0; i < 30; ++i) product_in(Category{category}, fmt::format("p{}", i), "0.10");
  auto totals = objects<Product>().aggregate({{"avg", avg("price")}, {"sum", sum("price")}, {"min", min("price")}, {"max", max("price")}});
  CHECK(totals.get<decimal>("avg").text == "0.10");  // not 0.10000000000000005
  CHECK(totals.get<decimal>("sum").text == "3.00");
  CHECK(totals.get<decimal>("min").text == "0.10");
  CHECK(totals.get<decimal>("max").text == "0.10");
  CHECK(totals.get<double>("avg") == 0.1);  // still readable as a double
  // The mean of 0.10 and 0.11 is 0.105: a tie, rounded to the even 0.10 as Tortoise's quantize does.
  objects<Product>().filter(q("name", "p0")).update({{"price", decimal{"0.11"}}});
  auto pair = objects<Product>().filter(q("name__in", std::vector<value>{std::string("p0"), std::string("p1")}));
  CHECK(pair.aggregate({{"avg", avg("price")}}).get<decimal>("avg").text == "0.10");
  auto by_category = objects<Product>().annotate({{"mean", avg("price")}}).group_by({"category_id"}).values({"category_id", "mean"});
  REQUIRE(by_category.size() == 1);
  CHECK(by_category[0].get<decimal>("mean").text == "0.10");
}

// Tortoise (and testudo writing an Aerich project's migrations) stores SQLite decimals of any
// width as text in VARCHAR(40): compared as text, "19.90" >= "100" and "9.50" sorts last.
TEST_CASE("decimals in tables Tortoise created compare, sort and add up as numbers") {
  orm_fixture fx("crud_decimal_tortoise", column_types::tortoise);
  auto category = category_named("c");
  for (auto [name, price] : {std::pair{"a", "19.90"}, {"b", "100.00"}, {"c", "5.00"}, {"d", "9.50"}})
    product_in(category, name, price);
  auto names = [](const q& condition, std::vector<std::string> order = {"name"}) {
    std::string out;
    for (const auto& p : objects<Product>().filter(condition).order_by(order).all()) out += p.name;
    return out;
  };
  CHECK(names(q("price__gte", decimal{"10"})) == "ab");
  CHECK(names(q("price__lt", 100)) == "acd");
  CHECK(names(q("price", decimal{"9.5"})) == "d");
  CHECK(names(q("id__gt", 0), {"price"}) == "cdab");
  CHECK(names(q("id__gt", 0), {"-price"}) == "badc");
  auto totals = objects<Product>().aggregate({{"sum", sum("price")}, {"avg", avg("price")}, {"min", min("price")},
                                              {"max", max("price")}});
  CHECK(totals.get<decimal>("sum").text == "134.40");
  CHECK(totals.get<decimal>("avg").text == "33.60");
  CHECK(totals.get<decimal>("min").text == "5.00");
  CHECK(totals.get<decimal>("max").text == "100.00");
  objects<Product>().filter(q("name", "a")).update({{"price", f("price") + decimal{"0.15"}}});
  CHECK(get<Product>(q("name", "a")).price.text == "20.05");
  CHECK(names(q("price__gt", decimal{"20.04"})) == "ab");
}

// A long-lived program must notice when a migration changes how a decimal column stores values.
TEST_CASE("decimals: a column that becomes text under a running program still compares as numbers") {
  if (test::current_backend() != backend::sqlite) return;  // only SQLite stores decimals either way
  orm_fixture fx("crud_decimal_storage_changes");
  auto category = category_named("c");
  for (auto [name, price] : {std::pair{"a", "19.90"}, {"b", "100.00"}, {"c", "5.00"}, {"d", "9.50"}})
    product_in(category, name, price);
  auto names = [] {
    std::string out;
    for (const auto& p : objects<Product>().filter(q("price__gte", decimal{"10"})).order_by({"price"}).all()) out += p.name;
    return out;
  };
  CHECK(names() == "ab");  // numeric column
  {
    auto conn = connect(fx.url);  // another program's connection: the ORM's own is not told
    for (const char* sql : {"ALTER TABLE \"products\" RENAME COLUMN \"price\" TO \"price_before\"",
                            "ALTER TABLE \"products\" ADD COLUMN \"price\" VARCHAR(40) NOT NULL DEFAULT ''",
                            "UPDATE \"products\" SET \"price\" = printf('%.2f', \"price_before\")",
                            "ALTER TABLE \"products\" DROP COLUMN \"price_before\""})
      conn->execute(sql);
  }
  CHECK(names() == "ab");  // text column: "19.90" >= "10" but "100.00" < "19.90" as text
}

TEST_CASE("decimals: every digit up to max_digits 38 is kept, and wide decimals compare as numbers") {
  orm_fixture fx("crud_decimal_wide");
  auto add = [](const char* name, const char* amount, const char* widest) {
    testudo::create(Ledger{0, name, decimal{amount}, decimal{widest}});
  };
  add("a", "123456789012345678.91", "1234567890123456789012345678.0123456789");
  add("b", "123456789012345678.92", "9999999999999999999999999999.9999999999");
  add("c", "-123456789012345678.91", "-0.0000000001");
  add("d", "99.50", "100");
  auto one = [](const char* name) { return get<Ledger>(q("name", name)); };
  CHECK(one("a").amount.text == "123456789012345678.91");
  CHECK(one("b").amount.text == "123456789012345678.92");
  CHECK(one("a").widest.text == "1234567890123456789012345678.0123456789");
  CHECK(one("b").widest.text == "9999999999999999999999999999.9999999999");
  CHECK(one("c").widest.text == "-0.0000000001");
  CHECK(one("d").widest.text == "100.0000000000");
  auto names = [](const q& condition, std::vector<std::string> order = {"name"}) {
    std::string out;
    for (const auto& l : objects<Ledger>().filter(condition).order_by(order).all()) out += l.name;
    return out;
  };
  CHECK(names(q("amount", decimal{"123456789012345678.91"})) == "a");  // the neighbours do not match
  CHECK(names(q("amount", decimal{"123456789012345678.9"})) == "");
  CHECK(names(q("amount__gt", decimal{"123456789012345678.91"})) == "b");
  CHECK(names(q("amount__lt", decimal{"100"})) == "cd");  // as numbers: 99.50 < 100
  CHECK(names(q("amount__gte", 100)) == "ab");
  CHECK(names(q("amount__in", std::vector<value>{decimal{"99.5"}, decimal{"123456789012345678.92"}})) == "bd");
  CHECK(names(q("widest__lt", decimal{"0"})) == "c");
  CHECK(names(q("widest__gt", decimal{"9999999999999999999999999999.9999999998"})) == "b");
  CHECK(names(q("id__gt", 0), {"amount"}) == "cdab");
  CHECK(names(q("id__gt", 0), {"-widest"}) == "badc");
  auto totals = objects<Ledger>().aggregate({{"sum", sum("amount")}, {"avg", avg("amount")}, {"min", min("amount")},
                                             {"max", max("widest")}});
  CHECK(totals.get<decimal>("sum").text == "123456789012345778.42");
  CHECK(totals.get<decimal>("avg").text == "30864197253086444.60");  // 30864197253086444.605: half to even
  CHECK(totals.get<decimal>("min").text == "-123456789012345678.91");
  CHECK(totals.get<decimal>("max").text == "9999999999999999999999999999.9999999999");
  objects<Ledger>().filter(q("name", "a")).update({{"amount", f("amount") + decimal{"0.02"}}});
  CHECK(one("a").amount.text == "123456789012345678.93");
  objects<Ledger>().filter(q("name", "d")).update({{"widest", f("widest") * 3 - decimal{"0.0000000001"}}});
  CHECK(one("d").widest.text == "299.9999999999");
}

TEST_CASE("decimals: exact arithmetic, comparison and conversions on values read back") {
  orm_fixture fx("crud_decimal_arithmetic");
  auto category = category_named("c").id;
  product_in(Category{category}, "a", "19.99");
  product_in(Category{category}, "b", "0.01");
  auto price = [](const char* name) { return get<Product>(q("name", name)).price; };
  CHECK(price("a") == decimal{"19.99"});
  CHECK(price("b") == decimal{"0.010"});  // equal as numbers, whatever the scale
  CHECK(price("a") > price("b"));
  CHECK((price("a") + price("b")).text == "20.00");
  CHECK((price("a") - price("b") * decimal{3}).text == "19.96");
  CHECK((price("b") - price("a")).text == "-19.98");
  CHECK(static_cast<double>(price("a")) == 19.99);
  CHECK(price("a").to_double() == 19.99);
  CHECK((price("a") * decimal{"0.5"}).to_string(2) == "10.00");  // 9.995
  CHECK((price("b") * decimal{"0.5"}).to_string(2) == "0.00");   // 0.005: half to even
  CHECK_THROWS_AS(decimal{"99999999999999999999999999999999999999"} + price("b") * decimal{100}, params_error);
  CHECK(decimal{7}.to_string(2) == "7.00");
  CHECK(decimal{-3}.text == "-3");
}

TEST_CASE("JSON key paths compare as text, or as numbers against a number") {
  orm_fixture fx("crud_json_path");
  testudo::create(Doc{0, "a", json{R"({"owner": {"name": "Ann", "age": 9}, "tags": ["x", "y"]})"}});
  testudo::create(Doc{0, "b", json{R"({"owner": {"name": "Bob", "age": 30}, "tags": ["y"]})"}});
  testudo::create(Doc{0, "c", json{R"({"other": true})"}});
  auto titles = [](const q& condition) { return objects<Doc>().filter(condition).order_by({"title"}).values_list(&Doc::title); };
  using names = std::vector<std::string>;
  CHECK(titles(q("data__owner__name", "Bob")) == names{"b"});
  CHECK(titles(q("data__owner__name__istartswith", "a")) == names{"a"});
  CHECK(titles(q("data__owner__age__gt", 10)) == names{"b"});  // 30 > 10 as numbers ("30" < "9" as text)
  CHECK(titles(q("data__owner__age__lt", 10)) == names{"a"});
  CHECK(titles(q("data__tags__0", "x")) == names{"a"});
  CHECK(titles(q("data__owner__isnull", true)) == names{"c"});
  CHECK(titles(q("data__owner__name__in", std::vector<value>{std::string("Ann"), std::string("Zed")})) == names{"a"});
}

TEST_CASE("a query shape compiled once serves other values, SQL that depends on values is rebuilt") {
  orm_fixture fx("crud_plans");
  for (const char* name : {"a", "b", "50%", "a_b", "axb"}) tag_named(name);
  fx.take_count();
  for (const char* name : {"b", "a", "50%", "a_b"}) CHECK(testudo::get<Tag>(q("name", name)).name == name);
  auto shapes = std::set<std::string>(fx.statements.begin(), fx.statements.end());
  CHECK(shapes.size() == 1);  // one statement text for the four lookups
  auto names = [](const q& condition) { return objects<Tag>().filter(condition).order_by({"name"}).values_list(&Tag::name); };
  using list = std::vector<std::string>;
  for (int round = 0; round < 2; ++round) {  // patterns are escaped per value, also when the shape repeats
    CHECK(tag_names(objects<Tag>().filter(q("name__contains", "%"))) == list{"50%"});
    CHECK(tag_names(objects<Tag>().filter(q("name__contains", "_"))) == list{"a_b"});
    CHECK(tag_names(objects<Tag>().filter(q("name__startswith", "a"))) == list{"a", "a_b", "axb"});
    CHECK(tag_names(objects<Tag>().filter(q("name__iexact", "A"))) == list{"a"});  // the escaped form equals the text
    CHECK(tag_names(objects<Tag>().filter(q("name__iexact", "A_B"))) == list{"a_b"});  // ... and here it does not
  }
  auto root = category_named("root");
  Category child;
  child.name = "child";
  child.slug = "child";
  child.parent_id = root.id;
  testudo::create(child);
  for (int round = 0; round < 2; ++round) {  // NULL and a key alternate on one shape
    CHECK(objects<Category>().filter(q("parent", value{null})).values_list(&Category::name) == list{"root"});
    CHECK(objects<Category>().filter(q("parent", root.id)).values_list(&Category::name) == list{"child"});
    CHECK(objects<Category>().filter(q("parent", root.id)).all().size() == 1);
    CHECK(objects<Category>().filter(q("parent", value{null})).all()[0].name == "root");
  }
  CHECK(names(q("name__in", std::vector<value>{std::string("a"), std::string("b")})) == list{"a", "b"});
  CHECK(names(q("name__in", std::vector<value>{std::string("b")})) == list{"b"});
}

TEST_CASE("update, remove and bulk_update count the rows matched, also rows that already held the values") {
  orm_fixture fx("crud_matched");
  auto gone1 = user_named("gone1");
  auto gone2 = user_named("gone2");
  user_named("here");
  CHECK(objects<User>().filter(q("username__startswith", "gone")).update({{"is_active", false}}) == 2);
  CHECK(objects<User>().filter(q("id", gone1.id)).update({{"role", "archived"}}) == 1);
  // gone1 is archived already: both inactive rows match, one of them changes.
  CHECK(objects<User>().filter(q("is_active", false)).update({{"role", "archived"}}) == 2);
  CHECK(objects<User>().filter(q("is_active", false)).update({{"role", "archived"}}) == 2);  // nothing changes
  CHECK(objects<User>().filter(q("is_active", false)).order_by({"id"}).limit(1).update({{"role", "archived"}}) == 1);
  auto users = objects<User>().order_by({"id"}).all().items();
  CHECK(bulk_update(users, {"role"}) == 3);  // every row written back as it is
  // save() of an unchanged object updates its row (no second row, no error).
  gone2 = testudo::get<User>(q("id", gone2.id));
  fx.take_count();
  testudo::save(gone2, {.update_fields = {"role"}});
  CHECK(fx.take_count() == 1);  // the UPDATE alone says the row is there
  testudo::save(gone2, {.update_fields = {"role"}, .force_update = true});
  CHECK(objects<User>().count() == 3);
  User missing = gone2;  // a key no row has: save() inserts it
  missing.id = gone2.id + 100;
  missing.email = "missing@example.com";
  missing.username = "missing";
  testudo::save(missing);
  CHECK(objects<User>().count() == 4);
  CHECK(objects<User>().filter(q("id", missing.id)).remove() == 1);
  CHECK(objects<User>().filter(q("role", "archived")).remove() == 2);
  CHECK(objects<User>().filter(q("role", "archived")).remove() == 0);
}

TEST_CASE("prefetch_related loads a relation again where a path reaches it a second time") {
  orm_fixture fx("crud_prefetch_twice");
  auto sub = [](const Category& parent, const std::string& name) {
    Category c;
    c.name = name;
    c.slug = name;
    c.parent_id = parent.id;
    return testudo::create(std::move(c));
  };
  auto root = category_named("root");
  auto child = sub(root, "child");
  auto grandchild = sub(child, "grandchild");
  auto roots = objects<Category>().filter(q("parent__isnull", true)).prefetch_related({"children__children"}).all();
  REQUIRE(roots.size() == 1);
  auto children = roots.many<Category>(roots[0], "children");
  REQUIRE(children.size() == 1);
  CHECK(children[0].id == child.id);
  auto grandchildren = roots.many<Category>(children[0], "children");
  REQUIRE(grandchildren.size() == 1);
  CHECK(grandchildren[0].id == grandchild.id);

  // The same relation at the first and the third level, in either order of the paths.
  auto alice = user_named("alice");
  auto bob = user_named("bob");
  auto pen = product_in(category_named("pens"), "pen", "1.50");
  std::map<std::int32_t, std::vector<std::int32_t>> quantities;  // order id → its lines' quantities
  auto order_of = [&](const User& customer, const std::string& number, const std::string& status,
                      std::vector<std::int32_t> lines) {
    Order o;
    o.order_number = number;
    o.customer_id = customer.id;
    o.status = status;
    testudo::create(o);
    for (auto n : lines) {
      OrderLine line;
      line.order_id = o.id;
      line.product_id = pen.id;
      line.quantity = n;
      testudo::create(line);
    }
    quantities[o.id] = lines;
  };
  order_of(alice, "A-1", "pending", {1});
  order_of(alice, "A-2", "shipped", {2, 3});  // reached only through the customer
  order_of(bob, "B-1", "pending", {4});
  order_of(bob, "B-2", "shipped", {});
  for (const auto& paths : {std::vector<std::string>{"lines", "customer__orders__lines"},
                            std::vector<std::string>{"customer__orders__lines", "lines"}}) {
    CAPTURE(paths.front());
    fx.take_count();
    auto orders = objects<Order>().filter(q("status", "pending")).order_by({"id"}).prefetch_related(paths).all();
    CHECK(fx.take_count() <= 5);  // one query per level at most, none for relations already loaded
    REQUIRE(orders.size() == 2);
    auto quantities_of = [&](const Order& o) {
      std::vector<std::int32_t> out;
      for (const OrderLine& line : orders.many<OrderLine>(o, "lines")) out.push_back(line.quantity);
      std::sort(out.begin(), out.end());
      return out;
    };
    std::size_t reached = 0;
    for (const Order& o : orders) {
      CHECK(quantities_of(o) == quantities[o.id]);
      const User* customer = orders.one<User>(o, "customer");
      REQUIRE(customer != nullptr);
      for (const Order& other : orders.many<Order>(*customer, "orders")) {
        CHECK(quantities_of(other) == quantities[other.id]);
        ++reached;
      }
    }
    CHECK(reached == 4);
  }
}

TEST_CASE("prefetch_related sends one statement per relation, or one per power of two of keys where key lists are padded") {
  orm_fixture fx("crud_prefetch_one_text");
  auto alice = user_named("alice");
  auto pen = product_in(category_named("pens"), "pen", "1.50");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 9; ++i) {
    Order o;
    o.order_number = "N-" + std::to_string(i);
    o.customer_id = alice.id;
    testudo::create(o);
    ids.push_back(o.id);
    OrderLine line;
    line.order_id = o.id;
    line.product_id = pen.id;
    line.quantity = i + 1;
    testudo::create(line);
  }
  fx.take_count();
  // 1..9 keys: where lists are padded (MySQL), 8 keys first, so that 5, 6 and 7 replay its cached
  // plan padded; then statements of 1, 2 and 4 parameters (3 keys replays 4's) and of 16.
  for (std::size_t n : {8, 5, 6, 7, 1, 2, 4, 3, 9}) {
    std::vector<value> wanted(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n));
    auto orders = objects<Order>().filter(q("id__in", wanted)).order_by({"id"}).prefetch_related({"lines"}).all();
    REQUIRE(orders.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
      auto lines = orders.many<OrderLine>(orders[i], "lines");
      REQUIRE(lines.size() == 1);
      CHECK(lines[0].quantity == int(i) + 1);
    }
  }
  std::set<std::string> lines_statements;
  for (const auto& sql : fx.statements)
    if (sql.find("order_lines") != std::string::npos) lines_statements.insert(sql);
  // MariaDB reads a bound list through a temporary table (docs/performance.md): it gets padded ones.
  CHECK(lines_statements.size() == (test::current_backend() == backend::mysql ? 5u : 1u));
}

namespace {
// `n` tags named "tag-0000".."tag-<n-1>" in one statement.
void many_tags(int n) {
  std::vector<Tag> tags(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) tags[static_cast<std::size_t>(i)].name = fmt::format("tag-{:04}", i);
  bulk_create(tags);
}
}  // namespace

TEST_CASE("iteration leaves the connection free between rows: queries in the loop, inside atomic() too") {
  orm_fixture fx("crud_iter_atomic");
  auto alice = user_named("alice");
  auto bob = user_named("bob");
  auto pen = product_in(category_named("pens"), "pen", "1.50");
  for (int i = 0; i < 2; ++i) {
    Order o;
    o.order_number = fmt::format("B-{}", i);
    o.customer_id = bob.id;
    testudo::create(o);
  }
  (void)pen;
  using counts = std::vector<std::pair<std::string, std::int64_t>>;
  auto order_counts = [] {
    counts out;
    for (const User& u : objects<User>()) out.emplace_back(u.username, related<Order>(u, "orders").count());
    return out;
  };
  CHECK(order_counts() == counts{{"alice", 0}, {"bob", 2}});
  CHECK(atomic([&] { return order_counts(); }) == counts{{"alice", 0}, {"bob", 2}});
  // Writes in the loop, inside a transaction, over more rows than one chunk.
  many_tags(2500);
  std::int64_t seen = 0;
  atomic([&] {
    for (Tag t : objects<Tag>().order_by({"-name"})) {
      ++seen;
      t.name += "-seen";
      testudo::save(t);
    }
  });
  CHECK(seen == 2500);
  CHECK(objects<Tag>().filter(q("name__endswith", "-seen")).count() == 2500);
}

TEST_CASE("iteration on a pool of one connection runs queries in the loop") {
  orm_fixture fx("crud_iter_pool");
  auto one = database::open(test::fresh_database("crud_iter_pool_one", "maxsize=1"));
  generate_schemas(*one);
  Tag t;
  t.name = "a";
  testudo::create(t, *one);
  t.id = 0;
  t.name = "b";
  testudo::create(t, *one);
  std::vector<std::int64_t> counts;
  for (const Tag& tag : objects<Tag>(*one)) counts.push_back(objects<Tag>(*one).filter(q("id__lte", tag.id)).count());
  CHECK(counts == std::vector<std::int64_t>{1, 2});
}

// MySQL streams a loop (dialect::streams_loops) until a statement needs its connection: that cuts
// the stream and the loop goes on in chunks after its last row. Elsewhere loops read in chunks.
TEST_CASE("a loop whose connection runs a statement in its body goes on after its last row: every row once, in order") {
  orm_fixture fx("crud_iter_cut");
  many_tags(2500);
  auto tags = objects<Tag>();
  for (const auto& qs : {tags, tags.order_by({"-name"}), tags.order_by({"name"}).offset(10).limit(1500)}) {
    auto expected = qs.values_list(&Tag::id);
    for (std::size_t at : {std::size_t{0}, std::size_t{998}, std::size_t{999}, std::size_t{1000}, expected.size() - 1}) {
      CAPTURE(at);
      std::vector<std::int32_t> got;
      atomic([&] {
        for (const Tag& t : qs) {
          if (got.size() == at) CHECK(objects<Tag>().count() == 2500);  // on the loop's connection
          got.push_back(t.id);
        }
      });
      CHECK(got == expected);
    }
  }
  // A savepoint, a raw statement, and a loop inside the loop cut it as well.
  auto expected = tags.order_by({"id"}).values_list(&Tag::id);
  std::vector<std::int32_t> got;
  std::int64_t inner = 0;
  atomic([&](connection& conn) {
    for (Tag t : tags) {
      got.push_back(t.id);
      if (got.size() == 10) atomic([&] { t.name += "-saved"; testudo::save(t); });
      if (got.size() == 1200) conn.execute("UPDATE tags SET name = name WHERE id < 0");
      if (got.size() == 2100)
        for (const Tag& u : tags.limit(1500)) inner += u.id > 0;
    }
  });
  CHECK(got == expected);
  CHECK(inner == 1500);
  CHECK(objects<Tag>().filter(q("name__endswith", "-saved")).count() == 1);
}

TEST_CASE("a long loop reads every row once across windows, and one left early frees its connection") {
  orm_fixture fx("crud_iter_windows");
  many_tags(20500);  // MySQL streams windows of 10,000 rows, then 20,000
  auto tags = objects<Tag>();
  auto iterated = [](const queryset<Tag>& qs, std::size_t cut_at = 0) {
    std::vector<std::int32_t> out;
    for (const Tag& t : qs) {
      if (cut_at && out.size() == cut_at) CHECK(objects<Tag>().count() == 20500);
      out.push_back(t.id);
    }
    return out;
  };
  for (const auto& qs : {tags, tags.order_by({"-name"}).limit(10000), tags.order_by({"-name"}).limit(10001),
                         tags.order_by({"name"}).offset(5).limit(20000), tags.order_by({"name"}).offset(20000)}) {
    auto expected = qs.values_list(&Tag::id);
    CHECK(iterated(qs) == expected);
    CHECK(atomic([&] { return iterated(qs, 15000); }) == expected);
  }
  // Left at its first row: the rest of the window is dropped, the connection serves the next statement.
  auto one = database::open(test::fresh_database("crud_iter_windows_one", "maxsize=1"));
  generate_schemas(*one);
  std::vector<Tag> seeded(12000);
  for (std::size_t i = 0; i < seeded.size(); ++i) seeded[i].name = fmt::format("tag-{:05}", i);
  bulk_create(seeded, {}, *one);
  for (int round = 0; round < 3; ++round) {
    std::int32_t first = 0;
    for (const Tag& t : objects<Tag>(*one)) {
      first = t.id;
      break;
    }
    CHECK(first == seeded.front().id);
    CHECK(objects<Tag>(*one).count() == 12000);
  }
  CHECK(one->connections().size() == 1);
}

TEST_CASE("a loop on a pool of one connection lends it to the statements of its body") {
  orm_fixture fx("crud_iter_lend");
  auto one = database::open(test::fresh_database("crud_iter_lend_one", "maxsize=1"));
  generate_schemas(*one);
  std::vector<Tag> seeded(2500);
  for (std::size_t i = 0; i < seeded.size(); ++i) seeded[i].name = fmt::format("tag-{:04}", i);
  bulk_create(seeded, {}, *one);
  auto tags = objects<Tag>(*one).order_by({"-name"});
  auto expected = tags.values_list(&Tag::id);
  for (std::size_t at : {std::size_t{0}, std::size_t{999}, std::size_t{1000}, std::size_t{2400}}) {
    CAPTURE(at);
    std::vector<std::int32_t> got;
    std::int64_t counted = -1;
    for (const Tag& t : tags) {
      got.push_back(t.id);
      if (got.size() == at + 1) counted = objects<Tag>(*one).filter(q("name__gte", t.name)).count();
    }
    CHECK(got == expected);
    CHECK(counted == static_cast<std::int64_t>(at) + 1);
    CHECK(one->connections().size() == 1);
  }
}

TEST_CASE("a loop ordered through a relation and cut in its body goes on at the right offset") {
  orm_fixture fx("crud_iter_cut_offset");
  std::vector<Category> parents(10);
  for (std::size_t i = 0; i < parents.size(); ++i) parents[i] = category_named(fmt::format("parent-{}", 9 - i));
  std::vector<Category> cats(2000);
  for (std::size_t i = 0; i < cats.size(); ++i) {
    cats[i].name = cats[i].slug = fmt::format("c{:04}", i);
    cats[i].parent_id = parents[i % 10].id;
  }
  bulk_create(cats);
  auto categories = objects<Category>().order_by({"-parent__name"});
  auto expected = objects<Category>().order_by({"-parent__name", "id"}).values_list(&Category::id);
  for (std::size_t at : {std::size_t{500}, std::size_t{999}, std::size_t{1000}}) {
    CAPTURE(at);
    std::vector<std::int32_t> got;
    atomic([&] {
      for (const Category& c : categories) {
        if (got.size() == at) CHECK(objects<Category>().count() == 2010);
        got.push_back(c.id);
      }
    });
    CHECK(got == expected);
  }
}

TEST_CASE("iteration reads in chunks: every row once, in the order asked, limit and offset honoured") {
  orm_fixture fx("crud_iter_chunks");
  many_tags(2500);
  auto iterated = [](const queryset<Tag>& qs) {
    std::vector<std::int32_t> out;
    for (const Tag& t : qs) out.push_back(t.id);
    return out;
  };
  auto tags = objects<Tag>();
  using ids = std::vector<std::int32_t>;
  CHECK(iterated(tags) == tags.order_by({"id"}).values_list(&Tag::id));  // no order asked: the key's
  CHECK(iterated(tags.order_by({"-name"})) == tags.order_by({"-name"}).values_list(&Tag::id));
  CHECK(iterated(tags.order_by({"name"}).offset(10).limit(1500)) ==
        tags.order_by({"name"}).offset(10).limit(1500).values_list(&Tag::id));
  CHECK(iterated(tags.filter(q("name__gte", "tag-1000")).order_by({"-id"}).limit(1200)).size() == 1200);
  CHECK(iterated(tags.order_by({"-id"}).offset(2400)) == tags.order_by({"-id"}).offset(2400).values_list(&Tag::id));
  CHECK(iterated(tags.limit(0)) == ids{});
}

TEST_CASE("iteration hands out each row's own values when a later chunk reuses the objects") {
  orm_fixture fx("crud_iter_reuse");
  std::vector<User> users(2100);
  for (std::size_t i = 0; i < users.size(); ++i) {
    auto& u = users[i];
    // Long and short strings and present/absent values alternate so that no value of an earlier
    // chunk's object can pass for a later row's.
    u.username = i % 2 ? fmt::format("u{}", i) : fmt::format("user-with-a-long-name-{:060}", i);
    u.email = u.username + "@example.com";
    u.password_hash = "h";
    u.is_active = i % 3 != 0;
    if (i % 2 == 0) u.bio = fmt::format("bio {}", i);
  }
  bulk_create(users);
  auto expected = objects<User>().order_by({"id"}).all();
  std::size_t i = 0, mismatches = 0;
  for (const User& u : objects<User>()) {
    if (i++ >= expected.size()) continue;
    const User& e = expected[i - 1];
    if (u.id != e.id || u.username != e.username || u.email != e.email || u.bio != e.bio ||
        u.is_active != e.is_active || u.created_at != e.created_at)
      ++mismatches;
  }
  CHECK(i == expected.size());
  CHECK(mismatches == 0);
}

TEST_CASE("iteration ordered by a nullable key or through a relation returns every row once, in that order") {
  orm_fixture fx("crud_iter_nulls");
  std::vector<Category> parents(10);
  for (std::size_t i = 0; i < parents.size(); ++i) parents[i] = category_named(fmt::format("parent-{}", 9 - i));
  std::vector<Category> cats(1500);
  for (std::size_t i = 0; i < cats.size(); ++i) {
    cats[i].name = cats[i].slug = fmt::format("c{:04}", i);
    if (i % 11 != 10) cats[i].parent_id = parents[i % 11].id;  // every 11th has no parent
  }
  bulk_create(cats);
  auto iterated = [](const queryset<Category>& qs) {
    std::vector<std::int32_t> out;
    for (const Category& c : qs) out.push_back(c.id);
    return out;
  };
  auto categories = objects<Category>();
  for (const char* order : {"parent", "-parent", "parent__name", "-parent__name"}) {
    CAPTURE(order);
    auto got = iterated(categories.order_by({order}));
    CHECK(got.size() == 1510);
    CHECK(got == categories.order_by({order, "id"}).values_list(&Category::id));
  }
}
