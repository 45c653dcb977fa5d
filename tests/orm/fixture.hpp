// ORM test support: a fresh database with the storefront schema, registered as the default, and
// a count of the statements the ORM sends to it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storefront/models.hpp"
#include "support/backend.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/orm.hpp"

namespace testudo::test {

struct orm_fixture {
  // A database of its own called `name` (emptied) with every storefront table created, by
  // testudo's DDL or, with column_types::tortoise, as Tortoise creates them.
  explicit orm_fixture(std::string_view name, column_types types = column_types::testudo);
  ~orm_fixture();

  std::string url;
  std::shared_ptr<database> db;
  std::vector<std::string> statements;  // every SQL statement the ORM ran, in order
  std::mutex statements_mutex;          // the hook runs on each thread that runs a statement

  // Statements run since the last call (and forgets them).
  std::size_t take_count();
};

// A user with the fields every insert needs: `name`, name@example.com, a placeholder hash.
storefront::User user_named(std::string name);

// The prefetched lines of `order` as (product name, quantity), sorted: the seed's
// "{line.product.name} x{line.quantity}". A line without its product reads "(no product)".
using product_lines = std::vector<std::pair<std::string, std::int32_t>>;
product_lines lines_of(const result_set<storefront::Order>& orders, const storefront::Order& order);

}  // namespace testudo::test
