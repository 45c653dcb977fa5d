// Internal: the relations between registered models, by the name a query uses for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "testudo/model/model.hpp"

namespace testudo::detail {

struct relation {
  enum class kind { forward, reverse, m2m } type = kind::forward;
  const model_meta* from = nullptr;
  const model_meta* to = nullptr;
  const field_meta* key = nullptr;  // forward: the key field on `from`; reverse: the key field on `to`
  bool single = false;              // forward FK/O2O and reverse O2O hold one object
  // m2m: the through table, its column pointing at `from` and the one pointing at `to`, and the
  // name of the same relation seen from `to`.
  std::string through, from_column, to_column, back_name;
};

// The registered model "app.Model"; configuration_error when none is.
const model_meta& model_named(std::string_view full_name);
// The relation `name` of `from` (a foreign key, a reverse foreign key or a many-to-many side).
std::optional<relation> find_relation(const model_meta& from, std::string_view name);

}  // namespace testudo::detail
