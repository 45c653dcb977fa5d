// Every ORM example of the seed document (tortoise-orm-overview.txt: CRUD, Relationships,
// Advanced Querying, the FastAPI handlers) in C++, asserting what each one returns or changes,
// plus the Tortoise features those examples lean on (atomic, validators, signals, bulk calls).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "orm/fixture.hpp"

using namespace testudo;
using namespace storefront;
using testudo::test::orm_fixture;

namespace {

// The seed's hash_password stands for any one-way hash; the ORM only stores the text.
std::string hash_password(const std::string& password) { return "sha256:" + password; }

User make_user(const std::string& name, const std::string& role = "user", bool active = true) {
  User u;
  u.email = name + "@example.com";
  u.username = name;
  u.password_hash = hash_password(name);
  u.role = role;
  u.is_active = active;
  return testudo::create(std::move(u));
}

Category make_category(const std::string& name) {
  Category c;
  c.name = name;
  c.slug = name;
  return testudo::create(std::move(c));
}

Product make_product(const Category& cat, const std::string& name, const std::string& price, std::int32_t stock = 10,
                     bool available = true) {
  Product p;
  p.name = name;
  p.price = decimal{price};
  p.stock = stock;
  p.is_available = available;
  p.category_id = cat.id;
  return testudo::create(std::move(p));
}

Order make_order(const User& customer, const std::string& number, const std::string& status = "pending",
                 const std::string& total = "0.00") {
  Order o;
  o.order_number = number;
  o.customer_id = customer.id;
  o.status = status;
  o.total = decimal{total};
  return testudo::create(std::move(o));
}

OrderLine add_line(const Order& order, const Product& product, std::int32_t quantity) {
  OrderLine line;
  line.order_id = order.id;
  line.product_id = product.id;
  line.quantity = quantity;
  line.unit_price = product.price;
  return testudo::create(std::move(line));
}

datetime at_minute(int minutes) {
  return parse_datetime("2026-01-01 00:00:00") + std::chrono::minutes(minutes);
}

// auto_now_add stamps "now" on insert: tests that order by time set it explicitly afterwards
// (a queryset update, which leaves auto fields alone as in Tortoise).
template <class M>
void set_created_at(const M& obj, datetime when) {
  REQUIRE(objects<M>().filter(q("id", obj.id)).update({{"created_at", when}}) == 1);
}

template <class M>
std::vector<std::int32_t> ids_of(const std::vector<M>& items) {
  std::vector<std::int32_t> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

std::vector<std::string> usernames(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.username);
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

// ---------------------------------------------------------------- CRUD Operations

TEST_CASE("seed crud: create, then get_or_create finds the row instead of inserting") {
  orm_fixture fx("seed_crud");
  // User.create(email=..., username=..., password_hash=...) with keyword-style values.
  auto user = testudo::create<User>(field_values{{"email", "alice@example.com"},
                                                 {"username", "alice"},
                                                 {"password_hash", "hashed_password"}});
  CHECK(user.id == 1);  // a fresh table: the seed's User.get(id=1) is this row
  CHECK(user.role == "user");  // model defaults fill what was not given
  CHECK(user.is_active);
  CHECK_FALSE(user.bio.has_value());

  auto [again, created] = get_or_create<User>({{"email", "alice@example.com"}},
                                              {{"username", "alice2"}, {"password_hash", "hash"}});
  CHECK_FALSE(created);
  CHECK(again.id == user.id);
  CHECK(again.username == "alice");  // defaults apply only to a new row
  CHECK(objects<User>().count() == 1);

  auto [bob, bob_created] = get_or_create<User>({{"email", "bob@example.com"}},
                                                {{"username", "bob"}, {"password_hash", "hash"}});
  CHECK(bob_created);
  CHECK(bob.id != user.id);
  CHECK(testudo::get<User>(q("id", bob.id)).username == "bob");
  CHECK(objects<User>().count() == 2);
}

TEST_CASE("seed crud: get raises does_not_exist, get_or_none returns nullopt") {
  orm_fixture fx("seed_get");
  auto alice = make_user("alice");
  make_user("bob");

  CHECK(testudo::get<User>(q("id", 1)).email == "alice@example.com");
  CHECK(testudo::get<User>(q("email", "alice@example.com")).id == alice.id);
  CHECK_THROWS_AS(testudo::get<User>(q("id", 999)), does_not_exist);
  CHECK_THROWS_AS(testudo::get<User>(q("email", "nobody@example.com")), does_not_exist);
  // get() wants exactly one row.
  CHECK_THROWS_AS(testudo::get<User>(q("is_active", true)), multiple_objects_returned);

  CHECK_FALSE(get_or_none<User>(q("email", "nobody@example.com")).has_value());
  auto maybe = get_or_none<User>(q("email", "alice@example.com"));
  REQUIRE(maybe.has_value());
  CHECK(maybe->id == alice.id);
}

TEST_CASE("seed crud: save persists a changed field") {
  orm_fixture fx("seed_save");
  make_user("alice");
  auto found = testudo::get<User>(q("email", "alice@example.com"));
  found.bio = "Python developer";
  testudo::save(found);
  auto reread = testudo::get<User>(q("id", found.id));
  REQUIRE(reread.bio.has_value());
  CHECK(*reread.bio == "Python developer");
  CHECK(reread.username == "alice");  // the other columns are untouched
  CHECK(objects<User>().count() == 1);  // an update, not a second insert
}

TEST_CASE("seed crud: filter(is_active=false).update changes exactly the inactive rows") {
  orm_fixture fx("seed_upd");
  make_user("active1");
  make_user("gone1", "editor", false);
  make_user("active2", "admin");
  make_user("gone2", "user", false);

  CHECK(objects<User>().filter(q("is_active", false)).update({{"role", "archived"}}) == 2);
  auto roles = objects<User>().order_by({"id"}).values_list(&User::role);
  CHECK(roles == std::vector<std::string>{"user", "archived", "admin", "archived"});
}

TEST_CASE("seed crud: values_list of several members gives typed tuples read as objects are") {
  orm_fixture fx("seed_tuples");
  auto alice = make_user("alice");
  alice.bio = "hello";
  testudo::save(alice);
  auto bob = make_user("bob", "admin", false);
  for (const auto& [number, total] : {std::pair{"A-1", "12.5"}, std::pair{"A-2", "7.5"}}) {
    Order o;
    o.order_number = number;
    o.customer_id = alice.id;
    o.total = decimal{total};
    testudo::create(o);
  }

  auto users = objects<User>().order_by({"id"}).values_list(&User::id, &User::username, &User::is_active, &User::bio, &User::created_at);
  static_assert(std::is_same_v<decltype(users), std::vector<std::tuple<std::int32_t, std::string, bool, std::optional<std::string>, datetime>>>);
  auto objects_read = objects<User>().order_by({"id"}).all();
  REQUIRE(users.size() == 2);
  for (std::size_t i = 0; i < users.size(); ++i) {
    CHECK(std::get<0>(users[i]) == objects_read[i].id);
    CHECK(std::get<1>(users[i]) == objects_read[i].username);
    CHECK(std::get<2>(users[i]) == objects_read[i].is_active);
    CHECK(std::get<3>(users[i]) == objects_read[i].bio);
    CHECK(std::get<4>(users[i]) == objects_read[i].created_at);
  }
  CHECK(std::get<3>(users[0]) == std::optional<std::string>("hello"));
  CHECK_FALSE(std::get<3>(users[1]).has_value());
  CHECK_FALSE(std::get<2>(users[1]));

  // Foreign keys by their key member, decimals at the field's scale (2 places), filters applied.
  auto orders = objects<Order>().filter(q("customer", alice.id)).order_by({"-order_number"}).values_list(&Order::order_number, &Order::customer_id, &Order::total);
  REQUIRE(orders.size() == 2);
  CHECK(std::get<0>(orders[0]) == "A-2");
  CHECK(std::get<1>(orders[0]) == alice.id);
  CHECK(std::get<2>(orders[0]).text == "7.50");
  CHECK(std::get<0>(orders[1]) == "A-1");
  CHECK(std::get<2>(orders[1]).text == "12.50");
  CHECK(objects<Order>().filter(q("customer", bob.id)).values_list(&Order::id, &Order::total).empty());
  // A member asked for twice comes in both places.
  auto twice = objects<User>().order_by({"id"}).values_list(&User::username, &User::id, &User::username);
  REQUIRE(twice.size() == 2);
  CHECK(std::get<0>(twice[1]) == "bob");
  CHECK(std::get<2>(twice[1]) == "bob");
}

TEST_CASE("seed crud: remove deletes the object, queryset remove the matching rows") {
  orm_fixture fx("seed_del");
  auto found = make_user("alice");
  auto keep = make_user("bob");
  make_user("old1", "user", false);
  make_user("old2", "user", false);

  testudo::remove(found);
  CHECK_FALSE(get_or_none<User>(q("id", found.id)).has_value());
  CHECK(objects<User>().filter(q("is_active", false)).remove() == 2);
  CHECK(ids_of<User>(objects<User>().all()) == std::vector<std::int32_t>{keep.id});
}

// ---------------------------------------------------------------- Relationships

TEST_CASE("seed relations: an order created for a user, its customer fetched") {
  orm_fixture fx("seed_fk");
  make_user("alice");
  auto user = testudo::get<User>(q("id", 1));
  auto order = make_order(user, "ORD-001", "pending", "99.99");
  CHECK(order.id > 0);
  CHECK(order.status == "pending");

  auto customer = fetch_related<User>(order, "customer");
  CHECK(customer.id == user.id);
  CHECK(customer.email == "alice@example.com");

  auto stored = testudo::get<Order>(q("order_number", "ORD-001"));
  CHECK(stored.customer_id == user.id);
  CHECK(std::stod(stored.total.text) == doctest::Approx(99.99));
}

TEST_CASE("seed relations: prefetch_related loads lines, products and customer with one query per level") {
  orm_fixture fx("seed_prefetch");
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  auto cat = make_category("peripherals");
  auto keyboard = make_product(cat, "Keyboard", "49.90");
  auto mouse = make_product(cat, "Mouse", "19.90");
  auto cable = make_product(cat, "Cable", "4.50");

  auto o1 = make_order(alice, "ORD-001");
  add_line(o1, keyboard, 1);
  add_line(o1, cable, 3);
  auto o2 = make_order(alice, "ORD-002");
  add_line(o2, mouse, 2);
  auto other = make_order(bob, "ORD-003");  // another customer's order: filtered out
  add_line(other, keyboard, 5);

  auto query = objects<Order>().filter(q("customer__id", alice.id)).order_by({"id"})
                   .prefetch_related({"lines__product", "customer"});
  fx.take_count();
  auto orders = query.all();
  // orders + lines + products + customer: the N+1 the seed avoids would be 1 + 2 + 3 + 2.
  CHECK(fx.take_count() == 4);

  REQUIRE(orders.size() == 2);
  CHECK(ids_of<Order>(orders) == std::vector<std::int32_t>{o1.id, o2.id});
  CHECK(test::lines_of(orders, orders[0]) == test::product_lines{{"Cable", 3}, {"Keyboard", 1}});
  CHECK(test::lines_of(orders, orders[1]) == test::product_lines{{"Mouse", 2}});
  for (const Order& o : orders) {
    const User* customer = orders.one<User>(o, "customer");
    REQUIRE(customer != nullptr);
    CHECK(customer->email == "alice@example.com");
  }
  CHECK(fx.take_count() == 0);  // reading prefetched relations runs nothing

  // Three more orders with lines: still one query per level.
  for (int i = 4; i <= 6; ++i) add_line(make_order(alice, fmt::format("ORD-00{}", i)), mouse, i);
  fx.take_count();
  auto more = query.all();
  CHECK(fx.take_count() == 4);
  REQUIRE(more.size() == 5);
  CHECK(more.many<OrderLine>(more[4], "lines").size() == 1);
  CHECK(more.many<OrderLine>(more[4], "lines")[0].quantity == 6);
}

TEST_CASE("seed relations: many-to-many add, filter through tags__name, distinct") {
  orm_fixture fx("seed_m2m");
  auto cat = make_category("peripherals");
  make_product(cat, "Keyboard", "49.90");
  auto mouse = make_product(cat, "Mouse", "19.90");
  auto cable = make_product(cat, "Cable", "4.50");

  auto tag_python = get_or_create<Tag>({{"name", "python"}});
  auto tag_async = get_or_create<Tag>({{"name", "async"}});
  CHECK(tag_python.second);
  CHECK(tag_async.second);
  CHECK_FALSE(get_or_create<Tag>({{"name", "python"}}).second);
  CHECK(objects<Tag>().count() == 2);

  auto product = testudo::get<Product>(q("id", 1));
  CHECK(product.name == "Keyboard");
  m2m<Tag>(product, "tags").add({tag_python.first, tag_async.first});
  m2m<Tag>(product, "tags").add({tag_python.first});  // already linked: no second row
  m2m<Tag>(mouse, "tags").add({tag_python.first});
  m2m<Tag>(cable, "tags").add({tag_async.first});

  CHECK(m2m<Tag>(product, "tags").count() == 2);
  auto names = m2m<Tag>(product, "tags").query().order_by({"name"}).values_list(&Tag::name);
  CHECK(names == std::vector<std::string>{"async", "python"});

  auto python_products = objects<Product>().filter(q("tags__name", "python")).distinct().order_by({"id"}).all();
  CHECK(ids_of<Product>(python_products) == std::vector<std::int32_t>{product.id, mouse.id});
  // The keyboard joins two tags: without distinct it comes back once per tag.
  auto either = q("tags__name__in", std::vector<value>{std::string("python"), std::string("async")});
  CHECK(objects<Product>().filter(either).all().size() == 4);
  CHECK(ids_of<Product>(objects<Product>().filter(either).distinct().order_by({"id"}).all()) ==
        std::vector<std::int32_t>{product.id, mouse.id, cable.id});

  // The reverse side (Tag.products) sees the same links.
  CHECK(ids_of<Product>(related<Product>(tag_python.first, "products").order_by({"id"}).all()) ==
        std::vector<std::int32_t>{product.id, mouse.id});

  m2m<Tag>(product, "tags").remove({tag_async.first});
  CHECK(m2m<Tag>(product, "tags").count() == 1);
  m2m<Tag>(product, "tags").clear();
  CHECK(m2m<Tag>(product, "tags").count() == 0);
  CHECK(m2m<Tag>(mouse, "tags").count() == 1);  // other products keep their links
  CHECK(objects<Tag>().count() == 2);           // unlinking deletes no tag
}

TEST_CASE("seed relations: reverse relation user.orders filtered by status") {
  orm_fixture fx("seed_reverse");
  auto user = make_user("alice");
  auto other = make_user("bob");
  auto o1 = make_order(user, "ORD-001", "pending");
  make_order(user, "ORD-002", "shipped");
  auto o3 = make_order(user, "ORD-003", "pending");
  make_order(other, "ORD-004", "pending");

  auto user_orders = related<Order>(user, "orders").filter(q("status", "pending")).order_by({"id"}).all();
  CHECK(ids_of<Order>(user_orders) == std::vector<std::int32_t>{o1.id, o3.id});
  CHECK(related<Order>(user, "orders").count() == 3);
  CHECK(related<Order>(other, "orders").count() == 1);
}

// ---------------------------------------------------------------- Advanced Querying

TEST_CASE("seed queries: Q objects combine with OR, AND and NOT") {
  orm_fixture fx("seed_q");
  make_user("admin1", "admin");
  make_user("editor1", "editor");
  make_user("editor2", "editor", false);
  make_user("user1", "user");
  make_user("admin2", "admin", false);

  auto users = objects<User>().filter({q("role", "admin") | q("role", "editor"), q("is_active", true)})
                   .order_by({"id"}).all();
  CHECK(usernames(users) == std::vector<std::string>{"admin1", "editor1"});

  auto non_admin = objects<User>().filter(~q("role", "admin")).order_by({"id"}).all();
  CHECK(usernames(non_admin) == std::vector<std::string>{"editor1", "editor2", "user1"});

  // The same conditions through typed columns, and NOT around an AND.
  auto typed = objects<User>().filter((col(&User::role) == "admin" || col(&User::role) == "editor") &&
                                      col(&User::is_active) == true)
                   .order_by({"id"}).all();
  CHECK(usernames(typed) == std::vector<std::string>{"admin1", "editor1"});
  auto not_active_admin = objects<User>().filter(!(q("role", "admin") & q("is_active", true))).order_by({"id"}).all();
  CHECK(usernames(not_active_admin) == std::vector<std::string>{"editor1", "editor2", "user1", "admin2"});
}

TEST_CASE("seed queries: price range and icontains lookups") {
  orm_fixture fx("seed_lookups");
  auto cat = make_category("keyboards");
  auto base = make_product(cat, "Keyboard Base", "100.00");          // lower bound included
  auto mech = make_product(cat, "Mechanical Keyboard", "150.00");
  make_product(cat, "Keyboard Cover", "99.99");                      // below the range
  auto gaming = make_product(cat, "Gaming KEYBOARD Pro", "499.99");  // other case
  auto deluxe = make_product(cat, "keyboard deluxe", "500.00");      // upper bound included
  make_product(cat, "Keyboard Ultra", "500.01");                     // above the range
  make_product(cat, "Ergonomic keyboard", "300.00", 10, false);      // not available
  make_product(cat, "Mouse", "200.00");                              // another name

  auto expensive = objects<Product>()
                       .filter({q("price__gte", 100), q("price__lte", 500), q("name__icontains", "keyboard"),
                                q("is_available", true)})
                       .order_by({"id"})
                       .all();
  CHECK(ids_of<Product>(expensive) == std::vector<std::int32_t>{base.id, mech.id, gaming.id, deluxe.id});
}

TEST_CASE("seed queries: order_by -created_at with offset and limit pages through pending orders") {
  orm_fixture fx("seed_pages");
  auto user = make_user("alice");
  // 25 pending orders whose times are a permutation of their ids, so id order is not time order.
  std::vector<std::pair<int, std::string>> by_minute;
  for (int i = 1; i <= 25; ++i) {
    auto o = make_order(user, fmt::format("ORD-{:03}", i));
    int minute = (i * 7) % 25;
    set_created_at(o, at_minute(minute));
    by_minute.emplace_back(minute, o.order_number);
  }
  for (int i = 1; i <= 3; ++i)  // newer than all of them, but shipped
    set_created_at(make_order(user, fmt::format("SHIP-{}", i), "shipped"), at_minute(100 + i));
  std::sort(by_minute.rbegin(), by_minute.rend());
  std::vector<std::string> newest_first;
  for (auto& [minute, number] : by_minute) newest_first.push_back(number);

  auto page = [](std::int64_t offset) {
    std::vector<std::string> out;
    for (const Order& o : objects<Order>().filter(q("status", "pending")).order_by({"-created_at"}).offset(offset).limit(20).all())
      out.push_back(o.order_number);
    return out;
  };
  auto recent = page(0);
  CHECK(recent == std::vector<std::string>(newest_first.begin(), newest_first.begin() + 20));
  CHECK(page(20) == std::vector<std::string>(newest_first.begin() + 20, newest_first.end()));
  CHECK(page(40).empty());
}

TEST_CASE("seed queries: values_list flat and values projections") {
  orm_fixture fx("seed_values");
  auto a1 = make_user("admin1", "admin");
  make_user("user1", "user");
  make_user("gone", "admin", false);
  auto a2 = make_user("admin2", "admin");

  auto email_list = objects<User>().filter(q("is_active", true)).order_by({"id"}).values_list_flat("email");
  std::vector<std::string> emails;
  for (const auto& v : email_list) emails.push_back(std::get<std::string>(v));
  CHECK(emails == std::vector<std::string>{"admin1@example.com", "user1@example.com", "admin2@example.com"});
  CHECK(objects<User>().filter(q("is_active", true)).order_by({"id"}).values_list(&User::email) == emails);

  auto user_dicts = objects<User>().filter(q("role", "admin")).order_by({"id"}).values({"id", "email", "username"});
  REQUIRE(user_dicts.size() == 3);
  CHECK(user_dicts[0].names() == std::vector<std::string>{"id", "email", "username"});
  CHECK(user_dicts[0].get<std::int64_t>("id") == a1.id);
  CHECK(user_dicts[0].get<std::string>("email") == "admin1@example.com");
  CHECK(user_dicts[1].get<std::string>("username") == "gone");
  CHECK(user_dicts[2].get<std::int64_t>("id") == a2.id);
  CHECK_THROWS_AS(user_dicts[0]["password_hash"], field_error);  // only what was asked for

  auto rows = objects<User>().filter(q("role", "user")).values_list({"username", "is_active"});
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].size() == 2);
  CHECK(std::get<std::string>(rows[0][0]) == "user1");
}

