#include "query/relations.hpp"

#include <fmt/format.h>

#include "testudo/errors.hpp"

namespace testudo::detail {

const model_meta& model_named(std::string_view full_name) {
  for (const auto* m : registered_models())
    if (m->full_name() == full_name) return *m;
  throw configuration_error(fmt::format(
      "model '{}' is not registered in this program: declare it with TESTUDO_MODEL and link it in", full_name));
}

namespace {

relation m2m_side(const model_meta& owner, const field_meta& f, const model_meta& target, bool from_owner) {
  auto names = many_to_many_names(owner, f, target);
  relation r;
  r.type = relation::kind::m2m;
  r.through = names.through;
  if (from_owner) {
    r.from = &owner, r.to = &target;
    r.from_column = names.backward_key, r.to_column = names.forward_key, r.back_name = names.related_name;
  } else {
    r.from = &target, r.to = &owner;
    r.from_column = names.forward_key, r.to_column = names.backward_key, r.back_name = f.name;
  }
  return r;
}

}  // namespace

std::optional<relation> find_relation(const model_meta& from, std::string_view name) {
  if (const auto* f = from.field(name); f && f->is_relation()) {
    const auto& target = model_named(f->related_model);
    if (f->kind == field_kind::many_to_many) return m2m_side(from, *f, target, true);
    relation r;
    r.from = &from, r.to = &target, r.key = f, r.single = true;
    return r;
  }
  for (const auto* other : registered_models()) {
    for (const auto& f : other->fields) {
      if (!f.is_relation() || f.related_model != from.full_name()) continue;
      if (f.kind == field_kind::many_to_many) {
        if (many_to_many_names(*other, f, from).related_name == name) return m2m_side(*other, f, from, false);
      } else if (f.related_name.value_or(default_related_name(*other)) == name) {
        relation r;
        r.type = relation::kind::reverse;
        r.from = &from, r.to = other, r.key = &f, r.single = f.kind == field_kind::one_to_one;
        return r;
      }
    }
  }
  return std::nullopt;
}

}  // namespace testudo::detail
