// Snapshot (describe JSON) → tables: columns, keys, indexes and creation order.
#include <openssl/evp.h>

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "testudo/errors.hpp"
#include "testudo/schema/table.hpp"

namespace testudo {
namespace {

using ojson = snapshot_json;

std::string sha256_hex(std::string_view text, std::size_t digits) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < size && hex.size() < digits; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex.substr(0, digits);
}

// The first `count` characters of UTF-8 text, as Tortoise's Python slices take them: a cut in
// the middle of a character would make a name that is not valid text.
std::string_view first_characters(std::string_view text, std::size_t count) {
  std::size_t end = 0;
  for (std::size_t seen = 0; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;  // inside a character
    if (seen++ == count) break;
  }
  return text.substr(0, end);
}

std::string joined(std::string_view first, const std::vector<std::string>& rest) {
  std::string out(first);
  for (const auto& part : rest) out += ";" + part;
  return out;
}

// A describe default as a value; callables ("<function uuid.uuid4>") have no SQL form.
std::optional<value> default_of(const ojson& field) {
  const auto& d = field.value("default", ojson());
  if (d.is_boolean()) return value{d.get<bool>()};
  if (d.is_number_integer()) return value{d.get<std::int64_t>()};
  if (d.is_number_float()) return value{d.get<double>()};
  if (d.is_string()) {
    auto text = d.get<std::string>();
    if (text.starts_with("<function ") && text.ends_with(">")) return std::nullopt;
    return value{text};
  }
  return std::nullopt;
}

std::optional<std::string> optional_string(const ojson& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}


}  // namespace

column_def column_from_description(const ojson& field, bool primary_key) {
  column_def c;
  c.name = field.value("db_column", field["name"].get<std::string>());
  c.field_type = field["field_type"].get<std::string>();
  c.db_field_types = field.value("db_field_types", ojson::object());
  c.nullable = field.value("nullable", false);
  c.primary_key = primary_key;
  c.generated = primary_key && field.value("generated", false);
  c.unique = !primary_key && field.value("unique", false);
  c.index = !primary_key && !c.unique && field.value("indexed", false);
  c.default_value = default_of(field);
  c.db_default = optional_string(field, "db_default");
  c.auto_now = field.value("auto_now", false);
  c.auto_now_add = field.value("auto_now_add", false);
  c.comment = optional_string(field, "description");
  for (const auto& old : field.value("renamed_from", ojson::array())) {
    auto name = old.get<std::string>();
    c.renamed_from.push_back(name);
    if (c.name.ends_with("_id") && !name.ends_with("_id")) c.renamed_from.push_back(name + "_id");  // a relation's key column
  }
  return c;
}

namespace {

class table_builder {
 public:
  // ordered_json finds a key by linear search: the models are looked up by name and table in
  // indexes of their own, or a snapshot of thousands of models takes quadratic time.
  explicit table_builder(const ojson& snapshot) : snapshot_(snapshot) {
    for (const auto& [name, model] : snapshot_.items()) {
      models_.emplace(name, &model);
      tables_.insert(model["table"].get_ref<const std::string&>());
    }
  }

  std::vector<table_def> build() {
    std::vector<table_def> models;
    for (const auto& [name, model] : snapshot_.items()) models.push_back(model_table(name, model));
    auto out = creation_order(std::move(models));
    for (const auto& [name, model] : snapshot_.items())
      for (const auto& m2m : model["m2m_fields"])
        if (!m2m.value("_generated", false) && !is_model_table(m2m["through"].get<std::string>()))
          out.push_back(through_table(model, m2m));
    return out;
  }

 private:
  const ojson& model(const std::string& full_name, std::string_view from) const {
    auto it = models_.find(full_name);
    if (it == models_.end())
      throw configuration_error(fmt::format("{} refers to model '{}', which the snapshot does not contain", from, full_name));
    return *it->second;
  }
  static std::string pk_column(const ojson& m) {
    return m["pk_field"].value("db_column", m["pk_field"]["name"].get<std::string>());
  }
  bool is_model_table(const std::string& table) const { return tables_.contains(table); }

  // Field name (or FK name) → column name, for Meta.indexes / unique_together.
  static std::string column_for(const ojson& m, const std::string& field) {
    for (const auto& f : m["data_fields"])
      if (f["name"] == field) return f.value("db_column", field);
    for (const char* list : {"fk_fields", "o2o_fields"})
      for (const auto& f : m[list])
        if (f["name"] == field) return column_for(m, f["raw_field"].get<std::string>());
    if (m["pk_field"]["name"] == field) return pk_column(m);
    return field;
  }

