#include "testudo/query/expression.hpp"

#include <fmt/format.h>

#include "query/nodes.hpp"
#include "testudo/errors.hpp"

namespace testudo {
namespace {

using detail::expr_node;
using detail::q_node;

expr make(expr_node node) { return expr(std::make_shared<const expr_node>(std::move(node))); }

expr binary(char op, const expr& a, const expr& b) {
  expr_node n;
  n.type = expr_node::kind::binary;
  n.op = op;
  n.lhs = a.node();
  n.rhs = b.node();
  return make(std::move(n));
}

expr aggregate(const char* function, std::string path) {
  expr_node n;
  n.type = expr_node::kind::aggregate;
  n.function = function;
  n.path = std::move(path);
  return make(std::move(n));
}

const expr_node& aggregate_of(const expr& e, const char* what) {
  if (e.node()->type != expr_node::kind::aggregate)
    throw params_error(fmt::format("{}() applies to aggregates (count, sum, avg, min, max) only", what));
  return *e.node();
}

q combine(q_node::kind type, const q& a, const q& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  q_node n;
  n.type = type;
  for (const q* side : {&a, &b}) {
    // Flatten a & (b & c) into one list so the SQL stays flat.
    if (side->node()->type == type) n.children.insert(n.children.end(), side->node()->children.begin(), side->node()->children.end());
    else n.children.push_back(side->node());
  }
  return q(std::make_shared<const q_node>(std::move(n)));
}

}  // namespace

expr::expr(value v) {
  expr_node n;
  n.literal = std::move(v);
  node_ = std::make_shared<const expr_node>(std::move(n));
}

expr expr::distinct() const {
  expr_node n = aggregate_of(*this, "distinct");
  n.distinct = true;
  return make(std::move(n));
}

expr expr::filter(const q& condition) const {
  expr_node n = aggregate_of(*this, "filter");
  n.filter = condition.node();
  return make(std::move(n));
}

expr operator+(const expr& a, const expr& b) { return binary('+', a, b); }
expr operator-(const expr& a, const expr& b) { return binary('-', a, b); }
expr operator*(const expr& a, const expr& b) { return binary('*', a, b); }
expr operator/(const expr& a, const expr& b) { return binary('/', a, b); }

expr f(std::string path) {
  expr_node n;
  n.type = expr_node::kind::field;
  n.path = std::move(path);
  return make(std::move(n));
}

expr count(std::string path) { return aggregate("COUNT", std::move(path)); }
expr sum(std::string path) { return aggregate("SUM", std::move(path)); }
expr avg(std::string path) { return aggregate("AVG", std::move(path)); }
expr min(std::string path) { return aggregate("MIN", std::move(path)); }
expr max(std::string path) { return aggregate("MAX", std::move(path)); }

q::q(std::string_view path, expr operand) {
  q_node n;
  n.path = path;
  n.operand = operand.node();
  node_ = std::make_shared<const q_node>(std::move(n));
}

q::q(std::string_view path, std::vector<value> operands) {
  q_node n;
  n.path = path;
  n.operands = std::move(operands);
  n.list = true;
  node_ = std::make_shared<const q_node>(std::move(n));
}

q operator&(const q& a, const q& b) { return combine(q_node::kind::all, a, b); }
q operator|(const q& a, const q& b) { return combine(q_node::kind::any, a, b); }
q operator~(const q& a) {
  if (a.empty()) return a;
  q_node n;
  n.type = q_node::kind::negate;
  n.children.push_back(a.node());
  return q(std::make_shared<const q_node>(std::move(n)));
}

namespace detail {

std::string field_name_at(const model_meta& meta, const void* sample, const void* member_address) {
  for (const auto& f : meta.fields)
    if (f.access && f.access->address(sample) == member_address) return f.name;
  throw field_error(fmt::format("model {}: the member passed to col()/f() is not declared as a field", meta.full_name()));
}

}  // namespace detail
}  // namespace testudo
