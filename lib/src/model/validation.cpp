// The checks a value passes before it is written to a field (Tortoise's field validators, plus
// the column's own limits), and the conversion of a loose value to the member's type.
#include "model/validation.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <optional>
#include <regex>

#include "testudo/errors.hpp"

namespace testudo::detail {
namespace {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<double> number(const value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* d = std::get_if<decimal>(&v)) {
    double out = 0;
    std::from_chars(d->text.data(), d->text.data() + d->text.size(), out);
    return out;
  }
  return std::nullopt;
}

void check_rule(const model_meta& meta, const field_meta& f, const value& v, const validator& rule) {
  auto fail = [&](std::string_view rule_name, const std::string& why) {
    throw validation_error(fmt::format("{}: {} ({})", field_label(meta, f), why, rule_name), field_label(meta, f), std::string(rule_name));
  };
  switch (rule.rule) {
    case validator::kind::min_value:
      if (auto n = number(v); n && *n < rule.number) fail("min_value", fmt::format("{} is less than the minimum {}", to_display(v), rule.number));
      break;
    case validator::kind::max_value:
      if (auto n = number(v); n && *n > rule.number) fail("max_value", fmt::format("{} is greater than the maximum {}", to_display(v), rule.number));
      break;
    case validator::kind::max_length:
      if (auto* s = std::get_if<std::string>(&v); s && utf8_length(*s) > static_cast<std::size_t>(rule.number))
        fail("max_length", fmt::format("{} characters, more than the maximum {}", utf8_length(*s), rule.number));
      break;
    case validator::kind::regex:
      if (auto* s = std::get_if<std::string>(&v); s && !std::regex_search(*s, std::regex(rule.pattern), std::regex_constants::match_continuous))
        fail("regex", fmt::format("'{}' does not match '{}'", *s, rule.pattern));
      break;
  }
}

// A decimal must be plain text ("-12.50") that fits DECIMAL(max_digits, decimal_places).
void check_decimal(const model_meta& meta, const field_meta& f, const decimal& d) {
  auto fail = [&](std::string_view rule, const std::string& why) {
    throw validation_error(fmt::format("{}: {} ({})", field_label(meta, f), why, rule), field_label(meta, f), std::string(rule));
  };
  std::string_view text = d.text;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  auto digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  if (text.empty() || (whole.empty() && fraction.empty()) || !digits(whole) || !digits(fraction))
    fail("decimal", fmt::format("'{}' is not a plain decimal number such as -12.50", d.text));
  whole.remove_prefix(std::min(whole.find_first_not_of('0'), whole.size()));
  if (fraction.size() > static_cast<std::size_t>(f.decimal_places))
    fail("decimal_places", fmt::format("'{}' has more than {} decimal places", d.text, f.decimal_places));
  if (whole.size() > static_cast<std::size_t>(f.max_digits - f.decimal_places))
    fail("max_digits", fmt::format("'{}' has more than {} digits before the point (max_digits {}, decimal_places {})", d.text,
                                   f.max_digits - f.decimal_places, f.max_digits, f.decimal_places));
}
}  // namespace

std::string field_label(const model_meta& meta, const field_meta& f) { return meta.name + "." + f.name; }

void validate_value(const model_meta& meta, const field_meta& f, const value& v) {
  if (std::holds_alternative<null_t>(v)) {
    if (!f.null && !f.primary_key)
      throw validation_error(fmt::format("{}: has no value but the field is not null()", field_label(meta, f)), field_label(meta, f), "null");
    return;
  }
  if ((f.kind == field_kind::char_field || f.kind == field_kind::char_enum) && f.max_length > 0)
    check_rule(meta, f, v, max_length(f.max_length));
  if (!f.enum_members.empty()) {
    bool member = false;
    for (const auto& [name, allowed] : f.enum_members) member = member || allowed == v;
    if (!member)
      throw validation_error(fmt::format("{}: {} is not one of the enum's values", field_label(meta, f), to_display(v)),
                             field_label(meta, f), "enum");
  }
  if (auto* d = std::get_if<decimal>(&v); d && f.kind == field_kind::decimal_field) check_decimal(meta, f, *d);
  for (const auto& rule : f.validators) check_rule(meta, f, v, rule);
}

value stored_form(const field_meta& f, const value& v) {
  const auto* d = std::get_if<double>(&v);
  if (!d || f.kind != field_kind::decimal_field) return v;
  return decimal::from_double(*d, f.decimal_places);
}

void store_value(const model_meta& meta, const field_meta& f, void* object, const value& v) {
  try {
    f.access->set(object, stored_form(f, v));
  } catch (const field_error& e) {
    throw field_error(fmt::format("{}: {}", field_label(meta, f), e.what()));
  }
}

value checked_value(const model_meta& meta, const field_meta& f, const value& v) {
  if (std::holds_alternative<null_t>(v)) {  // a non-optional member cannot hold it: check before converting
    validate_value(meta, f, v);
    return v;
  }
  // The member's own conversion, on a scratch object: exactly what save() would bind.
  auto scratch = meta.make_list();
  void* object = scratch->append();
  store_value(meta, f, object, v);
  auto stored = f.access->get(object);
  validate_value(meta, f, stored);
  return stored;
}

}  // namespace testudo::detail
