// The parts of SQL that the three dialects share; each dialect overrides what it spells differently.
#include "testudo/dialect/dialect.hpp"

#include <fmt/format.h>

#include "dialect/dialects.hpp"
#include "testudo/errors.hpp"
#include "util/inputs.hpp"

namespace testudo {

std::string dialect::reported_type(std::string declared) const { return detail::upper_outside_quotes(declared); }

void dialect::check_name(std::string_view identifier) const {
  if (identifier.find('\0') != std::string_view::npos)
    throw configuration_error(fmt::format("the name '{}' contains a NUL character; rename it", identifier.substr(0, identifier.find('\0'))));
  if (max_name_length() != 0 && name_length(identifier) > max_name_length())
    throw configuration_error(fmt::format("the name '{}' is longer than {} allows ({} at most; it would be cut short "
                                          "or refused): give it a shorter table, db_column or through name",
                                          identifier, name(), max_name_length()));
}

std::string dialect::quote(std::string_view identifier) const {
  check_name(identifier);
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string dialect::string_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

namespace {

// The inside of '…' with '' read as one quote and, when `backslash_escapes`, MySQL's \x escapes.
std::optional<std::string> unquote(std::string_view literal, bool backslash_escapes) {
  if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return std::nullopt;
  std::string out;
  auto inside = literal.substr(1, literal.size() - 2);
  for (std::size_t i = 0; i < inside.size(); ++i) {
    char c = inside[i];
    if (c == '\'' || (c == '\\' && backslash_escapes)) {
      if (++i == inside.size() || (c == '\'' && inside[i] != '\'')) return std::nullopt;  // a quote ends it early
      static constexpr std::string_view from = "0nrtZ", to{"\0\n\r\t\x1a", 5};
      auto at = c == '\\' ? from.find(inside[i]) : std::string_view::npos;
      c = at == std::string_view::npos ? inside[i] : to[at];
    }
    out += c;
  }
  return out;
}

}  // namespace

std::optional<std::string> dialect::read_string_literal(std::string_view literal) const {
  return unquote(literal, backslash_escapes());
}

std::string dialect::column_type(const column_def& column) const {
  if (column.declared_type) return *column.declared_type;
  const auto& types = column.db_field_types;
  if (auto it = types.find(std::string(name())); it != types.end()) return it->get<std::string>();
  if (auto it = types.find(""); it != types.end()) return it->get<std::string>();
  throw configuration_error(fmt::format("column '{}' ({}) has no SQL type in its description", column.name, column.field_type));
}

std::string dialect::quoted_list(const std::vector<std::string>& names) const {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + quote(n);
  return out;
}

std::string dialect::now_default(const column_def&) const { return "CURRENT_TIMESTAMP"; }

namespace {

// [-]digits[.digits]: text that reads as the same number in every dialect ("1--" would not: the
// rest of its line would become a comment).
bool plain_number(std::string_view text) {
  if (text.starts_with('-')) text.remove_prefix(1);
  auto point = text.find('.');
  auto whole = text.substr(0, point), fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  auto digits = [](std::string_view part) { return part.find_first_not_of("0123456789") == std::string_view::npos; };
  return !whole.empty() && digits(whole) && digits(fraction) && (point == std::string_view::npos || !fraction.empty());
}

}  // namespace

std::string dialect::literal(const column_def& column, const value& v) const {
  if (auto* b = std::get_if<bool>(&v)) return *b ? "1" : "0";
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return format_double(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    // A decimal default is described as text ("1.50"): write it as a number if it is one.
    return column.field_type == "DecimalField" && plain_number(*s) ? *s : string_literal(*s);
  }
  return {};
}

std::string dialect::default_expression(const column_def& column) const {
  if (column.db_default) return *column.db_default;
  if (column.auto_now || column.auto_now_add) return now_default(column);
  // Tortoise writes no DEFAULT for these types (MySQL cannot have one on TEXT/JSON/BLOB).
  for (auto type : {"UUIDField", "TextField", "JSONField", "BinaryField"})
    if (column.field_type == type) return {};
  if (!column.default_value) return {};
  return literal(column, *column.default_value);
}

std::string dialect::zero_value(const column_def& column) const {
  // Constants every dialect reads as a value of the column's type (PostgreSQL casts the quoted
  // text to UUID, JSONB, DATE, TIMETZ; '' is no UUID).
  const auto& t = column.field_type;
  if (t == "BooleanField") return literal(column, value{false});
  if (t == "CharField" || t == "TextField" || t == "CharEnumFieldInstance" || t == "BinaryField") return "''";
  if (t == "UUIDField") return "'00000000-0000-0000-0000-000000000000'";
  if (t == "JSONField") return "'{}'";
  if (t == "DatetimeField") return now_default(column_def{});  // no ON UPDATE part
  if (t == "DateField") return "'1970-01-01'";
  if (t == "TimeField") return "'00:00:00'";
  return "0";  // every number kind, TimeDeltaField (microseconds) and IntEnumFieldInstance included
}

bool dialect::same_definition(const column_def& a, const column_def& b) const {
  return column_type(a) == column_type(b) && a.nullable == b.nullable && a.generated == b.generated &&
         default_expression(a) == default_expression(b) && a.comment == b.comment;
}

std::string dialect::references(const foreign_key_def& fk) const {
  return fmt::format("CONSTRAINT {} REFERENCES {} ({}) ON DELETE {}", quote(fk.name), quote(fk.ref_table),
                     quote(fk.ref_column), fk.on_delete);
}

std::string dialect::column_sql(const table_def& table, const column_def& column, column_parts parts) const {
  std::string out = quote(column.name) + " ";
  if (column.generated) {
    out += generated_key(column);
  } else {
    out += column_type(column);
    if (!column.nullable) out += " NOT NULL";
    if (column.unique && parts.unique) out += " UNIQUE";
    if (column.primary_key) out += " PRIMARY KEY";
    if (auto def = default_expression(column); !def.empty()) out += " DEFAULT " + def;
  }
  if (inline_foreign_keys() && parts.references)
    for (const auto& fk : table.foreign_keys)
      if (fk.column == column.name) out += " " + references(fk);
  if (column.comment) out += column_comment(*column.comment);
  return out;
}

std::vector<std::string> dialect::table_body_extras(const table_def& table) const {
  std::vector<std::string> out;
  for (const auto& u : table.unique_together)
    out.push_back(fmt::format("CONSTRAINT {} UNIQUE ({})", quote(u.name), quoted_list(u.columns)));
  return out;
}

std::vector<std::string> dialect::after_table(const table_def& table, bool if_not_exists) const {
  std::vector<std::string> out;
  for (const auto& ix : table.indexes)
    out.push_back(fmt::format("CREATE {}INDEX {}{} ON {} ({})", ix.unique ? "UNIQUE " : "",
                              if_not_exists ? "IF NOT EXISTS " : "", quote(ix.name), quote(table.name),
                              quoted_list(ix.columns)));
  return out;
}

std::string dialect::create_table_statement(const table_def& table, bool if_not_exists) const {
  std::vector<std::string> entries;
  for (const auto& c : table.columns) entries.push_back(column_sql(table, c));
  for (auto& extra : table_body_extras(table)) entries.push_back(std::move(extra));
  return fmt::format("CREATE TABLE {}{} (\n    {}\n){}", if_not_exists ? "IF NOT EXISTS " : "", quote(table.name),
                     fmt::join(entries, ",\n    "), table_suffix(table));
}

std::vector<std::string> dialect::create_table(const table_def& table, bool if_not_exists) const {
  std::vector<std::string> out{create_table_statement(table, if_not_exists)};
  for (auto& s : after_table(table, if_not_exists)) out.push_back(std::move(s));
  return out;
}

std::string dialect::drop_table(std::string_view table) const { return "DROP TABLE " + quote(table); }

std::string dialect::rename_table(std::string_view from, std::string_view to) const {
  return fmt::format("ALTER TABLE {} RENAME TO {}", quote(from), quote(to));
}

std::vector<std::string> dialect::add_column(const table_def& table, const column_def& column) const {
  return {fmt::format("ALTER TABLE {} ADD COLUMN {}", quote(table.name),
                      column_sql(table, column, {.unique = true, .references = false}))};
}

std::string dialect::drop_column(std::string_view table, std::string_view column) const {
  return fmt::format("ALTER TABLE {} DROP COLUMN {}", quote(table), quote(column));
}

std::string dialect::rename_column(std::string_view table, std::string_view from, std::string_view to) const {
  return fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", quote(table), quote(from), quote(to));
}

std::string dialect::create_index(std::string_view table, const index_def& index) const {
  return fmt::format("CREATE {}INDEX {} ON {} ({})", index.unique ? "UNIQUE " : "", quote(index.name), quote(table),
                     quoted_list(index.columns));
}

std::string dialect::drop_index(std::string_view, const index_def& index) const { return "DROP INDEX " + quote(index.name); }

std::string dialect::add_unique(std::string_view table, const index_def& constraint) const {
  return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})", quote(table), quote(constraint.name),
                     quoted_list(constraint.columns));
}

std::string dialect::drop_unique(std::string_view table, const index_def& constraint) const {
  return fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", quote(table), quote(constraint.name));
}

std::string dialect::add_foreign_key(std::string_view table, const foreign_key_def& fk) const {
  return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {}", quote(table),
                     quote(fk.name), quote(fk.column), quote(fk.ref_table), quote(fk.ref_column), fk.on_delete);
}

std::vector<std::string> dialect::drop_foreign_key(std::string_view table, const foreign_key_def& fk) const {
  return {fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", quote(table), quote(fk.name))};
}

std::vector<std::string> dialect::drop_key_index(std::string_view table, const foreign_key_def& fk) const {
  return {drop_index(table, {fk.name, {fk.column}, false})};
}

const dialect& dialect_for(backend kind, column_types types) {
  static const detail::sqlite_dialect sqlite;
  static const detail::sqlite_dialect sqlite_tortoise(column_types::tortoise);
  static const detail::postgres_dialect postgres;
  static const detail::mysql_dialect mysql;
  switch (kind) {
    case backend::sqlite: return types == column_types::tortoise ? sqlite_tortoise : sqlite;
    case backend::postgres: return postgres;
    case backend::mysql: return mysql;
  }
  return sqlite;
}

}  // namespace testudo
