// testudo::decimal as a number: exact arithmetic on a 128-bit scaled integer, and rounding half
// to even on the text itself (so that reading a database value never has a width limit).
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "db/decimal_math.hpp"
#include "testudo/db/value.hpp"
#include "testudo/errors.hpp"

namespace testudo {
namespace detail {
namespace {

using i128 = int128;
__extension__ typedef unsigned __int128 uint128;

constexpr i128 power_of_ten(int n) {
  i128 out = 1;
  for (int i = 0; i < n; ++i) out *= 10;
  return out;
}
constexpr i128 digits_limit = power_of_ten(decimal_max_digits);  // 10^38: the first value too wide

i128 magnitude(i128 v) { return v < 0 ? -v : v; }

[[noreturn]] void too_wide(std::string_view operation) {
  throw params_error(fmt::format("decimal {}: the result needs more than {} significant digits", operation,
                                 decimal_max_digits));
}

// units × 10^by, or nullopt past 38 digits.
std::optional<i128> scale_up(i128 units, int by) {
  if (units == 0) return i128{0};
  if (by > decimal_max_digits) return std::nullopt;
  i128 out = units;
  for (int i = 0; i < by; ++i) {
    if (magnitude(out) >= digits_limit / 10) return std::nullopt;  // checked before it could overflow
    out *= 10;
  }
  return out;
}

// n / d rounded half to even (d > 0 or < 0, never 0).
i128 divide_half_even(i128 n, i128 d) {
  i128 q = n / d, r = magnitude(n % d), ad = magnitude(d);
  i128 away = (n < 0) != (d < 0) ? -1 : 1;
  if (r > ad - r || (r == ad - r && q % 2 != 0)) q += away;
  return q;
}

scaled_decimal checked(i128 units, int scale, std::string_view operation) {
  if (magnitude(units) >= digits_limit) too_wide(operation);
  return {units, scale};
}

}  // namespace

std::optional<scaled_decimal> read_decimal(std::string_view text) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
  i128 units = 0;
  int scale = 0, digits = 0;
  bool point = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    ++digits;
    if (units >= digits_limit / 10) return std::nullopt;  // a 39th digit
    units = units * 10 + (c - '0');
    if (point) ++scale;
  }
  if (digits == 0) return std::nullopt;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    int exponent = 0;
    auto [end, ec] = std::from_chars(text.data() + pos + 1 + (pos + 1 < text.size() && text[pos + 1] == '+'),
                                     text.data() + text.size(), exponent);
    if (ec != std::errc{} || end != text.data() + text.size() || std::abs(exponent) > 400) return std::nullopt;
    scale -= exponent;
    pos = text.size();
  }
  if (pos != text.size()) return std::nullopt;
  if (scale < 0) {
    auto up = scale_up(units, -scale);
    if (!up) return std::nullopt;
    units = *up;
    scale = 0;
  }
  return scaled_decimal{negative ? -units : units, scale};
}

std::string write_decimal(const scaled_decimal& d) {
  std::string digits;
  for (auto v = static_cast<uint128>(magnitude(d.units)); v > 0 || digits.empty(); v /= 10)
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  if (digits.size() <= static_cast<std::size_t>(d.scale)) digits.insert(0, d.scale + 1 - digits.size(), '0');
  if (d.scale > 0) digits.insert(digits.size() - static_cast<std::size_t>(d.scale), 1, '.');
  return d.units < 0 ? "-" + digits : digits;
}

scaled_decimal add(scaled_decimal a, scaled_decimal b) {
  int scale = std::max(a.scale, b.scale);
  auto x = scale_up(a.units, scale - a.scale), y = scale_up(b.units, scale - b.scale);
  i128 sum = 0;
  if (!x || !y || __builtin_add_overflow(*x, *y, &sum)) too_wide("addition");
  return checked(sum, scale, "addition");
}

scaled_decimal multiply(const scaled_decimal& a, const scaled_decimal& b) {
  i128 units = 0;
  if (__builtin_mul_overflow(a.units, b.units, &units)) too_wide("multiplication");
  return checked(units, a.scale + b.scale, "multiplication");
}

scaled_decimal divide(const scaled_decimal& a, const scaled_decimal& b, int places) {
  int shift = places + b.scale - a.scale;  // a.units × 10^shift / b.units has `places` decimals
  auto n = scale_up(a.units, std::max(shift, 0));
  auto d = scale_up(b.units, std::max(-shift, 0));
  if (!n || !d) too_wide("division");
  return checked(divide_half_even(*n, *d), places, "division");
}

