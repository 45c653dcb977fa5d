// Field metadata: the kinds of field a model can declare, their options, and typed member access.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "testudo/db/connection.hpp"
#include "testudo/db/value.hpp"

namespace testudo {

// One per Tortoise field class.
enum class field_kind {
  int_field, small_int_field, big_int_field, char_field, text_field, bool_field, decimal_field, float_field,
  datetime_field, date_field, time_field, timedelta_field, uuid_field, json_field, binary_field, char_enum,
  int_enum, foreign_key, one_to_one, many_to_many
};

enum class on_delete { cascade, restrict, set_null, set_default, no_action };

// A default known to the ORM (a value) or to the database only (an SQL expression).
struct db_default {
  std::string sql;
};
using default_spec = std::variant<value, db_default>;

// A rule checked on save: Tortoise's MinValueValidator, MaxValueValidator, MaxLengthValidator,
// RegexValidator.
struct validator {
  enum class kind { min_value, max_value, max_length, regex } rule;
  double number = 0;
  std::string pattern;
};
validator min_value(double n);
validator max_value(double n);
validator max_length(std::size_t n);
validator regex(std::string pattern);

// Reads and writes one member of a model object, whatever its C++ type.
class field_access {
 public:
  virtual ~field_access() = default;
  virtual value get(const void* object) const = 0;
  virtual void set(void* object, const value& v) const = 0;
  // Stores column `column` of the current row straight into the member (the ORM's hydration
  // path: typed cursor reads, no intermediate value).
  virtual void read(void* object, const row_cursor& row, std::size_t column) const = 0;
  // Where the member lives inside `object`: how a member pointer is matched to its field.
  virtual const void* address(const void* object) const = 0;
};

struct field_meta {
  std::string name;                 // attribute name; for a relation, "category" (key: category_id)
  field_kind kind = field_kind::int_field;
  std::optional<std::string> source_field;  // custom column name
  bool primary_key = false;
  bool generated = false;           // database-generated key (auto increment)
  bool null = false;
  bool unique = false;
  bool index = false;
  std::optional<default_spec> default_value;
  bool default_from_member = false;  // default_value() without a value: read when the model is declared
  // Set when default_value(v) differs from the member's initial value (in a default-constructed
  // object): that initial value, which an insert replaces with v ("not given").
  std::optional<value> replaced_initial;
  std::optional<std::string> description;
  std::size_t max_length = 0;       // CharField, CharEnumField
  int max_digits = 0, decimal_places = 0;
  bool auto_now = false, auto_now_add = false;
  std::vector<validator> validators;
  std::vector<std::pair<std::string, value>> enum_members;  // name → value, for enum fields
  std::vector<std::string> renamed_from;  // earlier names: the diff renames instead of drop+add

  // Relations (foreign_key, one_to_one, many_to_many).
  std::string related_model;        // "app.Model"
  std::optional<std::string> related_name;
  on_delete on_delete_action = on_delete::cascade;
  bool db_constraint = true;
  std::optional<std::string> through, forward_key, backward_key;

  std::shared_ptr<const field_access> access;  // none for many_to_many