TEST_CASE("seed queries: annotate count of orders, filter and project the annotation") {
  orm_fixture fx("seed_annotate");
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  auto carol = make_user("carol");
  make_user("dave");  // no orders at all
  int n = 0;
  for (const auto& [user, orders] : std::vector<std::pair<User, int>>{{alice, 6}, {bob, 5}, {carol, 4}})
    for (int i = 0; i < orders; ++i) make_order(user, fmt::format("ORD-{}", ++n));

  auto order_counts = objects<User>()
                          .annotate({{"order_count", count("orders")}})
                          .filter(q("order_count__gte", 5))
                          .order_by({"id"})
                          .values({"id", "email", "order_count"});
  REQUIRE(order_counts.size() == 2);
  CHECK(order_counts[0].names() == std::vector<std::string>{"id", "email", "order_count"});
  CHECK(order_counts[0].get<std::int64_t>("id") == alice.id);
  CHECK(order_counts[0].get<std::string>("email") == "alice@example.com");
  CHECK(order_counts[0].get<std::int64_t>("order_count") == 6);
  CHECK(order_counts[1].get<std::int64_t>("id") == bob.id);
  CHECK(order_counts[1].get<std::int64_t>("order_count") == 5);

  // Users without orders count 0 (a LEFT JOIN), they are not dropped.
  auto all_counts = objects<User>().annotate({{"order_count", count("orders")}}).order_by({"id"})
                        .values({"username", "order_count"});
  std::vector<std::int64_t> counts;
  for (const auto& r : all_counts) counts.push_back(r.get<std::int64_t>("order_count"));
  CHECK(counts == std::vector<std::int64_t>{6, 5, 4, 0});
}

