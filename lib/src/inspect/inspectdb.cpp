// inspectdb: introspected tables → model metadata. Each column's field type is found by writing
// every candidate field the way the dialect would and keeping the first whose type the server
// reports back identically, so what the models re-create is what was read.
#include "testudo/inspect/inspectdb.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "testudo/dialect/dialect.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/version_table.hpp"
#include "testudo/schema/introspect.hpp"
#include "testudo/schema/table.hpp"

namespace testudo {
namespace {

// Names no field or class may take: keywords of C++ and Python, and Tortoise's own attributes.
const std::set<std::string, std::less<>>& reserved_names() {
  static const std::set<std::string, std::less<>> names = {
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
      "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
      "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "alignas", "alignof",
      "asm", "auto", "bool", "case", "catch", "char", "const", "constexpr", "default", "delete", "do", "double",
      "enum", "explicit", "export", "extern", "false", "float", "friend", "goto", "inline", "int", "long",
      "mutable", "namespace", "new", "noexcept", "nullptr", "operator", "private", "protected", "public",
      "register", "short", "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw", "true",
      "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "xor",
      "pk", "Meta", "Model", "fields", "objects",
      // what the generated code names: testudo's value types and parsers (C++), the module's imports (Python)
      "date", "datetime", "decimal", "json", "blob", "time_of_day", "parse_date", "parse_time", "testudo", "std",
      "Decimal",
      // Tortoise's Model attributes a field of that name would hide (Model.filter, .save, …)
      "all", "annotate", "bulk_create", "bulk_update", "clone", "create", "describe", "exclude", "exists", "fetch_related",
      "filter", "first", "get", "get_or_create", "get_or_none", "in_bulk", "raw", "refresh_from_db", "save",
      "select_for_update", "update", "update_from_dict", "update_or_create"};
  return names;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A name both languages take: other characters become '_', a leading digit gets one before it.
std::string identifier(std::string_view text) {
  std::string out;
  for (char c : text) out += is_word_char(c) && static_cast<unsigned char>(c) < 0x80 ? c : '_';
  // A leading digit is no identifier; a leading '_' is reserved in C++ and mangled by Python.
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(0, "f_");
  else if (out[0] == '_') out.insert(0, "f");
  if (reserved_names().contains(out)) out += '_';
  return out;
}

// "t_all_owner" → "TAllOwner".
std::string class_name_of(std::string_view table) {
  std::string out;
  bool upper = true;
  for (char c : identifier(table)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(0, "T");
  return reserved_names().contains(out) ? out + "_" : out;
}

// `base`, or base2, base3… — the first `taken` does not hold; then taken.
std::string unique_name(std::string base, std::set<std::string>& taken) {
  auto name = base;
  for (int n = 2; taken.contains(name); ++n) name = base + std::to_string(n);
  taken.insert(name);
  return name;
}

std::string key_text(const std::vector<std::string>& columns) { return fmt::format("({})", fmt::join(columns, ", ")); }

// ---- Types ----

struct field_shape {
  field_kind kind;
  std::size_t max_length = 0;
  int max_digits = 0, decimal_places = 0;
};

// The numbers in a type's first parentheses: "NUMERIC(12,4)" → {12, 4}.
std::vector<long> type_numbers(std::string_view type) {
  std::vector<long> out;
  auto open = type.find('(');
  if (open == std::string_view::npos) return out;
  long n = -1;
  for (auto i = open + 1; i < type.size() && type[i] != ')'; ++i) {
    if (std::isdigit(static_cast<unsigned char>(type[i]))) n = (n < 0 ? 0 : n * 10) + (type[i] - '0');
    else if (type[i] == ',' && n >= 0) out.push_back(std::exchange(n, -1));
    else if (type[i] != ' ') return {};
    if (n > 1'000'000) return {};
  }
  if (n >= 0) out.push_back(n);
  return out;
}

// The field types in the order a type two of them share is read as (SQLite's INT is both an
// IntField and Tortoise's BooleanField: IntField comes first). TimeDelta and the enum fields are
// never chosen: their columns are BIGINT, SMALLINT and VARCHAR like the plainer fields'.
std::vector<field_shape> candidates(std::string_view type) {
  auto n = type_numbers(type);
  std::vector<field_shape> out;
  for (auto kind : {field_kind::int_field, field_kind::big_int_field, field_kind::small_int_field}) out.push_back({kind});
  if (n.size() == 1 && n[0] > 0) out.push_back({field_kind::char_field, static_cast<std::size_t>(n[0])});
  out.push_back({field_kind::text_field});
  out.push_back({field_kind::bool_field});
  if (n.size() == 2 && n[0] > 0 && n[0] <= 38 && n[1] <= n[0])
    out.push_back({field_kind::decimal_field, 0, static_cast<int>(n[0]), static_cast<int>(n[1])});
  for (auto kind : {field_kind::float_field, field_kind::datetime_field, field_kind::date_field, field_kind::time_field,
                    field_kind::uuid_field, field_kind::json_field, field_kind::binary_field})
    out.push_back({kind});
  return out;
}

field_meta field_of(const field_shape& shape, std::string name) {
  field_meta f;
  f.name = std::move(name);
  f.kind = shape.kind;
  f.max_length = shape.max_length;
  f.max_digits = shape.max_digits;
  f.decimal_places = shape.decimal_places;
  return f;
}

// What the server reports for a column testudo or Tortoise declares for `shape`.
bool reports_as(const field_shape& shape, backend kind, const std::string& type) {
  auto column = column_from_description(describe_field(field_of(shape, "x")), false);
  for (auto types : {column_types::testudo, column_types::tortoise}) {
    const auto& d = dialect_for(kind, types);
    if (d.reported_type(d.column_type(column)) == type) return true;
  }
  return false;
}

// A close field for a type none declares: numbers stay numbers, the rest is text.
field_shape fallback_shape(std::string_view type) {
  auto has = [&](std::string_view word) { return type.find(word) != std::string_view::npos; };
  if (has("INT")) return {has("BIG") ? field_kind::big_int_field : field_kind::int_field};
  if (has("REAL") || has("FLOA") || has("DOUB")) return {field_kind::float_field};
  return {field_kind::text_field};
}

// A type the describe JSON can carry in db_field_types (words, each with optional numbers).
bool plain_sql_type(std::string_view type) {
  return !type.empty() && std::ranges::all_of(type, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '(' || c == ')' || c == ',' || c == '_';
  });
}

// ---- Defaults ----

// PostgreSQL writes literals with a cast ('x'::character varying) and negative numbers in
// parentheses: the literal inside them.
std::string_view strip_cast(std::string_view text) {
  bool quoted = false;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') quoted = !quoted;
    else if (!quoted && text[i] == ':' && text[i + 1] == ':') return strip_cast(text.substr(0, i));
  }
  if (text.size() > 2 && text.front() == '(' && text.back() == ')') return text.substr(1, text.size() - 2);
  return text;
}

// An integer literal within [lo, hi] (a member of the field's type holds it).
std::optional<std::int64_t> integer_in(const std::string& text, std::int64_t lo, std::int64_t hi) {
  std::int64_t n = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n < lo || n > hi) return std::nullopt;
  return n;
}

// [-]digits, or with `fraction` [-]digits.digits too.
bool plain_number(std::string_view text, bool fraction) {
  if (text.starts_with('-')) text.remove_prefix(1);
  auto digits = [](std::string_view part) {
    return !part.empty() && std::ranges::all_of(part, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  auto point = text.find('.');
  if (point == std::string_view::npos) return digits(text);
  return fraction && digits(text.substr(0, point)) && digits(text.substr(point + 1));
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The default of `f` from the server's text: a value the model writes when it is a plain literal,
// auto_now_add for the clock on a datetime (auto_now when the column also `updates_to_now`), else the SQL itself as a database default (without
// PostgreSQL's cast, which the column's type brings back); false when a snapshot cannot hold it.
// A date or time literal as its value, when the value writes back the same text.
template <class T>
std::optional<value> temporal(const std::string& literal, T (*parse)(std::string_view), std::string (*format)(T)) {
  try {
    auto v = parse(literal);
    if (format(v) == literal) return value{v};
  } catch (const params_error&) {
  }
  return std::nullopt;
}

bool set_default(field_meta& f, const std::string& text, bool updates_to_now, const dialect& d) {
  auto inner = std::string(strip_cast(text));
  auto quoted = d.read_string_literal(inner);
  const auto& literal = quoted ? *quoted : inner;
  auto as_integer = [](std::optional<std::int64_t> n) { return n ? std::optional<value>(value{*n}) : std::nullopt; };
  auto as_value = [&]() -> std::optional<value> {
    switch (f.kind) {
      // Beyond the member's range (SQLite takes any number) the literal stays SQL: a database default.
      case field_kind::int_field: return as_integer(integer_in(literal, INT32_MIN, INT32_MAX));
      case field_kind::small_int_field: return as_integer(integer_in(literal, INT16_MIN, INT16_MAX));
      case field_kind::big_int_field: return as_integer(integer_in(literal, INT64_MIN + 1, INT64_MAX));
      case field_kind::float_field: {
        char* end = nullptr;
        errno = 0;
        double number = plain_number(literal, true) ? std::strtod(literal.c_str(), &end) : 0;
        if (!end || errno == ERANGE || format_double(number) != literal) return std::nullopt;
        return value{number};
      }
      case field_kind::decimal_field:
        if (plain_number(literal, true)) return value{decimal{literal}};
        return std::nullopt;
      case field_kind::bool_field: {
        auto word = upper(literal);
        if (word == "TRUE" || word == "1") return value{true};
        if (word == "FALSE" || word == "0") return value{false};
        return std::nullopt;
      }
      case field_kind::char_field:
        if (quoted) return value{*quoted};
        return std::nullopt;
      case field_kind::date_field: return quoted ? temporal<date>(*quoted, parse_date, format_date) : std::nullopt;
      case field_kind::time_field: return quoted ? temporal<time_of_day>(*quoted, parse_time, format_time) : std::nullopt;
      default: return std::nullopt;  // the DDL writes no DEFAULT for the others from a model default
    }
  };
  auto clock = upper(text);
  if (f.kind == field_kind::datetime_field && (clock.starts_with("CURRENT_TIMESTAMP") || clock.starts_with("NOW("))) {
    f.auto_now_add = true;
    f.auto_now = updates_to_now;
  } else if (auto v = as_value()) {
    f.default_value = std::move(*v);
  } else if (literal_default(text)) {
    f.default_value = db_default{text};
  } else if (literal_default(inner)) {
    f.default_value = db_default{inner};
  } else {
    return false;
  }
  return true;
}

on_delete on_delete_of(std::string_view action) {
  if (action == "RESTRICT") return on_delete::restrict;
  if (action == "SET NULL") return on_delete::set_null;
  if (action == "SET DEFAULT") return on_delete::set_default;
  if (action == "NO ACTION") return on_delete::no_action;
  return on_delete::cascade;
}

// ---- Tables → models ----

class inspector {
 public:
  inspector(connection& conn, std::string app) : conn_(conn), kind_(conn.kind()), d_(dialect_for(kind_)) {
    out_.app = std::move(app);
    out_.kind = kind_;
  }

  inspection run(const std::vector<std::string>& wanted) {
    for (const auto& name : table_names(wanted)) tables_.push_back(introspect_table(conn_, name));
    for (const auto& t : tables_) classify(t);
    for (const auto* t : model_tables_) class_of_[t->name] = unique_name(class_name_of(t->name), class_names_);
    for (const auto* t : model_tables_) build_model(*t);
    for (const auto* t : through_tables_) add_many_to_many(*t);
    for (auto& [table, m] : models_) {
      detail::check_model(m.meta);
      out_.models.push_back(std::move(m));
    }
    return std::move(out_);
  }

 private:
  std::vector<std::string> table_names(std::vector<std::string> wanted) {
    auto all = list_tables(conn_);
    std::erase(all, std::string(version_table_name));
    all_tables_ = {all.begin(), all.end()};
    if (wanted.empty()) return all;
    std::ranges::sort(wanted);
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());  // (clang 14 lacks ranges::unique)
    for (const auto& name : wanted)
      if (!std::ranges::binary_search(all, name))
        throw configuration_error(fmt::format("inspectdb: no table '{}' in the database (it has: {})", name,
                                              all.empty() ? "no tables" : fmt::format("{}", fmt::join(all, ", "))));
    return wanted;
  }

  static const index_info* primary(const table_info& t) {
    auto it = std::ranges::find_if(t.indexes, [](const index_info& i) { return i.primary; });
    return it == t.indexes.end() ? nullptr : &*it;
  }
  // SQLite's rowid key has no index of its own: its column says it is the key.
  static std::vector<std::string> primary_columns(const table_info& t) {
    if (const auto* pk = primary(t)) return pk->columns;
    std::vector<std::string> out;
    for (const auto& c : t.columns)
      if (c.primary_key) out.push_back(c.name);
    return out;
  }

  // Through tables: two columns, each the only column of a foreign key to a table with a one-column key.
  bool is_through(const table_info& t) {
    if (t.columns.size() != 2 || t.foreign_keys.size() != 2 || primary(t)) return false;
    for (const auto& c : t.columns) {
      const auto* fk = t.foreign_key_on({c.name});
      if (!fk || c.nullable || fk->ref_table == t.name) return false;
      const auto* target = table(fk->ref_table);
      if (!target || primary_columns(*target) != fk->ref_columns || !holds_key_of(*target, c)) return false;
    }
    return true;
  }

  // Whether `column` has the type a relation to `target` declares for its key column.
  bool holds_key_of(const table_info& target, const column_info& column) {
    const auto& key = *target.column(primary_columns(target).front());
    auto shape = key.auto_increment ? generated_shape(target, key.type) : shape_of(key.type);
    return shape && reports_as(*shape, kind_, column.type);
  }

  const table_info* table(std::string_view name) const {
    auto it = std::ranges::find(tables_, name, &table_info::name);
    return it == tables_.end() ? nullptr : &*it;
  }

  void classify(const table_info& t) {
    auto key = primary_columns(t);
    if (is_through(t)) through_tables_.push_back(&t);
    else if (key.size() == 1) model_tables_.push_back(&t);
    else if (auto add = targets_left_out(t); !add.empty()) {
      auto [a, b] = std::minmax(t.foreign_keys[0].ref_table, t.foreign_keys[1].ref_table);
      out_.notes.push_back(fmt::format("table {}: no primary key; it joins {} and {} as a many-to-many relation's table: "
                                       "inspect them with it ({})", t.name, a, b, add));
    } else {
      out_.notes.push_back(fmt::format("table {}: {}; no model can declare it, so it is left out", t.name,
                                       key.empty() ? "no primary key" : "a primary key of columns " + key_text(key)));
    }
  }

  // The -t options a table of two foreign keys (a through table's shape) lacks for its targets.
  std::string targets_left_out(const table_info& t) const {
    if (t.columns.size() != 2 || t.foreign_keys.size() != 2 || primary(t)) return {};
    std::vector<std::string> add;
    for (const auto& fk : t.foreign_keys)
      if (!table(fk.ref_table) && all_tables_.contains(fk.ref_table)) add.push_back("-t " + fk.ref_table);
    std::sort(add.begin(), add.end());
    return fmt::format("{}", fmt::join(add, " "));
  }

  // The foreign key a model can declare on `column`: one column to a model table's key.
  const foreign_key_info* relation_key(const table_info& t, const std::string& column, inspected_model& m) {
    const auto* fk = t.foreign_key_on({column});
    if (!fk) return nullptr;
    const auto* target = table(fk->ref_table);
    std::string why;
    if (!target && !all_tables_.contains(fk->ref_table)) why = fmt::format("table {} does not exist", fk->ref_table);
    else if (!target) why = fmt::format("table {} is not inspected (add it with -t)", fk->ref_table);
    else if (!class_of_.contains(target->name)) why = fmt::format("table {} has no model", fk->ref_table);
    else if (primary_columns(*target) != fk->ref_columns)
      why = fmt::format("it references {}{}, not the primary key", fk->ref_table, key_text(fk->ref_columns));
    else if (fk->on_delete == "SET NULL" && !t.column(column)->nullable) why = "ON DELETE SET NULL on a NOT NULL column";
    else if (!holds_key_of(*target, *t.column(column)))
      why = fmt::format("the column is {}, which a relation to {} does not declare", t.column(column)->type, fk->ref_table);
    if (why.empty()) return fk;
    m.notes.push_back(fmt::format("{} on {} is left out: {}; {} is a plain field", key_name(*fk), column, why, column));
    return nullptr;
  }

  static std::string key_name(const foreign_key_info& fk) {
    return fk.name.empty() ? "a foreign key" : "foreign key " + fk.name;
  }

  void build_model(const table_info& t) {
    auto& m = models_[t.name];
    m.meta.app = out_.app;
    m.meta.name = class_of_.at(t.name);
    m.meta.table = t.name;
    m.meta.description = t.comment;
    auto& names = field_names_[t.name];
    for (const auto& fk : t.foreign_keys)
      if (fk.columns.size() > 1)
        m.notes.push_back(fmt::format("{} {} → {}{} is left out: a key of several columns", key_name(fk),
                                      key_text(fk.columns), fk.ref_table, key_text(fk.ref_columns)));
    auto key = primary_columns(t).front();
    if (const auto* fk = t.foreign_key_on({key}))
      m.notes.push_back(fmt::format("{} on the primary key {} → {} is left out: a model's primary key is no relation",
                                    key_name(*fk), key, fk->ref_table));
    for (const auto& c : t.columns) {
      if (c.computed) {
        m.notes.push_back(fmt::format("column {} is left out: the database computes it (GENERATED ALWAYS AS)", c.name));
        continue;
      }
      const auto* fk = c.name == key ? nullptr : relation_key(t, c.name, m);
      auto f = fk ? relation_field(t, c, *fk, m, names) : data_field(t, c, c.name == key, m, names);
      m.meta.fields.push_back(std::move(f));
    }
    add_indexes(t, m);
  }

  field_meta data_field(const table_info& t, const column_info& c, bool key, inspected_model& m, std::set<std::string>& names) {
    auto shape = key && c.auto_increment ? generated_shape(t, c.type) : shape_of(c.type);
    auto f = field_of(shape ? *shape : fallback_shape(c.type), unique_name(identifier(c.name), names));
    if (f.name != c.name) f.source_field = c.name;
    if (!shape) {
      bool kept = plain_sql_type(c.type);
      m.notes.push_back(fmt::format("column {} is {}, which no field type declares: declared as {} here{}", c.name, c.type,
                                    describe_field(f)["field_type"].get<std::string>(),
                                    kept ? " (the JSON keeps the type)" : ", the JSON cannot keep the type"));
      if (kept) m.declared_types[f.name] = c.type;
    }
    f.primary_key = key;
    f.generated = key && c.auto_increment;
    f.null = c.nullable && !key;
    f.description = c.comment;
    if (c.auto_increment && !key)
      m.notes.push_back(fmt::format("column {}: the database generates its values; a model generates only its primary key", c.name));
    else if (c.default_value && !f.generated && !set_default(f, *c.default_value, c.on_update.has_value(), d_))
      m.notes.push_back(fmt::format("column {}: its default {} is left out: models keep literal defaults only", c.name,
                                    *c.default_value));
    if (c.on_update && !f.auto_now)
      m.notes.push_back(fmt::format("column {}: ON UPDATE {} is left out: a model says it only as auto_now (a datetime "
                                    "defaulting to now)", c.name, *c.on_update));
    return f;
  }

  field_meta relation_field(const table_info& t, const column_info& c, const foreign_key_info& fk, inspected_model& m,
                            std::set<std::string>& names) {
    field_meta f;
    auto base = c.name.size() > 3 && c.name.ends_with("_id") ? c.name.substr(0, c.name.size() - 3) : c.name;
    // The relation's own key attribute is <name>_id: another column may not have that name.
    if (base + "_id" != c.name && t.column(base + "_id")) base += "_rel";
    if (c.default_value)
      m.notes.push_back(fmt::format("column {}: its default {} is left out: a relation's key has none", c.name, *c.default_value));
    f.name = unique_name(identifier(base), names);
    if (f.name + "_id" != c.name) f.source_field = c.name;
    const auto* unique = t.index_on({c.name});
    f.kind = unique && unique->unique ? field_kind::one_to_one : field_kind::foreign_key;
    f.related_model = out_.app + "." + class_of_.at(fk.ref_table);
    f.null = c.nullable;
    f.on_delete_action = on_delete_of(fk.on_delete);
    f.description = c.comment;
    return f;
  }

  std::optional<field_shape> shape_of(const std::string& type) {
    if (auto it = shapes_.find(type); it != shapes_.end()) return it->second;
    std::optional<field_shape> found;
    for (const auto& s : candidates(type))
      if (reports_as(s, kind_, type)) {
        found = s;
        break;
      }
    return shapes_[type] = found;
  }

  // A generated key is written as the server's serial type: its integer kind is in that type's
  // name, or (SQLite's INTEGER key serves every kind) in the columns that refer to it.
  std::optional<field_shape> generated_shape(const table_info& t, const std::string& type) {
    for (auto kind : {field_kind::big_int_field, field_kind::small_int_field, field_kind::int_field})
      if (reports_as({kind}, kind_, type)) return field_shape{kind};
    if (type != "INTEGER") return std::nullopt;  // SQLite's rowid key is INTEGER for every kind
    if (auto it = integer_keys_.find(t.name); it != integer_keys_.end()) return it->second;
    // A BigInt when every column that refers to it is one (each other column's key would not fit).
    bool referred = false, all_big = true;
    for (const auto& other : tables_)
      for (const auto& fk : other.foreign_keys)
        if (fk.ref_table == t.name && fk.columns.size() == 1) {
          auto shape = shape_of(other.column(fk.columns[0])->type);
          referred = true;
          all_big = all_big && shape && shape->kind == field_kind::big_int_field;
        }
    return integer_keys_[t.name] = field_shape{referred && all_big ? field_kind::big_int_field : field_kind::int_field};
  }

  std::string field_name(const inspected_model& m, const std::string& column) const {
    auto it = std::ranges::find_if(m.meta.fields, [&](const field_meta& f) { return f.column() == column; });
    return it == m.meta.fields.end() ? std::string() : it->name;
  }

  void add_indexes(const table_info& t, inspected_model& m) {
    auto key = primary_columns(t);
    for (const auto& ix : t.indexes) {
      if (ix.primary || ix.columns == key) continue;
      if (ix.partial) {
        m.notes.push_back(fmt::format("index {} {} is left out: it covers some rows only (WHERE), a model's index all",
                                      ix.name, key_text(ix.columns)));
        continue;
      }
      std::vector<std::string> names;
      for (const auto& column : ix.columns) names.push_back(field_name(m, column));
      if (std::ranges::any_of(names, &std::string::empty)) {
        m.notes.push_back(fmt::format("index {} {} is left out: a key that is not only columns", ix.name, key_text(ix.columns)));
        continue;
      }
      if (ix.columns.size() == 1) single_column_index(t, ix, *std::ranges::find(m.meta.fields, names[0], &field_meta::name), m);
      else group_index(t, ix, names, m);
    }
    for (auto& f : m.meta.fields)
      if (f.unique && f.index) {
        f.index = false;  // a unique field has its one index
        m.notes.push_back(fmt::format("the plain index on {} is left out: its unique index serves", f.column()));
      }
  }

  void single_column_index(const table_info& t, const index_info& ix, field_meta& f, inspected_model& m) {
    if (ix.unique) {
      if (f.kind != field_kind::one_to_one) f.unique = true;  // a one-to-one key is unique already
      return;
    }
    auto expected = index_name("idx", t.name, ix.columns);
    // InnoDB adds an index of its own for a foreign key that none serves.
    if (ix.name != expected && d_.capabilities().keys_need_index && t.foreign_key_on(ix.columns)) return;
    if (f.unique || f.index) {
      m.notes.push_back(fmt::format("index {} on {} is left out: the column has another index", ix.name, ix.columns[0]));
      return;
    }
    f.index = true;
    if (ix.name != expected) m.notes.push_back(fmt::format("index {} on {} is re-created as {}", ix.name, ix.columns[0], expected));
  }

  void group_index(const table_info& t, const index_info& ix, const std::vector<std::string>& names, inspected_model& m) {
    auto& groups = ix.unique ? m.meta.unique_together : m.meta.indexes;
    groups.push_back(names);
    // SQLite keeps a UNIQUE table constraint as an index named after nothing the models say.
    auto expected = index_name(ix.unique ? "uid" : "idx", t.name, ix.columns);
    if (ix.name != expected && !ix.name.starts_with("sqlite_autoindex_"))
      m.notes.push_back(fmt::format("{} {} {} is re-created as {}", ix.unique ? "unique index" : "index", ix.name,
                                    key_text(ix.columns), expected));
  }

  void add_many_to_many(const table_info& t) {
    const auto& owner_fk = *t.foreign_key_on({t.columns[0].name});
    const auto& target_fk = *t.foreign_key_on({t.columns[1].name});
    auto& owner = models_.at(owner_fk.ref_table);
    auto prefix = owner.meta.table + "_";
    auto base = t.name.starts_with(prefix) && t.name.size() > prefix.size() ? t.name.substr(prefix.size()) : t.name;
    field_meta f;
    f.kind = field_kind::many_to_many;
    f.name = unique_name(identifier(base), field_names_[owner.meta.table]);
    f.related_model = out_.app + "." + class_of_.at(target_fk.ref_table);
    f.through = t.name;
    f.backward_key = t.columns[0].name;
    f.forward_key = t.columns[1].name;
    f.on_delete_action = on_delete_of(owner_fk.on_delete);
    f.description = t.comment;
    if (owner_fk.on_delete != target_fk.on_delete)
      owner.notes.push_back(fmt::format("many-to-many {} (table {}): its keys delete {} and {}; the model declares one "
                                        "action for both: {}", f.name, t.name, owner_fk.on_delete, target_fk.on_delete,
                                        owner_fk.on_delete));
    const auto* pair = t.index_on({t.columns[0].name, t.columns[1].name});
    for (const auto& ix : t.indexes) {
      bool innodb_key_index = !ix.unique && ix.columns.size() == 1 && d_.capabilities().keys_need_index;
      if (&ix != pair && !innodb_key_index)
        owner.notes.push_back(fmt::format("many-to-many {} (table {}): index {} {} is left out", f.name, t.name, ix.name,
                                          key_text(ix.columns)));
    }
    if (!pair || !pair->unique)
      owner.notes.push_back(fmt::format("many-to-many {} (table {}): the models add a unique index on {}", f.name, t.name,
                                        key_text({t.columns[0].name, t.columns[1].name})));
    owner.meta.fields.push_back(std::move(f));
  }

  connection& conn_;
  backend kind_;
  const dialect& d_;
  inspection out_;
  std::vector<table_info> tables_;
  std::vector<const table_info*> model_tables_, through_tables_;
  std::map<std::string, std::string> class_of_;  // table → class
  std::set<std::string> class_names_;
  std::set<std::string> all_tables_;  // of the database, for what a key refers to
  std::map<std::string, std::set<std::string>> field_names_;  // table → its field names
  std::map<std::string, inspected_model> models_;              // table → model, in table order
  std::map<std::string, std::optional<field_shape>> shapes_;   // type → field type (memo)
  std::map<std::string, field_shape> integer_keys_;  // table → its SQLite INTEGER key's field type (memo: each scans every table)
};

// Relations seen from their target: every related_name unique on the target, never a field's name.
void name_backward_relations(inspection& in) {
  std::map<std::string, std::set<std::string>> taken;  // "app.Class" → names on that model
  for (const auto& m : in.models)
    for (const auto& f : m.meta.fields) taken[m.meta.full_name()].insert(f.name);
  for (auto& m : in.models)
    for (auto& f : m.meta.fields)
      if (f.is_relation()) {
        // orders.user_id → users.orders; a second key from the same table → users.orders_reviewer.
        auto& names = taken[f.related_model];
        auto base = identifier(m.meta.table);
        f.related_name = unique_name(names.contains(base) ? identifier(m.meta.table + "_" + f.name) : base, names);
      }
}

}  // namespace

std::vector<const model_meta*> inspection::metas() const {
  std::vector<const model_meta*> out;
  for (const auto& m : models) out.push_back(&m.meta);
  return out;
}

inspection inspect_database(connection& conn, const std::vector<std::string>& tables, std::string app) {
  auto out = inspector(conn, std::move(app)).run(tables);
  name_backward_relations(out);
  return out;
}

snapshot_json describe_inspection(const inspection& in) {
  auto out = describe_models(in.metas(), in.app);
  auto keep = [&](snapshot_json& f, const inspected_model& m) {
    if (auto it = m.declared_types.find(f["name"].get<std::string>()); it != m.declared_types.end())
      f["db_field_types"][std::string(backend_name(in.kind))] = it->second;
  };
  for (const auto& m : in.models) {
    auto& model = out[m.meta.full_name()];
    keep(model["pk_field"], m);
    for (auto& f : model["data_fields"]) keep(f, m);
  }
  return out;
}

}  // namespace testudo
