// Introspection on PostgreSQL: pg_catalog, restricted to current_schema().
#include <algorithm>
#include <string>
#include <string_view>

#include "schema/introspect_dialect.hpp"

namespace testudo::detail {
namespace {

// The oid of table $1 in current_schema(). Comparing names means no identifier quoting is needed
// (a ::regclass cast would fold case and split on dots).
constexpr std::string_view table_oid_sql =
    "(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p'))";

// pg_constraint spells a referential action as one letter.
std::string action_name(const std::string& code) {
  return "CASE " + code +
         " WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'"
         " WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END";
}

// Generated columns (GENERATED ALWAYS AS … STORED).
void adjust(connection& conn, table_info& table) {
  auto rows = conn.query("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = " + std::string(table_oid_sql) +
                             " AND a.attnum > 0 AND a.attgenerated <> ''",
                         {value{table.name}});
  while (rows->next()) {
    auto column = std::ranges::find(table.columns, rows->get_text(0), &column_info::name);
    if (column != table.columns.end()) column->computed = true;
  }
}

introspection_dialect make_dialect() {
  const std::string table_oid(table_oid_sql);
  introspection_dialect d;
  // Partitions are storage of their partitioned parent, not tables of their own.
  d.tables =
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition";
  d.table = "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c WHERE c.oid = " + table_oid;
  // A generated column's expression lives in pg_attrdef too, but it is no default.
  d.columns =
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,"
      " CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,"
      " EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND x.indisprimary"
      "         AND a.attnum = ANY (x.indkey)),"
      " a.attidentity <> '' OR coalesce(pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%', false),"
      " col_description(a.attrelid, a.attnum)"
      " FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
      " WHERE a.attrelid = " + table_oid + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
  // Key columns only (not INCLUDE ones); an expression key (attnum 0) reads as its text.
  d.indexes =
      "SELECT i.relname, CASE WHEN k.attnum = 0 THEN pg_get_indexdef(x.indexrelid, k.n::int, true)"
      " ELSE a.attname::text END, x.indisunique, x.indisprimary, x.indpred IS NOT NULL"
      " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
      " CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)"
      " LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
      " WHERE x.indrelid = " + table_oid + " AND k.n <= x.indnkeyatts ORDER BY i.relname, k.n";
  d.foreign_keys =
      "SELECT c.conname, a.attname, rt.relname, ra.attname, " + action_name("c.confdeltype") + ", " +
      action_name("c.confupdtype") +
      " FROM pg_constraint c"
      " CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, ref, n)"
      " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col"
      " JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.ref"
      " JOIN pg_class rt ON rt.oid = c.confrelid"
      " WHERE c.contype = 'f' AND c.conrelid = " + table_oid + " ORDER BY c.conname, k.n";
  d.adjust = adjust;
  return d;
}

}  // namespace

const introspection_dialect& postgres_introspection() {
  static const introspection_dialect dialect = make_dialect();
  return dialect;
}

}  // namespace testudo::detail