  bool is_relation() const noexcept {
    return kind == field_kind::foreign_key || kind == field_kind::one_to_one || kind == field_kind::many_to_many;
  }
  // The column that stores the field ("category_id" for a foreign key named "category").
  std::string column() const;
};

// Conversions between a member's C++ type and value.
template <class T, class = void>
struct value_traits;

template <class T>
struct value_traits<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static value to_value(T v) { return static_cast<std::int64_t>(v); }
  static T from_value(const value& v);
  static T read(const row_cursor& r, std::size_t c) { return static_cast<T>(r.get_int64(c)); }
};
template <class T>
struct value_traits<T, std::enable_if_t<std::is_enum_v<T>>> {
  static value to_value(T v) { return static_cast<std::int64_t>(v); }
  static T from_value(const value& v) {
    return static_cast<T>(value_traits<std::underlying_type_t<T>>::from_value(v));
  }
  static T read(const row_cursor& r, std::size_t c) { return static_cast<T>(r.get_int64(c)); }
};
template <>
struct value_traits<bool> {
  static value to_value(bool v) { return v; }
  static bool from_value(const value& v);
  static bool read(const row_cursor& r, std::size_t c) { return r.get_bool(c); }
};
template <class T>
struct value_traits<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  static value to_value(T v) { return static_cast<double>(v); }
  static T from_value(const value& v);
  static T read(const row_cursor& r, std::size_t c) { return static_cast<T>(r.get_double(c)); }
};
template <class T>  // types that are alternatives of value as they are
struct value_traits<T, std::enable_if_t<std::is_same_v<T, std::string> || std::is_same_v<T, decimal> ||
                                        std::is_same_v<T, datetime> || std::is_same_v<T, date> ||
                                        std::is_same_v<T, time_of_day> || std::is_same_v<T, blob> ||
                                        std::is_same_v<T, json>>> {
  static value to_value(const T& v) { return v; }
  static T from_value(const value& v);
  static T read(const row_cursor& r, std::size_t c) {
    if constexpr (std::is_same_v<T, std::string>) return std::string(r.get_text(c));
    else if constexpr (std::is_same_v<T, decimal>) return r.get_decimal(c);
    else if constexpr (std::is_same_v<T, datetime>) return r.get_datetime(c);
    else if constexpr (std::is_same_v<T, date>) return r.get_date(c);
    else if constexpr (std::is_same_v<T, time_of_day>) return r.get_time(c);
    else if constexpr (std::is_same_v<T, blob>) return r.get_blob(c);
    else return r.get_json(c);
  }
};
template <>
struct value_traits<std::chrono::microseconds> {  // TimeDeltaField: BIGINT microseconds
  static value to_value(std::chrono::microseconds v) { return static_cast<std::int64_t>(v.count()); }
  static std::chrono::microseconds from_value(const value& v) {
    return std::chrono::microseconds{value_traits<std::int64_t>::from_value(v)};
  }
  static std::chrono::microseconds read(const row_cursor& r, std::size_t c) {
    return std::chrono::microseconds{r.get_int64(c)};
  }
};
template <class T>
struct value_traits<std::optional<T>> {
  static value to_value(const std::optional<T>& v) { return v ? value_traits<T>::to_value(*v) : value{null}; }
  static std::optional<T> from_value(const value& v) {
    if (std::holds_alternative<null_t>(v)) return std::nullopt;
    return value_traits<T>::from_value(v);
  }
  static std::optional<T> read(const row_cursor& r, std::size_t c) {
    if (r.is_null(c)) return std::nullopt;
    return value_traits<T>::read(r, c);
  }
};

namespace detail {
// Thrown by from_value when a value has the wrong type; defined out of line.
[[noreturn]] void bad_conversion(const value& v, const char* target);

template <class M, class T>
class member_access final : public field_access {
 public:
  explicit member_access(T M::*member) : member_(member) {}
  value get(const void* object) const override {
    return value_traits<T>::to_value(static_cast<const M*>(object)->*member_);
  }
  void set(void* object, const value& v) const override {
    static_cast<M*>(object)->*member_ = value_traits<T>::from_value(v);
  }
  void read(void* object, const row_cursor& row, std::size_t column) const override {
    static_cast<M*>(object)->*member_ = value_traits<T>::read(row, column);
  }
  const void* address(const void* object) const override { return &(static_cast<const M*>(object)->*member_); }

 private:
  T M::*member_;
};

template <class T> struct unwrap_optional { using type = T; static constexpr bool optional = false; };
template <class T> struct unwrap_optional<std::optional<T>> { using type = T; static constexpr bool optional = true; };
}  // namespace detail

// A field being declared: chain options, e.g. char_field("email", &User::email, 255).unique().
class field_decl {
 public:
  explicit field_decl(field_meta meta) : meta_(std::move(meta)) {}

