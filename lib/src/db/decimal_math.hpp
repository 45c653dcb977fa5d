// Internal: exact decimal arithmetic on a 128-bit scaled integer (units × 10^-scale), shared by
// testudo::decimal and the SQLite driver's decimal functions.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace testudo::detail {

// 38 significant digits: every DECIMAL(38, s) value, with room left in 127 bits for a carry.
inline constexpr int decimal_max_digits = 38;

__extension__ typedef __int128 int128;  // GCC/Clang's; __extension__ keeps -Wpedantic quiet

struct scaled_decimal {
  int128 units = 0;
  int scale = 0;  // digits after the point
};

// "-12.50", "+3", ".5", "1.5e+20" (how SQLite prints a REAL); nullopt when the text is no
// number or needs more than 38 significant digits.
std::optional<scaled_decimal> read_decimal(std::string_view text);
std::string write_decimal(const scaled_decimal& d);

// Exact results, or params_error beyond 38 digits (never a wrapped value).
scaled_decimal add(scaled_decimal a, scaled_decimal b);
scaled_decimal multiply(const scaled_decimal& a, const scaled_decimal& b);
// a / b with `places` decimals, half to even; b must not be zero.
scaled_decimal divide(const scaled_decimal& a, const scaled_decimal& b, int places);
std::weak_ordering compare(const scaled_decimal& a, const scaled_decimal& b);

// Plain decimal text ("-12.5", "3.", ".25") with exactly `places` decimals, rounded half to even
// as Python's Decimal.quantize: any number of digits. nullopt when the text is not plain.
std::optional<std::string> round_decimal_text(std::string_view text, int places);

}  // namespace testudo::detail
