#include "query/execute.hpp"

#include "testudo/errors.hpp"

namespace testudo::detail {

statement numbered(statement st, const dialect& d) {
  if (d.placeholder(1) == "?") return st;
  std::string out;
  out.reserve(st.sql.size() + 16);
  std::size_t n = 0;
  char quote = 0;
  for (char c : st.sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      out += d.placeholder(++n);
      continue;
    }
    out += c;
  }
  st.sql = std::move(out);
  return st;
}

std::unique_ptr<row_cursor> run_numbered(database& db, connection& conn, std::string_view sql, std::span<const value> params) {
  db.notify(sql);
  return conn.scan(sql, params);
}

std::unique_ptr<row_cursor> run_numbered(database& db, connection& conn, const statement& st) {
  return run_numbered(db, conn, st.sql, st.params);
}

std::unique_ptr<row_cursor> run_query(database& db, connection& conn, const statement& st) {
  return run_numbered(db, conn, numbered(st, db.sql_dialect()));
}


std::int64_t execute_numbered(database& db, connection& conn, const statement& st) {
  db.notify(st.sql);
  return conn.execute(st.sql, st.params);
}

std::int64_t run_execute(database& db, connection& conn, const statement& st) {
  return execute_numbered(db, conn, numbered(st, db.sql_dialect()));
}

void check_lock(const query_spec& spec, database& db) {
  if (spec.for_update && !db.current())
    throw transaction_management_error(
        "select_for_update() needs a transaction: run it inside testudo::atomic(...), or the rows are unlocked as soon as "
        "the SELECT ends");
}

}  // namespace testudo::detail
