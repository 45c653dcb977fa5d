// Every scenario on a real server, through the library as the CLI uses it: migration files
// written by write_migration, applied and reverted by the migrator. After every step the live
// schema must be what the snapshot declares (and what a fresh CREATE of that version makes), the
// recorded state must diff to nothing, and the rows inserted at v0 must still hold their values.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <optional>
#include <tuple>

#include "scenarios/scenarios.hpp"
#include "support/backend.hpp"
#include "support/schema_check.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/diff.hpp"
#include "testudo/migrate/drift.hpp"
#include "testudo/migrate/runner.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {
namespace {

namespace fs = std::filesystem;

// ---- Rows: where the v0 rows live in each version, and what they must read back as ----

// One value as comparable text: numbers in one spelling whatever type holds them (12.50 in a
// DECIMAL(5,2), 12.500 after widening, 12.5 in SQLite's NUMERIC), booleans as 1/0.
std::string number_text(double x) {
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<std::int64_t>(x));
  return fmt::format("{}", x);
}

std::string comparable(const value& v) {
  if (std::holds_alternative<null_t>(v)) return "NULL";
  if (auto* b = std::get_if<bool>(&v)) return *b ? "1" : "0";
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* x = std::get_if<double>(&v)) return number_text(*x);
  const std::string* text = nullptr;
  if (auto* s = std::get_if<std::string>(&v)) text = s;
  if (auto* dec = std::get_if<decimal>(&v)) text = &dec->text;
  if (!text) return to_display(v);
  if (!text->empty() && text->find_first_not_of("0123456789.-+eE") == std::string::npos) {
    char* end = nullptr;
    double x = std::strtod(text->c_str(), &end);
    if (end && *end == '\0') return number_text(x);
  }
  return *text;
}

// A seeded table followed through the versions: its name and its columns' names in each version
// ("" once gone), and the seeded rows as comparable text by v0 column.
struct tracked_table {
  std::vector<std::string> names;                     // [version]
  std::vector<std::vector<std::string>> column_names; // [v0 column][version]
  std::vector<std::vector<std::string>> rows;         // [row][v0 column]
};

// The model of `next` that continues model `name` of `prev`: the same one, else one whose rename
// hint names its class or table.
std::string successor_model(const snapshot_json& prev, const snapshot_json& next, const std::string& name) {
  if (next.contains(name)) return name;
  auto old_class = name.substr(name.find('.') + 1);
  auto old_table = prev.at(name).at("table").get<std::string>();
  for (const auto& [candidate, model] : next.items())
    for (const auto& hint : model.value("renamed_from", snapshot_json::array()))
      if (hint == old_class || hint == old_table) return candidate;
  return {};
}

// The M2M field (its declaring side) whose through table is `table`: owner, field.
std::optional<std::pair<std::string, snapshot_json>> m2m_through(const snapshot_json& snapshot, const std::string& table) {
  for (const auto& [owner, model] : snapshot.items())
    for (const auto& f : model.at("m2m_fields"))
      if (!f.value("_generated", false) && f.at("through") == table) return std::pair{owner, f};
  return std::nullopt;
}

// Column `column` of `before` in `after`: the same name, else the new column whose rename hint names it.
std::string successor_column(const table_def& before, const table_def& after, const std::string& column) {
  if (column.empty() || after.column(column)) return column;
  for (const auto& c : after.columns)
    if (!before.column(c.name) && std::ranges::find(c.renamed_from, column) != c.renamed_from.end()) return c.name;
  return {};
}

const table_def& table_of_model(const std::vector<table_def>& tables, const std::string& model) {
  auto it = std::ranges::find(tables, model, &table_def::model);
  REQUIRE(it != tables.end());
  return *it;
}

struct located {
  std::string table;                 // "" when gone
  std::vector<std::string> columns;  // "" for each one gone
};

// Where table `table` of `prev` and its `columns` are in `next`: a model's table follows its model
// (and columns their rename hints); a through table follows its M2M field, its key columns their
// roles.
located successor(const snapshot_json& prev, const snapshot_json& next, const std::string& table,
                  const std::vector<std::string>& columns) {
  located out{{}, std::vector<std::string>(columns.size())};
  for (const auto& [name, model] : prev.items()) {
    if (model.at("table") != table) continue;
    auto now = successor_model(prev, next, name);
    if (now.empty()) return out;
    auto old_tables = tables_from_snapshot(prev), new_tables = tables_from_snapshot(next);
    const auto& before = table_of_model(old_tables, name);
    const auto& after = table_of_model(new_tables, now);
    out.table = after.name;
    for (std::size_t i = 0; i < columns.size(); ++i) out.columns[i] = successor_column(before, after, columns[i]);
    return out;
  }
  auto m2m = m2m_through(prev, table);
  auto owner = m2m ? successor_model(prev, next, m2m->first) : std::string();
  if (owner.empty()) return out;
  for (const auto& f : next.at(owner).at("m2m_fields")) {
    if (f.value("_generated", false) || f.at("name") != m2m->second.at("name")) continue;
    out.table = f.at("through").get<std::string>();
    for (std::size_t i = 0; i < columns.size(); ++i)
      for (const char* role : {"backward_key", "forward_key"})
        if (!columns[i].empty() && m2m->second.at(role) == columns[i]) out.columns[i] = f.at(role).get<std::string>();
  }
  return out;
}

