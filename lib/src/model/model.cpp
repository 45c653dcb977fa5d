#include "testudo/model/model.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <mutex>
#include <set>

#include "testudo/errors.hpp"

namespace testudo {
namespace {

std::vector<detail::meta_function>& registry() {
  static std::vector<detail::meta_function> functions;
  return functions;
}
std::mutex registry_mutex;

}  // namespace

validator min_value(double n) { return {validator::kind::min_value, n, {}}; }
validator max_value(double n) { return {validator::kind::max_value, n, {}}; }
validator max_length(std::size_t n) { return {validator::kind::max_length, static_cast<double>(n), {}}; }
validator regex(std::string pattern) { return {validator::kind::regex, 0, std::move(pattern)}; }

std::string field_meta::column() const {
  if (source_field) return *source_field;
  if (kind == field_kind::foreign_key || kind == field_kind::one_to_one) return name + "_id";
  return name;
}

const field_meta* model_meta::field(std::string_view field_name) const {
  auto it = std::find_if(fields.begin(), fields.end(), [&](const field_meta& f) { return f.name == field_name; });
  return it == fields.end() ? nullptr : &*it;
}

const field_meta* model_meta::stored_field(std::string_view name_or_column) const {
  for (const auto& f : fields)
    if (f.access && (f.name == name_or_column || f.column() == name_or_column)) return &f;
  return nullptr;
}

const field_meta& model_meta::pk() const {
  auto it = std::find_if(fields.begin(), fields.end(), [](const field_meta& f) { return f.primary_key; });
  if (it == fields.end()) throw configuration_error(fmt::format("model {} has no primary key", full_name()));
  return *it;
}

namespace declare {

field_decl many_to_many(std::string name, std::string related_model) {
  field_meta meta;
  meta.name = std::move(name);
  meta.kind = field_kind::many_to_many;
  meta.related_model = std::move(related_model);
  return field_decl(std::move(meta));
}

model_option app(std::string label) {
  return {[label = std::move(label)](model_meta& m) { m.app = label; }};
}
model_option table_description(std::string text) {
  return {[text = std::move(text)](model_meta& m) { m.description = text; }};
}
model_option indexes(std::vector<std::vector<std::string>> groups) {
  return {[groups = std::move(groups)](model_meta& m) { m.indexes = groups; }};
}
model_option unique_together(std::vector<std::vector<std::string>> groups) {
  return {[groups = std::move(groups)](model_meta& m) { m.unique_together = groups; }};
}
model_option ordering(std::vector<std::string> fields) {
  return {[fields = std::move(fields)](model_meta& m) { m.ordering = fields; }};
}
model_option renamed_from(std::string old_name) {
  return {[old_name = std::move(old_name)](model_meta& m) { m.renamed_from.push_back(old_name); }};
}

}  // namespace declare

namespace detail {

std::string class_name(std::string_view spelled) {
  auto colons = spelled.rfind("::");
  return std::string(colons == std::string_view::npos ? spelled : spelled.substr(colons + 2));
}

void resolve_defaults(model_meta& meta, const void* initial, void* scratch) {
  for (auto& f : meta.fields) {
    auto where = [&] { return fmt::format("model {}, field {}", meta.full_name(), f.name); };
    f.replaced_initial.reset();
    if (f.default_from_member) {
      if (!f.access)
        throw configuration_error(fmt::format("{}: default_value() reads the member's initial value, and a many-to-many "
                                              "relation has no member", where()));
      f.default_value = f.access->get(initial);
      f.default_from_member = false;
      continue;
    }
    const value* given = f.default_value ? std::get_if<value>(&*f.default_value) : nullptr;
    if (!given || !f.access) continue;
    try {
      f.access->set(scratch, *given);
    } catch (const base_orm_error& e) {
      throw configuration_error(fmt::format("{}: default_value {} does not fit the member ({}); give a value of the "
                                            "member's type, or default_value() to use its initial value",
                                            where(), to_display(*given), e.what()));
    }
    if (auto start = f.access->get(initial); f.access->get(scratch) != start) f.replaced_initial = std::move(start);
  }
}

void check_model(model_meta& meta) {
  auto where = [&](const field_meta& f) { return fmt::format("model {}, field {}", meta.full_name(), f.name); };
  if (meta.table.empty() && !meta.abstract) {
    meta.table = meta.name;
    std::transform(meta.table.begin(), meta.table.end(), meta.table.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  std::set<std::string> names;
  std::size_t pks = 0;
  for (const auto& f : meta.fields) {
    if (!names.insert(f.name).second)
      throw configuration_error(fmt::format("{}: declared twice; each field name must be unique", where(f)));
    if (f.primary_key && ++pks > 1)
      throw configuration_error(fmt::format("{}: a second primary key; a model has exactly one pk", where(f)));
    if (f.primary_key && f.null)
      throw configuration_error(fmt::format("{}: a primary key cannot be null", where(f)));
    if (f.kind == field_kind::char_field && f.max_length == 0)
      throw configuration_error(fmt::format("{}: char_field needs max_length > 0", where(f)));
    if (f.kind == field_kind::decimal_field && (f.max_digits <= 0 || f.decimal_places < 0 || f.decimal_places > f.max_digits))
      throw configuration_error(fmt::format("{}: decimal_field needs 0 <= decimal_places <= max_digits and max_digits > 0", where(f)));
    // testudo::decimal computes exactly up to 38 digits, and so does SQLite's text storage of them.
    if (f.kind == field_kind::decimal_field && f.max_digits > 38)
      throw configuration_error(fmt::format("{}: decimal_field max_digits is {}, at most 38 are supported (exact "
                                            "arithmetic on a 128-bit integer): use 38 or fewer",
                                            where(f), f.max_digits));
    if (f.is_relation() && f.related_model.find('.') == std::string::npos)
      throw configuration_error(fmt::format("{}: related model '{}' must be written 'app.Model'", where(f), f.related_model));
    if (f.on_delete_action == on_delete::set_null && !f.null && f.is_relation() && f.kind != field_kind::many_to_many)
      throw configuration_error(fmt::format("{}: on_delete SET NULL needs the field to be null()", where(f)));
  }
  if (pks == 0 && !meta.abstract)
    throw configuration_error(fmt::format("model {} has no primary key: declare one, e.g. pk(\"id\", &{}::id)", meta.full_name(), meta.name));
  auto check_groups = [&](const auto& groups, std::string_view what) {
    for (const auto& group : groups)
      for (const auto& name : group)
        if (!meta.field(name))
          throw configuration_error(fmt::format("model {}: {} names unknown field '{}'", meta.full_name(), what, name));
  };
  check_groups(meta.indexes, "indexes");
  check_groups(meta.unique_together, "unique_together");
}

bool register_model(meta_function fn) {
  std::lock_guard lock(registry_mutex);
  registry().push_back(fn);
  return true;
}

}  // namespace detail

std::string default_related_name(const model_meta& owner) { return owner.table + "s"; }

m2m_names many_to_many_names(const model_meta& owner, const field_meta& f, const model_meta& target) {
  m2m_names n;
  n.related_name = f.related_name.value_or(default_related_name(owner));
  std::string lower = target.name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  n.forward_key = f.forward_key.value_or(lower + "_id");
  n.backward_key = f.backward_key.value_or(owner.table + "_id");
  if (!f.backward_key && n.backward_key == n.forward_key) n.backward_key = owner.table + "_rel_id";
  n.through = f.through.value_or(owner.table + "_" + target.table);
  return n;
}

std::vector<const model_meta*> registered_models() {
  std::lock_guard lock(registry_mutex);
  std::vector<const model_meta*> out;
  for (auto fn : registry()) out.push_back(&fn());
  return out;
}

}  // namespace testudo
