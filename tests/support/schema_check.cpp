#include "support/schema_check.hpp"

#include <doctest/doctest.h>

#include <cctype>

#include "testudo/dialect/dialect.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string reported_type(backend kind, std::string declared) {
  declared = upper(declared);
  if (kind == backend::postgres) {
    static const std::pair<const char*, const char*> pg[] = {
        {"INT", "INTEGER"}, {"BOOL", "BOOLEAN"}, {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"},
        {"TIMETZ", "TIME WITH TIME ZONE"}, {"DOUBLE PRECISION", "DOUBLE PRECISION"}};
    for (auto [from, to] : pg)
      if (declared == from) return to;
    if (declared.starts_with("VARCHAR(")) return "CHARACTER VARYING" + declared.substr(7);
    if (declared.starts_with("DECIMAL(")) return "NUMERIC" + declared.substr(7);
    if (declared.starts_with("CHAR(")) return "CHARACTER" + declared.substr(4);
  }
  if (kind == backend::mysql) {
    static const std::pair<const char*, const char*> my[] = {
        {"INT", "INT(11)"}, {"SMALLINT", "SMALLINT(6)"}, {"BIGINT", "BIGINT(20)"}, {"BOOL", "TINYINT(1)"},
        {"JSON", "LONGTEXT"}};  // MariaDB's JSON is LONGTEXT with a json_valid CHECK
    for (auto [from, to] : my)
      if (declared == from) return to;
  }
  return declared;
}

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
    if (!want.generated) CHECK(got->type == reported_type(conn.kind(), d.column_type(want)));
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
