// Snapshots from outside (models JSON files, the version table, migration states) are untrusted:
// parsed with a bounded nesting depth and checked key by key before anything reads them.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

#include "testudo/errors.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {
namespace {

// Far deeper than any describe() output; deep enough nesting would overflow the stack of every
// recursive walk (copy, compare, dump) that follows.
constexpr std::size_t max_depth = 64;

// The deepest [ / { nesting of a JSON text, counted outside strings; stops once past `limit`.
std::size_t nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::string_view kind_of(const snapshot_json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

// What may stand where a describe field is copied into DDL: anything else could end the
// statement and start another one.
constexpr std::string_view on_delete_actions[] = {"CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"};
constexpr std::string_view type_rule =
    "an SQL type: words, each optionally followed by numbers in parentheses (VARCHAR(40), DECIMAL(10,2), "
    "DOUBLE PRECISION, NVARCHAR(MAX))";
constexpr std::string_view default_rule =
    "a literal: a number, a 'quoted string' without backslashes, TRUE, FALSE, NULL, CURRENT_TIMESTAMP[(n)], CURRENT_DATE "
    "or CURRENT_TIME[(n)]";

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "(10,2)", "(40)", "(MAX)" at `at`; returns the index past it, or npos.
std::size_t type_arguments(std::string_view type, std::size_t at) {
  auto close = type.find(')', at);
  if (close == std::string_view::npos) return close;
  auto inside = type.substr(at + 1, close - at - 1);
  if (upper(inside) == "MAX") return close + 1;
  bool digit = false;
  for (char c : inside) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c == ',' && digit) digit = false;
    else if (c != ' ') return std::string_view::npos;
  }
  return digit ? close + 1 : std::string_view::npos;
}

// Words that would end the type and start a column constraint of the statement.
bool clause_word(std::string_view word) {
  auto upper_word = upper(word);
  for (std::string_view w : {"NOT", "NULL", "DEFAULT", "PRIMARY", "KEY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT",
                             "GENERATED", "AS", "COLLATE", "COMMENT", "ON", "AUTO_INCREMENT", "AUTOINCREMENT"})
    if (upper_word == w) return true;
  return false;
}

bool valid_type(std::string_view type) {
  std::size_t i = 0;
  while (i < type.size()) {
    auto start = i;
    while (i < type.size() && is_word_char(type[i])) ++i;
    if (i == start || std::isdigit(static_cast<unsigned char>(type[start])) || clause_word(type.substr(start, i - start)))
      return false;
    if (i < type.size() && type[i] == '(' && (i = type_arguments(type, i)) == std::string_view::npos) return false;
    if (i == type.size()) return true;
    if (type[i] != ' ' || ++i == type.size()) return false;
  }
  return false;
}

}  // namespace

bool literal_default(std::string_view sql) {
  if (sql.size() >= 2 && sql.front() == '\'' && sql.back() == '\'') {
    auto inside = sql.substr(1, sql.size() - 2);
    for (std::size_t i = 0; i < inside.size(); ++i) {
      if (inside[i] == '\\') return false;  // MySQL reads it as an escape, the others do not
      if (inside[i] == '\'' && (++i == inside.size() || inside[i] != '\'')) return false;
    }
    return true;
  }
  auto number = sql.substr(sql.starts_with('-') ? 1 : 0);
  if (!number.empty() && std::isdigit(static_cast<unsigned char>(number.front())) &&
      number.find_first_not_of("0123456789.") == std::string_view::npos && std::count(number.begin(), number.end(), '.') <= 1)
    return true;
  auto word = upper(sql);
  for (std::string_view constant : {"TRUE", "FALSE", "NULL", "CURRENT_DATE"})
    if (word == constant) return true;
  // The clock, with a fractional-seconds precision as MySQL writes it: CURRENT_TIMESTAMP(6).
  for (std::string_view clock : {"CURRENT_TIMESTAMP", "CURRENT_TIME"}) {
    if (!word.starts_with(clock)) continue;
    auto rest = std::string_view(word).substr(clock.size());
    if (rest.empty() || (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')' &&
                         rest.substr(1, rest.size() - 2).find_first_not_of("0123456789") == std::string_view::npos))
      return true;
  }
  return false;
}