TEST_CASE("seed queries: raw SQL with a bound parameter") {
  orm_fixture fx("seed_raw");
  auto old1 = make_user("old1");
  auto fresh1 = make_user("fresh1");
  auto old2 = make_user("old2");
  auto fresh2 = make_user("fresh2");
  set_created_at(old1, parse_datetime("2025-12-01 10:00:00"));
  set_created_at(old2, parse_datetime("2025-12-31 23:59:59"));
  set_created_at(fresh1, parse_datetime("2026-01-01 00:00:01"));
  set_created_at(fresh2, parse_datetime("2026-03-15 08:30:00"));

  std::string placeholder = fx.db->kind() == backend::postgres ? "$1" : "?";
  auto results = raw<User>("SELECT id, email FROM users WHERE created_at > " + placeholder + " ORDER BY id",
                           {value{std::string("2026-01-01")}});
  REQUIRE(results.size() == 2);
  CHECK(ids_of<User>(results) == std::vector<std::int32_t>{fresh1.id, fresh2.id});
  CHECK(results[0].email == "fresh1@example.com");
  CHECK(results[1].email == "fresh2@example.com");
  CHECK(results[0].username.empty());  // columns not selected keep their C++ defaults
}

// ---------------------------------------------------------------- Transactions, validation, signals

