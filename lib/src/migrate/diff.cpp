// The migration planner: compares the tables of two snapshots and orders the changes.
#include "testudo/migrate/diff.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "testudo/errors.hpp"

namespace testudo {
namespace {

// Changes are collected per phase, then emitted phase by phase: this is what keeps the order
// executable (keys dropped first, tables created before keys that point at them).
// Tables are dropped before renames and creations: a table may take a dropped one's name, and the
// down migration re-creates a dropped table only once the tables it references have their old
// names back.
enum phase {
  drop_keys, drop_indexes, drop_tables, rename_tables, rename_columns, create_tables, add_columns, alter_columns,
  rebuild_tables, drop_columns, add_indexes, add_keys, table_comments, phase_count
};

template <class T, class Key>
const T* find_by(const std::vector<T>& items, const Key& key, auto member) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.*member == key; });
  return it == items.end() ? nullptr : &*it;
}

bool has_key(const table_def& t, const std::string& column) {
  return find_by(t.foreign_keys, column, &foreign_key_def::column) != nullptr;
}

// What identifies a table across snapshots: its model, or its name for a through table.
std::string identity(const table_def& t) { return t.model.empty() ? "table:" + t.name : t.model; }

class planner {
 public:
  planner(const dialect& d, const diff_options& options) : d_(d), options_(options) {}

  migration_plan run(const std::vector<table_def>& old_tables, const std::vector<table_def>& new_tables) {
    schemas_ = {&old_tables, &new_tables};
    for (const auto& old : old_tables) old_by_identity_.emplace(identity(old), &old);
    for (const auto& t : new_tables)
      if (const auto* old = match(old_tables, t); old && key_type(*old) != key_type(t)) retyped_keys_.insert(t.name);
    std::set<std::string> matched_old;
    for (const auto& t : new_tables) {
      const table_def* old = match(old_tables, t);
      if (!old) {
        create_table(t);
        continue;
      }
      matched_old.insert(identity(*old));
      compare(*old, t);
    }
    for (auto it = old_tables.rbegin(); it != old_tables.rend(); ++it)  // children before parents
      if (!matched_old.contains(identity(*it))) drop_table(*it);
    migration_plan plan;
    for (auto& changes : phases_)
      for (auto& c : changes) plan.changes.push_back(std::move(c));
    plan.notes = std::move(notes_);
    if (guarded_) plan.guard = d_.rebuild_guard();
    return plan;
  }

 private:
  void add(phase p, std::string summary, std::vector<std::string> up, std::vector<std::string> down,
           bool loses_data = false) {
    phases_[p].push_back({std::move(summary), std::move(up), std::move(down), loses_data});
  }

  // The old table for `t`: same model (or through table name), else one its rename hint names.
  const table_def* match(const std::vector<table_def>& old_tables, const table_def& t) const {
    if (auto it = old_by_identity_.find(identity(t)); it != old_by_identity_.end()) return it->second;
    for (const auto& hint : t.renamed_from)
      for (const auto& old : old_tables)
        if (old.name == hint || (!old.model.empty() && old.model.substr(old.model.find('.') + 1) == hint)) return &old;
    return nullptr;
  }

  void create_table(const table_def& t) {
    add(create_tables, "create table " + t.name, d_.create_table(t, false), {d_.drop_table(t.name)});
  }

  void drop_table(const table_def& t) {
    notes_.push_back(fmt::format("table {} is dropped with its data (the down migration re-creates it empty)", t.name));
    add(drop_tables, "drop table " + t.name, {d_.drop_table(t.name)}, d_.create_table(t, false), true);
  }

  struct column_match {
    std::map<std::string, std::string> old_for_new;  // new column → old column
    std::vector<const column_def*> added, dropped;
  };

  column_match match_columns(const table_def& old, const table_def& t) {
    column_match m;
    std::set<std::string> used;
    auto take = [&](const column_def& c, const std::string& old_name) {
      m.old_for_new[c.name] = old_name;
      used.insert(old_name);
    };
    for (const auto& c : t.columns)
      if (old.column(c.name)) take(c, c.name);
    for (const auto& c : t.columns) {
      if (m.old_for_new.contains(c.name)) continue;
      for (const auto& hint : c.renamed_from)
        if (old.column(hint) && !used.contains(hint) && !t.column(hint)) {
          take(c, hint);
          notes_.push_back(fmt::format("column {}.{} is renamed to {} (rename hint)", t.name, hint, c.name));
          break;
        }
    }
    for (const auto& c : t.columns)
      if (!m.old_for_new.contains(c.name)) m.added.push_back(&c);
    for (const auto& c : old.columns)
      if (!used.contains(c.name)) m.dropped.push_back(&c);
    ask_renames(t.name, m, take);
    return m;
  }

