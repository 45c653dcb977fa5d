// What queries are built from: filter conditions (q), typed column references (col), F
// expressions (f) and aggregates (count, sum, avg, min, max).
//
//   objects<User>().filter((col(&User::role) == "admin" || col(&User::role) == "editor") &&
//                          col(&User::is_active) == true)
//   objects<Product>().filter({{"price__gte", 100}, {"name__icontains", "keyboard"}})
//   objects<Product>().filter(q("id", 1)).update({{"stock", f("stock") - 1}})
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "testudo/db/value.hpp"
#include "testudo/model/model.hpp"

namespace testudo {

namespace detail {
struct expr_node;
struct q_node;
}  // namespace detail

class q;

// A value expression: a bound value, a field (f), arithmetic on them, or an aggregate.
class expr {
 public:
  expr(value v);  // NOLINT(google-explicit-constructor): literals bind as parameters
  template <class V>
    requires(std::is_constructible_v<value, V &&> && !std::is_same_v<std::decay_t<V>, value> &&
             !std::is_same_v<std::decay_t<V>, expr>)
  expr(V&& v) : expr(value(std::forward<V>(v))) {}  // NOLINT(google-explicit-constructor)
  expr(const char* text) : expr(value(std::string(text))) {}  // NOLINT(google-explicit-constructor)
  explicit expr(std::shared_ptr<const detail::expr_node> node) : node_(std::move(node)) {}

  // For aggregates: count each distinct value once / only rows matching `condition`.
  expr distinct() const;
  expr filter(const q& condition) const;

  const std::shared_ptr<const detail::expr_node>& node() const noexcept { return node_; }

 private:
  std::shared_ptr<const detail::expr_node> node_;
};

expr operator+(const expr& a, const expr& b);
expr operator-(const expr& a, const expr& b);
expr operator*(const expr& a, const expr& b);
expr operator/(const expr& a, const expr& b);

// F("stock"): the value of a field (or of a related field, "product__price") in the same row.
expr f(std::string path);

// Aggregates over a field or a relation ("orders" counts related rows).
expr count(std::string path = "id");
expr sum(std::string path);
expr avg(std::string path);
expr min(std::string path);
expr max(std::string path);

// A condition: Tortoise's Q. Combine with & (AND), | (OR) and ~ or ! (NOT).
class q {
 public:
  q() = default;  // matches every row
  // "field__lookup", operand: q("price__gte", 100), q("lines__product__name", "pen"),
  // q("bio__isnull", true), q("id__in", std::vector<value>{1, 2}).
  q(std::string_view path, expr operand);
  q(std::string_view path, std::vector<value> operands);
  explicit q(std::shared_ptr<const detail::q_node> node) : node_(std::move(node)) {}

  bool empty() const noexcept { return node_ == nullptr; }
  const std::shared_ptr<const detail::q_node>& node() const noexcept { return node_; }

  friend q operator&(const q& a, const q& b);
  friend q operator|(const q& a, const q& b);
  friend q operator~(const q& a);
  friend q operator&&(const q& a, const q& b) { return a & b; }
  friend q operator||(const q& a, const q& b) { return a | b; }
  friend q operator!(const q& a) { return ~a; }

 private:
  std::shared_ptr<const detail::q_node> node_;
};

// A field of a model named by its member: col(&User::email) == "a@b.c". T is the member's type.
template <class T>
class column_ref {
 public:
  using operand = typename detail::unwrap_optional<T>::type;

  explicit column_ref(std::string path) : path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }
  operator expr() const { return f(path_); }  // NOLINT(google-explicit-constructor): use as an F