TEST_CASE("atomic commits on return and rolls back on exception") {
  orm_fixture fx("seed_atomic");
  CHECK(fx.db->current() == nullptr);
  auto id = testudo::atomic([&] {
    CHECK(fx.db->current() != nullptr);  // ORM calls now run on the scope's connection
    make_user("committed");
    return make_user("committed2").id;
  });
  CHECK(fx.db->current() == nullptr);
  CHECK(testudo::get<User>(q("id", id)).username == "committed2");

  CHECK_THROWS_AS(testudo::atomic([&] {
                    make_user("rolled_back");
                    CHECK(objects<User>().count() == 3);  // visible inside its own transaction
                    throw std::runtime_error("boom");
                  }),
                  std::runtime_error);
  CHECK(fx.db->current() == nullptr);
  CHECK(objects<User>().count() == 2);
  CHECK_FALSE(get_or_none<User>(q("username", "rolled_back")).has_value());
}

TEST_CASE("atomic nested: an inner rollback (savepoint) keeps the outer work") {
  orm_fixture fx("seed_nested");
  testudo::atomic([&] {
    make_user("outer_before");
    try {
      testudo::atomic([&] {
        make_user("inner");
        throw std::runtime_error("inner fails");
      });
    } catch (const std::runtime_error&) {
    }
    make_user("outer_after");
  });
  CHECK(usernames(objects<User>().order_by({"id"}).all()) == std::vector<std::string>{"outer_before", "outer_after"});

  // An outer rollback also discards what a committed inner scope did.
  CHECK_THROWS_AS(testudo::atomic([&] {
                    testudo::atomic([&] { make_user("inner_committed"); });
                    throw std::runtime_error("outer fails");
                  }),
                  std::runtime_error);
  CHECK(objects<User>().count() == 2);
}

