// The seed's CRUD examples (tortoise-orm-overview.txt, "CRUD Operations") awaited through
// testudo::aio on one io_context thread, asserting what each returns or changes, and that errors
// come out of the co_await with the sync API's types.
// GCC 12 cannot compile a braced list inside a co_await expression ("array used as initializer"):
// the lists are made in statements of their own (docs/async.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
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

net::awaitable<User> make_user(std::string name, std::string role = "user", bool active = true) {
  auto u = test::user_named(std::move(name));
  u.role = std::move(role);
  u.is_active = active;
  co_await aio::create(u);
  co_return u;
}

}  // namespace

TEST_CASE("aio seed crud: create, then get/get_or_none/first/filter/count/exists/values_list read it back") {
  orm_fixture fx("aio_crud_read");
  run_on_io([&]() -> net::awaitable<void> {
    field_values fields{{"email", "alice@example.com"}, {"username", "alice"}, {"password_hash", "hashed_password"}};
    auto alice = co_await aio::create<User>(fields);
    CHECK(alice.id == 1);  // the key the database generated, written back
    CHECK(alice.role == "user");
    CHECK(alice.created_at != datetime{});
    auto bob = co_await make_user("bob", "admin");
    co_await make_user("carol", "user", false);

    CHECK((co_await aio::objects<User>().get(q("id", 1))).email == "alice@example.com");
    auto by_email = aio::objects<User>().get({q("email", "bob@example.com"), q("is_active", true)});
    CHECK((co_await std::move(by_email)).id == bob.id);
    CHECK_FALSE((co_await aio::objects<User>().get_or_none(q("email", "nobody@example.com"))).has_value());
    auto by_name_desc = aio::objects<User>().filter(q("is_active", true)).order_by({"-username"});
    auto first = co_await by_name_desc.first();
    REQUIRE(first.has_value());
    CHECK(first->username == "bob");
    CHECK_FALSE((co_await aio::objects<User>().filter(q("role", "guest")).first()).has_value());

    auto by_name = aio::objects<User>().filter(q("is_active", true)).order_by({"username"});
    auto active = co_await by_name.all();
    REQUIRE(active.size() == 2);
    CHECK(active[0].username == "alice");
    CHECK(active[1].username == "bob");
    CHECK(co_await aio::objects<User>().count() == 3);
    CHECK(co_await aio::objects<User>().filter(q("role", "admin")).count() == 1);
    CHECK(co_await aio::objects<User>().filter(q("username", "carol")).exists());
    CHECK_FALSE(co_await aio::objects<User>().filter(q("username", "dave")).exists());

    auto by_id = aio::objects<User>().order_by({"id"});
    std::vector<std::string> columns{"username", "is_active"};
    auto rows = co_await by_id.values_list(columns);
    REQUIRE(rows.size() == 3);
    CHECK(rows[2][0] == value{std::string("carol")});
    CHECK(value_traits<bool>::from_value(rows[2][1]) == false);
    std::vector<std::string> emails{"alice@example.com", "bob@example.com", "carol@example.com"};
    CHECK(co_await by_id.values_list(&User::email) == emails);
    auto names = co_await aio::objects<User>().filter(q("role", "admin")).values_list_flat("username");
    REQUIRE(names.size() == 1);
    CHECK(names[0] == value{std::string("bob")});
  });
}

TEST_CASE("aio seed crud: save updates the row, a queryset update and remove report the rows they touched") {
  orm_fixture fx("aio_crud_write");
  run_on_io([&]() -> net::awaitable<void> {
    auto alice = co_await make_user("alice");
    co_await make_user("old1", "user", false);
    co_await make_user("old2", "user", false);

    // found.bio = "Python developer"; await found.save()
    alice.bio = "Python developer";
    co_await aio::save(alice);
    CHECK(testudo::get<User>(q("id", alice.id)).bio == std::optional<std::string>("Python developer"));
    CHECK(co_await aio::objects<User>().count() == 3);  // an update, not a second row

    // await User.filter(is_active=False).update(role="archived")
    std::vector<named_expr> archived{{"role", "archived"}};
    CHECK(co_await aio::objects<User>().filter(q("is_active", false)).update(archived) == 2);
    CHECK(objects<User>().filter(q("role", "archived")).count() == 2);

    // await found.delete(); await User.filter(is_active=False).delete()
    co_await aio::remove(alice);
    CHECK_FALSE(objects<User>().filter(q("id", alice.id)).exists());
    CHECK(co_await aio::objects<User>().filter(q("is_active", false)).remove() == 2);
    CHECK(objects<User>().count() == 0);
  });
}

