// Database values: the types a parameter or a column can hold, and their text forms.
#pragma once

#include <chrono>
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

// An exact decimal number kept as its text ("-12.50"): never rounded through a double.
struct decimal {
  std::string text;
  friend bool operator==(const decimal&, const decimal&) = default;

  // The double's exact binary value rounded to `places` decimals, half to even (Tortoise:
  // Decimal(x).quantize(...)): 0.1 + 0.2 → "0.30", 2.675 (really 2.67499999…) → "2.67".
  // Throws params_error for NaN and infinities.
  static decimal from_double(double d, int places);
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