TEST_CASE("validators: stock below its minimum and over-long text are refused before saving") {
  orm_fixture fx("seed_valid");
  auto cat = make_category("c");
  Product p;
  p.name = "Broken";
  p.price = decimal{"1.00"};
  p.category_id = cat.id;
  p.stock = -1;
  CHECK_THROWS_AS(validate(p), validation_error);
  try {
    testudo::save(p);
    FAIL("a negative stock was saved");
  } catch (const validation_error& e) {
    CHECK(contains(e.what(), "stock"));  // the message names the field
    CHECK(e.field() == "Product.stock");
    CHECK(e.rule() == "min_value");
  }
  CHECK(objects<Product>().count() == 0);

  p.stock = 0;  // the minimum itself is allowed
  testudo::save(p);
  CHECK(p.id > 0);
  p.stock = -5;
  CHECK_THROWS_AS(testudo::save(p), validation_error);
  CHECK(testudo::get<Product>(q("id", p.id)).stock == 0);  // the row kept its valid value

  User u;
  u.username = "long";
  u.password_hash = "h";
  u.email = std::string(244, 'a') + "@example.com";  // 256 characters, max_length is 255
  REQUIRE(u.email.size() == 256);
  try {
    testudo::create(u);
    FAIL("a 256-character email was saved");
  } catch (const validation_error& e) {
    CHECK(contains(e.what(), "email"));
    CHECK(e.field() == "User.email");
    CHECK(e.rule() == "max_length");
  }
  CHECK(objects<User>().count() == 0);
  u.email.erase(0, 1);  // exactly 255 fits
  testudo::create(u);
  CHECK(testudo::get<User>(q("username", "long")).email.size() == 255);
}

