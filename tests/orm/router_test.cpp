// Routers (Tortoise's `routers`): reads to a replica, writes to the primary, read-your-writes in
// atomic(), using_db() over the router. The "replica" here is a second database with the same
// schema that nothing replicates to, so which one answered shows in what a read finds.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "orm/fixture.hpp"
#include "support/backend.hpp"
#include "testudo/migrate/config.hpp"

using namespace testudo;
using test::orm_fixture;
using test::user_named;
using storefront::Order;
using storefront::User;

namespace {

// A database of its own called `name` with the storefront tables.
std::shared_ptr<database> empty_copy(std::string_view name) {
  auto db = database::open(test::fresh_database(name));
  generate_schemas(*db, false);
  return db;
}

// A primary called `name` and its "replica" (ctest runs test cases in parallel: names differ).
struct routed : orm_fixture {
  explicit routed(const std::string& name) : orm_fixture(name), replica(empty_copy(name + "_replica")) {
    set_router(replica_router(db, {replica}));
  }
  std::int64_t users_on(database& where) { return objects<User>(where).count(); }
  std::shared_ptr<database> replica;
};

// Opens the databases of a testudo.toml as users write it (its parsing and errors:
// tests/unit/config_test.cpp): connection `primary` is the fixture's database, `replica` a second
// one with the same tables that replicates it, and app "models" writes to `primary`.
void open_from_config(const orm_fixture& fx, const std::string& name, const std::string& primary,
                      const std::string& replica) {
  auto replica_url = test::fresh_database(name + "_replica");
  generate_schemas(*database::open(replica_url), false);
  auto dir = std::filesystem::path(TESTUDO_TEST_SCRATCH) / (name + "_" + std::string(backend_name(test::current_backend())));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "testudo.toml") << "[connections]\n" << primary << " = \"" << fx.url << "\"\n" << replica << " = \""
                                      << replica_url << "\"\n\n[apps.models]\nmodels = \"shop_models.so\"\n"
                                      << "default_connection = \"" << primary << "\"\n\n[replicas]\n" << primary
                                      << " = [\"" << replica << "\"]\n";
  close_databases();
  open_databases(load_config({}, dir.string()));
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST_CASE("routers: writes go to the primary, reads to the replica") {
  routed fx("routing_writes");
  auto alice = create(user_named("alice"));
  CHECK(fx.users_on(*fx.db) == 1);
  CHECK(fx.users_on(*fx.replica) == 0);

  CHECK_FALSE(get_or_none<User>(q("id", alice.id)).has_value());  // the replica has no such row
  CHECK(objects<User>().count() == 0);
  CHECK(objects<User>().filter(q("username", "alice")).update({{"role", "admin"}}) == 1);
  CHECK(get<User>(q("id", alice.id), *fx.db).role == "admin");

  Order order;
  order.order_number = "R-1";
  order.customer_id = alice.id;
  create(order);
  CHECK(related<Order>(alice, "orders").count() == 0);                // read: the replica
  CHECK(related<Order>(alice, "orders").remove() == 1);               // write: the primary
  CHECK(related<Order>(alice, "orders", *fx.db).count() == 0);

  remove(alice);
  CHECK(fx.users_on(*fx.db) == 0);
}

TEST_CASE("routers: inside atomic() every read goes to the primary, so a transaction sees its own writes") {
  routed fx("routing_atomic");
  atomic([&] {
    auto bob = create(user_named("bob"));
    auto found = get_or_none<User>(q("id", bob.id));
    REQUIRE(found.has_value());
    CHECK(found->username == "bob");
    CHECK(objects<User>().count() == 1);
    CHECK(objects<User>().select_for_update().all().size() == 1);
  });
  CHECK(objects<User>().count() == 0);  // after COMMIT reads go back to the replica
  CHECK(fx.users_on(*fx.db) == 1);
}

TEST_CASE("routers: using_db() and an explicit database win over the router, no router, the default serves all") {
  routed fx("routing_using_db");
  create(user_named("carol"), *fx.replica);
  CHECK(fx.users_on(*fx.db) == 0);
  CHECK(objects<User>().count() == 1);
  CHECK(objects<User>().using_db(*fx.db).count() == 0);
  CHECK_FALSE(get_or_none<User>(q("username", "carol"), *fx.db).has_value());

  set_router(nullptr);
  CHECK(objects<User>().count() == 0);  // the default: the primary
  create(user_named("dave"));
  CHECK(fx.users_on(*fx.db) == 1);
  CHECK(fx.users_on(*fx.replica) == 1);
}

TEST_CASE("routers: a custom router picks per model, and nullptr falls back to the default") {
  routed fx("routing_custom");
  struct users_elsewhere final : router {
    explicit users_elsewhere(database& other) : other_(other) {}
    database* db_for_read(const model_meta& m) override { return m.table == "users" ? &other_ : nullptr; }
    database* db_for_write(const model_meta& m) override { return db_for_read(m); }
    database& other_;
  };
  set_router(std::make_shared<users_elsewhere>(*fx.replica));
  auto erin = create(user_named("erin"));
  CHECK(fx.users_on(*fx.replica) == 1);
  CHECK(fx.users_on(*fx.db) == 0);
  CHECK(get<User>(q("id", erin.id)).username == "erin");
  CHECK(objects<Order>().count() == 0);  // not routed: the default
}

TEST_CASE("routers from the config file: an app's connection takes its writes, that connection's [replicas] its reads") {
  orm_fixture fx("routing_config");
  open_from_config(fx, "routing_config", "primary", "replica");
  auto& primary = get_database("primary");
  auto& replica = get_database("replica");

  auto alice = create(user_named("alice"));
  CHECK(objects<User>(primary).count() == 1);
  CHECK(objects<User>(replica).count() == 0);
  CHECK_FALSE(get_or_none<User>(q("id", alice.id)).has_value());  // a read: the replica
  atomic(primary, [&] { CHECK(objects<User>().count() == 1); });  // read-your-writes
  CHECK(objects<User>().filter(q("id", alice.id)).update({{"role", "admin"}}) == 1);
  CHECK(get<User>(q("id", alice.id), primary).role == "admin");
  close_databases();
}

TEST_CASE("routers from the config file: without a connection called default, the default is the apps' primary, never a replica") {
  orm_fixture fx("routing_no_default");
  // "a_reader" sorts before "writer": registered first, it would have become the default database.
  open_from_config(fx, "routing_no_default", "writer", "a_reader");
  CHECK(&get_database() == &get_database("writer"));
  atomic([] { create(user_named("dora")); });  // atomic() without a database: the default
  CHECK(objects<User>(get_database("writer")).count() == 1);
  CHECK(objects<User>(get_database("a_reader")).count() == 0);
  close_databases();
}
