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

std::vector<std::string> postgres_dialect::alter_column(const table_def& table, const column_def& from,
                                                       const column_def& to) const {
  std::vector<std::string> out;
  auto prefix = fmt::format("ALTER TABLE {} ALTER COLUMN {} ", quote(table.name), quote(to.name));
  if (auto type = column_type(to); type != column_type(from))
    out.push_back(prefix + fmt::format("TYPE {} USING {}::{}", type, quote(to.name), type));
  if (from.nullable != to.nullable) out.push_back(prefix + (to.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
  if (auto def = default_expression(to); def != default_expression(from))
    out.push_back(prefix + (def.empty() ? "DROP DEFAULT" : "SET DEFAULT " + def));
  // An inline UNIQUE gets PostgreSQL's own name: <table>_<column>_key.
  auto unique_name = quote(fmt::format("{}_{}_key", table.name, to.name));
  if (from.unique != to.unique)
    out.push_back(to.unique ? fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})", quote(table.name), unique_name, quote(to.name))
                            : fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", quote(table.name), unique_name));
  if (from.comment != to.comment)
    out.push_back(fmt::format("COMMENT ON COLUMN {}.{} IS {}", quote(table.name), quote(to.name),
                              to.comment ? string_literal(*to.comment) : "NULL"));
  return out;
}

std::vector<std::string> postgres_dialect::comment_table(const table_def& table) const {
  return {fmt::format("COMMENT ON TABLE {} IS {}", quote(table.name), table.comment ? string_literal(*table.comment) : "NULL")};
}

}  // namespace testudo::detail