TEST_CASE("signals: pre/post save and delete fire with the right flags") {
  orm_fixture fx("seed_signals");
  std::vector<std::string> events;
  on_pre_save<User>([&](User& u, bool creating) {
    events.push_back(fmt::format("pre_save {} creating={} id={}", u.username, creating, u.id));
    if (!u.bio) u.bio = "set by pre_save";  // a pre_save change is saved with the object
  });
  on_post_save<User>([&](const User& u, bool created) {
    events.push_back(fmt::format("post_save {} created={} has_id={}", u.username, created, u.id > 0));
  });
  on_pre_delete<User>([&](const User& u) { events.push_back(fmt::format("pre_delete {}", u.username)); });
  on_post_delete<User>([&](const User& u) { events.push_back(fmt::format("post_delete {}", u.username)); });

  auto u = make_user("alice");
  CHECK(events == std::vector<std::string>{"pre_save alice creating=true id=0", "post_save alice created=true has_id=true"});
  CHECK(testudo::get<User>(q("id", u.id)).bio == std::optional<std::string>("set by pre_save"));

  events.clear();
  u.role = "admin";
  testudo::save(u);
  CHECK(events == std::vector<std::string>{fmt::format("pre_save alice creating=false id={}", u.id),
                                           "post_save alice created=false has_id=true"});

  events.clear();
  objects<User>().update({{"role", "user"}});  // queryset calls send no signals
  testudo::remove(u);
  CHECK(events == std::vector<std::string>{"pre_delete alice", "post_delete alice"});
  CHECK(objects<User>().count() == 0);

  // Signals belong to their model.
  events.clear();
  make_category("c");
  CHECK(events.empty());
  disconnect_all_signals();
  make_user("bob");
  CHECK(events.empty());
}

// ---------------------------------------------------------------- Bulk and convenience calls

TEST_CASE("bulk_create writes back distinct ids of rows that exist") {
  orm_fixture fx("seed_bulk");
  std::vector<Tag> tags;
  for (auto name : {"python", "async", "cpp", "sql", "orm"}) tags.push_back(Tag{.id = 0, .name = name});
  bulk_create(tags);
  std::set<std::int32_t> ids;
  for (const auto& t : tags) {
    CHECK(t.id > 0);
    ids.insert(t.id);
    CHECK(testudo::get<Tag>(q("id", t.id)).name == t.name);
  }
  CHECK(ids.size() == 5);
  CHECK(objects<Tag>().count() == 5);

  // batch_size: rows per INSERT.
  auto cat = make_category("c");
  std::vector<Product> products(5);
  for (std::size_t i = 0; i < products.size(); ++i) {
    products[i].name = fmt::format("P{}", i);
    products[i].price = decimal{"1.50"};
    products[i].category_id = cat.id;
  }
  fx.take_count();
  bulk_options two_per_insert;
  two_per_insert.batch_size = 2;
  bulk_create(products, two_per_insert);
  auto inserts = std::count_if(fx.statements.begin(), fx.statements.end(),
                               [](const std::string& s) { return s.starts_with("INSERT"); });
  CHECK(inserts == 3);
  CHECK(objects<Product>().count() == 5);
  std::set<std::int32_t> product_ids;
  for (const auto& p : products) product_ids.insert(p.id);
  CHECK(product_ids.size() == 5);
  CHECK_FALSE(product_ids.contains(0));
}

TEST_CASE("bulk_update writes only the named fields of every object") {
  orm_fixture fx("seed_bulk_upd");
  auto cat = make_category("c");
  std::vector<Product> products{make_product(cat, "A", "1.00", 10), make_product(cat, "B", "1.00", 10),
                                make_product(cat, "C", "1.00", 10)};
  auto untouched = make_product(cat, "D", "1.00", 10);
  for (std::size_t i = 0; i < products.size(); ++i) products[i].stock = static_cast<std::int32_t>(i + 1);
  products[0].name = "not saved";  // not among the fields
  CHECK(bulk_update(products, {"stock"}) == 3);
  CHECK(objects<Product>().order_by({"id"}).values_list(&Product::stock) == std::vector<std::int32_t>{1, 2, 3, 10});
  CHECK(testudo::get<Product>(q("id", products[0].id)).name == "A");
  CHECK(testudo::get<Product>(q("id", untouched.id)).stock == 10);
}