std::weak_ordering compare(const scaled_decimal& a, const scaled_decimal& b) {
  int scale = std::max(a.scale, b.scale);
  auto x = scale_up(a.units, scale - a.scale), y = scale_up(b.units, scale - b.scale);
  // Only the one with fewer decimals is scaled up; if that overflows it is the larger in magnitude.
  if (!x) return a.units < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
  if (!y) return b.units < 0 ? std::weak_ordering::greater : std::weak_ordering::less;
  return *x <=> *y;
}

std::optional<std::string> round_decimal_text(std::string_view text, int places) {
  bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  auto plain = [](std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; };
  if ((whole.empty() && fraction.empty()) || !plain(whole) || !plain(fraction)) return std::nullopt;
  auto kept = static_cast<std::size_t>(places);
  std::string digits = std::string(whole.empty() ? "0" : whole) + std::string(fraction.substr(0, kept));
  if (fraction.size() < kept) digits.append(kept - fraction.size(), '0');
  if (fraction.size() > kept) {
    char next = fraction[kept];
    bool beyond = fraction.find_first_not_of('0', kept + 1) != std::string_view::npos;
    bool odd = (digits.back() - '0') % 2 != 0;
    if (next > '5' || (next == '5' && (beyond || odd))) {
      auto i = digits.size();
      while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
      if (i == 0) digits.insert(digits.begin(), '1');
      else ++digits[i - 1];
    }
  }
  if (places > 0) digits.insert(digits.size() - kept, 1, '.');
  bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return negative && !zero ? "-" + digits : digits;
}

}  // namespace detail

namespace {

detail::scaled_decimal number_of(const decimal& d) {
  auto out = detail::read_decimal(d.text);
  if (!out || d.text.find_first_of("eE") != std::string::npos)
    throw params_error(fmt::format("'{}' is not a decimal number such as -12.50 (of at most {} digits)", d.text,
                                   detail::decimal_max_digits));
  return *out;
}

}  // namespace

decimal decimal::from_double(double d, int places) {
  if (!std::isfinite(d)) throw params_error(fmt::format("{} is not a number a decimal can hold", d));
  // to_chars with a precision is printf's %.*f: the exact binary value's digits, ties to even.
  char text[400];  // enough: the largest double has 309 digits before the point
  auto [end, ec] = std::to_chars(text, text + sizeof text, d, std::chars_format::fixed, places);
  if (ec != std::errc{}) throw params_error(fmt::format("{} has too many digits for a decimal", d));
  return decimal{std::string(text, end)};
}

decimal decimal::quantize(int places) const {
  auto out = detail::round_decimal_text(text, places);
  if (!out) throw params_error(fmt::format("'{}' is not a decimal number such as -12.50", text));
  return decimal{std::move(*out)};
}

double decimal::to_double() const {
  auto canonical = detail::write_decimal(number_of(*this));
  double out = 0;
  std::from_chars(canonical.data(), canonical.data() + canonical.size(), out);  // correctly rounded
  return out;
}

decimal operator+(const decimal& a, const decimal& b) {
  return decimal{detail::write_decimal(detail::add(number_of(a), number_of(b)))};
}

decimal operator-(const decimal& a) {
  auto n = number_of(a);
  n.units = -n.units;
  return decimal{detail::write_decimal(n)};
}

decimal operator-(const decimal& a, const decimal& b) { return a + -b; }

decimal operator*(const decimal& a, const decimal& b) {
  return decimal{detail::write_decimal(detail::multiply(number_of(a), number_of(b)))};
}

bool operator==(const decimal& a, const decimal& b) { return (a <=> b) == 0; }

std::weak_ordering operator<=>(const decimal& a, const decimal& b) {
  if (a.text == b.text) return std::weak_ordering::equivalent;  // also for two unset decimals
  // An unset decimal (a member without initialiser) is no number: it differs from every number
  // and sorts first, so comparing a model's members with their initial values never throws.
  if (a.text.empty() || b.text.empty()) return a.text.empty() ? std::weak_ordering::less : std::weak_ordering::greater;
  return detail::compare(number_of(a), number_of(b));
}

}  // namespace testudo