std::vector<tracked_table> track(const scenario& s) {
  std::map<std::string, tracked_table> by_table;
  std::vector<std::string> order;
  for (const auto& seed : s.seed) {
    auto [it, fresh] = by_table.try_emplace(seed.table);
    auto& t = it->second;
    if (fresh) {
      order.push_back(seed.table);
      t.names = {seed.table};
      for (const auto& [column, _] : seed.values) t.column_names.push_back({column});
    }
    REQUIRE_MESSAGE(seed.values.size() == t.column_names.size(), "seed rows of one table must set the same columns");
    std::vector<std::string> r;
    for (std::size_t i = 0; i < seed.values.size(); ++i) {
      REQUIRE(seed.values[i].first == t.column_names[i][0]);
      r.push_back(comparable(seed.values[i].second));
    }
    t.rows.push_back(std::move(r));
  }
  for (std::size_t v = 1; v < s.versions.size(); ++v) {
    for (auto& [_, t] : by_table) {
      std::vector<std::string> columns;
      for (const auto& c : t.column_names) columns.push_back(c.back());
      auto now = t.names.back().empty() ? located{{}, std::vector<std::string>(columns.size())}
                                        : successor(s.versions[v - 1], s.versions[v], t.names.back(), columns);
      t.names.push_back(now.table);
      for (std::size_t c = 0; c < columns.size(); ++c) t.column_names[c].push_back(now.columns[c]);
    }
  }
  std::vector<tracked_table> out;
  for (const auto& name : order) out.push_back(by_table.at(name));
  return out;
}

std::string render_rows(std::vector<std::vector<std::string>> rows) {
  std::ranges::sort(rows);
  std::string out;
  for (const auto& r : rows) out += fmt::format("  ({})\n", fmt::join(r, ", "));
  return out;
}

// The seeded rows at version `at`, having been as far as version `furthest`: only what no step up
// to there dropped can still hold its values.
void check_rows(connection& conn, const std::vector<tracked_table>& tables, std::size_t at, std::size_t furthest) {
  const auto& d = dialect_for(conn.kind());
  for (const auto& t : tables) {
    bool kept = std::all_of(t.names.begin(), t.names.begin() + static_cast<std::ptrdiff_t>(furthest) + 1,
                            [](const std::string& n) { return !n.empty(); });
    if (!kept) continue;
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < t.column_names.size(); ++c) {
      const auto& names = t.column_names[c];
      if (std::all_of(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(furthest) + 1,
                      [](const std::string& n) { return !n.empty(); }))
        columns.push_back(c);
    }
    std::vector<std::string> select;
    for (auto c : columns) select.push_back(d.quote(t.column_names[c][at]));
    auto cursor = conn.query(fmt::format("SELECT {} FROM {}", fmt::join(select, ", "), d.quote(t.names[at])));
    std::vector<std::vector<std::string>> got, want;
    for (const auto& r : fetch_all(*cursor)) {
      std::vector<std::string> text;
      for (const auto& v : r) text.push_back(comparable(v));
      got.push_back(std::move(text));
    }
    for (const auto& r : t.rows) {
      std::vector<std::string> text;
      for (auto c : columns) text.push_back(r[c]);
      want.push_back(std::move(text));
    }
    INFO("table ", t.names[at], " (", fmt::format("{}", fmt::join(select, ", ")), ")");
    CHECK(render_rows(got) == render_rows(want));
  }
}

// ---- Schema ----