TEST_CASE("in_bulk maps keys to objects, missing keys left out") {
  orm_fixture fx("seed_in_bulk");
  auto a = make_user("alice");
  make_user("bob");
  auto c = make_user("carol");
  auto by_id = in_bulk<User>(std::vector<std::int32_t>{a.id, c.id, 9999});
  REQUIRE(by_id.size() == 2);
  CHECK(by_id.at(a.id).username == "alice");
  CHECK(by_id.at(c.id).username == "carol");
  auto by_email = in_bulk<User>(std::vector<std::string>{"bob@example.com", "nobody@example.com"}, "email");
  REQUIRE(by_email.size() == 1);
  CHECK(by_email.at("bob@example.com").username == "bob");
}

TEST_CASE("update_or_create creates, then updates the same row") {
  orm_fixture fx("seed_uoc");
  auto [first, created] = update_or_create<User>({{"email", "x@example.com"}},
                                                 {{"username", "x"}, {"password_hash", "h"}, {"role", "editor"}});
  CHECK(created);
  CHECK(first.role == "editor");
  auto [second, created_again] = update_or_create<User>({{"email", "x@example.com"}}, {{"role", "admin"}});
  CHECK_FALSE(created_again);
  CHECK(second.id == first.id);
  CHECK(second.username == "x");
  CHECK(testudo::get<User>(q("id", first.id)).role == "admin");
  CHECK(objects<User>().count() == 1);
}

TEST_CASE("refresh_from_db reloads what changed in the database") {
  orm_fixture fx("seed_refresh");
  auto u = make_user("alice");
  CHECK(objects<User>().filter(q("id", u.id)).update({{"bio", "changed elsewhere"}, {"is_active", false}}) == 1);
  CHECK_FALSE(u.bio.has_value());
  refresh_from_db(u);
  CHECK(u.bio == std::optional<std::string>("changed elsewhere"));
  CHECK_FALSE(u.is_active);
  testudo::remove(u);
  CHECK_THROWS_AS(refresh_from_db(u), does_not_exist);
}

TEST_CASE("count of a limited window, and exists") {
  orm_fixture fx("seed_count");
  for (int i = 1; i <= 7; ++i) make_user(fmt::format("u{}", i));
  auto all = objects<User>().order_by({"id"});
  CHECK(all.count() == 7);
  CHECK(all.limit(3).count() == 3);
  CHECK(all.offset(5).limit(20).count() == 2);
  CHECK(all.offset(2).limit(3).count() == 3);
  CHECK(all.offset(10).count() == 0);
  CHECK(all.offset(4).count() == 3);
  CHECK(objects<User>().filter(q("email", "u3@example.com")).exists());
  CHECK_FALSE(objects<User>().filter(q("email", "nobody@example.com")).exists());
  CHECK_FALSE(all.offset(7).exists());
}

TEST_CASE("first, latest and earliest") {
  orm_fixture fx("seed_first");
  auto user = make_user("alice");
  auto o1 = make_order(user, "ORD-1");
  auto o2 = make_order(user, "ORD-2");
  auto o3 = make_order(user, "ORD-3", "shipped");
  set_created_at(o1, at_minute(120));
  set_created_at(o2, at_minute(0));
  set_created_at(o3, at_minute(60));

  CHECK(objects<Order>().first().value().id == o1.id);  // by primary key when unordered
  CHECK(objects<Order>().order_by({"-created_at"}).first().value().id == o1.id);
  CHECK(objects<Order>().order_by({"created_at"}).first().value().id == o2.id);
  CHECK(objects<Order>().latest("created_at").value().id == o1.id);
  CHECK(objects<Order>().earliest("created_at").value().id == o2.id);
  CHECK(objects<Order>().filter(q("status", "shipped")).latest("created_at").value().id == o3.id);
  CHECK_FALSE(objects<Order>().filter(q("status", "cancelled")).first().has_value());
  CHECK_FALSE(objects<Order>().filter(q("status", "cancelled")).latest("created_at").has_value());
}

TEST_CASE("update with an F expression: stock = stock - 1 in the database") {
  orm_fixture fx("seed_f");
  auto cat = make_category("c");
  auto p1 = make_product(cat, "A", "1.00", 10);
  auto p2 = make_product(cat, "B", "1.00", 5);
  CHECK(objects<Product>().filter(q("id", p1.id)).update({{"stock", f("stock") - 1}}) == 1);
  CHECK(objects<Product>().order_by({"id"}).values_list(&Product::stock) == std::vector<std::int32_t>{9, 5});
  CHECK(objects<Product>().update({{"stock", f(&Product::stock) + 10}}) == 2);
  CHECK(objects<Product>().order_by({"id"}).values_list(&Product::stock) == std::vector<std::int32_t>{19, 15});
  // F in a filter compares two columns of the same row: stock > id * 10 holds for A (19 > 10) only.
  CHECK(ids_of<Product>(objects<Product>().filter(q("stock__gt", f("id") * 10)).all()) == std::vector<std::int32_t>{p1.id});
}

TEST_CASE("select_for_update inside atomic locks and updates the row") {
  orm_fixture fx("seed_sfu");
  auto cat = make_category("c");
  auto p = make_product(cat, "A", "1.00", 10);
  fx.take_count();
  testudo::atomic([&] {
    auto locked = objects<Product>().filter(q("id", p.id)).select_for_update().get();
    CHECK(locked.stock == 10);
    locked.stock -= 1;
    testudo::save(locked);
  });
  bool locking = std::any_of(fx.statements.begin(), fx.statements.end(),
                             [](const std::string& s) { return contains(s, "FOR UPDATE"); });
  CHECK(locking == (fx.db->kind() != backend::sqlite));  // SQLite locks the whole file instead
  CHECK(testudo::get<Product>(q("id", p.id)).stock == 9);
}

