#include "orm/fixture.hpp"

#include <algorithm>

#include "testudo/model/describe.hpp"
#include "testudo/schema/ddl.hpp"

namespace testudo::test {

orm_fixture::orm_fixture(std::string_view name, column_types types)
    : url(fresh_database(name)), db(database::open(url)) {
  close_databases();
  register_database("default", db);
  disconnect_all_signals();
  if (types == column_types::testudo) {
    generate_schemas(*db, false);
  } else {
    database::lease conn(*db);
    for (const auto& s : create_schema(describe_models(registered_models()), dialect_for(db->sql_dialect().kind(), types)))
      conn->execute(s);
  }
  db->on_statement([this](std::string_view sql) {
    std::lock_guard guard(statements_mutex);
    statements.emplace_back(sql);
  });
}

orm_fixture::~orm_fixture() {
  db->on_statement(nullptr);
  close_databases();
}

std::size_t orm_fixture::take_count() {
  std::lock_guard guard(statements_mutex);
  auto n = statements.size();
  statements.clear();
  return n;
}

product_lines lines_of(const result_set<storefront::Order>& orders, const storefront::Order& order) {
  product_lines out;
  for (const storefront::OrderLine& line : orders.many<storefront::OrderLine>(order, "lines")) {
    const auto* product = orders.one<storefront::Product>(line, "product");
    bool right = product && product->id == line.product_id;
    out.emplace_back(right ? product->name : "(no product)", line.quantity);
  }
  std::sort(out.begin(), out.end());
  return out;
}

storefront::User user_named(std::string name) {
  storefront::User u;
  u.email = name + "@example.com";
  u.username = std::move(name);
  u.password_hash = "x";
  return u;
}

}  // namespace testudo::test
