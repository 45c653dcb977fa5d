// SQLite: decimals get NUMERIC affinity (Tortoise's VARCHAR(40) compares text) up to 15 digits,
// unless the DDL is for Tortoise's tables (column_types::tortoise); comments as /* */.
#include "dialect/dialects.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <fmt/ranges.h>

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

namespace {

struct stop_rule {
  std::string column;  // must hold 0 (or NULL)
  std::string error;   // the CHECK's name: SQLite fails with "CHECK constraint failed: <error>"
};

// A file cannot branch, but it can stop itself: a TEMP table with one CHECK per rule, and
// INSERTs of the values to check (stop_unless_zero).
std::string stop_table(const dialect& d, std::string_view table, const std::vector<stop_rule>& rules) {
  std::vector<std::string> columns;
  for (const auto& r : rules)
    columns.push_back(fmt::format("{0} INT CONSTRAINT {1} CHECK ({0} = 0)", d.quote(r.column), d.quote(r.error)));
  return fmt::format("CREATE TEMP TABLE {} ({})", d.quote(table), fmt::join(columns, ", "));
}

// `value`: "<expression> FROM <source>", one row.
std::string stop_unless_zero(const dialect& d, std::string_view table, std::string_view column, std::string_view value) {
  return fmt::format("INSERT INTO {} ({}) SELECT {}", d.quote(table), d.quote(column), value);
}

constexpr std::string_view broken_rows = "count(*) FROM pragma_foreign_key_check";

}  // namespace

// DROP TABLE with foreign keys on deletes (CASCADE) or blocks the rows pointing at the table. Run
// outside a transaction (sqlite3 by hand, Aerich's executescript) the PRAGMA turns them off, and
// `last` back on (the connection carries on: Aerich's next file, the app); inside one it is
// ignored, and if they are on there, the CHECK fails before anything has changed. With them off
// nothing stops rows pointing at no row: a database that has some is refused before any change (it
// could not pass testudo's foreign_key_check either), and rows this file broke fail it at its end
// (testudo's runner rolls back; executescript has committed, but the error is not silent).
rebuild_guard_sql sqlite_dialect::rebuild_guard() const {
  const std::string before = "_testudo_foreign_keys_off", after = "_testudo_foreign_key_check";
  const std::string enforced = "foreign_keys", broken = "broken_references";
  const stop_rule none_broken{broken, "rows point at no row (PRAGMA foreign_key_check lists them): fix them first"};
  const stop_rule enforcement_off{enforced, "foreign_keys must be OFF to rebuild a table that foreign keys point at: "
                                            "run PRAGMA foreign_keys = OFF outside a transaction first (testudo "
                                            "upgrade does)"};
  const stop_rule none_broken_after{broken, "this migration left rows that point at no row (PRAGMA "
                                            "foreign_key_check lists them)"};
  return {{stop_table(*this, before, {none_broken, enforcement_off}),
           stop_unless_zero(*this, before, broken, broken_rows),
           "PRAGMA foreign_keys = OFF",
           stop_unless_zero(*this, before, enforced, quote(enforced) + " FROM pragma_foreign_keys"),
           "DROP TABLE " + quote(before)},
          {"PRAGMA foreign_keys = ON",
           stop_table(*this, after, {none_broken_after}),
           stop_unless_zero(*this, after, broken, broken_rows),
           "DROP TABLE " + quote(after)}};
}

std::string sqlite_dialect::add_unique(std::string_view table, const index_def& constraint) const {
  return create_index(table, {constraint.name, constraint.columns, true});
}

std::string sqlite_dialect::drop_unique(std::string_view table, const index_def& constraint) const {
  return drop_index(table, constraint);
}

}  // namespace testudo::detail