// ---------------------------------------------------------------- FastAPI Integration (ORM side)

namespace {

struct http_result {
  int status;
  std::string detail;
};

// POST /users: 201, or 409 saying which unique field clashed (the seed reads str(IntegrityError)).
http_result create_user(const std::string& email, const std::string& username, const std::string& password) {
  try {
    auto user = testudo::create<User>(field_values{{"email", email},
                                                   {"username", username},
                                                   {"password_hash", hash_password(password)}});
    return {201, fmt::format("{} {} {} {}", user.id, user.email, user.username, user.role)};  // UserOut
  } catch (const integrity_error& e) {
    if (contains(e.what(), "email")) return {409, "Email already registered"};
    return {409, "Username taken"};
  }
}

// GET /users/{id}: 404 on does_not_exist.
http_result get_user(std::int64_t user_id) {
  try {
    auto user = testudo::get<User>(q("id", user_id));
    return {200, fmt::format("{} {} {} {}", user.id, user.email, user.username, user.role)};
  } catch (const does_not_exist&) {
    return {404, "User not found"};
  }
}

struct order_out {
  std::int32_t id;
  std::string order_number;
  double total;
};

// GET /users/{id}/orders?status=
std::vector<order_out> get_user_orders(std::int64_t user_id, const std::optional<std::string>& status = {}) {
  auto query = objects<Order>().filter(q("customer_id", user_id));
  if (status) query = query.filter(q("status", *status));
  std::vector<order_out> out;
  for (const Order& o : query.order_by({"-created_at"}).limit(50).all())
    out.push_back({o.id, o.order_number, std::stod(o.total.text)});
  return out;
}

std::vector<std::string> numbers_of(const std::vector<order_out>& orders) {
  std::vector<std::string> out;
  for (const auto& o : orders) out.push_back(o.order_number);
  return out;
}

}  // namespace

TEST_CASE("seed fastapi: create_user answers 201, then 409 for a taken email or username") {
  orm_fixture fx("seed_api_create");
  auto created = create_user("alice@example.com", "alice", "pw");
  CHECK(created.status == 201);
  CHECK(created.detail == "1 alice@example.com alice user");
  auto same_email = create_user("alice@example.com", "alice2", "pw");
  CHECK(same_email.status == 409);
  CHECK(same_email.detail == "Email already registered");
  auto same_name = create_user("other@example.com", "alice", "pw");
  CHECK(same_name.status == 409);
  CHECK(same_name.detail == "Username taken");
  CHECK(objects<User>().count() == 1);

  // The error itself: integrity_error naming the email's unique index.
  User dup;
  dup.email = "alice@example.com";
  dup.username = "alice3";
  dup.password_hash = "h";
  try {
    testudo::create(dup);
    FAIL("duplicate accepted");
  } catch (const integrity_error& e) {
    CHECK((contains(e.what(), "email") || contains(e.constraint(), "email")));
  }
  // A failed insert leaves the connection usable.
  CHECK(create_user("bob@example.com", "bob", "pw").status == 201);
  CHECK(objects<User>().count() == 2);
}

TEST_CASE("seed fastapi: get_user answers the row or 404") {
  orm_fixture fx("seed_api_get");
  auto alice = make_user("alice", "editor");
  auto found = get_user(alice.id);
  CHECK(found.status == 200);
  CHECK(found.detail == fmt::format("{} alice@example.com alice editor", alice.id));
  CHECK(get_user(alice.id + 100).status == 404);
}

TEST_CASE("seed fastapi: get_user_orders newest first, filtered by status, at most 50") {
  orm_fixture fx("seed_api_orders");
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  auto a1 = make_order(alice, "A-1", "pending", "10.50");
  auto a2 = make_order(alice, "A-2", "shipped", "99.99");
  auto a3 = make_order(alice, "A-3", "pending", "0.00");
  auto a4 = make_order(alice, "A-4", "shipped", "1234.56");
  auto b1 = make_order(bob, "B-1", "pending", "5.00");
  set_created_at(a1, at_minute(30));
  set_created_at(a2, at_minute(10));
  set_created_at(a3, at_minute(40));
  set_created_at(a4, at_minute(20));
  set_created_at(b1, at_minute(50));

  auto all = get_user_orders(alice.id);
  CHECK(numbers_of(all) == std::vector<std::string>{"A-3", "A-1", "A-4", "A-2"});
  REQUIRE(all.size() == 4);
  CHECK(all[0].id == a3.id);
  CHECK(all[1].total == doctest::Approx(10.50));
  CHECK(all[2].total == doctest::Approx(1234.56));
  CHECK(numbers_of(get_user_orders(alice.id, "shipped")) == std::vector<std::string>{"A-4", "A-2"});
  CHECK(get_user_orders(alice.id, "cancelled").empty());
  CHECK(get_user_orders(9999).empty());

  testudo::atomic([&] {
    for (int i = 0; i < 52; ++i) make_order(bob, fmt::format("B-{}", i + 2));
  });
  CHECK(get_user_orders(bob.id).size() == 50);
  CHECK(get_user_orders(bob.id, "pending").size() == 50);
  CHECK(objects<Order>().filter(q("customer_id", bob.id)).count() == 53);
}
