// Schema introspection: dispatch to the backend's catalog queries and the readers they share.
#include "testudo/schema/introspect.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

#include "schema/introspect_dialect.hpp"
#include "testudo/errors.hpp"
#include "util/inputs.hpp"

namespace testudo {
namespace {

const detail::introspection_dialect& introspection_for(backend kind) {
  switch (kind) {
    case backend::sqlite: return detail::sqlite_introspection();
    case backend::postgres: return detail::postgres_introspection();
    case backend::mysql: return detail::mysql_introspection();
  }
  throw unsupported_error("introspection: unknown backend");
}

// Drivers differ in what get_text gives for NULL; read it as empty everywhere.
std::string text(const row_cursor& rows, std::size_t column) {
  return rows.is_null(column) ? std::string() : std::string(rows.get_text(column));
}

// Comments: no comment and an empty one (MySQL's '') are the same thing.
std::optional<std::string> comment(const row_cursor& rows, std::size_t column) {
  auto t = text(rows, column);
  return t.empty() ? std::nullopt : std::optional<std::string>(std::move(t));
}

// "no action" / " CASCADE" → "NO ACTION" / "CASCADE".
std::string referential_action(std::string_view action) {
  auto first = action.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return detail::upper_outside_quotes(action.substr(first, action.find_last_not_of(' ') - first + 1));
}

std::unique_ptr<row_cursor> run(connection& conn, const std::string& sql, std::string_view table) {
  return conn.query(sql, {value{std::string(table)}});
}

std::vector<column_info> read_columns(row_cursor& rows) {
  std::vector<column_info> out;
  while (rows.next()) {
    auto& column = out.emplace_back();  // what the dialect's adjust() sets keeps its default
    column.name = text(rows, 0);
    column.type = detail::upper_outside_quotes(text(rows, 1));
    column.nullable = rows.get_bool(2);
    if (!rows.is_null(3)) column.default_value = text(rows, 3);
    column.primary_key = rows.get_bool(4);
    column.auto_increment = rows.get_bool(5);
    column.comment = comment(rows, 6);
  }
  return out;
}

// Key rows come ordered by their first column (the index or constraint name) and then by key
// position: consecutive rows of one name make one entry.
template <class T, class Make, class Add>
std::vector<T> group_by_name(row_cursor& rows, Make make, Add add) {
  std::vector<T> out;
  while (rows.next()) {
    auto name = text(rows, 0);
    if (out.empty() || out.back().name != name) out.push_back(make(std::move(name)));
    add(out.back());
  }
  return out;
}

std::vector<index_info> read_indexes(row_cursor& rows) {
  return group_by_name<index_info>(
      rows,
      [&](std::string name) {
        return index_info{.name = std::move(name), .columns = {}, .unique = rows.get_bool(2),
                          .primary = rows.get_bool(3), .partial = rows.get_bool(4)};
      },
      [&](index_info& index) { index.columns.push_back(text(rows, 1)); });
}

std::vector<foreign_key_info> read_foreign_keys(row_cursor& rows) {
  return group_by_name<foreign_key_info>(
      rows,
      [&](std::string name) {
        return foreign_key_info{.name = std::move(name), .columns = {}, .ref_table = text(rows, 2),
                                .ref_columns = {}, .on_delete = referential_action(text(rows, 4)),
                                .on_update = referential_action(text(rows, 5))};
      },
      [&](foreign_key_info& fk) {
        fk.columns.push_back(text(rows, 1));
        fk.ref_columns.push_back(text(rows, 3));
      });
}

// A stable order whatever the catalog's collation: the primary key first, then by name.
void sort_keys(table_info& table) {
  std::ranges::sort(table.indexes, [](const index_info& a, const index_info& b) {
    if (a.primary != b.primary) return a.primary;
    return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
  });
  std::ranges::sort(table.foreign_keys, [](const foreign_key_info& a, const foreign_key_info& b) {
    return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
  });
}

}  // namespace

std::vector<std::string> list_tables(connection& conn) {
  auto rows = conn.query(introspection_for(conn.kind()).tables);
  std::vector<std::string> names;
  while (rows->next()) names.push_back(text(*rows, 0));
  std::erase(names, std::string(connection::lock_table_name));
  std::ranges::sort(names);
  return names;
}

table_info introspect_table(connection& conn, std::string_view table) {
  const auto& dialect = introspection_for(conn.kind());
  table_info out;
  {
    auto rows = run(conn, dialect.table, table);
    if (!rows->next()) throw operational_error(fmt::format("table '{}' does not exist", table));
    out.name = text(*rows, 0);
    out.comment = comment(*rows, 1);
  }
  out.columns = read_columns(*run(conn, dialect.columns, out.name));
  out.indexes = read_indexes(*run(conn, dialect.indexes, out.name));
  out.foreign_keys = read_foreign_keys(*run(conn, dialect.foreign_keys, out.name));
  if (dialect.adjust) dialect.adjust(conn, out);
  sort_keys(out);
  return out;
}

const column_info* table_info::column(std::string_view column_name) const {
  auto it = std::ranges::find(columns, column_name, &column_info::name);
  return it == columns.end() ? nullptr : &*it;
}

const index_info* table_info::index_on(const std::vector<std::string>& key_columns) const {
  auto it = std::ranges::find(indexes, key_columns, &index_info::columns);
  return it == indexes.end() ? nullptr : &*it;
}

const foreign_key_info* table_info::foreign_key_on(const std::vector<std::string>& key_columns) const {
  auto it = std::ranges::find(foreign_keys, key_columns, &foreign_key_info::columns);
  return it == foreign_keys.end() ? nullptr : &*it;
}

}  // namespace testudo
