// One SQL dialect (SQLite, PostgreSQL, MySQL): how a backend spells identifiers, types, literals
// and DDL. The only place, with the drivers, that knows which database is on the other end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/url.hpp"
#include "testudo/schema/table.hpp"

namespace testudo {

class dialect {
 public:
  virtual ~dialect() = default;
  virtual backend kind() const noexcept = 0;
  std::string_view name() const noexcept { return backend_name(kind()); }

  virtual std::string quote(std::string_view identifier) const;
  // A string literal with this dialect's escaping.
  virtual std::string string_literal(std::string_view text) const;
  // The column's SQL type (db_field_types for this dialect, else the default, with corrections).
  virtual std::string column_type(const column_def& column) const;
  // The DEFAULT clause's expression, or empty when the column gets none.
  std::string default_expression(const column_def& column) const;

  // CREATE TABLE plus the statements that complete it (indexes, comments), in order.
  std::vector<std::string> create_table(const table_def& table, bool if_not_exists) const;
  std::string drop_table(std::string_view table) const;

 protected:
  // Text of one column inside CREATE TABLE.
  virtual std::string column_sql(const table_def& table, const column_def& column) const;
  virtual std::string generated_key(const column_def& column) const = 0;
  virtual std::string literal(const column_def& column, const value& v) const;
  virtual std::string now_default(const column_def& column) const;
  // Inline comment on a column / after the table, where the dialect has one.
  virtual std::string column_comment(std::string_view) const { return {}; }
  virtual std::string table_suffix(const table_def&) const { return {}; }
  // Entries after the columns inside CREATE TABLE (constraints; MySQL keys).
  virtual std::vector<std::string> table_body_extras(const table_def& table) const;
  // Statements after CREATE TABLE (CREATE INDEX; PostgreSQL COMMENT ON).
  virtual std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const;
  // Whether foreign keys are written on the column (SQLite, PostgreSQL) or as table constraints.
  virtual bool inline_foreign_keys() const noexcept { return true; }
  std::string references(const foreign_key_def& fk) const;
  std::string quoted_list(const std::vector<std::string>& names) const;
};

const dialect& dialect_for(backend kind);

}  // namespace testudo
