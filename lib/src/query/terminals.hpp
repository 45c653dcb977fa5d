// Internal: each query terminal as the two halves of its run, shared by the sync terminals
// (query_core.cpp) and their awaitable twins (aio/query.cpp), which differ only in how they get the
// connection and its answer: `prepare(dialect, decimals)` makes the statement (pure, see plan.hpp),
// and `finish(answer, statement)` makes the result of what the database answered: its rows, or the
// number of rows a write affected.
#pragma once

#include <span>
#include <string_view>
#include <type_traits>

#include "orm/decimal_storage.hpp"
#include "query/execute.hpp"
#include "query/plan.hpp"

namespace testudo::detail {

// A statement's text and parameters, whether a cached plan's (whose SQL is not copied) or not.
inline std::string_view sql_of(const statement& st) noexcept { return st.sql; }
inline std::string_view sql_of(const prepared_select& p) noexcept { return p.plan->sql; }
inline std::span<const value> params_of(const statement& st) noexcept { return st.params; }
inline std::span<const value> params_of(const prepared_select& p) noexcept { return p.params; }

template <class Prepare, class Finish>
struct terminal {
  Prepare prepare;
  Finish finish;

  // Whether finish reads rows (else it takes the rows a write affected).
  template <class Prepared>
  static constexpr bool reads_rows = std::is_invocable_v<const Finish&, row_cursor&, const Prepared&>;

  // Runs `p` on `conn` and finishes it.
  template <class Prepared>
  decltype(auto) run(database& db, connection& conn, const Prepared& p) const {
    if constexpr (reads_rows<Prepared>) {
      return finish(*run_numbered(db, conn, sql_of(p), params_of(p)), p);
    } else {
      db.notify(sql_of(p));
      return finish(conn.execute(sql_of(p), params_of(p)), p);
    }
  }
};
template <class Prepare, class Finish>
terminal(Prepare, Finish) -> terminal<Prepare, Finish>;  // clang 14 deduces no aggregate's arguments

// A statement made by `again()` (pure), with the decimal storage it assumed confirmed on `conn`,
// the connection it is about to run on: made again after a schema change.
template <class Prepared, class Again>
void confirm_on(connection& conn, decimal_storage& decimals, Prepared& prepared, const Again& again) {
  while (decimals.needs_confirm() && !decimals.confirm(conn)) prepared = again();
}

// prefetch_related's objects of what `sink` holds (the objects of `spec`) into `store`: a query
// per level and per 10,000 keys, each on a connection database::lease gives (sync ORM code).
void prefetch_related(const query_spec& spec, database& db, object_sink& sink, store_impl& store);

// The objects of `spec` into `sink`, select_related's into `store` (when it has any).
inline auto objects_terminal(const query_spec& spec, object_sink& sink, store_impl* store) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_objects(spec, d, decimals); },
                  [&sink, store](row_cursor& rows, const prepared_select& p) {
                    finish_objects(rows, *p.plan, sink, store);
                  }};
}

inline auto aggregate_terminal(const query_spec& spec, const std::vector<named_expr>& aggregates) {
  return terminal{[&spec, &aggregates](const dialect& d, decimal_storage& decimals) {
                    return prepare_aggregate(spec, d, decimals, aggregates);
                  },
                  [&aggregates](row_cursor& rows, const prepared_select& p) {
                    return finish_aggregate(rows, *p.plan, aggregates);
                  }};
}

inline auto explain_terminal(const query_spec& spec) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_explain(spec, d, decimals); },
                  [](row_cursor& rows, const statement&) { return finish_explain(rows); }};
}

inline auto count_terminal(const query_spec& spec) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_count(spec, d, decimals); },
                  [](row_cursor& rows, const statement&) { return finish_count(rows); }};
}

inline auto exists_terminal(const query_spec& spec) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_exists(spec, d, decimals); },
                  [](row_cursor& rows, const statement&) { return finish_exists(rows); }};
}

inline auto values_terminal(const query_spec& spec, const std::vector<std::string>& names) {
  return terminal{
      [&spec, &names](const dialect& d, decimal_storage& decimals) { return prepare_values(spec, d, decimals, names); },
      [](row_cursor& rows, const prepared_select& p) { return finish_values(rows, *p.plan); }};
}

inline auto flat_terminal(const query_spec& spec, const std::string& field) {
  return terminal{
      [&spec, &field](const dialect& d, decimal_storage& decimals) { return prepare_values(spec, d, decimals, {field}); },
      [](row_cursor& rows, const prepared_select& p) { return finish_flat(rows, *p.plan); }};
}

// The rows a write matched.
inline auto affected = [](std::int64_t rows, const statement&) { return rows; };

inline auto update_terminal(const query_spec& spec, const std::vector<named_expr>& assignments) {
  return terminal{[&spec, &assignments](const dialect& d, decimal_storage& decimals) {
                    return prepare_update(spec, d, decimals, assignments);
                  },
                  affected};
}

inline auto remove_terminal(const query_spec& spec) {
  return terminal{[&spec](const dialect& d, decimal_storage& decimals) { return prepare_remove(spec, d, decimals); },
                  affected};
}

}  // namespace testudo::detail
