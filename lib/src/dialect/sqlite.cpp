// SQLite: decimals get NUMERIC affinity (Tortoise's VARCHAR(40) compares text) up to 15 digits,
// unless the DDL is for Tortoise's tables (column_types::tortoise); comments as /* */.
#include "dialect/dialects.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "testudo/errors.hpp"

namespace testudo::detail {

std::string sqlite_dialect::column_type(const column_def& column) const {
  // DECIMAL(m,d) has NUMERIC affinity: values compare and sort as numbers, unlike text. Wider than
  // a REAL keeps, they are Tortoise's text column, compared as numbers by the queries.
  if (column.field_type == "DecimalField" && !column.declared_type && types_ == column_types::testudo) {
    auto declared = column.db_field_types.value("", "NUMERIC");
    int digits = 0;
    std::sscanf(declared.c_str(), "DECIMAL(%d", &digits);
    return decimal_as_text(digits, {}) ? column.db_field_types.value("sqlite", "VARCHAR(40)") : declared;
  }
  return dialect::column_type(column);
}

std::string sqlite_dialect::generated_key(const column_def&) const {
  return "INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL";
}

std::string sqlite_dialect::column_comment(std::string_view text) const {
  std::string safe(text);
  for (std::size_t at; (at = safe.find("*/")) != std::string::npos;) safe.replace(at, 2, "*\\/");
  return fmt::format(" /* {} */", safe);
}

std::string sqlite_dialect::table_suffix(const table_def& table) const {
  return table.comment ? column_comment(*table.comment) : std::string();
}

std::vector<std::string> sqlite_dialect::alter_column(const table_def& table, const column_def& from, const column_def&) const {
  // capabilities() says no: the migration planner rebuilds the table instead.
  throw unsupported_error(fmt::format("SQLite cannot ALTER column {}.{}: the table must be rebuilt", table.name, from.name));
}

// Unique groups are unique indexes on SQLite, so migrations can add and drop them in place.
std::vector<std::string> sqlite_dialect::table_body_extras(const table_def&) const { return {}; }

std::vector<std::string> sqlite_dialect::after_table(const table_def& table, bool if_not_exists) const {
  auto out = dialect::after_table(table, if_not_exists);
  for (const auto& u : table.unique_together)
    out.push_back(fmt::format("CREATE UNIQUE INDEX {}{} ON {} ({})", if_not_exists ? "IF NOT EXISTS " : "",
                              quote(u.name), quote(table.name), quoted_list(u.columns)));
  return out;
}

// DROP TABLE with foreign keys on deletes (CASCADE) or blocks the rows pointing at the table. Run
// outside a transaction (sqlite3 by hand, Aerich's executescript) the PRAGMA turns them off; inside
// one it is ignored, and if they are on there, the CHECK fails before anything has changed.
std::vector<std::string> sqlite_dialect::rebuild_guard() const {
  const auto table = quote("_testudo_foreign_keys_off");
  const auto rule = quote(
      "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF "
      "outside a transaction first (testudo upgrade does)");
  return {"PRAGMA foreign_keys = OFF",
          fmt::format("CREATE TEMP TABLE {} (\"foreign_keys\" INT CONSTRAINT {} CHECK (\"foreign_keys\" = 0))", table, rule),
          fmt::format("INSERT INTO {} SELECT \"foreign_keys\" FROM pragma_foreign_keys", table),
          "DROP TABLE " + table};
}

std::string sqlite_dialect::add_unique(std::string_view table, const index_def& constraint) const {
  return create_index(table, {constraint.name, constraint.columns, true});
}

std::string sqlite_dialect::drop_unique(std::string_view table, const index_def& constraint) const {
  return drop_index(table, constraint);
}

}  // namespace testudo::detail