  // One dropped and one added column that look alike may be a rename: only the user decides.
  void ask_renames(const std::string& table, column_match& m, auto&& take) {
    if (m.added.size() != 1 || m.dropped.size() != 1) {
      for (const auto* c : m.dropped) notes_.push_back(fmt::format("column {}.{} is dropped with its data", table, c->name));
      return;
    }
    const column_def& added = *m.added.front();
    const column_def& dropped = *m.dropped.front();
    column_def as_renamed = dropped;
    as_renamed.name = added.name;
    bool alike = d_.same_definition(as_renamed, added);
    if (alike && options_.confirm_rename && options_.confirm_rename(table, dropped.name, added.name)) {
      take(added, dropped.name);
      notes_.push_back(fmt::format("column {}.{} is renamed to {} (confirmed)", table, dropped.name, added.name));
      m.added.clear();
      m.dropped.clear();
      return;
    }
    notes_.push_back(fmt::format("column {}.{} is dropped with its data{}", table, dropped.name,
                                 alike ? fmt::format(" (if it was renamed to {}, add renamed_from(\"{}\") to the field)",
                                                     added.name, dropped.name)
                                       : ""));
  }

  // Whether `t` can reach its new shape with ALTER statements on this dialect.
  bool alterable(const table_def& old, const table_def& t, const column_match& m) const {
    auto caps = d_.capabilities();
    for (const auto& [now, before] : m.old_for_new) {
      const auto& a = *old.column(before);
      const auto& b = *t.column(now);
      column_def renamed = a;
      renamed.name = b.name;
      if ((!d_.same_definition(renamed, b) || a.unique != b.unique) && !caps.alter_column) return false;
    }
    if (!caps.foreign_keys && (old.foreign_keys.size() != t.foreign_keys.size() || !same_keys(old, t, m))) return false;
    for (const auto* c : m.added)
      if (!caps.add_constrained_column && (c->unique || has_key(t, c->name) ||
                                           (!c->nullable && d_.default_expression(*c).empty())))
        return false;
    for (const auto* c : m.dropped) {
      if (!caps.drop_constrained_column && (c->unique || c->primary_key || has_key(old, c->name))) return false;
      // The down migration adds it back.
      if (!caps.add_constrained_column && !c->nullable && d_.default_expression(*c).empty()) return false;
    }
    return true;
  }

  static bool same_keys(const table_def& old, const table_def& t, const column_match& m) {
    for (const auto& fk : t.foreign_keys) {
      auto before = m.old_for_new.find(fk.column);
      if (before == m.old_for_new.end()) return false;
      const auto* was = find_by(old.foreign_keys, before->second, &foreign_key_def::column);
      // The name says which table and column the key is on: renaming either renames the key.
      if (!was || was->name != fk.name || was->ref_table != fk.ref_table || was->on_delete != fk.on_delete) return false;
    }
    return true;
  }

  void compare(const table_def& old, const table_def& t) {
    if (old.name != t.name)
      add(rename_tables, fmt::format("rename table {} to {}", old.name, t.name), {d_.rename_table(old.name, t.name)},
          {d_.rename_table(t.name, old.name)});
    auto m = match_columns(old, t);
    refuse_required_keys(t, m);
    if (!alterable(old, t, m)) {
      rebuild(old, t, m);  // re-creates every key and index of the table too
    } else {
      compare_columns(old, t, m);
      compare_keys(old, t, m);
      compare_indexes(old.indexes, t.indexes, t.name, old.name, false);
      compare_indexes(old.unique_together, t.unique_together, t.name, old.name, true);
    }
    if (old.comment != t.comment) {
      auto up = d_.comment_table(t), down = d_.comment_table(old);
      if (!up.empty()) add(table_comments, "comment on table " + t.name, up, down);
    }
  }

  // Rows already in the table need a value for a new NOT NULL column: for a foreign key no value
  // is right (any key might point at no row), so say so now rather than fail at upgrade.
  void refuse_required_keys(const table_def& t, const column_match& m) const {
    for (const auto* c : m.added)
      if (!c->nullable && !c->generated && d_.default_expression(*c).empty() && has_key(t, c->name))
        throw configuration_error(fmt::format(
            "table {}: the new foreign key column {} is NOT NULL without a default, so the rows already in {} "
            "would get no valid key. Make the field nullable (.null()), give it a default that names an existing "
            "row, or add it nullable, fill it, and make it NOT NULL in a later migration",
            t.name, c->name, t.name));
  }

