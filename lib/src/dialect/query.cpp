// The query side of the dialects: lookups, paging, locking and INSERT variants per backend.
#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dialect/dialects.hpp"
#include "testudo/errors.hpp"
#include "util/casefold.hpp"

namespace testudo {
namespace {

// LIKE operand: the user's % _ and \ match literally (ESCAPE '\').
std::string like_escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string wrap(std::string body, dialect::text_match m, char any) {
  switch (m) {
    case dialect::text_match::exact: return body;
    case dialect::text_match::contains: return any + body + any;
    case dialect::text_match::starts: return body + any;
    case dialect::text_match::ends: return any + body;
  }
  return body;
}

// "10.11.6-MariaDB-0+deb12u1" → {10, 11}.
std::pair<int, int> major_minor(std::string_view version) {
  int major = 0, minor = 0;
  auto [p, ec] = std::from_chars(version.data(), version.data() + version.size(), major);
  if (ec == std::errc{} && p < version.data() + version.size() && *p == '.')
    std::from_chars(p + 1, version.data() + version.size(), minor);
  return {major, minor};
}

[[noreturn]] void unknown_part(std::string_view part) {
  throw field_error(fmt::format("unknown date part '{}': use year, quarter, month, week, day, hour, minute or second", part));
}

}  // namespace

std::string dialect::text_operand(std::string_view text, text_match m, bool) const {
  return wrap(like_escaped(text), m, '%');
}

bool dialect::decimal_as_text(int, std::string_view) const { return false; }

std::string dialect::text_decimal_aggregate(std::string_view function, std::string_view argument, int) const {
  return fmt::format("{}({})", function, argument);
}

std::string dialect::text_decimal_arithmetic(std::string_view op, std::string_view a, std::string_view b) const {
  return fmt::format("({} {} {})", a, op, b);
}

std::string dialect::list_operand(const std::vector<value>& values) const {
  auto list = nlohmann::json::array();
  for (const auto& v : values) {
    if (auto* n = std::get_if<std::int64_t>(&v)) list.push_back(*n);
    else list.push_back(std::get<std::string>(v));
  }
  return list.dump();
}

// "$.owner.name", "$.tags[0]" (SQLite and MySQL path syntax; keys quoted so any text works).
std::string dialect::json_path_operand(const std::vector<std::string>& keys) const {
  std::string out = "$";
  for (const auto& key : keys) {
    if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      out += "[" + key + "]";
      continue;
    }
    out += ".\"";
    for (char c : key) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    out += '"';
  }
  return out;
}

std::string dialect::limit_offset(std::string_view limit, std::string_view offset) const {
  std::string out;
  if (!limit.empty()) out += fmt::format(" LIMIT {}", limit);
  if (!offset.empty()) {
    if (limit.empty() && !no_limit().empty()) out += fmt::format(" LIMIT {}", no_limit());
    out += fmt::format(" OFFSET {}", offset);
  }
  return out;
}

std::string dialect::for_update(bool nowait, bool skip_locked) const {
  if (nowait && skip_locked) throw params_error("select_for_update: nowait and skip_locked exclude each other");
  return nowait ? " FOR UPDATE NOWAIT" : skip_locked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
}

std::string dialect::on_conflict(bool ignore, const std::vector<std::string>& conflict_columns,
                                 const std::vector<std::string>& update_columns) const {
  if (ignore) return " ON CONFLICT DO NOTHING";
  if (update_columns.empty()) return {};
  if (conflict_columns.empty())
    throw params_error("bulk_create with update_fields needs on_conflict: the unique fields whose clash means 'update'");
  std::string sets;
  for (const auto& c : update_columns) sets += fmt::format("{}{} = EXCLUDED.{}", sets.empty() ? "" : ", ", quote(c), quote(c));
  return fmt::format(" ON CONFLICT ({}) DO UPDATE SET {}", quoted_list(conflict_columns), sets);
}

