// Uses the public API end to end: a model, its schema, a connection, a transaction, a query.
#include <cstdio>
#include <testudo/db/connection.hpp>
#include <testudo/db/transaction.hpp>
#include <testudo/model/describe.hpp>
#include <testudo/model/model.hpp>
#include <testudo/schema/ddl.hpp>

struct Tag {
  std::int32_t id{};
  std::string name;
};
TESTUDO_MODEL(Tag, "tags", pk("id", &Tag::id), char_field("name", &Tag::name, 50).unique());

int main() {
  auto db = testudo::connect("sqlite://:memory:");
  auto snapshot = testudo::describe_models(testudo::registered_models());
  for (const auto& statement : testudo::create_schema(snapshot, testudo::dialect_for(db->kind()))) db->execute(statement);
  testudo::in_transaction(*db, [](testudo::connection& c) {
    c.execute("INSERT INTO tags (name) VALUES (?)", {testudo::value{std::string("python")}});
  });
  auto rows = db->query("SELECT name FROM tags");
  if (!rows->next() || rows->get_text(0) != "python") return 1;
  std::puts("consumer OK");
  return 0;
}