  void compare_columns(const table_def& old, const table_def& t, const column_match& m) {
    for (const auto& c : t.columns) {
      const auto& before_name = m.old_for_new.count(c.name) ? m.old_for_new.at(c.name) : std::string();
      if (before_name.empty()) continue;
      if (before_name != c.name)
        add(rename_columns, fmt::format("rename column {}.{} to {}", t.name, before_name, c.name),
            {d_.rename_column(t.name, before_name, c.name)}, {d_.rename_column(t.name, c.name, before_name)});
      column_def before = *old.column(before_name);
      before.name = c.name;
      if (!d_.same_definition(before, c) || before.unique != c.unique)
        add(alter_columns, fmt::format("alter column {}.{}", t.name, c.name), d_.alter_column(t, before, c),
            d_.alter_column(t, c, before));
    }
    for (const auto* c : m.added)
      add(add_columns, fmt::format("add column {}.{}", t.name, c->name), add_column(t, *c),
          {d_.drop_column(t.name, c->name)});
    for (const auto* c : m.dropped)
      add(drop_columns, fmt::format("drop column {}.{}", t.name, c->name), {d_.drop_column(t.name, c->name)},
          add_column(old_named(old, t.name), *c), true);
  }

  // A NOT NULL column without a default cannot be added to a table with rows: it is added with
  // the type's zero value as a default, which is then dropped again.
  std::vector<std::string> add_column(const table_def& t, const column_def& c) {
    if (c.nullable || !d_.default_expression(c).empty() || c.generated) return d_.add_column(t, c);
    column_def filled = c;
    filled.db_default = d_.zero_value(c);
    notes_.push_back(fmt::format("column {}.{} is NOT NULL without a default: rows already there get {} (give the "
                                 "field a default to choose another value)", t.name, c.name, *filled.db_default));
    auto out = d_.add_column(t, filled);
    for (auto& s : d_.alter_column(t, filled, c)) out.push_back(std::move(s));
    return out;
  }

  // The old table's definition under its new name (for down statements after a rename).
  static table_def old_named(table_def old, const std::string& name) {
    old.name = name;
    return old;
  }

  void compare_keys(const table_def& old, const table_def& t, const column_match& m) {
    for (const auto& fk : old.foreign_keys) {
      if (contains(t.foreign_keys, fk) && !must_remake(old, t, m, fk)) continue;
      auto up = d_.drop_foreign_key(old.name, fk);
      // A column that stays must not keep the index the key brought along.
      bool stays = std::any_of(m.old_for_new.begin(), m.old_for_new.end(), [&](const auto& p) { return p.second == fk.column; });
      if (stays && key_has_own_index(old, fk))
        for (auto& s : d_.drop_key_index(old.name, fk)) up.push_back(std::move(s));
      add(drop_keys, fmt::format("drop foreign key {}", fk.name), std::move(up), {d_.add_foreign_key(old.name, fk)});
    }
    for (const auto& fk : t.foreign_keys) {
      if (contains(old.foreign_keys, fk) && !must_remake(old, t, m, fk)) continue;
      auto down = d_.drop_foreign_key(t.name, fk);
      if (m.old_for_new.contains(fk.column) && key_has_own_index(t, fk))
        for (auto& s : d_.drop_key_index(t.name, fk)) down.push_back(std::move(s));
      add(add_keys, fmt::format("add foreign key {}", fk.name), {d_.add_foreign_key(t.name, fk)}, std::move(down));
    }
  }

  // MySQL/InnoDB: a foreign key needs an index that starts with its column. It creates one named
  // after the key when there is none (dropping the key leaves it behind), drops that one when
  // another index could serve, and refuses to drop the last index that serves.
  std::set<std::string> serving_indexes(const table_def& t, const std::string& column) const {
    std::set<std::string> out;
    if (const auto* c = t.column(column); c && (c->unique || c->primary_key)) out.insert(" column");
    for (const auto* list : {&t.indexes, &t.unique_together})
      for (const auto& ix : *list)
        if (!ix.columns.empty() && ix.columns.front() == column) out.insert(ix.name);
    return out;
  }
  bool key_has_own_index(const table_def& t, const foreign_key_def& fk) const {
    return d_.capabilities().keys_need_index && serving_indexes(t, fk.column).empty();
  }
  // Whether a key that stays must be dropped before the other changes and added after them (MySQL):
  // when every index that serves it changes (one has to go while no other can serve), or when its
  // column or the key it references changes type (InnoDB refuses to change either under a key).
  bool must_remake(const table_def& old, const table_def& t, const column_match& m, const foreign_key_def& fk) const {
    if (!d_.capabilities().keys_need_index) return false;
    auto before = serving_indexes(old, fk.column), after = serving_indexes(t, fk.column);
    if (before != after && std::none_of(before.begin(), before.end(), [&](const std::string& n) { return after.contains(n); }))
      return true;
    if (retyped_keys_.contains(fk.ref_table)) return true;
    auto was = m.old_for_new.find(fk.column);
    return was != m.old_for_new.end() && d_.column_type(*old.column(was->second)) != d_.column_type(*t.column(fk.column));
  }

