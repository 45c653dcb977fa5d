#include "orm/fixture.hpp"

namespace testudo::test {

orm_fixture::orm_fixture(std::string_view name) : db(database::open(fresh_database(name))) {
  close_databases();
  register_database("default", db);
  disconnect_all_signals();
  generate_schemas(*db, false);
  db->on_statement([this](std::string_view sql) { statements.emplace_back(sql); });
}

orm_fixture::~orm_fixture() {
  db->on_statement(nullptr);
  close_databases();
}

std::size_t orm_fixture::take_count() {
  auto n = statements.size();
  statements.clear();
  return n;
}

}  // namespace testudo::test
