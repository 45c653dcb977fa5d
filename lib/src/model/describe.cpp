// Builds Tortoise's describe(serializable=True) JSON from model metadata (docs/internals/tortoise-reference.md §1).
#include "testudo/model/describe.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "testudo/errors.hpp"

namespace testudo {
namespace {

using ojson = snapshot_json;

struct kind_info {
  const char* field_type;
  const char* python_type;
};

kind_info info(field_kind kind) {
  switch (kind) {
    case field_kind::int_field: return {"IntField", "int"};
    case field_kind::small_int_field: return {"SmallIntField", "int"};
    case field_kind::big_int_field: return {"BigIntField", "int"};
    case field_kind::char_field: return {"CharField", "str"};
    case field_kind::text_field: return {"TextField", "str"};
    case field_kind::bool_field: return {"BooleanField", "bool"};
    case field_kind::decimal_field: return {"DecimalField", "decimal.Decimal"};
    case field_kind::float_field: return {"FloatField", "float"};
    case field_kind::datetime_field: return {"DatetimeField", "datetime.datetime"};
    case field_kind::date_field: return {"DateField", "datetime.date"};
    case field_kind::time_field: return {"TimeField", "datetime.time"};
    case field_kind::timedelta_field: return {"TimeDeltaField", "datetime.timedelta"};
    case field_kind::uuid_field: return {"UUIDField", "uuid.UUID"};
    case field_kind::json_field: return {"JSONField", "Union[dict, list]"};
    case field_kind::binary_field: return {"BinaryField", "bytes"};
    case field_kind::char_enum: return {"CharEnumFieldInstance", "str"};
    case field_kind::int_enum: return {"IntEnumFieldInstance", "int"};
    case field_kind::foreign_key: return {"ForeignKeyFieldInstance", ""};
    case field_kind::one_to_one: return {"OneToOneFieldInstance", ""};
    case field_kind::many_to_many: return {"ManyToManyFieldInstance", ""};
  }
  return {"", ""};
}

const char* on_delete_text(on_delete action) {
  switch (action) {
    case on_delete::cascade: return "CASCADE";
    case on_delete::restrict: return "RESTRICT";
    case on_delete::set_null: return "SET NULL";
    case on_delete::set_default: return "SET DEFAULT";
    case on_delete::no_action: return "NO ACTION";
  }
  return "CASCADE";
}

ojson int_range(std::int64_t lo, std::int64_t hi) { return ojson{{"ge", lo}, {"le", hi}}; }

ojson constraints(const field_meta& f) {
  switch (f.kind) {
    case field_kind::int_field: return int_range(-2147483648LL, 2147483647LL);
    case field_kind::small_int_field: case field_kind::int_enum: return int_range(-32768, 32767);
    case field_kind::big_int_field: return int_range(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    case field_kind::char_field: case field_kind::char_enum: return ojson{{"max_length", f.max_length}};
    case field_kind::datetime_field:
      return f.auto_now || f.auto_now_add ? ojson{{"readOnly", true}} : ojson::object();
    default: return ojson::object();
  }
}

// Tortoise's db_field_types: "" first, then the dialects that override it, alphabetically.
ojson db_field_types(const field_meta& f) {
  switch (f.kind) {
    case field_kind::int_field: return {{"", "INT"}};
    case field_kind::small_int_field: case field_kind::int_enum: return {{"", "SMALLINT"}};
    case field_kind::big_int_field: return {{"", "BIGINT"}};
    case field_kind::char_field: case field_kind::char_enum: return {{"", fmt::format("VARCHAR({})", f.max_length)}};
    case field_kind::text_field: return {{"", "TEXT"}, {"mssql", "NVARCHAR(MAX)"}, {"mysql", "LONGTEXT"}, {"oracle", "NCLOB"}};
    case field_kind::bool_field: return {{"", "BOOL"}, {"mssql", "BIT"}, {"oracle", "NUMBER(1)"}, {"sqlite", "INT"}};
    case field_kind::decimal_field:
      return {{"", fmt::format("DECIMAL({},{})", f.max_digits, f.decimal_places)}, {"sqlite", "VARCHAR(40)"}};
    case field_kind::float_field: return {{"", "DOUBLE PRECISION"}, {"mysql", "DOUBLE"}, {"sqlite", "REAL"}};
    case field_kind::datetime_field:
      return {{"", "TIMESTAMP"}, {"mssql", "DATETIME2"}, {"mysql", "DATETIME(6)"},
              {"oracle", "TIMESTAMP WITH TIME ZONE"}, {"postgres", "TIMESTAMPTZ"}};
    case field_kind::date_field: return {{"", "DATE"}};
    case field_kind::time_field: return {{"", "TIME"}, {"mysql", "TIME(6)"}, {"postgres", "TIMETZ"}};
    case field_kind::timedelta_field: return {{"", "BIGINT"}};
    case field_kind::uuid_field: return {{"", "CHAR(36)"}, {"postgres", "UUID"}};
    case field_kind::json_field: return {{"", "JSON"}, {"mssql", "NVARCHAR(MAX)"}, {"oracle", "NCLOB"}, {"postgres", "JSONB"}};
    case field_kind::binary_field: return {{"", "BLOB"}, {"mysql", "LONGBLOB"}, {"postgres", "BYTEA"}};
    default: return ojson::object();
  }
}

// The default as Tortoise serialises it: scalars as they are, everything else as Python's str().
ojson default_json(const field_meta& f) {
  if (!f.default_value) return nullptr;
  if (std::holds_alternative<db_default>(*f.default_value)) return nullptr;  // database-side: not Tortoise's
  struct visitor {
    ojson operator()(null_t) const { return nullptr; }
    ojson operator()(bool b) const { return b; }
    ojson operator()(std::int64_t n) const { return n; }
    ojson operator()(double d) const { return d; }
    ojson operator()(const std::string& s) const { return s; }
    ojson operator()(const blob&) const { return nullptr; }
    ojson operator()(const decimal& d) const { return d.text; }
    ojson operator()(const date& d) const { return format_date(d); }
    ojson operator()(const time_of_day& t) const { return format_time(t); }
    ojson operator()(const datetime& t) const { return format_datetime(t, true); }
    ojson operator()(const json& j) const { return ojson::parse(j.text); }
  };
  return std::visit(visitor{}, std::get<value>(*f.default_value));
}

// Enum fields describe their members when no description is given ("NAME: value" lines).
ojson description_json(const field_meta& f) {
  if (f.description) return *f.description;
  if (f.enum_members.empty()) return nullptr;
  std::string text;
  for (const auto& [name, v] : f.enum_members) {
    if (!text.empty()) text += '\n';
    text += name + ": " + (std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : to_display(v));
  }
  return text.substr(0, 2048);
}

// Keys of ours that Tortoise ignores: added only when used, so plain models match Tortoise exactly.
void add_extras(ojson& out, const field_meta& f) {
  if (!f.renamed_from.empty()) out["renamed_from"] = f.renamed_from;
  if (f.default_value && std::holds_alternative<db_default>(*f.default_value))
    out["db_default"] = std::get<db_default>(*f.default_value).sql;
}

}  // namespace

snapshot_json describe_field(const field_meta& f) {
  auto [field_type, python_type] = info(f.kind);
  ojson out;
  out["name"] = f.name;
  out["field_type"] = field_type;
  out["db_column"] = f.column();
  out["python_type"] = python_type;
  out["generated"] = f.generated;
  out["nullable"] = f.null;
  out["unique"] = f.unique || f.primary_key;
  out["indexed"] = f.unique || f.index || f.primary_key;
  out["default"] = default_json(f);
  out["description"] = description_json(f);
  out["docstring"] = nullptr;
  out["constraints"] = constraints(f);
  out["db_field_types"] = db_field_types(f);
  if (f.kind == field_kind::datetime_field) {
    out["auto_now_add"] = f.auto_now_add;
    out["auto_now"] = f.auto_now;
  }
  add_extras(out, f);
  return out;
}

namespace {

// name … constraints: the keys every relation description starts with.
ojson relation_head(std::string_view name, const char* field_type, const std::string& python_type, bool nullable,
                    bool unique, const ojson& description) {
  ojson out;
  out["name"] = name;
  out["field_type"] = field_type;
  out["python_type"] = python_type;
  out["generated"] = false;
  out["nullable"] = nullable;
  out["unique"] = unique;
  out["indexed"] = unique;
  out["default"] = nullptr;
  out["description"] = description;
  out["docstring"] = nullptr;
  out["constraints"] = ojson::object();
  return out;
}

class describer {
 public:
  describer(std::vector<const model_meta*> models, std::string_view app) : app_(app) {
    for (auto* m : models)
      if (m->app == app && !m->abstract) models_.push_back(m);
    // Tortoise walks a module's classes alphabetically (dir()).
    std::sort(models_.begin(), models_.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (auto* m : models_) by_name_[m->full_name()] = m;
  }

  ojson run() {
    for (auto* m : models_) out_[m->full_name()] = own_description(*m);
    for (auto* m : models_) add_backward_relations(*m);
    for (auto& [name, model] : out_.items()) model["managed"] = nullptr;
    return std::move(out_);
  }

 private:
  const model_meta& target(const model_meta& owner, const field_meta& f) const {
    auto it = by_name_.find(f.related_model);
    if (it == by_name_.end())
      throw configuration_error(fmt::format("model {}, field {}: related model '{}' is not declared in app '{}'",
                                            owner.full_name(), f.name, f.related_model, app_));
    return *it->second;
  }

  static std::vector<const field_meta*> sorted_relations(const model_meta& m, field_kind kind) {
    std::vector<const field_meta*> out;
    for (const auto& f : m.fields)
      if (f.kind == kind) out.push_back(&f);
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return out;
  }

  ojson own_description(const model_meta& m) {
    ojson out;
    out["name"] = m.full_name();
    out["app"] = m.app;
    out["table"] = m.table;
    out["abstract"] = false;
    out["description"] = m.description ? ojson(*m.description) : ojson(nullptr);
    out["docstring"] = nullptr;
    out["unique_together"] = m.unique_together;
    out["indexes"] = m.indexes;
    out["pk_field"] = describe_field(m.pk());
    ojson data = ojson::array(), fks = ojson::array(), o2os = ojson::array(), m2ms = ojson::array();
    for (const auto& f : m.fields) {
      if (f.primary_key) continue;
      if (!f.is_relation()) data.push_back(describe_field(f));
      else if (f.kind == field_kind::many_to_many) m2ms.push_back(m2m_field(m, f));
    }
    // Key columns come after the model's own fields: foreign keys by name, then one-to-ones.
    for (auto kind : {field_kind::foreign_key, field_kind::one_to_one}) {
      for (const auto* f : sorted_relations(m, kind)) {
        data.push_back(key_field(m, *f));
        (kind == field_kind::foreign_key ? fks : o2os).push_back(relation_field(*f));
      }
    }
    out["data_fields"] = std::move(data);
    out["fk_fields"] = std::move(fks);
    out["backward_fk_fields"] = ojson::array();
    out["o2o_fields"] = std::move(o2os);
    out["backward_o2o_fields"] = ojson::array();
    out["m2m_fields"] = std::move(m2ms);
    if (!m.renamed_from.empty()) out["renamed_from"] = m.renamed_from;
    return out;
  }

  // The "<fk>_id" data field: a copy of the target's pk with the relation's own options.
  ojson key_field(const model_meta& owner, const field_meta& f) {
    field_meta key = target(owner, f).pk();
    key.name = f.name + "_id";
    key.source_field = f.source_field;
    key.primary_key = false;
    key.generated = false;
    key.null = f.null;
    key.unique = f.kind == field_kind::one_to_one;
    key.index = f.index;
    key.default_value = f.default_value;
    key.description = f.description;
    key.renamed_from = f.renamed_from;
    return describe_field(key);
  }

  ojson relation_field(const field_meta& f) {
    auto out = relation_head(f.name, info(f.kind).field_type, f.related_model, f.null, f.kind == field_kind::one_to_one,
                             description_json(f));
    out["db_constraint"] = f.db_constraint;
    out["raw_field"] = f.name + "_id";
    out["on_delete"] = on_delete_text(f.on_delete_action);
    return out;
  }

  m2m_names names(const model_meta& owner, const field_meta& f) { return many_to_many_names(owner, f, target(owner, f)); }

  ojson m2m_field(const model_meta& owner, const field_meta& f) {
    auto n = names(owner, f);
    auto out = relation_head(f.name, "ManyToManyFieldInstance", f.related_model, false, false, description_json(f));
    out["db_constraint"] = f.db_constraint;
    out["model_name"] = f.related_model;
    out["related_name"] = n.related_name;
    out["forward_key"] = n.forward_key;
    out["backward_key"] = n.backward_key;
    out["through"] = n.through;
    out["on_delete"] = on_delete_text(f.on_delete_action);
    out["_generated"] = false;
    return out;
  }

  // Reverse sides land on the target, in Tortoise's order: FKs by name, one-to-ones, then M2Ms.
  void add_backward_relations(const model_meta& m) {
    for (auto kind : {field_kind::foreign_key, field_kind::one_to_one}) {
      for (const auto* f : sorted_relations(m, kind)) {
        const auto& to = target(m, *f);
        auto name = f->related_name.value_or(default_related_name(m));
        bool fk = kind == field_kind::foreign_key;
        auto back = relation_head(name, fk ? "BackwardFKRelation" : "BackwardOneToOneRelation", m.full_name(),
                                  fk ? f->null : true, false, description_json(*f));
        back["db_constraint"] = f->db_constraint;
        append_unique(to, fk ? "backward_fk_fields" : "backward_o2o_fields", std::move(back), m, *f);
      }
    }
    for (const auto& f : m.fields) {
      if (f.kind != field_kind::many_to_many) continue;
      auto n = names(m, f);
      auto back = relation_head(n.related_name, "ManyToManyFieldInstance", m.full_name(), false, false, description_json(f));
      back["db_constraint"] = f.db_constraint;
      back["model_name"] = m.full_name();
      back["related_name"] = f.name;
      back["forward_key"] = n.backward_key;
      back["backward_key"] = n.forward_key;
      back["through"] = n.through;
      back["on_delete"] = "CASCADE";
      back["_generated"] = true;
      append_unique(target(m, f), "m2m_fields", std::move(back), m, f);
    }
  }

  // A reverse relation must not take a name the target already uses.
  void append_unique(const model_meta& to, const char* list, ojson field, const model_meta& owner, const field_meta& f) {
    auto name = field["name"].get<std::string>();
    auto& target_json = out_[to.full_name()];
    bool clash = to.field(name) != nullptr;
    for (const char* key : {"data_fields", "fk_fields", "backward_fk_fields", "o2o_fields", "backward_o2o_fields", "m2m_fields"})
      for (const auto& existing : target_json[key]) clash = clash || existing["name"] == name;
    if (clash)
      throw configuration_error(fmt::format(
          "model {}, field {}: related_name '{}' clashes with a field of {}; give the relation another related_name",
          owner.full_name(), f.name, name, to.full_name()));
    target_json[list].push_back(std::move(field));
  }

  std::string app_;
  std::vector<const model_meta*> models_;
  std::map<std::string, const model_meta*> by_name_;
  ojson out_ = ojson::object();
};

}  // namespace

snapshot_json describe_models(const std::vector<const model_meta*>& models, std::string_view app) {
  return describer(models, app).run();
}

namespace {

bool is_aerich_model(std::string_view name, const snapshot_json& model) {
  return name.ends_with(".Aerich") && model.is_object() && model.value("table", "") == "aerich";
}

// Whether two objects have the same members by `same`, whatever their order, leaving out those
// `skip` names. Snapshots nearly always list keys in the same order, so each key is first looked
// for just after the previous one found (ordered_json's own find is a linear search).
template <class Skip, class Same>
bool same_members(const snapshot_json& a, const snapshot_json& b, Skip skip, Same same) {
  const auto& x = a.get_ref<const snapshot_json::object_t&>();
  const auto& y = b.get_ref<const snapshot_json::object_t&>();
  std::size_t compared = 0;
  auto next = y.begin();
  for (const auto& [key, value] : x) {
    if (skip(key, value)) continue;
    auto at = next != y.end() && next->first == key ? next : y.find(key);
    if (at == y.end() || skip(at->first, at->second) || !same(value, at->second)) return false;
    next = std::next(at);
    ++compared;
  }
  auto kept = std::count_if(y.begin(), y.end(), [&](const auto& member) { return !skip(member.first, member.second); });
  return compared == static_cast<std::size_t>(kept);
}

bool same_json(const snapshot_json& a, const snapshot_json& b) {
  if (a.is_object() && b.is_object())
    return same_members(a, b, [](const std::string&, const snapshot_json&) { return false; }, same_json);
  if (a.is_array() && b.is_array())
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_json);
  return a == b;
}

// A model's keys that never change the database.
bool ignored_key(const std::string& key, const snapshot_json& value) {
  return key == "docstring" || (key == "managed" && (value.is_null() || value == true));
}

bool same_model(const snapshot_json& a, const snapshot_json& b) {
  return a.is_object() && b.is_object() ? same_members(a, b, ignored_key, same_json) : same_json(a, b);
}

bool aerich_member(const std::string& name, const snapshot_json& model) { return is_aerich_model(name, model); }

}  // namespace

snapshot_json without_aerich_model(snapshot_json snapshot) {
  for (auto it = snapshot.begin(); it != snapshot.end();)
    it = is_aerich_model(it.key(), *it) ? snapshot.erase(it) : std::next(it);
  return snapshot;
}

// Compared in place: copying, dumping and parsing both snapshots again cost more than the diff.
bool same_schema(const snapshot_json& a, const snapshot_json& b) {
  return a.is_object() && b.is_object() ? same_members(a, b, aerich_member, same_model) : same_json(a, b);
}

}  // namespace testudo