namespace detail {

namespace {
// How testudo_imatch() is told the lookup (its third argument).
fold_match fold_match_of(dialect::text_match m) {
  switch (m) {
    case dialect::text_match::exact: return fold_match::exact;
    case dialect::text_match::contains: return fold_match::contains;
    case dialect::text_match::starts: return fold_match::starts;
    case dialect::text_match::ends: return fold_match::ends;
  }
  return fold_match::exact;
}
}  // namespace

// SQLite: LIKE ignores case (ASCII only) and GLOB matches bytes, so case-sensitive lookups use
// GLOB, and case-insensitive ones testudo_imatch(), a function the driver registers on every
// connection: the operand is folded here, once, and each row's value there (Unicode lower case;
// docs/orm.md, "Case-insensitive lookups on SQLite").
std::string sqlite_dialect::text_match_sql(std::string_view lhs, std::string_view param, text_match m, bool ci) const {
  if (ci) return fmt::format("testudo_imatch({}, {}, {})", lhs, param, static_cast<int>(fold_match_of(m)));
  return fmt::format("{} GLOB {}", lhs, param);
}

std::string sqlite_dialect::text_operand(std::string_view text, text_match m, bool ci) const {
  if (ci) {
    std::string buffer;
    return std::string(casefold(text, buffer));
  }
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[') out += fmt::format("[{}]", c);
    else out += c;
  }
  return wrap(std::move(out), m, '*');
}

// A REAL keeps 15 significant digits: wider decimals stay text, handled by the collation and
// functions the SQLite driver registers (lib/src/db/sqlite/sqlite_decimal.cpp). A declared type
// of text affinity (SQLite's rule: no INT, and CHAR, CLOB or TEXT) keeps text at any width.
bool sqlite_dialect::decimal_as_text(int max_digits, std::string_view declared_type) const {
  if (declared_type.empty()) return max_digits > 15;
  auto has = [&](std::string_view part) { return declared_type.find(part) != std::string_view::npos; };
  return !has("INT") && (has("CHAR") || has("CLOB") || has("TEXT"));
}

std::string sqlite_dialect::text_decimal_column(std::string_view column) const {
  return fmt::format("{} COLLATE testudo_decimal", column);
}

std::string sqlite_dialect::text_decimal_aggregate(std::string_view function, std::string_view argument, int places) const {
  if (function == "SUM") return fmt::format("testudo_decimal_sum({})", argument);
  if (function == "AVG") return fmt::format("testudo_decimal_div(testudo_decimal_sum({0}), COUNT({0}), {1})", argument, places);
  return dialect::text_decimal_aggregate(function, argument, places);  // MIN, MAX, COUNT: the collation orders
}

std::string sqlite_dialect::text_decimal_arithmetic(std::string_view op, std::string_view a, std::string_view b) const {
  if (op == "+") return fmt::format("testudo_decimal_add({}, {})", a, b);
  if (op == "-") return fmt::format("testudo_decimal_sub({}, {})", a, b);
  if (op == "*") return fmt::format("testudo_decimal_mul({}, {})", a, b);
  throw unsupported_error(fmt::format("'{}' on a decimal wider than 15 digits: SQLite computes only + - * on them exactly; "
                                      "compute it in C++ with testudo::decimal", op));
}

std::string sqlite_dialect::in_bound_list(std::string_view lhs, std::string_view param, bool) const {
  return fmt::format("{} IN (SELECT value FROM json_each({}))", lhs, param);
}

std::string sqlite_dialect::json_path(std::string_view lhs, std::string_view param, bool) const {
  return fmt::format("json_extract({}, {})", lhs, param);  // already typed: numbers compare as numbers
}

std::string sqlite_dialect::null_safe_differs(std::string_view lhs, std::string_view rhs) const {
  return fmt::format("{} IS NOT {}", lhs, rhs);
}

std::string sqlite_dialect::date_part(std::string_view part, std::string_view lhs) const {
  auto field = [&](const char* format) { return fmt::format("CAST(strftime('{}', {}) AS INTEGER)", format, lhs); };
  if (part == "year") return field("%Y");
  if (part == "month") return field("%m");
  if (part == "day") return field("%d");
  if (part == "hour") return field("%H");
  if (part == "minute") return field("%M");
  if (part == "second") return field("%S");
  if (part == "quarter") return fmt::format("(({} + 2) / 3)", field("%m"));
  // ISO week: the week of the year of this week's Thursday.
  if (part == "week") return fmt::format("((CAST(strftime('%j', date({}, '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1)", lhs);
  unknown_part(part);
}

std::string sqlite_dialect::json_contains(std::string_view, std::string_view, bool) const {
  throw unsupported_error("JSON containment lookups (contains, contained_by) need PostgreSQL or MySQL; SQLite has no such operator");
}

bool sqlite_dialect::insert_returning(std::string_view server_version) const {
  auto [major, minor] = major_minor(server_version);
  return major > 3 || (major == 3 && minor >= 35);
}

std::string postgres_dialect::text_match_sql(std::string_view lhs, std::string_view param, text_match, bool ci) const {
  return fmt::format("{} {} {} ESCAPE '\\'", lhs, ci ? "ILIKE" : "LIKE", param);
}

// The array's type is left to the server, which takes the column's (INTEGER[] for an INTEGER
// key): a cast to BIGINT[] would compare INTEGER with BIGINT, which PostgreSQL cannot hash, and
// scan the whole array for every row (7x slower over 50,000 rows and 100 keys).
std::string postgres_dialect::in_bound_list(std::string_view lhs, std::string_view param, bool) const {
  return fmt::format("{} = ANY({})", lhs, param);
}

std::string postgres_dialect::json_path(std::string_view lhs, std::string_view param, bool numeric) const {
  auto text = fmt::format("(CAST({} AS JSONB) #>> CAST({} AS TEXT[]))", lhs, param);
  return numeric ? fmt::format("CAST({} AS NUMERIC)", text) : text;
}

// The path as a text array: {"owner","name"}.
std::string postgres_dialect::json_path_operand(const std::vector<std::string>& keys) const {
  return list_operand(std::vector<value>(keys.begin(), keys.end()));
}

// An array literal: {1,2} or {"a","b \"c\""}.
std::string postgres_dialect::list_operand(const std::vector<value>& values) const {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    if (auto* n = std::get_if<std::int64_t>(&v)) {
      out += std::to_string(*n);
      continue;
    }
    out += '"';
    for (char c : std::get<std::string>(v)) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string postgres_dialect::null_safe_differs(std::string_view lhs, std::string_view rhs) const {
  return fmt::format("{} IS DISTINCT FROM {}", lhs, rhs);
}

std::string postgres_dialect::date_part(std::string_view part, std::string_view lhs) const {
  static const char* parts[] = {"year", "quarter", "month", "week", "day", "hour", "minute", "second"};
  for (const char* p : parts)
    if (part == p) return fmt::format("CAST(FLOOR(EXTRACT({} FROM {})) AS INTEGER)", p, lhs);
  unknown_part(part);
}

std::string postgres_dialect::json_contains(std::string_view lhs, std::string_view param, bool contained_by) const {
  return fmt::format("{} {} CAST({} AS JSONB)", lhs, contained_by ? "<@" : "@>", param);
}

// MySQL compares text by the column's collation, which ignores case but also treats every emoji
// as equal: compare bytes (LIKE BINARY), lower-cased first for the case-insensitive lookups.
std::string mysql_dialect::text_match_sql(std::string_view lhs, std::string_view param, text_match, bool ci) const {
  if (ci) return fmt::format("LOWER({}) LIKE BINARY LOWER({})", lhs, param);
  return fmt::format("{} LIKE BINARY {}", lhs, param);
}

std::string mysql_dialect::in_bound_list(std::string_view lhs, std::string_view param, bool integers) const {
  return fmt::format("{} IN (SELECT v FROM JSON_TABLE({}, '$[*]' COLUMNS (v {} PATH '$')) AS testudo_list)", lhs, param,
                     integers ? "BIGINT" : "TEXT");
}

std::string mysql_dialect::json_path(std::string_view lhs, std::string_view param, bool numeric) const {
  auto text = fmt::format("JSON_UNQUOTE(JSON_EXTRACT({}, {}))", lhs, param);
  return numeric ? fmt::format("CAST({} AS DECIMAL(65, 10))", text) : text;
}

// MySQL compares and computes a DECIMAL against text as doubles: cast to an exact DECIMAL (65
// digits, 30 of them decimals: MySQL's limits).
std::string mysql_dialect::decimal_param(std::string marker) const {
  return fmt::format("CAST({} AS DECIMAL(65, 30))", marker);
}

std::string mysql_dialect::null_safe_differs(std::string_view lhs, std::string_view rhs) const {
  return fmt::format("NOT ({} <=> {})", lhs, rhs);
}

std::string mysql_dialect::date_part(std::string_view part, std::string_view lhs) const {
  if (part == "week") return fmt::format("WEEK({}, 3)", lhs);
  if (part == "quarter") return fmt::format("QUARTER({})", lhs);
  static const char* parts[] = {"year", "month", "day", "hour", "minute", "second"};
  for (const char* p : parts)
    if (part == p) return fmt::format("EXTRACT({} FROM {})", p, lhs);
  unknown_part(part);
}

std::string mysql_dialect::json_contains(std::string_view lhs, std::string_view param, bool contained_by) const {
  return contained_by ? fmt::format("JSON_CONTAINS({}, {})", param, lhs) : fmt::format("JSON_CONTAINS({}, {})", lhs, param);
}

bool mysql_dialect::insert_returning(std::string_view server_version) const {
  auto [major, minor] = major_minor(server_version);
  return server_version.find("MariaDB") != std::string_view::npos && (major > 10 || (major == 10 && minor >= 5));
}

std::string mysql_dialect::on_conflict(bool, const std::vector<std::string>&, const std::vector<std::string>& update_columns) const {
  if (update_columns.empty()) return {};  // ignoring is INSERT IGNORE
  std::string sets;
  for (const auto& c : update_columns) sets += fmt::format("{}{} = VALUES({})", sets.empty() ? "" : ", ", quote(c), quote(c));
  return " ON DUPLICATE KEY UPDATE " + sets;
}

}  // namespace detail
}  // namespace testudo
