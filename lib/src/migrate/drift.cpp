// Drift: the declared tables (snapshot → table_def) against the introspected ones (table_info).
#include "testudo/migrate/drift.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "testudo/dialect/dialect.hpp"
#include "testudo/migrate/version_table.hpp"
#include "testudo/schema/introspect.hpp"
#include "testudo/schema/table.hpp"

namespace testudo {
namespace {

// testudo's and Aerich's bookkeeping: never in the models, never drift.
bool is_bookkeeping(std::string_view table) {
  return table == version_table_name || table == connection::lock_table_name;
}

std::string null_word(bool nullable) { return nullable ? "NULL" : "NOT NULL"; }

std::string key_text(const std::vector<std::string>& columns) { return fmt::format("({})", fmt::join(columns, ", ")); }

// One declared table against its live counterpart; each finding goes to `out`.
class table_check {
 public:
  table_check(const table_def& want, const table_info& got, backend kind, std::vector<schema_difference>& out)
      : want_(want), got_(got), kind_(kind), d_(dialect_for(kind)), out_(out) {}

  void run() {
    columns();
    indexes();
    foreign_keys();
    if (d_.stores_comments() && got_.comment != want_.comment)
      add("", "comment", want_.comment.value_or(""), got_.comment.value_or(""));
  }

 private:
  void add(std::string object, std::string problem, std::string expected, std::string actual) {
    out_.push_back({want_.name, std::move(object), std::move(problem), std::move(expected), std::move(actual)});
  }

  // What either testudo or Tortoise (Aerich's projects) would declare for the column matches.
  template <class Pred>
  bool either_dialect(Pred&& pred) const {
    return pred(dialect_for(kind_, column_types::testudo)) || pred(dialect_for(kind_, column_types::tortoise));
  }

  void columns() {
    for (const auto& want : want_.columns) {
      auto object = "column " + want.name;
      const auto* got = got_.column(want.name);
      if (!got) {
        add(object, "missing", fmt::format("{} {}", d_.column_type(want), null_word(want.nullable)), "");
        continue;
      }
      // A generated key's type is the server's spelling of SERIAL/AUTO_INCREMENT; its default is the sequence.
      if (!want.generated) {
        if (!either_dialect([&](const dialect& d) { return d.reported_type(d.column_type(want)) == got->type; }))
          add(object, "type", d_.reported_type(d_.column_type(want)), got->type);
        if (!either_dialect([&](const dialect& d) { return d.default_expression(want).empty() != got->default_value.has_value(); }))
          add(object, "default", d_.default_expression(want).empty() ? "none" : d_.default_expression(want),
              got->default_value.value_or("none"));
      }
      if (got->nullable != want.nullable) add(object, "null", null_word(want.nullable), null_word(got->nullable));
      if (d_.stores_comments() && got->comment != want.comment)
        add(object, "comment", want.comment.value_or(""), got->comment.value_or(""));
    }
    for (const auto& got : got_.columns)
      if (!want_.column(got.name))
        add("column " + got.name, "not in the models", "", fmt::format("{} {}", got.type, null_word(got.nullable)));
  }

  // A declared index or unique constraint; `name` is checked where the models fix it (CREATE INDEX).
  struct wanted_index {
    std::string object;
    std::vector<std::string> columns;
    bool unique;
    std::string name;
  };

  std::vector<wanted_index> wanted_indexes() const {
    std::vector<wanted_index> out;
    for (const auto& c : want_.columns)
      if (c.unique && !c.primary_key) out.push_back({"unique " + key_text({c.name}), {c.name}, true, ""});
    for (const auto& ix : want_.indexes) out.push_back({"index " + ix.name, ix.columns, ix.unique, ix.name});
    for (const auto& u : want_.unique_together) out.push_back({"unique " + key_text(u.columns), u.columns, true, ""});
    return out;
  }

  void indexes() {
    auto wanted = wanted_indexes();
    for (const auto& w : wanted) {
      const auto* got = got_.index_on(w.columns);
      if (!got) {
        add(w.object, "missing", key_text(w.columns), "");
        continue;
      }
      if (got->unique != w.unique) add(w.object, "unique", w.unique ? "unique" : "not unique", got->unique ? "unique" : "not unique");
      if (!w.name.empty() && got->name != w.name) add(w.object, "name", w.name, got->name);
    }
    for (const auto& got : got_.indexes) {
      if (got.primary) continue;
      auto declared = std::ranges::any_of(wanted, [&](const wanted_index& w) { return w.columns == got.columns; });
      // InnoDB gives every foreign key an index of its own when none serves it.
      auto for_key = d_.capabilities().keys_need_index &&
                     std::ranges::any_of(want_.foreign_keys, [&](const foreign_key_def& fk) {
                       return got.columns == std::vector<std::string>{fk.column};
                     });
      if (!declared && !for_key)
        add(fmt::format("{} {}", got.unique ? "unique index" : "index", got.name), "not in the models", "",
            key_text(got.columns));
    }
  }

  void foreign_keys() {
    for (const auto& want : want_.foreign_keys) {
      auto object = "foreign key " + want.name;
      const auto* got = got_.foreign_key_on({want.column});
      if (!got) {
        add(object, "missing", fmt::format("{} → {}.{}", want.column, want.ref_table, want.ref_column), "");
        continue;
      }
      if (got->ref_table != want.ref_table || got->ref_columns != std::vector<std::string>{want.ref_column})
        add(object, "references", fmt::format("{}.{}", want.ref_table, want.ref_column),
            fmt::format("{}{}", got->ref_table, key_text(got->ref_columns)));
      if (got->on_delete != want.on_delete) add(object, "on_delete", want.on_delete, got->on_delete);
    }
    for (const auto& got : got_.foreign_keys)
      if (std::ranges::none_of(want_.foreign_keys, [&](const foreign_key_def& fk) { return got.columns == std::vector<std::string>{fk.column}; }))
        add("foreign key " + got.name, "not in the models", "",
            fmt::format("{} → {}{}", key_text(got.columns), got.ref_table, key_text(got.ref_columns)));
  }

  const table_def& want_;
  const table_info& got_;
  backend kind_;
  const dialect& d_;
  std::vector<schema_difference>& out_;
};

}  // namespace

std::string schema_difference::message() const {
  auto where = object.empty() ? table : fmt::format("{}: {}", table, object);
  if (problem == "missing") return fmt::format("{}: missing (the models declare {})", where, expected);
  if (problem == "not in the models") return fmt::format("{}: not in the models (database: {})", where, actual);
  return fmt::format("{}: {} differs (models: {}, database: {})", where, problem, expected.empty() ? "none" : expected,
                     actual.empty() ? "none" : actual);
}

std::vector<schema_difference> find_drift(connection& conn, const std::vector<snapshot_json>& snapshots) {
  std::map<std::string, table_def, std::less<>> declared;
  for (const auto& snapshot : snapshots)
    for (auto& t : tables_from_snapshot(snapshot))
      if (!is_bookkeeping(t.name)) declared.try_emplace(t.name, std::move(t));
  auto live = list_tables(conn);
  std::vector<schema_difference> out;
  for (const auto& [name, want] : declared) {
    if (!std::ranges::binary_search(live, name)) {
      out.push_back({name, "", "missing", "a table", ""});
      continue;
    }
    table_check(want, introspect_table(conn, name), conn.kind(), out).run();
  }
  for (const auto& name : live)
    if (!is_bookkeeping(name) && !declared.contains(name)) out.push_back({name, "", "not in the models", "", "a table"});
  return out;
}

}  // namespace testudo
