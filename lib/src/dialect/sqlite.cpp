// SQLite: decimals get NUMERIC affinity (Tortoise's VARCHAR(40) compares text), comments as /* */.
#include "dialect/dialects.hpp"

#include <fmt/format.h>

namespace testudo::detail {

std::string sqlite_dialect::column_type(const column_def& column) const {
  // DECIMAL(m,d) has NUMERIC affinity: values compare and sort as numbers, unlike text.
  if (column.field_type == "DecimalField") return column.db_field_types.value("", "NUMERIC");
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

}  // namespace testudo::detail
