// Conversions from database values to the C++ member types of models.
#include <charconv>
#include <fmt/format.h>

#include "testudo/errors.hpp"
#include "testudo/model/field.hpp"

namespace testudo {
namespace detail {

void bad_conversion(const value& v, const char* target) {
  throw field_error(fmt::format("cannot store {} in a {} member", to_display(v), target));
}

}  // namespace detail

namespace {

std::int64_t to_int64(const value& v) {
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  if (auto* s = std::get_if<std::string>(&v)) {  // SQLite may hand back text for a typed column
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc{} && end == s->data() + s->size()) return out;
  }
  detail::bad_conversion(v, "integer");
}

}  // namespace

template <class T>
T value_traits<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>::from_value(const value& v) {
  auto n = to_int64(v);
  if (n < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
      (n > 0 && static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
    detail::bad_conversion(v, "narrower integer");
  return static_cast<T>(n);
}
template struct value_traits<std::int16_t>;
template struct value_traits<std::int32_t>;
template struct value_traits<std::int64_t>;
template struct value_traits<std::uint16_t>;
template struct value_traits<std::uint32_t>;

bool value_traits<bool>::from_value(const value& v) { return to_int64(v) != 0; }

template <class T>
T value_traits<T, std::enable_if_t<std::is_floating_point_v<T>>>::from_value(const value& v) {
  if (auto* d = std::get_if<double>(&v)) return static_cast<T>(*d);
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<T>(*n);
  if (auto* d = std::get_if<decimal>(&v)) return static_cast<T>(d->to_double());  // e.g. avg() of a decimal field
  detail::bad_conversion(v, "floating point");
}
template struct value_traits<double>;
template struct value_traits<float>;

template <class T>
T value_traits<T, std::enable_if_t<std::is_same_v<T, std::string> || std::is_same_v<T, decimal> ||
                                   std::is_same_v<T, datetime> || std::is_same_v<T, date> ||
                                   std::is_same_v<T, time_of_day> || std::is_same_v<T, blob> ||
                                   std::is_same_v<T, json>>>::from_value(const value& v) {
  if (auto* same = std::get_if<T>(&v)) return *same;
  // Text is how SQLite (and text protocols) return most types: parse it into the member's type.
  if (auto* s = std::get_if<std::string>(&v)) {
    if constexpr (std::is_same_v<T, decimal> || std::is_same_v<T, json>) return T{*s};
    else if constexpr (std::is_same_v<T, datetime>) return parse_datetime(*s);
    else if constexpr (std::is_same_v<T, date>) return parse_date(*s);
    else if constexpr (std::is_same_v<T, time_of_day>) return parse_time(*s);
    else if constexpr (std::is_same_v<T, blob>) return blob(s->begin(), s->end());
  }
  if constexpr (std::is_same_v<T, decimal>) {
    if (auto* n = std::get_if<std::int64_t>(&v)) return decimal{std::to_string(*n)};
    if (auto* d = std::get_if<double>(&v)) return decimal{format_double(*d)};
  }
  detail::bad_conversion(v, "text-like");
}
template struct value_traits<std::string>;
template struct value_traits<decimal>;
template struct value_traits<datetime>;
template struct value_traits<date>;
template struct value_traits<time_of_day>;
template struct value_traits<blob>;
template struct value_traits<json>;

}  // namespace testudo
