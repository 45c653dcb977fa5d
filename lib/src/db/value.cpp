#include "testudo/db/value.hpp"

#include <charconv>
#include <fmt/format.h>

#include "testudo/errors.hpp"

namespace testudo {
namespace {

using namespace std::chrono;

[[noreturn]] void bad(std::string_view what, std::string_view text) {
  throw params_error(fmt::format("cannot read {} from '{}'", what, text));
}

// Reads exactly `digits` decimal digits at `pos`, advancing it.
int read_digits(std::string_view text, std::size_t& pos, std::size_t digits, std::string_view what) {
  int value = 0;
  if (pos + digits > text.size()) bad(what, text);
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + digits, value);
  if (ec != std::errc{} || end != text.data() + pos + digits) bad(what, text);
  pos += digits;
  return value;
}

void expect(std::string_view text, std::size_t& pos, char c, std::string_view what) {
  if (pos >= text.size() || text[pos] != c) bad(what, text);
  ++pos;
}

date read_date(std::string_view text, std::size_t& pos) {
  int y = read_digits(text, pos, 4, "a date");
  expect(text, pos, '-', "a date");
  int m = read_digits(text, pos, 2, "a date");
  expect(text, pos, '-', "a date");
  int d = read_digits(text, pos, 2, "a date");
  date out{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!out.ok()) bad("a date", text);
  return out;
}

microseconds read_time(std::string_view text, std::size_t& pos) {
  int h = read_digits(text, pos, 2, "a time");
  expect(text, pos, ':', "a time");
  int m = read_digits(text, pos, 2, "a time");
  expect(text, pos, ':', "a time");
  int s = read_digits(text, pos, 2, "a time");
  if (h > 24 || m > 59 || s > 60) bad("a time", text);
  microseconds out = hours{h} + minutes{m} + seconds{s};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t frac = 0;
    int digits = 0;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits)
      if (digits < 6) frac = frac * 10 + (text[pos] - '0');
    if (digits == 0) bad("a time", text);
    for (int i = digits; i < 6; ++i) frac *= 10;
    out += microseconds{frac};
  }
  return out;
}

// Offset east of UTC; none means UTC.
minutes read_offset(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return minutes{0};
  if (text[pos] == 'Z' && pos + 1 == text.size()) return minutes{0};
  if (text[pos] != '+' && text[pos] != '-') bad("a time zone offset", text);
  int sign = text[pos++] == '-' ? -1 : 1;
  int h = read_digits(text, pos, 2, "a time zone offset");
  int m = 0;
  if (pos < text.size()) {
    if (text[pos] == ':') ++pos;
    m = read_digits(text, pos, 2, "a time zone offset");
  }
  if (pos != text.size()) bad("a time zone offset", text);
  return minutes{sign * (h * 60 + m)};
}

std::string fraction(microseconds us) {
  return fmt::format("{:02}:{:02}:{:02}.{:06}", duration_cast<hours>(us).count(),
                     duration_cast<minutes>(us).count() % 60, duration_cast<seconds>(us).count() % 60,
                     us.count() % 1000000);
}

}  // namespace

std::string format_date(date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::string format_time(time_of_day t) { return fraction(t.since_midnight); }

std::string format_datetime(datetime t, bool with_offset) {
  auto day_start = floor<days>(t);
  auto out = format_date(date{day_start}) + ' ' + fraction(t - day_start);
  if (with_offset) out += "+00:00";
  return out;
}

date parse_date(std::string_view text) {
  std::size_t pos = 0;
  auto out = read_date(text, pos);
  if (pos != text.size()) bad("a date", text);
  return out;
}

time_of_day parse_time(std::string_view text) {
  std::size_t pos = 0;
  auto out = read_time(text, pos);
  auto offset = read_offset(text, pos);  // TIMETZ: keep the wall time, offset checked only
  (void)offset;
  return {out};
}

datetime parse_datetime(std::string_view text) {
  std::size_t pos = 0;
  auto d = read_date(text, pos);
  if (pos == text.size()) return sys_days{d};
  if (text[pos] != ' ' && text[pos] != 'T') bad("a date and time", text);
  ++pos;
  auto t = read_time(text, pos);
  auto offset = read_offset(text, pos);
  return datetime{sys_days{d}} + t - offset;
}

std::string format_double(double d) { return fmt::format("{}", d); }


std::string to_display(const value& v) {
  struct visitor {
    std::string operator()(null_t) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_double(d); }
    std::string operator()(const std::string& s) const { return fmt::format("'{}'", s); }
    std::string operator()(const blob& b) const { return fmt::format("<{} bytes>", b.size()); }
    std::string operator()(const decimal& d) const { return d.text; }
    std::string operator()(const date& d) const { return format_date(d); }
    std::string operator()(const time_of_day& t) const { return format_time(t); }
    std::string operator()(const datetime& t) const { return format_datetime(t, true); }
    std::string operator()(const json& j) const { return j.text; }
  };
  return std::visit(visitor{}, v);
}

}  // namespace testudo
