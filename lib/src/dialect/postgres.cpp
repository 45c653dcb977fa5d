// PostgreSQL: SERIAL keys, TRUE/FALSE literals, comments as COMMENT ON statements.
#include "dialect/dialects.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <optional>

namespace testudo::detail {

// A longer VARCHAR, or VARCHAR to TEXT, is binary coercible: only the catalog changes.
bool postgres_dialect::type_change_rewrites(std::string_view from, std::string_view to) const {
  auto was = dialect::reported_type(std::string(from)), now = dialect::reported_type(std::string(to));
  auto length = [](const std::string& type) -> std::optional<long> {
    if (!type.starts_with("VARCHAR(")) return std::nullopt;
    return std::strtol(type.c_str() + 8, nullptr, 10);
  };
  auto old_length = length(was);
  if (!old_length) return true;
  if (now == "TEXT") return false;
  auto new_length = length(now);
  return !new_length || *new_length < *old_length;
}

// format_type() spells out the SQL standard names.
std::string postgres_dialect::reported_type(std::string declared) const {
  declared = dialect::reported_type(std::move(declared));
  static const std::pair<std::string_view, std::string_view> same[] = {
      {"INT", "INTEGER"}, {"BOOL", "BOOLEAN"}, {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"},
      {"TIMETZ", "TIME WITH TIME ZONE"}};
  for (auto [from, to] : same)
    if (declared == from) return std::string(to);
  static const std::pair<std::string_view, std::string_view> prefixes[] = {
      {"VARCHAR(", "CHARACTER VARYING("}, {"DECIMAL(", "NUMERIC("}, {"CHAR(", "CHARACTER("}};
  for (auto [from, to] : prefixes)
    if (declared.starts_with(from)) return std::string(to) + declared.substr(from.size());
  return declared;
}

std::string postgres_dialect::generated_key(const column_def& column) const {
  if (column.field_type == "BigIntField") return "BIGSERIAL NOT NULL PRIMARY KEY";
  if (column.field_type == "SmallIntField") return "SMALLSERIAL NOT NULL PRIMARY KEY";
  return "SERIAL NOT NULL PRIMARY KEY";
}

std::string postgres_dialect::literal(const column_def& column, const value& v) const {
  if (auto* b = std::get_if<bool>(&v)) return *b ? "TRUE" : "FALSE";
  return dialect::literal(column, v);
}

std::vector<std::string> postgres_dialect::after_table(const table_def& table, bool if_not_exists) const {
  auto out = dialect::after_table(table, if_not_exists);
  if (table.comment)
    out.push_back(fmt::format("COMMENT ON TABLE {} IS {}", quote(table.name), string_literal(*table.comment)));
  for (const auto& c : table.columns)
    if (c.comment) out.push_back(comment_column(table.name, c));
  return out;
}

std::string postgres_dialect::comment_column(std::string_view table, const column_def& column) const {
  return fmt::format("COMMENT ON COLUMN {}.{} IS {}", quote(table), quote(column.name),
                     column.comment ? string_literal(*column.comment) : "NULL");
}

std::vector<std::string> postgres_dialect::add_column(const table_def& table, const column_def& column) const {
  auto out = dialect::add_column(table, column);
  if (column.comment) out.push_back(comment_column(table.name, column));
  return out;
}

namespace {

// DO <body> in dollar quotes whose tag the body does not contain: names inside it (written as
// string literals) may hold any text, "$testudo$" included.
std::string do_block(std::string_view body) {
  std::string tag = "$testudo$";
  for (int n = 1; body.find(tag) != std::string_view::npos; ++n) tag = fmt::format("$testudo{}$", n);
  return fmt::format("DO {}\n{}\n{}", tag, body, tag);
}

// Constraints whose name the server chose keep it when their table or column is renamed.
enum class constraint_kind : char { unique = 'u', foreign_key = 'f' };

// DROP CONSTRAINT for the one-column constraint of `kind` on `column`, whatever its name
// (`usual_name` first when there are several).
std::string drop_column_constraint(const dialect& d, std::string_view table, std::string_view column,
                                   constraint_kind kind, std::string_view usual_name) {
  auto what = kind == constraint_kind::unique ? "unique constraint" : "foreign key";
  return do_block(fmt::format(
      "DECLARE\n"
      "  constraint_name text;\n"
      "BEGIN\n"
      "  SELECT c.conname INTO constraint_name FROM pg_constraint c\n"
      "    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]\n"
      "   WHERE c.conrelid = {}::regclass AND c.contype = '{}' AND cardinality(c.conkey) = 1 AND a.attname = {}\n"
      "   ORDER BY c.conname = {} DESC, c.conname LIMIT 1;\n"
      "  IF constraint_name IS NULL THEN\n"
      "    RAISE EXCEPTION 'table % has no {} on column %', {}, {};\n"
      "  END IF;\n"
      "  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', {}, constraint_name);\n"
      "END",
      d.string_literal(d.quote(table)), static_cast<char>(kind), d.string_literal(column), d.string_literal(usual_name),
      what, d.string_literal(table), d.string_literal(column), d.string_literal(table)));
}

}  // namespace

std::vector<std::string> postgres_dialect::alter_column(const table_def& table, const column_def& from,
                                                       const column_def& to) const {
  std::vector<std::string> out;
  auto prefix = fmt::format("ALTER TABLE {} ALTER COLUMN {} ", quote(table.name), quote(to.name));
  if (auto type = column_type(to); type != column_type(from)) {
    out.push_back(prefix + fmt::format("TYPE {} USING {}::{}", type, quote(to.name), type));
    if (to.generated)  // the serial's sequence has a type of its own (INTEGER stops at 2^31-1)
      out.push_back(do_block(fmt::format("BEGIN\n  EXECUTE format('ALTER SEQUENCE %s AS {}', "
                                         "pg_get_serial_sequence({}, {}));\nEND",
                                         type, string_literal(quote(table.name)), string_literal(to.name))));
  }
  if (from.nullable != to.nullable) out.push_back(prefix + (to.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
  if (auto def = default_expression(to); def != default_expression(from))
    out.push_back(prefix + (def.empty() ? "DROP DEFAULT" : "SET DEFAULT " + def));
  // An inline UNIQUE gets PostgreSQL's own name, <table>_<column>_key, and keeps it when the table
  // or the column is renamed: dropping it looks the name up by column.
  auto unique_name = fmt::format("{}_{}_key", table.name, to.name);
  if (from.unique != to.unique)
    out.push_back(to.unique ? fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})", quote(table.name),
                                          quote(unique_name), quote(to.name))
                            : drop_column_constraint(*this, table.name, to.name, constraint_kind::unique, unique_name));
  if (from.comment != to.comment) out.push_back(comment_column(table.name, to));
  return out;
}

// Tortoise writes inline REFERENCES without a name, so PostgreSQL names the key
// <table>_<column>_fkey: the key is found by its column.
std::vector<std::string> postgres_dialect::drop_foreign_key(std::string_view table, const foreign_key_def& fk) const {
  return {drop_column_constraint(*this, table, fk.column, constraint_kind::foreign_key, fk.name)};
}

std::vector<std::string> postgres_dialect::comment_table(const table_def& table) const {
  return {fmt::format("COMMENT ON TABLE {} IS {}", quote(table.name), table.comment ? string_literal(*table.comment) : "NULL")};
}

}  // namespace testudo::detail