namespace {

// A value as the message shows it: strings quoted, cut short when long.
std::string shown(const snapshot_json& j) {
  if (!j.is_string()) return std::string(kind_of(j));
  auto text = j.dump(-1, ' ', true);
  return text.size() > 80 ? text.substr(0, 77) + "...\"" : text;
}

enum class want { string, boolean, object, array, text };  // text: a string or null

bool fits(const snapshot_json& j, want w) {
  switch (w) {
    case want::string: return j.is_string();
    case want::boolean: return j.is_boolean();
    case want::object: return j.is_object();
    case want::array: return j.is_array();
    case want::text: return j.is_string() || j.is_null();
  }
  return false;
}

std::string_view expected(want w) {
  switch (w) {
    case want::string: return "a string";
    case want::boolean: return "true or false";
    case want::object: return "an object";
    case want::array: return "an array";
    case want::text: return "a string or null";
  }
  return "";
}

// Builds the ordered_json nlohmann's parser builds (a repeated key keeps its first place and takes
// the last value), but fills each object at once: the parser's ordered_map::operator[] finds every
// key by linear search and grows the vector one member at a time, which made a snapshot of 2,000
// models slow to parse (its top level is one object of 2,000 members).
class snapshot_reader {
 public:
  using number_integer_t = snapshot_json::number_integer_t;
  using number_unsigned_t = snapshot_json::number_unsigned_t;
  using number_float_t = snapshot_json::number_float_t;
  using string_t = snapshot_json::string_t;
  using binary_t = snapshot_json::binary_t;

  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(number_integer_t v) { return add(v); }
  bool number_unsigned(number_unsigned_t v) { return add(v); }
  bool number_float(number_float_t v, const string_t&) { return add(v); }
  bool string(string_t& v) { return add(std::move(v)); }
  bool binary(binary_t& v) { return add(snapshot_json::binary(std::move(v))); }
  bool start_object(std::size_t) { return open(); }
  bool key(string_t& k) {
    open_[depth_ - 1].keys.push_back(std::move(k));
    return true;
  }
  bool end_object() { return add(close_object(open_[--depth_])); }
  bool start_array(std::size_t) { return open(); }
  bool end_array() {
    auto& c = open_[--depth_];
    snapshot_json array = snapshot_json::array();
    auto& items = array.get_ref<snapshot_json::array_t&>();
    items.reserve(c.values.size());
    for (auto& v : c.values) items.push_back(std::move(v));
    return add(std::move(array));
  }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& e) {
    throw e;
  }

  snapshot_json result() { return std::move(root_); }

 private:
  // What an open object or array holds so far; kept for the next one at the same depth, so that
  // its vectors are allocated once per depth rather than once per object.
  struct container {
    std::vector<std::string> keys;  // objects: one per value
    std::vector<snapshot_json> values;
  };

  bool open() {
    if (depth_ == open_.size()) open_.emplace_back();
    open_[depth_].keys.clear();
    open_[depth_].values.clear();
    ++depth_;
    return true;
  }

  bool add(snapshot_json v) {
    if (depth_ == 0) root_ = std::move(v);
    else open_[depth_ - 1].values.push_back(std::move(v));
    return true;
  }

  static snapshot_json close_object(container& c) {
    snapshot_json object = snapshot_json::object();
    auto& members = object.get_ref<snapshot_json::object_t&>();
    members.reserve(c.keys.size());
    constexpr std::size_t small = 32;  // up to this many keys a repeated one is looked for in place
    std::unordered_map<std::string_view, std::size_t> at;  // key → index in members, for big objects
    for (std::size_t i = 0; i < c.keys.size(); ++i) {
      auto seen = members.end();
      if (c.keys.size() <= small) {
        seen = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == c.keys[i]; });
      } else if (auto it = at.find(c.keys[i]); it != at.end()) {
        seen = members.begin() + static_cast<std::ptrdiff_t>(it->second);
      }
      if (seen != members.end()) {
        seen->second = std::move(c.values[i]);
        continue;
      }
      members.emplace_back(std::move(c.keys[i]), std::move(c.values[i]));
      if (c.keys.size() > small) at.emplace(members.back().first, members.size() - 1);
    }
    return object;
  }

  std::vector<container> open_;
  std::size_t depth_ = 0;
  snapshot_json root_;
};

class checker {
 public:
  explicit checker(std::string_view source) : source_(source) {}