  std::string key_type(const table_def& t) const {
    for (const auto& c : t.columns)
      if (c.primary_key) return d_.column_type(c);
    return {};
  }

  template <class T>
  static bool contains(const std::vector<T>& items, const T& x) {
    return std::find(items.begin(), items.end(), x) != items.end();
  }

  void compare_indexes(const std::vector<index_def>& before, const std::vector<index_def>& after,
                       const std::string& table, const std::string& old_table, bool unique_group) {
    for (const auto& ix : before)
      if (!contains(after, ix))
        add(drop_indexes, fmt::format("drop {} {}", unique_group ? "unique" : "index", ix.name),
            {unique_group ? d_.drop_unique(old_table, ix) : d_.drop_index(old_table, ix)},
            {unique_group ? d_.add_unique(old_table, ix) : d_.create_index(old_table, ix)});
    for (const auto& ix : after)
      if (!contains(before, ix))
        add(add_indexes, fmt::format("add {} {}", unique_group ? "unique" : "index", ix.name),
            {unique_group ? d_.add_unique(table, ix) : d_.create_index(table, ix)},
            {unique_group ? d_.drop_unique(table, ix) : d_.drop_index(table, ix)});
  }

  // Whether a foreign key of either schema points at `table` (itself included).
  bool referenced(const std::string& table) const {
    for (const auto* tables : schemas_)
      for (const auto& other : *tables)
        for (const auto& fk : other.foreign_keys)
          if (fk.ref_table == table) return true;
    return false;
  }

  // Create-copy-drop-rename: how SQLite changes what ALTER TABLE cannot. The copy keeps every
  // row; columns that are new get their default.
  void rebuild(const table_def& old, const table_def& t, const column_match& m) {
    std::map<std::string, std::string> back;
    for (const auto& [now, before] : m.old_for_new) back[before] = now;
    table_def new_shape = t;
    for (auto& c : new_shape.columns)
      if (auto it = m.old_for_new.find(c.name); it != m.old_for_new.end())
        if (const auto* before = old.column(it->second)) c.declared_type = kept_type(old, *before, c);
    auto up = rebuild_statements(new_shape, t.name, m.old_for_new);
    table_def old_shape = old_named(old, t.name);
    for (auto& c : old_shape.columns)
      if (auto it = back.find(c.name); it != back.end())
        if (const auto* after = t.column(it->second)) c.declared_type = kept_type(old, c, *after);
    auto down = rebuild_statements(old_shape, t.name, back);
    notes_.push_back(fmt::format("table {} is rebuilt (create, copy, drop, rename) to change what ALTER TABLE cannot", t.name));
    guarded_ = guarded_ || referenced(old.name) || referenced(t.name);
    add(rebuild_tables, "rebuild table " + t.name, std::move(up), std::move(down), !m.dropped.empty());
  }

  // What the live table declares for `before`, when the models keep its type: a rebuild then
  // leaves the column's storage as it is, whoever created it.
  std::optional<std::string> kept_type(const table_def& old, const column_def& before, const column_def& after) const {
    if (!options_.live_type || d_.column_type(before) != d_.column_type(after)) return std::nullopt;
    return options_.live_type(old.name, before.name);
  }