// A table as comparable text. Column order is not compared (ADD COLUMN appends, CREATE TABLE
// follows the model), nor the names the server chose itself, which renames leave as they were:
// PostgreSQL's <table>_pkey, <table>_<column>_key and serial sequences, MySQL's unique index named
// after its column and the index it gives a foreign key (named after the key), SQLite's
// autoindexes. Index names of our own (idx_, uid_, uidx_) are compared.
std::string render(table_info t) {
  std::ranges::sort(t.columns, {}, &column_info::name);
  for (auto& ix : t.indexes)
    if (!ix.name.starts_with("idx_") && !ix.name.starts_with("uid_") && !ix.name.starts_with("uidx_")) ix.name.clear();
  std::ranges::sort(t.indexes, [](const index_info& a, const index_info& b) {
    if (a.primary != b.primary) return a.primary;
    return std::tie(a.name, a.columns, a.unique) < std::tie(b.name, b.columns, b.unique);
  });
  std::string out = fmt::format("table {}{}\n", t.name, t.comment ? " comment " + *t.comment : "");
  for (const auto& c : t.columns) {
    auto def = c.default_value.value_or("");
    if (def.starts_with("nextval(")) def = "nextval(<sequence>)";
    out += fmt::format("  column {} {}{}{}{}{}{}\n", c.name, c.type, c.nullable ? " NULL" : " NOT NULL",
                       c.default_value ? " DEFAULT " + def : "", c.primary_key ? " PRIMARY KEY" : "",
                       c.auto_increment ? " AUTO" : "", c.comment ? " COMMENT " + *c.comment : "");
  }
  for (const auto& ix : t.indexes)
    out += fmt::format("  {}{}index {} ({})\n", ix.primary ? "primary " : "", ix.unique ? "unique " : "",
                       ix.name.empty() ? "<server's name>" : ix.name, fmt::join(ix.columns, ", "));
  for (const auto& fk : t.foreign_keys)
    out += fmt::format("  foreign key {} ({}) references {} ({}) on delete {} on update {}\n", fk.name,
                       fmt::join(fk.columns, ", "), fk.ref_table, fmt::join(fk.ref_columns, ", "), fk.on_delete,
                       fk.on_update);
  return out;
}

std::vector<std::string> user_tables(connection& conn) {
  auto names = list_tables(conn);
  std::erase(names, std::string(version_table_name));
  return names;
}

// The live schema is version `v`: the declared tables and no others, each as check_table reads
// it, and each as a fresh CREATE of `v` in database `reference` makes it.
void check_schema(connection& conn, const snapshot_json& v, const std::string& reference) {
  auto tables = tables_from_snapshot(v);
  std::vector<std::string> want{std::string(version_table_name)};
  for (const auto& t : tables) want.push_back(t.name);
  std::ranges::sort(want);
  auto live = list_tables(conn);
  CHECK(fmt::format("{}", fmt::join(live, ", ")) == fmt::format("{}", fmt::join(want, ", ")));
  for (const auto& t : tables) check_table(conn, t);
  for (const auto& d : find_drift(conn, {v})) FAIL_CHECK("drift: " << d.message());  // `testudo drift` agrees

  auto fresh = connect(fresh_database(reference));
  for (const auto& statement : create_schema(v, dialect_for(conn.kind()))) fresh->execute(statement);
  for (const auto& name : user_tables(*fresh)) {
    if (std::ranges::find(live, name) == live.end()) continue;  // reported above
    CHECK(render(introspect_table(conn, name)) == render(introspect_table(*fresh, name)));
  }
}

// What the migrator recorded is the version: planning from it finds nothing to do.
void check_recorded(migrator& runner, const snapshot_json& v, const dialect& d) {
  auto plan = diff_snapshots(v, runner.applied_state(), d);
  std::vector<std::string> left;
  for (const auto& c : plan.changes) left.push_back(c.summary);
  CHECK_MESSAGE(plan.empty(), fmt::format("recorded state differs: {}", fmt::join(left, "; ")));
}

// ---- Migration files and the walk ----

