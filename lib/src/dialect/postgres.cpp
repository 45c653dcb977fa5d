// PostgreSQL: SERIAL keys, TRUE/FALSE literals, comments as COMMENT ON statements.
#include "dialect/dialects.hpp"

#include <fmt/format.h>

namespace testudo::detail {

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
    if (c.comment)
      out.push_back(fmt::format("COMMENT ON COLUMN {}.{} IS {}", quote(table.name), quote(c.name), string_literal(*c.comment)));
  return out;
}

}  // namespace testudo::detail
