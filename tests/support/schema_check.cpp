#include "support/schema_check.hpp"

#include <doctest/doctest.h>

#include "testudo/dialect/dialect.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {

void check_table(connection& conn, const table_def& expected) {
  CAPTURE(expected.name);
  auto actual = introspect_table(conn, expected.name);
  const auto& d = dialect_for(conn.kind());
  REQUIRE(actual.columns.size() == expected.columns.size());
  for (const auto& want : expected.columns) {
    CAPTURE(want.name);
    const auto* got = actual.column(want.name);
    REQUIRE(got != nullptr);
    CHECK(got->nullable == want.nullable);
    CHECK(got->primary_key == want.primary_key);
    CHECK(got->auto_increment == want.generated);
    if (!want.generated) CHECK(got->type == d.reported_type(d.column_type(want)));
    if (!want.generated)  // a PostgreSQL serial has nextval() as its default
      CHECK(got->default_value.has_value() == !d.default_expression(want).empty());
    if (want.unique) {
      const auto* ix = actual.index_on({want.name});
      REQUIRE(ix != nullptr);
      CHECK(ix->unique);
    }
    if (conn.kind() != backend::sqlite) CHECK(got->comment == want.comment);
  }
  for (const auto& want : expected.indexes) {
    const auto* ix = actual.index_on(want.columns);
    REQUIRE(ix != nullptr);
    CHECK(ix->name == want.name);
    CHECK(ix->unique == want.unique);
  }
  for (const auto& want : expected.unique_together) {
    const auto* ix = actual.index_on(want.columns);
    REQUIRE(ix != nullptr);
    CHECK(ix->unique);
  }
  CHECK(actual.foreign_keys.size() == expected.foreign_keys.size());
  for (const auto& want : expected.foreign_keys) {
    const auto* fk = actual.foreign_key_on({want.column});
    REQUIRE(fk != nullptr);
    CHECK(fk->name == want.name);
    CHECK(fk->ref_table == want.ref_table);
    CHECK(fk->ref_columns == std::vector<std::string>{want.ref_column});
    CHECK(fk->on_delete == want.on_delete);
  }
  if (conn.kind() != backend::sqlite) CHECK(actual.comment == expected.comment);
}

}  // namespace testudo::test
