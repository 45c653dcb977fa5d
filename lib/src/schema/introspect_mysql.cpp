// Introspection on MySQL/MariaDB: information_schema, restricted to DATABASE().
#include <algorithm>
#include <cctype>

#include "schema/introspect_dialect.hpp"
#include "testudo/dialect/dialect.hpp"

namespace testudo::detail {
namespace {

// MariaDB writes the default of a nullable column without one as the text NULL (a string default
// 'NULL' comes quoted, so the two stay apart). Its JSON is a LONGTEXT with the CHECK
// json_valid(`column`) it adds by itself: such a column reads as the JSON it was declared. ON
// UPDATE and whether the column is computed are in EXTRA.
void adjust(connection& conn, table_info& table) {
  for (auto& column : table.columns)
    if (column.default_value == "NULL") column.default_value.reset();
  auto extras = conn.query(
      "SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      {value{table.name}});
  while (extras->next()) {
    auto column = std::ranges::find(table.columns, extras->get_text(0), &column_info::name);
    if (column == table.columns.end()) continue;
    auto extra = std::string(extras->get_text(1));
    for (auto& c : extra) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto at = extra.find("on update "); at != std::string::npos) column->on_update = extra.substr(at + 10);
    // VIRTUAL, STORED or PERSISTENT GENERATED; MySQL's DEFAULT_GENERATED is an expression default.
    column->computed = extra.find(" generated") != std::string::npos;
  }
  auto checks = conn.query(
      "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      {value{table.name}});
  while (checks->next()) {
    auto clause = std::string(checks->get_text(0));
    for (auto& column : table.columns)
      if (column.type == "LONGTEXT" && clause == "json_valid(" + dialect_for(backend::mysql).quote(column.name) + ")") column.type = "JSON";
  }
}

introspection_dialect make_dialect() {
  introspection_dialect d;
  d.tables =
      "SELECT TABLE_NAME FROM information_schema.TABLES"
      " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";
  d.table =
      "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES"
      " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME = ?";
  // Not COLUMN_KEY = 'PRI': without a primary key it marks the first all-NOT NULL unique index.
  d.columns =
      "SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE = 'YES', c.COLUMN_DEFAULT,"
      " EXISTS (SELECT 1 FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA"
      "         AND s.TABLE_NAME = c.TABLE_NAME AND s.INDEX_NAME = 'PRIMARY' AND s.COLUMN_NAME = c.COLUMN_NAME),"
      " c.EXTRA LIKE '%auto_increment%', c.COLUMN_COMMENT FROM information_schema.COLUMNS c"
      " WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION";
  // Unique constraints are unique indexes here; the primary key is the index named PRIMARY.
  d.indexes =
      "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE = 0, INDEX_NAME = 'PRIMARY', FALSE"
      " FROM information_schema.STATISTICS"
      " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX";
  d.foreign_keys =
      "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,"
      " r.DELETE_RULE, r.UPDATE_RULE"
      " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
      "   ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME"
      "  AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
      " WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
      " ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
  d.adjust = adjust;
  return d;
}

}  // namespace

const introspection_dialect& mysql_introspection() {
  static const introspection_dialect dialect = make_dialect();
  return dialect;
}

}  // namespace testudo::detail