  std::vector<std::string> rebuild_statements(const table_def& shape, const std::string& current,
                                              const std::map<std::string, std::string>& source_for) {
    table_def temporary = shape;
    temporary.name = "_testudo_rebuild_" + shape.name;
    std::vector<std::string> into, from;
    for (const auto& c : shape.columns) {
      auto it = source_for.find(c.name);
      bool required = !c.nullable && !c.generated && d_.default_expression(c).empty();
      if (it == source_for.end() && !required) continue;  // new columns take their default
      into.push_back(d_.quote(c.name));
      from.push_back(it != source_for.end() ? d_.quote(it->second) : d_.zero_value(c));
    }
    std::vector<std::string> out{d_.create_table_statement(temporary, false)};
    out.push_back(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", d_.quote(temporary.name), fmt::join(into, ", "),
                              fmt::join(from, ", "), d_.quote(current)));
    out.push_back(d_.drop_table(current));
    out.push_back(d_.rename_table(temporary.name, shape.name));
    auto full = d_.create_table(shape, false);
    out.insert(out.end(), full.begin() + 1, full.end());  // its indexes, under the final name
    return out;
  }

  const dialect& d_;
  const diff_options& options_;
  std::set<std::string> retyped_keys_;  // new names of tables whose primary key changes type
  std::vector<const std::vector<table_def>*> schemas_;  // old and new tables
  std::unordered_map<std::string, const table_def*> old_by_identity_;  // the first of each identity
  bool guarded_ = false;                // a rebuilt table is referenced: the plan needs the guard
  std::vector<schema_change> phases_[phase_count];
  std::vector<std::string> notes_;
};

std::vector<table_def> tables_of(const snapshot_json& snapshot) {
  return snapshot.is_object() && !snapshot.empty() ? tables_from_snapshot(snapshot) : std::vector<table_def>{};
}

using model_index = std::unordered_map<std::string_view, const snapshot_json*>;

// The model of `from` that `model` of `to` continues: the same name (looked up in `by_name`, the
// models of `from`), else the one its rename hints name (by class or table), as planner::match
// does for tables.
const snapshot_json* earlier_model(const snapshot_json& from, const model_index& by_name, const std::string& name,
                                   const snapshot_json& model) {
  if (auto it = by_name.find(name); it != by_name.end()) return it->second;
  for (const auto& hint : model.value("renamed_from", snapshot_json::array()))
    for (const auto& [old_name, old] : from.items())
      if (old.value("table", "") == hint || old_name.substr(old_name.find('.') + 1) == hint) return &old;
  return nullptr;
}

// A through table belongs to its M2M field: its default name and key columns come from the models'
// tables and classes, so renaming those renames them. Rename hints on the new through table and
// its columns make the planner rename it (with its rows) instead of dropping and re-creating it.
void follow_through_tables(const snapshot_json& from, const snapshot_json& to, std::vector<table_def>& tables) {
  if (!from.is_object() || !to.is_object()) return;
  model_index by_name;
  for (const auto& [name, model] : from.items()) by_name.emplace(name, &model);
  for (const auto& [name, model] : to.items()) {
    const auto* old_model = earlier_model(from, by_name, name, model);
    if (!old_model) continue;
    for (const auto& m2m : model.value("m2m_fields", snapshot_json::array())) {
      if (m2m.value("_generated", false)) continue;
      for (const auto& was : old_model->value("m2m_fields", snapshot_json::array())) {
        if (was.value("_generated", false) || was.value("name", "") != m2m.value("name", "")) continue;
        auto through = std::find_if(tables.begin(), tables.end(), [&](const table_def& t) {
          return t.model.empty() && t.name == m2m.value("through", "");
        });
        if (through == tables.end()) break;
        if (auto old_name = was.value("through", ""); old_name != through->name) through->renamed_from.push_back(old_name);
        for (const char* key : {"backward_key", "forward_key"}) {
          auto now = m2m.value(key, ""), before = was.value(key, "");
          for (auto& c : through->columns)
            if (c.name == now && before != now) c.renamed_from.push_back(before);
        }
        break;
      }
    }
  }
}

// One direction of a plan: `side` of each change from `first` to `last`, inside the guard.
template <class It>
std::vector<std::string> guarded(const rebuild_guard_sql& guard, It first, It last,
                                  std::vector<std::string> schema_change::*side) {
  if (first == last) return {};
  auto out = guard.first;
  for (; first != last; ++first) out.insert(out.end(), ((*first).*side).begin(), ((*first).*side).end());
  out.insert(out.end(), guard.last.begin(), guard.last.end());
  return out;
}

}  // namespace

std::vector<std::string> migration_plan::up_statements() const {
  return guarded(guard, changes.begin(), changes.end(), &schema_change::up);
}

std::vector<std::string> migration_plan::down_statements() const {
  return guarded(guard, changes.rbegin(), changes.rend(), &schema_change::down);
}

migration_plan diff_snapshots(const snapshot_json& from, const snapshot_json& to, const dialect& d,
                              const diff_options& options) {
  auto new_tables = tables_of(to);
  follow_through_tables(from, to, new_tables);
  return planner(d, options).run(tables_of(from), new_tables);
}

}  // namespace testudo