  field_decl primary_key() && { meta_.primary_key = true; meta_.generated = is_integer(); return std::move(*this); }
  // A primary key the application assigns (no auto increment).
  field_decl not_generated() && { meta_.generated = false; return std::move(*this); }
  field_decl null(bool on = true) && { meta_.null = on; return std::move(*this); }
  field_decl unique(bool on = true) && { meta_.unique = on; return std::move(*this); }
  field_decl index(bool on = true) && { meta_.index = on; return std::move(*this); }
  // The default is the member's initial value: `std::string role = "user";` with
  // char_field("role", &User::role, 20).default_value(). Written once, in the struct.
  field_decl default_value() && { return std::move(*this).set_default(std::nullopt, true); }
  // A default other than the member's initial value (which inserts then replace with it).
  field_decl default_value(value v) && { return std::move(*this).set_default(std::move(v), false); }
  // A default the database computes, e.g. db_default("CURRENT_TIMESTAMP").
  field_decl database_default(std::string sql) && { return std::move(*this).set_default(db_default{std::move(sql)}, false); }
  field_decl description(std::string text) && { meta_.description = std::move(text); return std::move(*this); }
  field_decl source_field(std::string column) && { meta_.source_field = std::move(column); return std::move(*this); }
  field_decl validate(validator v) && { meta_.validators.push_back(std::move(v)); return std::move(*this); }
  field_decl renamed_from(std::string old_name) && { meta_.renamed_from.push_back(std::move(old_name)); return std::move(*this); }
  field_decl auto_now() && { meta_.auto_now = meta_.auto_now_add = true; return std::move(*this); }
  field_decl auto_now_add() && { meta_.auto_now_add = true; return std::move(*this); }
  field_decl related_name(std::string name) && { meta_.related_name = std::move(name); return std::move(*this); }
  field_decl on_delete(testudo::on_delete action) && { meta_.on_delete_action = action; return std::move(*this); }
  field_decl db_constraint(bool on) && { meta_.db_constraint = on; return std::move(*this); }
  field_decl through(std::string table) && { meta_.through = std::move(table); return std::move(*this); }
  field_decl forward_key(std::string column) && { meta_.forward_key = std::move(column); return std::move(*this); }
  field_decl backward_key(std::string column) && { meta_.backward_key = std::move(column); return std::move(*this); }

  const field_meta& meta() const& noexcept { return meta_; }
  field_meta meta() && noexcept { return std::move(meta_); }

 private:
  field_decl set_default(std::optional<default_spec> spec, bool from_member) && {
    meta_.default_value = std::move(spec);
    meta_.default_from_member = from_member;
    return std::move(*this);
  }
  bool is_integer() const noexcept {
    return meta_.kind == field_kind::int_field || meta_.kind == field_kind::small_int_field || meta_.kind == field_kind::big_int_field;
  }
  field_meta meta_;
};

namespace detail {
template <class M, class T>
field_decl make_field(std::string name, T M::*member, field_kind kind) {
  field_meta meta;
  meta.name = std::move(name);
  meta.kind = kind;
  meta.null = unwrap_optional<T>::optional;  // std::optional members are nullable by default
  meta.access = std::make_shared<member_access<M, T>>(member);
  return field_decl(std::move(meta));
}
template <class T, class Want>
constexpr bool holds = std::is_same_v<typename unwrap_optional<T>::type, Want>;
template <class T>
constexpr bool holds_integer = std::is_integral_v<typename unwrap_optional<T>::type> &&
                               !std::is_same_v<typename unwrap_optional<T>::type, bool>;
}  // namespace detail

