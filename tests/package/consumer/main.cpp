// Uses the public API end to end as an application would: a model, its schema, the ORM, a
// transaction and a raw connection.
#include <cstdio>
#include <testudo/db/connection.hpp>

#include "tag_model.hpp"

int main() {
  using namespace testudo;
  register_database("default", database::open("sqlite://:memory:"));
  generate_schemas(get_database());
  atomic([] {
    Tag python;
    python.name = "python";
    create(python);
  });
  auto [tag, created] = get_or_create<Tag>({{"name", "python"}});
  if (created || tag.id != 1) return 1;
  if (objects<Tag>().filter(col(&Tag::name).istartswith("PY")).count() != 1) return 1;
  database::lease conn(get_database());
  auto rows = conn->query("SELECT name FROM tags");
  if (!rows->next() || rows->get_text(0) != "python") return 1;
  std::puts("consumer OK");
  return 0;
}
