// SQLite keeps decimals wider than a double's 15 digits as exact text (sqlite_dialect::column_type):
// these functions give that text numeric order, exact sums and quotients, and exact + - *.
#include <sqlite3.h>

#include <cstring>
#include <exception>
#include <optional>
#include <string>

#include "db/decimal_math.hpp"
#include "db/sqlite/sqlite_decimal.hpp"
#include "testudo/db/value.hpp"

namespace testudo::detail {
namespace {

std::string_view text_of(sqlite3_value* v) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return {text ? text : "", static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

// An argument as a decimal: integers as they are, REALs by their shortest exact text.
std::optional<scaled_decimal> argument(sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: return scaled_decimal{sqlite3_value_int64(v), 0};
    case SQLITE_FLOAT: return read_decimal(format_double(sqlite3_value_double(v)));
    default: return read_decimal(text_of(v));
  }
}

void result(sqlite3_context* ctx, const scaled_decimal& d) {
  auto text = write_decimal(d);
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void not_a_decimal(sqlite3_context* ctx, sqlite3_value* v) {
  auto message = "not a decimal number of at most 38 digits: '" + std::string(text_of(v)) + "'";
  sqlite3_result_error(ctx, message.c_str(), -1);
}

// Numbers in numeric order; any text that is no number after them, byte by byte.
int collate_function(void*, int size_a, const void* a, int size_b, const void* b) {
  std::string_view x(static_cast<const char*>(a), static_cast<std::size_t>(size_a));
  std::string_view y(static_cast<const char*>(b), static_cast<std::size_t>(size_b));
  auto dx = read_decimal(x), dy = read_decimal(y);
  if (dx && dy) {
    auto order = compare(*dx, *dy);
    return order < 0 ? -1 : order > 0 ? 1 : 0;
  }
  if (dx || dy) return dx ? -1 : 1;
  return x.compare(y) < 0 ? -1 : x == y ? 0 : 1;
}

// testudo_decimal_add/sub/mul(a, b): NULL when either is NULL.
template <char op>
void arithmetic(sqlite3_context* ctx, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_type(args[1]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto a = argument(args[0]), b = argument(args[1]);
  if (!a) return not_a_decimal(ctx, args[0]);
  if (!b) return not_a_decimal(ctx, args[1]);
  try {
    if (op == '*') return result(ctx, multiply(*a, *b));
    if (op == '-') b->units = -b->units;
    result(ctx, add(*a, *b));
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

// testudo_decimal_sum(x): the exact sum, as text; NULL over no values (as SUM).
struct sum_state {  // in SQLite's aggregate memory, which is only 8-byte aligned: no __int128 member
  unsigned char units[sizeof(int128)];
  int scale;
  bool any;
};

void sum_step(sqlite3_context* ctx, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL) return;
  auto* state = static_cast<sum_state*>(sqlite3_aggregate_context(ctx, sizeof(sum_state)));
  if (!state) return sqlite3_result_error_nomem(ctx);
  auto v = argument(args[0]);
  if (!v) return not_a_decimal(ctx, args[0]);
  scaled_decimal total{0, state->scale};
  std::memcpy(&total.units, state->units, sizeof total.units);
  try {
    total = add(total, *v);
  } catch (const std::exception& e) {
    return sqlite3_result_error(ctx, e.what(), -1);
  }
  std::memcpy(state->units, &total.units, sizeof total.units);
  state->scale = total.scale;
  state->any = true;
}

void sum_final(sqlite3_context* ctx) {
  auto* state = static_cast<sum_state*>(sqlite3_aggregate_context(ctx, 0));
  if (!state || !state->any) return sqlite3_result_null(ctx);
  scaled_decimal total{0, state->scale};
  std::memcpy(&total.units, state->units, sizeof total.units);
  result(ctx, total);
}

// testudo_decimal_div(sum, count, places): an average to `places` decimals, half to even.
void divide_function(sqlite3_context* ctx, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_int64(args[1]) == 0) return sqlite3_result_null(ctx);
  auto a = argument(args[0]);
  if (!a) return not_a_decimal(ctx, args[0]);
  try {
    result(ctx, divide(*a, {sqlite3_value_int64(args[1]), 0}, sqlite3_value_int(args[2])));
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

}  // namespace

void register_sqlite_decimal_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  sqlite3_create_collation_v2(db, "testudo_decimal", SQLITE_UTF8, nullptr, collate_function, nullptr);
  sqlite3_create_function_v2(db, "testudo_decimal_add", 2, flags, nullptr, arithmetic<'+'>, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "testudo_decimal_sub", 2, flags, nullptr, arithmetic<'-'>, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "testudo_decimal_mul", 2, flags, nullptr, arithmetic<'*'>, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "testudo_decimal_div", 3, flags, nullptr, divide_function, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "testudo_decimal_sum", 1, flags, nullptr, nullptr, sum_step, sum_final, nullptr);
}

}  // namespace testudo::detail
