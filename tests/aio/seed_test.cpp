// The seed's relation and query examples (tortoise-orm-overview.txt, "Relations", "Advanced
// Querying") and the rest of its CRUD calls awaited through testudo::aio, asserting their results
// as tests/orm/seed_test.cpp does for the sync API. Lists are made in statements of their own
// (GCC 12 cannot compile a braced list inside a co_await expression: docs/async.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "aio/run.hpp"
#include "orm/fixture.hpp"

using namespace testudo;
using namespace storefront;
using testudo::test::orm_fixture;
using testudo::test::run_on_io;
namespace aio = testudo::aio;

namespace {

net::awaitable<User> make_user(std::string name, std::string role = "user") {
  auto u = test::user_named(std::move(name));
  u.role = std::move(role);
  co_await aio::create(u);
  co_return u;
}

net::awaitable<Product> make_product(std::int32_t category, std::string name, std::string price) {
  Product p;
  p.name = std::move(name);
  p.price = decimal{std::move(price)};
  p.category_id = category;
  co_await aio::create(p);
  co_return p;
}

net::awaitable<Order> make_order(const User& customer, std::string number, std::string status = "pending") {
  Order o;
  o.order_number = std::move(number);
  o.customer_id = customer.id;
  o.status = std::move(status);
  co_await aio::create(o);
  co_return o;
}

net::awaitable<void> add_line(const Order& order, const Product& product, std::int32_t quantity) {
  OrderLine line;
  line.order_id = order.id;
  line.product_id = product.id;
  line.quantity = quantity;
  line.unit_price = product.price;
  co_await aio::create(line);
}

template <class M>
std::vector<std::int32_t> ids_of(const std::vector<M>& items) {
  std::vector<std::int32_t> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

}  // namespace

TEST_CASE("aio seed relations: an order created for a user, its customer fetched, user.orders filtered") {
  orm_fixture fx("aio_seed_fk");
  run_on_io([&]() -> net::awaitable<void> {
    auto alice = co_await make_user("alice");
    auto bob = co_await make_user("bob");
    auto o1 = co_await make_order(alice, "ORD-001");
    co_await make_order(alice, "ORD-002", "shipped");
    auto o3 = co_await make_order(alice, "ORD-003");
    co_await make_order(bob, "ORD-004");

    // await order.fetch_related("customer")
    auto customer = co_await aio::fetch_related<User>(o1, "customer");
    CHECK(customer.id == alice.id);
    CHECK(customer.email == "alice@example.com");
    // await user.orders.filter(status="pending").all()
    auto pending = aio::related<Order>(alice, "orders").filter(q("status", "pending")).order_by({"id"});
    auto pending_ids = ids_of<Order>(co_await pending.all());
    CHECK(pending_ids == std::vector<std::int32_t>{o1.id, o3.id});
    CHECK(co_await aio::related<Order>(alice, "orders").count() == 3);
    CHECK(co_await aio::related<Order>(bob, "orders").count() == 1);
  });
}

TEST_CASE("aio seed relations: prefetch_related loads lines, products and customer with one query per level") {
  orm_fixture fx("aio_seed_prefetch");
  run_on_io([&]() -> net::awaitable<void> {
    auto alice = co_await make_user("alice");
    auto bob = co_await make_user("bob");
    Category cat;
    cat.name = cat.slug = "peripherals";
    co_await aio::create(cat);
    auto keyboard = co_await make_product(cat.id, "Keyboard", "49.90");
    auto mouse = co_await make_product(cat.id, "Mouse", "19.90");
    auto cable = co_await make_product(cat.id, "Cable", "4.50");
    auto o1 = co_await make_order(alice, "ORD-001");
    co_await add_line(o1, keyboard, 1);
    co_await add_line(o1, cable, 3);
    auto o2 = co_await make_order(alice, "ORD-002");
    co_await add_line(o2, mouse, 2);
    auto other = co_await make_order(bob, "ORD-003");  // another customer's
    co_await add_line(other, keyboard, 5);

    auto query = aio::objects<Order>().filter(q("customer__id", alice.id)).order_by({"id"})
                     .prefetch_related({"lines__product", "customer"});
    fx.take_count();
    auto orders = co_await query.all();
    CHECK(fx.take_count() == 4);  // orders + lines + products + customer
    REQUIRE(orders.size() == 2);
    CHECK(ids_of<Order>(orders) == std::vector<std::int32_t>{o1.id, o2.id});
    CHECK(test::lines_of(orders, orders[0]) == test::product_lines{{"Cable", 3}, {"Keyboard", 1}});
    CHECK(test::lines_of(orders, orders[1]) == test::product_lines{{"Mouse", 2}});
    for (const Order& o : orders) {
      const User* c = orders.one<User>(o, "customer");
      REQUIRE(c != nullptr);
      CHECK(c->email == "alice@example.com");
    }
    CHECK(fx.take_count() == 0);  // reading prefetched relations runs nothing
  });
}

TEST_CASE("aio seed relations: get_or_create tags, many-to-many add, filter through tags__name, distinct") {
  orm_fixture fx("aio_seed_m2m");
  run_on_io([&]() -> net::awaitable<void> {
    Category cat;
    cat.name = cat.slug = "peripherals";
    co_await aio::create(cat);
    auto keyboard = co_await make_product(cat.id, "Keyboard", "49.90");
    auto mouse = co_await make_product(cat.id, "Mouse", "19.90");

    field_values python_name{{"name", "python"}}, async_name{{"name", "async"}};
    auto [python, python_created] = co_await aio::get_or_create<Tag>(python_name);
    auto [async_tag, async_created] = co_await aio::get_or_create<Tag>(async_name);
    CHECK(python_created);
    CHECK(async_created);
    auto again = co_await aio::get_or_create<Tag>(python_name);
    CHECK_FALSE(again.second);
    CHECK(again.first.id == python.id);
    CHECK(co_await aio::objects<Tag>().count() == 2);

    // await product.tags.add(tag_python[0], tag_async[0])
    auto product = co_await aio::get<Product>(q("id", keyboard.id));
    std::vector<Tag> both{python, async_tag}, just_python{python};
    co_await aio::m2m<Tag>(product, "tags").add(both);
    co_await aio::m2m<Tag>(product, "tags").add(just_python);  // linked already: no second row
    co_await aio::m2m<Tag>(mouse, "tags").add(just_python);
    CHECK(co_await aio::m2m<Tag>(product, "tags").count() == 2);
    auto by_name = aio::m2m<Tag>(product, "tags").query().order_by({"name"});
    auto names = co_await by_name.values_list(&Tag::name);
    CHECK(names == std::vector<std::string>{"async", "python"});

    // await Product.filter(tags__name="python").distinct()
    auto python_products = aio::objects<Product>().filter(q("tags__name", "python")).distinct().order_by({"id"});
    auto python_ids = ids_of<Product>(co_await python_products.all());
    CHECK(python_ids == std::vector<std::int32_t>{keyboard.id, mouse.id});
    auto tagged = aio::related<Product>(python, "products").order_by({"id"});  // the reverse side
    auto tagged_ids = ids_of<Product>(co_await tagged.all());
    CHECK(tagged_ids == python_ids);

    std::vector<Tag> just_async{async_tag};
    co_await aio::m2m<Tag>(product, "tags").remove(just_async);
    CHECK(co_await aio::m2m<Tag>(product, "tags").count() == 1);
    co_await aio::m2m<Tag>(product, "tags").clear();
    CHECK(co_await aio::m2m<Tag>(product, "tags").count() == 0);
    CHECK(co_await aio::m2m<Tag>(mouse, "tags").count() == 1);  // other products keep their links
  });
}

TEST_CASE("aio seed queries: values, annotate with a count, aggregate, raw with a bound parameter") {
  orm_fixture fx("aio_seed_values");
  run_on_io([&]() -> net::awaitable<void> {
    auto alice = co_await make_user("alice", "admin");
    auto bob = co_await make_user("bob", "admin");
    co_await make_user("carol");
    int n = 0;
    for (int i = 0; i < 3; ++i) co_await make_order(alice, fmt::format("ORD-{}", ++n));
    co_await make_order(bob, fmt::format("ORD-{}", ++n));

    // await User.filter(role="admin").values("id", "email", "username")
    std::vector<std::string> fields{"id", "email", "username"};
    auto admins = aio::objects<User>().filter(q("role", "admin")).order_by({"id"});
    auto dicts = co_await admins.values(fields);
    REQUIRE(dicts.size() == 2);
    CHECK(dicts[0].names() == fields);
    CHECK(dicts[0].get<std::int64_t>("id") == alice.id);
    CHECK(dicts[1].get<std::string>("username") == "bob");

    // User.annotate(order_count=Count("orders")).filter(order_count__gte=...)
    std::vector<named_expr> order_count{{"order_count", count("orders")}};
    auto busy = aio::objects<User>().annotate(order_count).filter(q("order_count__gte", 1)).order_by({"id"});
    std::vector<std::string> projected{"username", "order_count"};
    auto counts = co_await busy.values(projected);
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].get<std::int64_t>("order_count") == 3);
    CHECK(counts[1].get<std::int64_t>("order_count") == 1);

    std::vector<named_expr> totals{{"orders", count("id")}};
    auto summary = co_await aio::objects<Order>().aggregate(totals);
    CHECK(summary.get<std::int64_t>("orders") == 4);

    std::string mark = fx.db->kind() == backend::postgres ? "$1" : "?";
    std::vector<value> params{value{std::string("bob@example.com")}};
    auto rows = co_await aio::raw<User>("SELECT id, email FROM users WHERE email = " + mark, params);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].id == bob.id);
    CHECK(rows[0].username.empty());  // not selected
    CHECK_FALSE((co_await admins.explain()).empty());
  });
}