std::string script(const std::vector<std::string>& statements) {
  auto out = to_script(statements);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

void insert_seed(connection& conn, const scenario& s) {
  const auto& d = dialect_for(conn.kind());
  for (const auto& r : s.seed) {
    std::vector<std::string> columns, markers;
    std::vector<value> params;
    for (const auto& [column, v] : r.values) {
      columns.push_back(d.quote(column));
      markers.push_back(conn.placeholder(markers.size() + 1));
      params.push_back(v);
    }
    conn.execute(fmt::format("INSERT INTO {} ({}) VALUES ({})", d.quote(r.table), fmt::join(columns, ", "),
                             fmt::join(markers, ", ")),
                 params);
  }
}

void run_scenario(const scenario& s) {
  const auto& d = dialect_for(current_backend());
  const std::string app = "models";
  const auto dir = (fs::path(TESTUDO_TEST_SCRATCH) / fmt::format("scenario_{}_{}", d.name(), s.name) / app).string();
  fs::remove_all(fs::path(dir).parent_path());
  const auto reference = fmt::format("scn_{}_ref", s.name);
  auto conn = connect(fresh_database("scn_" + s.name));
  const auto tables = track(s);

  std::vector<migration> files;
  for (std::size_t n = 0; n < s.versions.size(); ++n) {
    auto sql = planned_step(s, n, d);
    migration m;
    m.number = static_cast<std::int64_t>(n);
    m.timestamp = fmt::format("202401010000{:02}", n);
    m.name = n == 0 ? "init" : fmt::format("step{}", n);
    m.up_sql = script(sql.up);
    m.down_sql = script(sql.down);
    m.state = s.versions[n];
    if (n > 0) {
      m.parent = files.back().file_name();
      m.parent_checksum = files.back().checksum();
    }
    files.push_back(std::move(m));
  }

  INFO("scenario ", s.name, " on ", d.name());
  write_migration(dir, files[0]);
  migrator(*conn, app, dir).upgrade({});
  {
    INFO("v0 created");
    check_schema(*conn, s.versions[0], reference);
    insert_seed(*conn, s);
    check_rows(*conn, tables, 0, 0);
  }
  for (std::size_t n = 1; n < s.versions.size(); ++n) {
    INFO("step ", n, ": ", files[n].file_name());
    write_migration(dir, files[n]);
    {
      INFO("upgraded to v", n);
      migrator runner(*conn, app, dir);
      REQUIRE(runner.upgrade({}) == std::vector<std::string>{files[n].file_name()});
      check_schema(*conn, s.versions[n], reference);
      check_recorded(runner, s.versions[n], d);
      check_rows(*conn, tables, n, n);
      if (s.probe) s.probe(*conn, n);
    }
    {
      INFO("step reverted to v", n - 1);
      migrator runner(*conn, app, dir);
      REQUIRE(runner.downgrade({}) == std::vector<std::string>{files[n].file_name()});
      check_schema(*conn, s.versions[n - 1], reference);
      check_recorded(runner, s.versions[n - 1], d);
      check_rows(*conn, tables, n - 1, n);
    }
    {
      INFO("upgraded to v", n, " again");
      migrator runner(*conn, app, dir);
      REQUIRE(runner.upgrade({}).size() == 1);
      check_schema(*conn, s.versions[n], reference);
      check_rows(*conn, tables, n, n);
      if (s.probe) s.probe(*conn, n);
    }
  }
  {
    INFO("everything reverted to v0 (downgrade from 1)");
    migrator runner(*conn, app, dir);
    REQUIRE(runner.downgrade({}, 1).size() == s.versions.size() - 1);
    check_schema(*conn, s.versions[0], reference);
    check_recorded(runner, s.versions[0], d);
    check_rows(*conn, tables, 0, s.versions.size() - 1);
  }
}

}  // namespace

TEST_CASE("scenario columns migrates step by step and reverts") { run_scenario(scenario_named("columns")); }
TEST_CASE("scenario indexes migrates step by step and reverts") { run_scenario(scenario_named("indexes")); }
TEST_CASE("scenario relations migrates step by step and reverts") { run_scenario(scenario_named("relations")); }
TEST_CASE("scenario tables migrates step by step and reverts") { run_scenario(scenario_named("tables")); }
TEST_CASE("scenario key_types migrates step by step and reverts") { run_scenario(scenario_named("key_types")); }

// Reverting the drop of a NOT NULL column without a default must work on a table with rows: the
// planner adds it with the type's zero value as a temporary default (SQLite: copies that value in
// its rebuild).
TEST_CASE("scenario required_columns migrates step by step and reverts") {
  run_scenario(scenario_named("required_columns"));
}

// Columns added to a table with rows: comments kept (PostgreSQL), NOT NULL columns of every type
// without a default filled with a value valid for the type.
TEST_CASE("scenario added_columns migrates step by step and reverts") { run_scenario(scenario_named("added_columns")); }

// No value fits the rows already there for a new NOT NULL foreign key: the planner says so when
// the migration is made, not the database when it runs.
TEST_CASE("a NOT NULL foreign key without a default cannot be added to an existing table") {
  const auto& d = dialect_for(current_backend());
  try {
    diff_snapshots(required_key_models(false), required_key_models(true), d);
    FAIL("the planner accepted a NOT NULL foreign key column without a default");
  } catch (const configuration_error& e) {
    std::string message = e.what();
    INFO(message);
    CHECK(message.find("parts") != std::string::npos);
    CHECK(message.find("gadget_id") != std::string::npos);
    CHECK(message.find("nullable") != std::string::npos);
    CHECK(message.find("default") != std::string::npos);
  }
  // Nullable, it is added.
  CHECK_FALSE(diff_snapshots(required_key_models(false), required_key_models(true, true), d).empty());
}

// Self-referencing M2M through tables (default and custom keys) keep their rows.
TEST_CASE("scenario self_m2m migrates step by step and reverts") { run_scenario(scenario_named("self_m2m")); }

}  // namespace testudo::test
