// The parts of SQL that the three dialects share; each dialect overrides what it spells differently.
#include "testudo/dialect/dialect.hpp"

#include <fmt/format.h>

#include "dialect/dialects.hpp"
#include "testudo/errors.hpp"

namespace testudo {

std::string dialect::quote(std::string_view identifier) const {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string dialect::string_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string dialect::column_type(const column_def& column) const {
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

std::string dialect::literal(const column_def& column, const value& v) const {
  if (auto* b = std::get_if<bool>(&v)) return *b ? "1" : "0";
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return format_double(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    // A decimal default is described as text ("1.50"): write it as a number if it is one.
    bool numeric = column.field_type == "DecimalField" && !s->empty() &&
                   s->find_first_not_of("0123456789.-+eE") == std::string::npos;
    return numeric ? *s : string_literal(*s);
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

std::string dialect::references(const foreign_key_def& fk) const {
  return fmt::format("CONSTRAINT {} REFERENCES {} ({}) ON DELETE {}", quote(fk.name), quote(fk.ref_table),
                     quote(fk.ref_column), fk.on_delete);
}

std::string dialect::column_sql(const table_def& table, const column_def& column) const {
  std::string out = quote(column.name) + " ";
  if (column.generated) {
    out += generated_key(column);
  } else {
    out += column_type(column);
    if (!column.nullable) out += " NOT NULL";
    if (column.unique) out += " UNIQUE";
    if (column.primary_key) out += " PRIMARY KEY";
    if (auto def = default_expression(column); !def.empty()) out += " DEFAULT " + def;
  }
  if (inline_foreign_keys())
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

std::vector<std::string> dialect::create_table(const table_def& table, bool if_not_exists) const {
  std::vector<std::string> entries;
  for (const auto& c : table.columns) entries.push_back(column_sql(table, c));
  for (auto& extra : table_body_extras(table)) entries.push_back(std::move(extra));
  std::vector<std::string> out{fmt::format("CREATE TABLE {}{} (\n    {}\n){}", if_not_exists ? "IF NOT EXISTS " : "",
                                           quote(table.name), fmt::join(entries, ",\n    "), table_suffix(table))};
  for (auto& s : after_table(table, if_not_exists)) out.push_back(std::move(s));
  return out;
}

std::string dialect::drop_table(std::string_view table) const { return "DROP TABLE " + quote(table); }

const dialect& dialect_for(backend kind) {
  static const detail::sqlite_dialect sqlite;
  static const detail::postgres_dialect postgres;
  static const detail::mysql_dialect mysql;
  switch (kind) {
    case backend::sqlite: return sqlite;
    case backend::postgres: return postgres;
    case backend::mysql: return mysql;
  }
  return sqlite;
}

}  // namespace testudo