TEST_CASE("aio seed crud: update_or_create, bulk_create, bulk_update, in_bulk and refresh_from_db") {
  orm_fixture fx("aio_seed_bulk");
  run_on_io([&]() -> net::awaitable<void> {
    field_values lookup{{"name", "python"}};
    field_values renamed{{"name", "python3"}};
    auto [made, created] = co_await aio::update_or_create<Tag>(lookup);
    CHECK(created);
    auto [updated, created_again] = co_await aio::update_or_create<Tag>(lookup, renamed);
    CHECK_FALSE(created_again);
    CHECK(updated.id == made.id);
    CHECK((co_await aio::get<Tag>(q("id", made.id))).name == "python3");

    std::vector<Tag> tags(3);
    for (std::size_t i = 0; i < tags.size(); ++i) tags[i].name = fmt::format("bulk{}", i);
    co_await aio::bulk_create(tags);
    CHECK(co_await aio::objects<Tag>().count() == 4);
    CHECK(tags[0].id != 0);  // keys written back
    CHECK(tags[0].id != tags[2].id);
    for (auto& t : tags) t.name += "_renamed";
    std::vector<std::string> name_field{"name"};
    CHECK(co_await aio::bulk_update(tags, name_field) == 3);

    std::vector<std::int32_t> keys{tags[0].id, tags[2].id, 99999};
    auto by_id = co_await aio::in_bulk<Tag>(keys);
    REQUIRE(by_id.size() == 2);
    CHECK(by_id.at(tags[2].id).name == "bulk2_renamed");

    Tag stale = tags[1];
    stale.name = "not saved";
    co_await aio::refresh_from_db(stale);
    CHECK(stale.name == "bulk1_renamed");
  });
}

TEST_CASE("aio atomic: the calls of a scope that run sync ORM code on their worker (bulk, many-to-many) stay in it") {
  orm_fixture fx("aio_seed_atomic_bulk");
  run_on_io([&]() -> net::awaitable<void> {
    std::vector<Tag> tags(2);
    tags[0].name = "one";
    tags[1].name = "two";
    bool rolled_back = false;
    try {
      co_await aio::atomic([&]() -> net::awaitable<void> {
        co_await aio::bulk_create(tags);
        Category cat;
        cat.name = cat.slug = "c";
        co_await aio::create(cat);
        auto p = co_await make_product(cat.id, "P", "1.00");
        co_await aio::m2m<Tag>(p, "tags").add(tags);
        CHECK(co_await aio::m2m<Tag>(p, "tags").count() == 2);
        throw std::runtime_error("undo");
      });
    } catch (const std::runtime_error&) {
      rolled_back = true;
    }
    CHECK(rolled_back);
    CHECK(co_await aio::objects<Tag>().count() == 0);  // bulk_create's rows went with the scope
    CHECK(co_await aio::objects<Product>().count() == 0);
  });
}