  q operator==(const operand& v) const { return cond("exact", v); }
  q operator!=(const operand& v) const { return cond("not", v); }
  q operator<(const operand& v) const { return cond("lt", v); }
  q operator<=(const operand& v) const { return cond("lte", v); }
  q operator>(const operand& v) const { return cond("gt", v); }
  q operator>=(const operand& v) const { return cond("gte", v); }
  // Against an F expression: col(&Product::stock) > f("reserved"). (Templates, so that a literal
  // such as "abc" picks the operand overload above without ambiguity.)
  template <class E> requires std::is_same_v<E, expr> q operator==(const E& e) const { return q(path_, e); }
  template <class E> requires std::is_same_v<E, expr> q operator!=(const E& e) const { return q(path_ + "__not", e); }
  template <class E> requires std::is_same_v<E, expr> q operator<(const E& e) const { return q(path_ + "__lt", e); }
  template <class E> requires std::is_same_v<E, expr> q operator<=(const E& e) const { return q(path_ + "__lte", e); }
  template <class E> requires std::is_same_v<E, expr> q operator>(const E& e) const { return q(path_ + "__gt", e); }
  template <class E> requires std::is_same_v<E, expr> q operator>=(const E& e) const { return q(path_ + "__gte", e); }

  q in(const std::vector<operand>& vs) const { return q(path_ + "__in", values(vs)); }
  q not_in(const std::vector<operand>& vs) const { return q(path_ + "__not_in", values(vs)); }
  q range(const operand& low, const operand& high) const { return q(path_ + "__range", values({low, high})); }
  q is_null() const { return q(path_ + "__isnull", true); }
  q not_null() const { return q(path_ + "__not_isnull", true); }
  q iexact(const operand& v) const { return cond("iexact", v); }
  q contains(const operand& v) const { return cond("contains", v); }
  q icontains(const operand& v) const { return cond("icontains", v); }
  q startswith(const operand& v) const { return cond("startswith", v); }
  q istartswith(const operand& v) const { return cond("istartswith", v); }
  q endswith(const operand& v) const { return cond("endswith", v); }
  q iendswith(const operand& v) const { return cond("iendswith", v); }

  // Date and time parts, compared like numbers: col(&Order::created_at).year() == 2026.
  column_ref<std::int64_t> year() const { return part("year"); }
  column_ref<std::int64_t> quarter() const { return part("quarter"); }
  column_ref<std::int64_t> month() const { return part("month"); }
  column_ref<std::int64_t> week() const { return part("week"); }
  column_ref<std::int64_t> day() const { return part("day"); }
  column_ref<std::int64_t> hour() const { return part("hour"); }
  column_ref<std::int64_t> minute() const { return part("minute"); }
  column_ref<std::int64_t> second() const { return part("second"); }

 private:
  q cond(const char* lookup, const operand& v) const {
    return q(path_ + "__" + lookup, expr(value_traits<operand>::to_value(v)));
  }
  column_ref<std::int64_t> part(const char* name) const { return column_ref<std::int64_t>(path_ + "__" + name); }
  static std::vector<value> values(const std::vector<operand>& vs) {
    std::vector<value> out;
    out.reserve(vs.size());
    for (const auto& v : vs) out.push_back(value_traits<operand>::to_value(v));
    return out;
  }
  std::string path_;
};

namespace detail {
// The field name of the member at `member_address` inside `sample` (an object of the model):
// a relation's key member answers with the relation's name. Throws field_error when the member
// is not declared.
std::string field_name_at(const model_meta& meta, const void* sample, const void* member_address);

template <class C, class T>
std::string member_name(T C::*member) {
  static const C sample{};
  return field_name_at(testudo_model_meta(static_cast<const C*>(nullptr)), &sample, &(sample.*member));
}
}  // namespace detail

// col(&User::email); across relations: col(&OrderLine::product_id, &Product::name) = "product__name".
template <class C, class T>
column_ref<T> col(T C::*member) {
  return column_ref<T>(detail::member_name(member));
}
template <class C, class T, class... Rest>
auto col(T C::*relation, Rest... rest) {
  auto tail = col(rest...);
  using tail_type = typename decltype(tail)::operand;
  return column_ref<tail_type>(detail::member_name(relation) + "__" + tail.path());
}
// F on a member: f(&Product::stock) + 1.
template <class C, class T>
expr f(T C::*member) {
  return f(detail::member_name(member));
}

// A name given to an expression: annotate({{"order_count", count("orders")}}), update({{"role", "x"}}).
struct named_expr {
  std::string name;
  expr e;
};

}  // namespace testudo
