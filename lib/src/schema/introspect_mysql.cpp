// Introspection on MySQL/MariaDB: information_schema, restricted to DATABASE().
#include "schema/introspect_dialect.hpp"

namespace testudo::detail {
namespace {

// MariaDB writes the default of a nullable column without one as the text NULL (a string default
// 'NULL' comes quoted, so the two stay apart).
void adjust(connection&, table_info& table) {
  for (auto& column : table.columns)
    if (column.default_value == "NULL") column.default_value.reset();
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
      "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE = 0, INDEX_NAME = 'PRIMARY'"
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