  table_def model_table(const std::string& full_name, const ojson& m) const {
    table_def t;
    t.name = m["table"].get<std::string>();
    t.model = full_name;
    t.comment = optional_string(m, "description");
    for (const auto& old : m.value("renamed_from", ojson::array())) t.renamed_from.push_back(old.get<std::string>());
    t.columns.push_back(column_from_description(m["pk_field"], true));
    for (const auto& f : m["data_fields"]) t.columns.push_back(column_from_description(f, false));
    for (const char* list : {"fk_fields", "o2o_fields"}) {
      for (const auto& f : m[list]) {
        if (!f.value("db_constraint", true)) continue;
        const auto& target = model(f["python_type"].get<std::string>(), full_name + "." + f["name"].get<std::string>());
        auto column = column_for(m, f["raw_field"].get<std::string>());
        auto ref_table = target["table"].get<std::string>(), ref_column = pk_column(target);
        t.foreign_keys.push_back({foreign_key_name(t.name, column, ref_table, ref_column), column, ref_table, ref_column,
                                  f.value("on_delete", "CASCADE")});
      }
    }
    std::set<std::string> seen;
    auto add_index = [&](std::vector<std::string> cols) {
      auto name = index_name("idx", t.name, cols);
      if (seen.insert(name).second) t.indexes.push_back({name, std::move(cols), false});
    };
    for (const auto& c : t.columns)
      if (c.index) add_index({c.name});
    auto groups = [&](const char* key) {
      std::vector<std::vector<std::string>> out;
      for (const auto& group : m.value(key, ojson::array())) {
        std::vector<std::string> cols;
        for (const auto& field : group) cols.push_back(column_for(m, field.get<std::string>()));
        out.push_back(std::move(cols));
      }
      return out;
    };
    for (auto& cols : groups("indexes")) add_index(std::move(cols));
    for (auto& cols : groups("unique_together")) {
      auto name = index_name("uid", t.name, cols);
      t.unique_together.push_back({std::move(name), std::move(cols), true});
    }
    return t;
  }

  table_def through_table(const ojson& owner, const ojson& m2m) const {
    const auto& target = model(m2m["model_name"].get<std::string>(), owner["name"].get<std::string>());
    table_def t;
    t.name = m2m["through"].get<std::string>();
    t.comment = optional_string(m2m, "description");
    auto on_delete = m2m.value("on_delete", "CASCADE");
    // The column pointing at the owner, then the one pointing at the target. A self-reference has
    // one model on both sides: each side comes with its own key, never told apart by its model.
    const std::pair<const ojson*, std::string> sides[] = {{&owner, m2m["backward_key"].get<std::string>()},
                                                          {&target, m2m["forward_key"].get<std::string>()}};
    for (const auto& [side, column] : sides) {
      column_def c = column_from_description((*side)["pk_field"], false);
      c.name = column;
      c.unique = c.index = c.generated = false;
      c.default_value.reset();
      c.comment.reset();
      t.columns.push_back(std::move(c));
      if (m2m.value("db_constraint", true)) {
        auto ref_table = (*side)["table"].get<std::string>(), ref_column = pk_column(*side);
        t.foreign_keys.push_back({foreign_key_name(t.name, column, ref_table, ref_column), column, ref_table, ref_column, on_delete});
      }
    }
    std::vector<std::string> pair{t.columns[0].name, t.columns[1].name};
    t.indexes.push_back({index_name("uidx", t.name, pair), pair, true});
    return t;
  }

  // Tortoise's order: repeatedly take the first table whose foreign keys point at created tables.
  // Each table counts the keys still waiting for their table; those at zero wait in `ready`, the
  // first of which is the one to take (a search from the start each time is quadratic).
  static std::vector<table_def> creation_order(std::vector<table_def> pending) {
    std::unordered_map<std::string, std::vector<std::size_t>> waiting;  // table → tables with keys to it
    std::vector<std::size_t> unmet(pending.size());
    std::set<std::size_t> ready;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      for (const auto& fk : pending[i].foreign_keys)
        if (fk.ref_table != pending[i].name) {
          waiting[fk.ref_table].push_back(i);
          ++unmet[i];
        }
      if (unmet[i] == 0) ready.insert(i);
    }
    std::vector<table_def> out;
    std::vector<bool> taken(pending.size());
    while (!ready.empty()) {
      auto i = *ready.begin();
      ready.erase(ready.begin());
      if (auto w = waiting.find(pending[i].name); w != waiting.end()) {
        for (auto j : w->second)
          if (--unmet[j] == 0) ready.insert(j);
        waiting.erase(w);  // another table of the same name meets no key again
      }
      taken[i] = true;
      out.push_back(std::move(pending[i]));
    }
    if (out.size() < pending.size()) cycle(pending, taken);
    return out;
  }

  [[noreturn]] static void cycle(const std::vector<table_def>& tables, const std::vector<bool>& taken) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < tables.size(); ++i)
      if (!taken[i]) names.push_back(tables[i].name);
    throw configuration_error(fmt::format("cannot create the schema: the foreign keys of tables {} form a cycle. Make "
                                          "one of them db_constraint(false) or move it to a separate model",
                                          fmt::join(names, ", ")));
  }

  const ojson& snapshot_;
  std::unordered_map<std::string_view, const ojson*> models_;
  std::unordered_set<std::string_view> tables_;
};

}  // namespace

const column_def* table_def::column(std::string_view column_name) const {
  auto it = std::find_if(columns.begin(), columns.end(), [&](const column_def& c) { return c.name == column_name; });
  return it == columns.end() ? nullptr : &*it;
}

std::string index_name(std::string_view prefix, std::string_view table, const std::vector<std::string>& columns) {
  return fmt::format("{}_{}_{}_{}", prefix, first_characters(table, 11), first_characters(columns.at(0), 7),
                     sha256_hex(joined(table, columns), 6));
}

std::string foreign_key_name(std::string_view from_table, std::string_view from_column, std::string_view to_table,
                             std::string_view to_column) {
  auto hash = sha256_hex(fmt::format("{};{};{};{}", from_table, from_column, to_table, to_column), 8);
  return fmt::format("fk_{}_{}_{}", first_characters(from_table, 8), first_characters(to_table, 8), hash);
}

std::vector<table_def> tables_from_snapshot(const snapshot_json& snapshot) {
  // Every reader checks what it loads and names its source; this keeps a snapshot built in code
  // (or passed through the library API) from reaching SQL unchecked.
  check_snapshot(snapshot, "snapshot");
  return table_builder(snapshot).build();
}

}  // namespace testudo
