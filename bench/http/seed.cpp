// storefront_seed: the HTTP bench's data set, through the ORM so one program fills every backend.
//   storefront_seed --db URL [--users 10000] [--orders 100000]
// Creates missing tables, then replaces every order and user by `users` users (user<i>@example.com)
// and `orders` orders spread over them round robin, statuses in turn. Prints the users' id range.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <testudo/orm.hpp>

#include "storefront/models.hpp"

namespace {

using storefront::Order;
using storefront::User;

constexpr const char* statuses[] = {"pending", "paid", "shipped", "delivered", "cancelled"};

std::vector<std::int32_t> seed_users(int count) {
  std::vector<User> users(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto n = std::to_string(i);
    users[i].email = "user" + n + "@example.com";
    users[i].username = "user" + n;
    users[i].password_hash = std::string(64, 'h');
  }
  testudo::atomic([&] { testudo::bulk_create(users); });
  return testudo::objects<User>().order_by({"id"}).values_list(&User::id);
}

void seed_orders(int count, const std::vector<std::int32_t>& customers) {
  std::vector<Order> orders(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    orders[i].order_number = "ORD-" + std::to_string(i);
    orders[i].customer_id = customers[static_cast<std::size_t>(i) % customers.size()];
    orders[i].status = statuses[i / static_cast<int>(customers.size()) % 5];
    orders[i].total = testudo::decimal{std::to_string(1 + i % 500) + ".99"};
  }
  testudo::atomic([&] { testudo::bulk_create(orders); });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fills a storefront database for the HTTP bench (deletes its users and orders first)"};
  std::string url;
  int users = 10'000;
  int orders = 100'000;
  app.add_option("--db", url, "Database URL")->required();
  app.add_option("--users", users)->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--orders", orders)->check(CLI::NonNegativeNumber)->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    testudo::register_database("default", testudo::database::open(url));
    testudo::generate_schemas(testudo::get_database());
    testudo::objects<storefront::OrderLine>().remove();
    testudo::objects<Order>().remove();
    testudo::objects<User>().remove();
    auto ids = seed_users(users);
    seed_orders(orders, ids);
    // The ids, for the bench to ask for existing users (sequences go on counting after a delete).
    std::printf("seeded %d users (ids %d..%d), %d orders\n", users, ids.front(), ids.back(), orders);
    testudo::close_databases();
  } catch (const testudo::base_orm_error& e) {
    std::fprintf(stderr, "storefront_seed: %s\n", e.what());
    return 1;
  }
}
