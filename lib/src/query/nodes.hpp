// The trees behind expr and q (immutable, shared between querysets).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "testudo/query/expression.hpp"

namespace testudo::detail {

struct expr_node {
  enum class kind { literal, field, binary, aggregate } type = kind::literal;
  value literal;
  std::string path;       // field, or what an aggregate runs over
  char op = 0;            // + - * /
  std::shared_ptr<const expr_node> lhs, rhs;
  std::string function;   // COUNT, SUM, AVG, MIN, MAX
  bool distinct = false;
  std::shared_ptr<const q_node> filter;
};

struct q_node {
  enum class kind { condition, all, any, negate } type = kind::condition;
  std::string path;                             // "price__gte" as written
  std::shared_ptr<const expr_node> operand;     // one value or expression
  std::vector<value> operands;                  // in, not_in, range
  bool list = false;
  std::vector<std::shared_ptr<const q_node>> children;
};

}  // namespace testudo::detail
