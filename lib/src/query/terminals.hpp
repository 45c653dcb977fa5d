// Internal: each query terminal as the two halves its run takes, shared by the sync terminals
// (query_core.cpp) and their awaitable twins (aio/query.cpp), which differ only in how they get the
// connection: `prepare(dialect, decimals)` makes the statement (pure, see plan.hpp), and
// `run(connection, statement)` runs it there and makes the result of its rows.
#pragma once

#include "orm/decimal_storage.hpp"
#include "query/execute.hpp"
#include "query/plan.hpp"

namespace testudo::detail {

template <class Prepare, class Run>
struct terminal {
  Prepare prepare;
  Run run;
};
template <class Prepare, class Run>
terminal(Prepare, Run) -> terminal<Prepare, Run>;  // clang 14 deduces no aggregate's arguments

// A statement made by `again()` (pure), with the decimal storage it assumed confirmed on `conn`,
// the connection it is about to run on: made again after a schema change.
template <class Prepared, class Again>
void confirm_on(connection& conn, decimal_storage& decimals, Prepared& prepared, const Again& again) {
  while (decimals.needs_confirm() && !decimals.confirm(conn)) prepared = again();
}

inline std::unique_ptr<row_cursor> rows_of(database& db, connection& conn, const prepared_select& p) {
  return run_numbered(db, conn, p.plan->sql, p.params);
}

// prefetch_related's objects of what `sink` holds (the objects of `spec`) into `store`: a query
// per level and per 10,000 keys, each on a connection database::lease gives (sync ORM code).
void prefetch_related(const query_spec& spec, database& db, object_sink& sink, store_impl& store);

// The objects of `spec` into `sink`, select_related's into `store` (when it has any).
inline auto objects_terminal(const query_spec& spec, database& db, object_sink& sink, store_impl* store) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_objects(spec, d, decimals); },
                  [&db, &sink, store](connection& conn, const prepared_select& p) {
                    finish_objects(*rows_of(db, conn, p), *p.plan, sink, store);
                  }};
}

inline auto aggregate_terminal(const query_spec& spec, database& db, const std::vector<named_expr>& aggregates) {
  return terminal{[&spec, &aggregates](const dialect& d, decimal_storage& decimals) {
                    return prepare_aggregate(spec, d, decimals, aggregates);
                  },
                  [&db, &aggregates](connection& conn, const prepared_select& p) {
                    return finish_aggregate(*rows_of(db, conn, p), *p.plan, aggregates);
                  }};
}

inline auto explain_terminal(const query_spec& spec, database& db) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_explain(spec, d, decimals); },
                  [&db](connection& conn, const statement& st) { return finish_explain(*run_numbered(db, conn, st)); }};
}

inline auto count_terminal(const query_spec& spec, database& db) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_count(spec, d, decimals); },
                  [&db](connection& conn, const statement& st) { return finish_count(*run_numbered(db, conn, st)); }};
}

inline auto exists_terminal(const query_spec& spec, database& db) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_exists(spec, d, decimals); },
                  [&db](connection& conn, const statement& st) { return finish_exists(*run_numbered(db, conn, st)); }};
}

inline auto values_terminal(const query_spec& spec, database& db, const std::vector<std::string>& names) {
  return terminal{
      [&spec, &names](const dialect& d, decimal_storage& decimals) { return prepare_values(spec, d, decimals, names); },
      [&db](connection& conn, const prepared_select& p) { return finish_values(*rows_of(db, conn, p), *p.plan); }};
}

inline auto flat_terminal(const query_spec& spec, database& db, const std::string& field) {
  return terminal{
      [&spec, &field](const dialect& d, decimal_storage& decimals) { return prepare_values(spec, d, decimals, {field}); },
      [&db](connection& conn, const prepared_select& p) { return finish_flat(*rows_of(db, conn, p), *p.plan); }};
}

inline auto update_terminal(const query_spec& spec, database& db, const std::vector<named_expr>& assignments) {
  return terminal{[&spec, &assignments](const dialect& d, decimal_storage& decimals) {
                    return prepare_update(spec, d, decimals, assignments);
                  },
                  [&db](connection& conn, const statement& st) { return execute_numbered(db, conn, st); }};
}

inline auto remove_terminal(const query_spec& spec, database& db) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_remove(spec, d, decimals); },
                  [&db](connection& conn, const statement& st) { return execute_numbered(db, conn, st); }};
}

}  // namespace testudo::detail