TEST_CASE("aio seed crud: does_not_exist, multiple_objects_returned and integrity_error are thrown at the co_await") {
  orm_fixture fx("aio_crud_errors");
  run_on_io([&]() -> net::awaitable<void> {
    co_await make_user("alice");
    co_await make_user("bob");
    bool missing = false, several = false, duplicate = false;
    try {
      co_await aio::objects<User>().get(q("id", 999));
    } catch (const does_not_exist& e) {
      missing = std::string(e.what()).find("no object matches the query (SELECT") != std::string::npos;
    }
    try {
      co_await aio::objects<User>().get_or_none(q("role", "user"));
    } catch (const multiple_objects_returned&) {
      several = true;
    }
    auto twin = test::user_named("alice");  // the email and username are unique
    try {
      co_await aio::create(twin);
    } catch (const integrity_error&) {
      duplicate = true;
    }
    CHECK(missing);
    CHECK(several);
    CHECK(duplicate);
    bool invalid = false;
    auto bad = test::user_named(std::string(101, 'x'));  // username max_length 100: not sent at all
    try {
      co_await aio::create(bad);
    } catch (const validation_error&) {
      invalid = true;
    }
    CHECK(invalid);
    CHECK(co_await aio::objects<User>().count() == 2);
  });
}

TEST_CASE("aio: every coroutine resumes on the io_context's thread, and the pool bounds the connections") {
  orm_fixture fx("aio_threads");
  auto counted = test::open_counted(fx.url, 1, 3);
  auto& db = *counted.db;
  auto io_thread = std::this_thread::get_id();
  std::atomic<int> statements_elsewhere = 0;
  // The statements run on worker threads (the hook says where), never on the io_context's.
  db.on_statement([&](std::string_view) { statements_elsewhere += std::this_thread::get_id() != io_thread; });
  net::io_context io;
  int done = 0, wrong_thread = 0;
  for (int i = 0; i < 20; ++i) {
    net::co_spawn(io, [&, i]() -> net::awaitable<void> {
      auto u = test::user_named("user" + std::to_string(i));
      co_await aio::create(u, db);
      wrong_thread += std::this_thread::get_id() != io_thread;
      auto back = co_await aio::objects<User>(db).get(q("id", u.id));
      wrong_thread += std::this_thread::get_id() != io_thread;
      done += back.username == u.username;
    }, net::detached);
  }
  io.run();
  CHECK(done == 20);
  CHECK(wrong_thread == 0);
  CHECK(statements_elsewhere == 40);
  // The 20 calls shared the pool's 3 connections, and no more were opened.
  CHECK(*counted.opened <= 3);
  CHECK(objects<User>().count() == 20);
}

TEST_CASE("SQLite: a :memory: database is one connection, the same for sync and aio calls, decimals included") {
  auto db = database::open("sqlite://:memory:");
  generate_schemas(*db);
  Category books;
  books.name = books.slug = "books";
  testudo::create(books, *db);  // sync
  run_on_io([&]() -> net::awaitable<void> {
    CHECK(co_await aio::objects<Category>(*db).count() == 1);  // the table and row the sync call made
    Product p;
    p.name = "SICP";
    p.price = decimal{"42.50"};
    p.category_id = books.id;
    co_await aio::create(p, *db);
    auto back = co_await aio::objects<Product>(*db).get(q("id", p.id));
    CHECK(back.price == decimal{"42.50"});
    CHECK(db->connections().size() == 1);
  });
  CHECK(objects<Product>(*db).get(q("name", "SICP")).price == decimal{"42.50"});  // sync sees aio's row
}

TEST_CASE("aio iteration: iterate() hands out every object in order, a chunk per SELECT, with awaited writes in the loop body") {
  orm_fixture fx("aio_iterate");
  std::vector<User> users;
  for (int i = 0; i < 2500; ++i) users.push_back(test::user_named(fmt::format("u{:04}", i)));
  bulk_create(users);
  fx.take_count();
  std::vector<std::string> seen;
  std::size_t limited = 0, in_scope = 0, loop_statements = 0;
  std::string rolled_back;
  run_on_io([&]() -> net::awaitable<void> {
    auto loop = aio::objects<User>().order_by({"-username"}).iterate();
    while (auto u = co_await loop.next()) {
      seen.push_back(u->username);
      if (seen.size() % 500 == 0) {  // the body awaits a write on the same database
        u->bio = "seen";
        co_await aio::save(*u);
      }
    }
    loop_statements = fx.take_count();
    auto first_1500 = aio::objects<User>().order_by({"id"}).limit(1500).iterate();
    while (co_await first_1500.next()) ++limited;
    try {
      co_await aio::atomic([&]() -> net::awaitable<void> {
        auto extra = test::user_named("in_scope");
        co_await aio::create(extra);
        auto all = aio::objects<User>().iterate();  // the scope's own uncommitted row too
        while (co_await all.next()) ++in_scope;
        throw std::runtime_error("roll back");
      });
    } catch (const std::runtime_error& e) {
      rolled_back = e.what();
    }
  });
  REQUIRE(seen.size() == 2500);
  CHECK(seen.front() == "u2499");
  CHECK(seen.back() == "u0000");
  CHECK(std::is_sorted(seen.rbegin(), seen.rend()));
  CHECK(loop_statements <= 5 + 3);  // the 5 saves, and chunks of 1,000 and 2,000 (and one that finds none)
  CHECK(objects<User>().filter(q("bio", "seen")).count() == 5);
  CHECK(limited == 1500);
  CHECK(in_scope == 2501);
  CHECK(rolled_back == "roll back");
  CHECK(objects<User>().count() == 2500);
}