// The field declarations, one per Tortoise field class. Members may be std::optional<...>.
namespace declare {

template <class M, class T>
field_decl int_field(std::string name, T M::*member) {
  static_assert(detail::holds_integer<T>, "int_field needs an integer member");
  return detail::make_field(std::move(name), member, field_kind::int_field);
}
template <class M, class T>
field_decl small_int_field(std::string name, T M::*member) {
  static_assert(detail::holds_integer<T>, "small_int_field needs an integer member");
  return detail::make_field(std::move(name), member, field_kind::small_int_field);
}
template <class M, class T>
field_decl big_int_field(std::string name, T M::*member) {
  static_assert(detail::holds_integer<T>, "big_int_field needs an integer member");
  return detail::make_field(std::move(name), member, field_kind::big_int_field);
}
// The usual auto-increment integer primary key.
template <class M, class T>
field_decl pk(std::string name, T M::*member) {
  return int_field(std::move(name), member).primary_key();
}
template <class M, class T>
field_decl char_field(std::string name, T M::*member, std::size_t max_length) {
  static_assert(detail::holds<T, std::string>, "char_field needs a std::string member");
  auto decl = detail::make_field(std::move(name), member, field_kind::char_field);
  field_meta meta = std::move(decl).meta();
  meta.max_length = max_length;
  return field_decl(std::move(meta));
}
template <class M, class T>
field_decl text_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, std::string>, "text_field needs a std::string member");
  return detail::make_field(std::move(name), member, field_kind::text_field);
}
template <class M, class T>
field_decl bool_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, bool>, "bool_field needs a bool member");
  return detail::make_field(std::move(name), member, field_kind::bool_field);
}
template <class M, class T>
field_decl decimal_field(std::string name, T M::*member, int max_digits, int decimal_places) {
  static_assert(detail::holds<T, decimal>, "decimal_field needs a testudo::decimal member");
  field_meta meta = detail::make_field(std::move(name), member, field_kind::decimal_field).meta();
  meta.max_digits = max_digits;
  meta.decimal_places = decimal_places;
  return field_decl(std::move(meta));
}
template <class M, class T>
field_decl float_field(std::string name, T M::*member) {
  static_assert(std::is_floating_point_v<typename detail::unwrap_optional<T>::type>, "float_field needs a double member");
  return detail::make_field(std::move(name), member, field_kind::float_field);
}
template <class M, class T>
field_decl datetime_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, datetime>, "datetime_field needs a testudo::datetime member");
  return detail::make_field(std::move(name), member, field_kind::datetime_field);
}
template <class M, class T>
field_decl date_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, date>, "date_field needs a testudo::date member");
  return detail::make_field(std::move(name), member, field_kind::date_field);
}
template <class M, class T>
field_decl time_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, time_of_day>, "time_field needs a testudo::time_of_day member");
  return detail::make_field(std::move(name), member, field_kind::time_field);
}
template <class M, class T>
field_decl timedelta_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, std::chrono::microseconds>, "timedelta_field needs a std::chrono::microseconds member");
  return detail::make_field(std::move(name), member, field_kind::timedelta_field);
}
template <class M, class T>
field_decl uuid_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, std::string>, "uuid_field needs a std::string member (canonical 36-character text)");
  return detail::make_field(std::move(name), member, field_kind::uuid_field);
}
template <class M, class T>
field_decl json_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, json>, "json_field needs a testudo::json member");
  return detail::make_field(std::move(name), member, field_kind::json_field);
}
template <class M, class T>
field_decl binary_field(std::string name, T M::*member) {
  static_assert(detail::holds<T, blob>, "binary_field needs a testudo::blob member");
  return detail::make_field(std::move(name), member, field_kind::binary_field);
}
// A string column restricted to `members` (name → stored text); max_length defaults to the longest.
template <class M, class T>
field_decl char_enum_field(std::string name, T M::*member,
                           std::vector<std::pair<std::string, std::string>> members, std::size_t max_length = 0) {
  static_assert(detail::holds<T, std::string>, "char_enum_field needs a std::string member");
  field_meta meta = detail::make_field(std::move(name), member, field_kind::char_enum).meta();
  std::size_t longest = 0;
  for (auto& [key, text] : members) {
    longest = std::max(longest, text.size());
    meta.enum_members.emplace_back(key, value{text});
  }
  meta.max_length = max_length ? max_length : longest;
  return field_decl(std::move(meta));
}
// A SMALLINT column holding a C++ enum (or integer) restricted to `members` (name → number).
template <class M, class T>
field_decl int_enum_field(std::string name, T M::*member, std::vector<std::pair<std::string, std::int64_t>> members) {
  field_meta meta = detail::make_field(std::move(name), member, field_kind::int_enum).meta();
  for (auto& [key, number] : members) meta.enum_members.emplace_back(key, value{number});
  return field_decl(std::move(meta));
}
// A foreign key named `name` ("category") stored in `key_member` (category_id), to "app.Model".
template <class M, class T>
field_decl foreign_key(std::string name, T M::*key_member, std::string related_model) {
  static_assert(detail::holds_integer<T> || detail::holds<T, std::string>, "foreign_key needs an integer or string key member");
  field_meta meta = detail::make_field(std::move(name), key_member, field_kind::foreign_key).meta();
  meta.related_model = std::move(related_model);
  return field_decl(std::move(meta));
}
template <class M, class T>
field_decl one_to_one(std::string name, T M::*key_member, std::string related_model) {
  field_meta meta = foreign_key(std::move(name), key_member, std::move(related_model)).meta();
  meta.kind = field_kind::one_to_one;
  meta.unique = true;
  return field_decl(std::move(meta));
}
// A many-to-many relation to "app.Model" through a join table (no member: rows live there).
field_decl many_to_many(std::string name, std::string related_model);

}  // namespace declare
}  // namespace testudo
