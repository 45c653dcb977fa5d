// Database values: the types a parameter or a column can hold, and their text forms.
#pragma once

#include <chrono>
#include <compare>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace testudo {

struct null_t {
  friend bool operator==(null_t, null_t) = default;
};
inline constexpr null_t null{};

using blob = std::vector<std::uint8_t>;

// An exact decimal number kept as its text ("-12.50"): never rounded through a double. As a number
// (arithmetic, comparison, conversions) it has up to 38 significant digits, computed exactly on a
// 128-bit scaled integer; malformed text or a result beyond 38 digits throws params_error.
struct decimal {
  std::string text;

  decimal() = default;
  explicit decimal(std::string number) : text(std::move(number)) {}
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  explicit decimal(I n) : text(std::to_string(n)) {}

  // The double's exact binary value rounded to `places` decimals, half to even (Tortoise:
  // Decimal(x).quantize(...)): 0.1 + 0.2 → "0.30", 2.675 (really 2.67499999…) → "2.67".
  // Throws params_error for NaN and infinities.
  static decimal from_double(double d, int places);
  // Rounded half to even, or padded, to `places` decimals: "9.995" → "10.00", "7" → "7.00".
  decimal quantize(int places) const;
  std::string to_string(int places) const { return quantize(places).text; }
  // The nearest double.
  double to_double() const;
  explicit operator double() const { return to_double(); }

  // Exact, with Python's Decimal scales: a sum has the larger of the two, a product their sum
  // (1.50 * 2.00 = 3.0000).
  friend decimal operator+(const decimal& a, const decimal& b);
  friend decimal operator-(const decimal& a, const decimal& b);
  friend decimal operator*(const decimal& a, const decimal& b);
  friend decimal operator-(const decimal& a);
  // As numbers: decimal{"1.5"} == decimal{"1.50"} (their text still differs).
  friend bool operator==(const decimal& a, const decimal& b);
  friend std::weak_ordering operator<=>(const decimal& a, const decimal& b);
};

// A JSON document as text; binds as JSON/JSONB where the column is typed so.
struct json {
  std::string text;
  friend bool operator==(const json&, const json&) = default;
};

using date = std::chrono::year_month_day;

struct time_of_day {
  std::chrono::microseconds since_midnight{};
  friend bool operator==(const time_of_day&, const time_of_day&) = default;
};

// An instant, in UTC, to the microsecond (what every backend can store exactly).
using datetime = std::chrono::sys_time<std::chrono::microseconds>;

using value = std::variant<null_t, bool, std::int64_t, double, std::string, blob, decimal, date,
                           time_of_day, datetime, json>;

// Text forms used on the wire and in SQLite; parse_* throw params_error on malformed text.
std::string format_date(date d);
std::string format_time(time_of_day t);
// "YYYY-MM-DD HH:MM:SS.ffffff" with "+00:00" appended when with_offset.
std::string format_datetime(datetime t, bool with_offset);
date parse_date(std::string_view text);
time_of_day parse_time(std::string_view text);
// Accepts a space or 'T', optional fraction, and an optional Z/+HH[:MM]/-HH[:MM] offset (none: UTC).
datetime parse_datetime(std::string_view text);
// Canonical text of a double that reads back to the same double.
std::string format_double(double d);

// For messages and tests: a short human-readable rendering.
std::string to_display(const value& v);

}  // namespace testudo