  void document(const snapshot_json& doc) {
    if (!doc.is_object()) fail("", fmt::format("the document is {}", kind_of(doc)), "an object {\"app.Model\": {...}, ...}");
    for (const auto& [name, m] : doc.items()) {
      model_ = name;
      model(m);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& path, std::string_view problem, std::string_view what) const {
    auto where = model_.empty() ? std::string() : fmt::format(": model '{}'", model_);
    if (!path.empty()) where += fmt::format(", key '{}'", path);
    throw configuration_error(fmt::format("{}{}: {}; expected {}", source_, where, problem, what));
  }

  // The key's path is spelled out only for a message: this runs for every key of every field.
  const snapshot_json* get(const snapshot_json& obj, const std::string& path, const char* key, want w, bool required) const {
    auto it = obj.find(key);
    auto at = [&] { return path.empty() ? std::string(key) : path + "." + key; };
    if (it == obj.end()) {
      if (required) fail(at(), "it is missing", expected(w));
      return nullptr;
    }
    if (!fits(*it, w)) fail(at(), fmt::format("it is {}", kind_of(*it)), expected(w));
    if (it->is_string() && has_nul(*it)) name_text(*it, at());
    return &*it;
  }
  const snapshot_json& need(const snapshot_json& obj, const std::string& path, const char* key, want w) const {
    return *get(obj, path, key, w, true);
  }
  void may(const snapshot_json& obj, const std::string& path, const char* key, want w) const { get(obj, path, key, w, false); }

  // Names and comments end up in SQL text, where a NUL cuts the statement short.
  static bool has_nul(const snapshot_json& s) { return s.get_ref<const std::string&>().find('\0') != std::string::npos; }
  void name_text(const snapshot_json& s, const std::string& path) const {
    if (has_nul(s)) fail(path, "it contains a NUL character", "text without NUL");
  }

  void strings(const snapshot_json& obj, const std::string& path, const char* key) const {
    const auto* list = get(obj, path, key, want::array, false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto at = fmt::format("{}{}{}[{}]", path, path.empty() ? "" : ".", key, i);
      if (!(*list)[i].is_string()) fail(at, fmt::format("it is {}", kind_of((*list)[i])), "a string");
      name_text((*list)[i], at);
    }
  }

  // Meta.indexes / unique_together: lists of field-name lists.
  void groups(const snapshot_json& m, const char* key) const {
    const auto* list = get(m, "", key, want::array, false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto at = fmt::format("{}[{}]", key, i);
      if (!(*list)[i].is_array()) fail(at, fmt::format("it is {}", kind_of((*list)[i])), "a list of field names");
      for (std::size_t j = 0; j < (*list)[i].size(); ++j)
        if (!(*list)[i][j].is_string())
          fail(fmt::format("{}[{}]", at, j), fmt::format("it is {}", kind_of((*list)[i][j])), "a field name");
    }
  }

  void model(const snapshot_json& m) {
    if (!m.is_object()) fail("", fmt::format("the model is {}", kind_of(m)), "an object as describe() writes it");
    need(m, "", "table", want::string);
    need(m, "", "name", want::string);
    may(m, "", "description", want::text);
    strings(m, "", "renamed_from");
    groups(m, "indexes");
    groups(m, "unique_together");
    data_field(need(m, "", "pk_field", want::object), "pk_field");
    each(m, "data_fields", &checker::data_field);
    each(m, "fk_fields", &checker::key_relation);
    each(m, "o2o_fields", &checker::key_relation);
    each(m, "m2m_fields", &checker::m2m_relation);
  }

  void each(const snapshot_json& m, const char* key, void (checker::*check)(const snapshot_json&, const std::string&) const) {
    const auto& list = need(m, "", key, want::array);
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto at = fmt::format("{}[{}]", key, i);
      if (!list[i].is_object()) fail(at, fmt::format("it is {}", kind_of(list[i])), "a field description (an object)");
      (this->*check)(list[i], at);
    }
  }

  void field_common(const snapshot_json& f, const std::string& at) const {
    need(f, at, "name", want::string);
    may(f, at, "description", want::text);
    strings(f, at, "renamed_from");
  }

  void data_field(const snapshot_json& f, const std::string& at) const {
    field_common(f, at);
    need(f, at, "field_type", want::string);
    may(f, at, "db_column", want::string);
    for (const char* flag : {"nullable", "generated", "unique", "indexed", "auto_now", "auto_now_add"})
      may(f, at, flag, want::boolean);
    if (const auto* types = get(f, at, "db_field_types", want::object, false))
      for (const auto& [dialect, type] : types->items())
        if (!type.is_string() || !valid_type(type.get_ref<const std::string&>()))
          fail(fmt::format("{}.db_field_types.{}", at, dialect), fmt::format("it is {}", shown(type)), type_rule);
    if (const auto* sql = get(f, at, "db_default", want::text, false); sql && sql->is_string() &&
        !literal_default(sql->get_ref<const std::string&>()))
      fail(at + ".db_default", fmt::format("it is {}", shown(*sql)), default_rule);
  }

  void key_relation(const snapshot_json& f, const std::string& at) const {
    field_common(f, at);
    need(f, at, "python_type", want::string);
    need(f, at, "raw_field", want::string);
    may(f, at, "db_constraint", want::boolean);
    on_delete(f, at);
  }

  void on_delete(const snapshot_json& f, const std::string& at) const {
    const auto* action = get(f, at, "on_delete", want::string, false);
    if (action && std::find(std::begin(on_delete_actions), std::end(on_delete_actions), action->get_ref<const std::string&>()) ==
                      std::end(on_delete_actions))
      fail(at + ".on_delete", fmt::format("it is {}", shown(*action)), fmt::format("one of {}", fmt::join(on_delete_actions, ", ")));
  }

  void m2m_relation(const snapshot_json& f, const std::string& at) const {
    field_common(f, at);
    for (const char* key : {"model_name", "through", "forward_key", "backward_key"}) need(f, at, key, want::string);
    may(f, at, "_generated", want::boolean);
    may(f, at, "db_constraint", want::boolean);
    on_delete(f, at);
  }

  std::string_view source_;
  std::string model_;
};

}  // namespace

void check_snapshot(const snapshot_json& snapshot, std::string_view source) { checker(source).document(snapshot); }

snapshot_json read_snapshot(std::string_view text, std::string_view source) {
  if (nesting_depth(text, max_depth) > max_depth)
    throw configuration_error(fmt::format("{}: the JSON nests deeper than {} levels, which no describe() output does",
                                          source, max_depth));
  try {
    snapshot_reader reader;
    snapshot_json::sax_parse(text, &reader);
    return reader.result();
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for a number overflow
    throw configuration_error(fmt::format("{}: invalid JSON ({})", source, e.what()));
  }
}

}  // namespace testudo
