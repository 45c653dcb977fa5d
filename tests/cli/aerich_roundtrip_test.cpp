// Issue #11 round trip, replayed without Python from the outputs of the real Aerich committed in
// migrations_fixtures/aerich/roundtrip/<dialect>/ (made by make.sh there): `aerich/` is a pure-Aerich
// run, `mixed/` the hand-over run. Two databases move in step: "pure" gets exactly what Aerich ran
// in the pure run (each file's SQL, then the row Aerich stored; downgrades run the file's downgrade
// and delete the row); "mixed" gets Aerich's steps of the mixed run the same way and testudo's steps
// from the testudo binary. After every step both must hold the same schema, the same table rows and
// the same `aerich` history. The hand-back run (`handback/`: testudo writes every file, Aerich runs
// them) is replayed on one database, with the files testudo writes today.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/compat/aerich.hpp"
#include "testudo/db/script.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/migrate/migration_file.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {
namespace {

namespace fs = std::filesystem;

fs::path roundtrip() { return fs::path(TESTUDO_FIXTURES) / "aerich" / "roundtrip"; }
fs::path step_dir(const std::string& run, const std::string& step) {
  return roundtrip() / std::string(backend_name(current_backend())) / run / step;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "<N>_<name>" of "<N>_<timestamp>_<name>.py": runs made at different times compare equal.
std::string untimed(const std::string& version) {
  auto m = parse_file_name(version);
  REQUIRE_MESSAGE(m.has_value(), "not a migration file name: " << version);
  return fmt::format("{}_{}", m->number, m->name);
}

// The migration file numbered `n` of a committed step, parsed as testudo reads it.
migration committed_file(const fs::path& step, std::int64_t n) {
  for (auto& m : read_migrations((step / "migrations" / "models").string()))
    if (m.number == n) return m;
  FAIL("no migration " << n << " in " << step);
  return {};
}

// The `aerich` row Aerich stored for migration `n` at a committed step.
nlohmann::json committed_row(const fs::path& step, std::int64_t n) {
  for (auto& row : nlohmann::json::parse(slurp(step / "aerich_rows.json")))
    if (parse_file_name(row["version"].get<std::string>())->number == n) return row;
  FAIL("no aerich row for migration " << n << " in " << step);
  return {};
}

// A script run the way Aerich's execute_script runs it on SQLite (Python's executescript: one
// statement after another, out of any transaction) on a connection opened, as Tortoise opens it,
// with foreign keys on: the connection carries on (Aerich's next file, the app), so the script
// must leave them on.
void run_script(const cli_project& p, const std::string& sql) {
  auto conn = p.connect();
  for (const auto& s : split_sql(sql, conn->kind())) conn->execute(s);
  if (conn->kind() != backend::sqlite) return;
  auto enforced = conn->query("PRAGMA foreign_keys");
  REQUIRE(enforced->next());
  CHECK_MESSAGE(enforced->get_int64(0) == 1, "the script left foreign keys off");
}

// What Aerich's `upgrade` did with migration `m` (a file in the project's folder): its SQL, then
// its row with the content Aerich stored at `step`.
void aerich_upgrade(const cli_project& p, const migration& m, const fs::path& step) {
  run_script(p, m.up_sql);
  auto row = committed_row(step, m.number);
  auto conn = p.connect();
  conn->execute(fmt::format("INSERT INTO aerich (version, app, content) VALUES ({}, {}, {})", conn->placeholder(1),
                            conn->placeholder(2), conn->placeholder(3)),
                {value{m.file_name()}, value{std::string("models")}, value{row["content"].get<std::string>()}});
}

// The same with Aerich's own file `n` of `step`, copied into the project first.
void aerich_upgrade(const cli_project& p, const fs::path& step, std::int64_t n) {
  auto m = committed_file(step, n);
  fs::copy_file(step / "migrations" / "models" / m.file_name(), p.app_dir() / m.file_name(),
                fs::copy_options::overwrite_existing);
  aerich_upgrade(p, m, step);
}

// The project's own migration `n` (one testudo wrote).
migration project_file(const cli_project& p, std::int64_t n) {
  for (auto& m : read_migrations(p.app_dir().string()))
    if (m.number == n) return m;
  FAIL("no migration " << n << " in " << p.app_dir());
  return {};
}

// What Aerich's `downgrade` did with migration `m`: its downgrade SQL, then its row deleted.
void aerich_downgrade(const cli_project& p, const migration& m) {
  run_script(p, m.down_sql);
  auto conn = p.connect();
  conn->execute(fmt::format("DELETE FROM aerich WHERE version = {}", conn->placeholder(1)), {value{m.file_name()}});
}

// The same with Aerich's own file `n` of `step`.
void aerich_downgrade(const cli_project& p, const fs::path& step, std::int64_t n) {
  aerich_downgrade(p, committed_file(step, n));
}

std::string cell(const value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, null_t>) return "NULL";
        else if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>) return format_double(x);
        else if constexpr (std::is_same_v<T, std::string>) return "'" + x + "'";
        else if constexpr (std::is_same_v<T, decimal>) return "decimal " + x.text;
        else if constexpr (std::is_same_v<T, datetime>) return format_datetime(x, true);
        else return "(other)";
      },
      v);
}

// A table's rows, each as one line, sorted: rows are compared as sets of values with their types.
std::vector<std::string> table_rows(connection& conn, const std::string& table) {
  auto cursor = conn.query("SELECT * FROM " + dialect_for(conn.kind()).quote(table));
  std::vector<std::string> out;
  for (const auto& row : fetch_all(*cursor)) {
    std::string line;
    for (const auto& v : row) line += cell(v) + " | ";
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string optional_text(const std::optional<std::string>& v) { return v ? "'" + *v + "'" : "none"; }

// The schema as compared, one line per column, index and foreign key: foreign key names left
// out, since Tortoise leaves them to the server on SQLite and PostgreSQL where testudo names them
// with Tortoise's formula (docs/models.md).
std::vector<std::string> comparable(const table_info& t) {
  std::vector<std::string> out{"comment " + optional_text(t.comment)};
  for (const auto& c : t.columns)
    out.push_back(fmt::format("column {} {} {} default {}{}{} comment {}", c.name, c.type, c.nullable ? "NULL" : "NOT NULL",
                              optional_text(c.default_value), c.primary_key ? " primary key" : "",
                              c.auto_increment ? " auto_increment" : "", optional_text(c.comment)));
  for (const auto& i : t.indexes)
    out.push_back(fmt::format("index {} ({}){}{}", i.name, fmt::join(i.columns, ", "), i.unique ? " unique" : "",
                              i.primary ? " primary" : ""));
  std::vector<std::string> fks;
  for (const auto& f : t.foreign_keys)
    fks.push_back(fmt::format("foreign key ({}) -> {} ({}) on delete {} on update {}", fmt::join(f.columns, ", "),
                              f.ref_table, fmt::join(f.ref_columns, ", "), f.on_delete, f.on_update));
  std::sort(fks.begin(), fks.end());
  out.insert(out.end(), fks.begin(), fks.end());
  return out;
}

// Aerich 0.8.2 loses the comment of a column added after the last CREATE TABLE of a PostgreSQL
// migration (roundtrip/README.md); testudo writes it, as Aerich >= 0.10 does.
void allow_comment_aerich_lost(table_info& mixed, const table_info& pure) {
  if (current_backend() != backend::postgres || mixed.name != "users") return;
  auto* score = pure.column("score");
  if (!score || score->comment) return;
  for (auto& c : mixed.columns)
    if (c.name == "score") {
      CHECK(c.comment == std::optional<std::string>("loyalty points"));
      c.comment.reset();
    }
}

nlohmann::json snapshot_of(const version_row& row) {
  auto doc = nlohmann::json::parse(row.content.dump());
  doc.erase("models.Aerich");  // its form differs between Aerich versions; never part of the models
  return doc;
}

void same_lines(const std::vector<std::string>& mixed, const std::vector<std::string>& pure, const char* what) {
  CHECK_MESSAGE(mixed == pure, std::string(what) << " differ\n--- mixed ---\n" << fmt::format("{}", fmt::join(mixed, "\n"))
                                    << "\n--- pure Aerich ---\n" << fmt::format("{}", fmt::join(pure, "\n")));
}

// After `step`: both databases hold the same tables, schema, rows and `aerich` history.
void same_state(const cli_project& mixed, const cli_project& pure, const std::string& step) {
  INFO("after step " << step);
  auto m = mixed.connect();
  auto p = pure.connect();
  auto tables = list_tables(*p);
  REQUIRE(list_tables(*m) == tables);
  for (const auto& t : tables) {
    if (t == "aerich") continue;  // testudo adds nullable columns of its own to it
    INFO("table " << t);
    auto pure_table = introspect_table(*p, t);
    auto mixed_table = introspect_table(*m, t);
    allow_comment_aerich_lost(mixed_table, pure_table);
    same_lines(comparable(mixed_table), comparable(pure_table), "schema");
    same_lines(table_rows(*m, t), table_rows(*p, t), "rows");
  }
  auto mixed_rows = mixed.rows();
  auto pure_rows = pure.rows();
  REQUIRE(mixed_rows.size() == pure_rows.size());
  for (std::size_t i = 0; i < pure_rows.size(); ++i) {
    CHECK(untimed(mixed_rows[i].version) == untimed(pure_rows[i].version));
    CHECK(snapshot_of(mixed_rows[i]) == snapshot_of(pure_rows[i]));
  }
}

cli_result testudo(const cli_project& p, std::vector<std::string> args) {
  auto r = p.run(std::move(args));
  REQUIRE_EXIT(r, 0);
  return r;
}

// The hand-back run of shop-fk (make.sh's HANDBACK_STEPS): testudo wrote every file; `run` "aerich"
// had real Aerich apply and revert them, "testudo" testudo.
fs::path handback_step(const std::string& run, const std::string& step) {
  return roundtrip() / std::string(backend_name(current_backend())) / "handback" / run / step;
}

// The file testudo writes today is the one real Aerich ran.
void same_file(const migration& written, const migration& committed) {
  INFO("testudo writes another file than the one Aerich ran: re-run migrations_fixtures/aerich/roundtrip/make.sh "
       "(RUNS=handback) and review");
  CHECK(untimed(written.file_name()) == untimed(committed.file_name()));
  CHECK(written.up_sql == committed.up_sql);
  CHECK(written.down_sql == committed.down_sql);
  CHECK(written.state == committed.state);
}

// The seed rows as a step of the hand-back run must hold them: categories.parent_id is dropped by
// v2 (applied at 07 and again at 10), and comes back empty when v2 is reverted (08, 09).
nlohmann::json expected_rows(nlohmann::json rows, const std::string& step) {
  const int number = std::stoi(step);
  const bool dropped = number == 7 || number >= 10, emptied = number == 8 || number == 9;
  for (auto& row : rows["categories"]) {
    if (dropped) row.erase("parent_id");
    if (emptied) row["parent_id"] = nullptr;
  }
  return rows;
}

nlohmann::json sorted_tables(nlohmann::json rows) {
  for (auto& [table, list] : rows.items())
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.dump() < b.dump(); });
  return rows;
}

// What the committed evidence says of each step: exit 0, every seed row kept, and Aerich's run
// left the schema and rows testudo's own run of the same files left.
void check_handback_evidence() {
  const auto seeded = nlohmann::json::parse(slurp(handback_step("aerich", "03_seed_rows") / "rows.json"));
  const auto steps = handback_step("aerich", "");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(steps))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() == 12);
  for (const auto& name : names) {
    INFO("hand-back step " << name);
    for (std::string run : {"aerich", "testudo"}) {
      INFO(run);
      CHECK(slurp(handback_step(run, name) / "exit_code.txt") == "0\n");
      if (std::stoi(name) >= 3)  // before: no rows yet
        CHECK(sorted_tables(nlohmann::json::parse(slurp(handback_step(run, name) / "rows.json"))) ==
              sorted_tables(expected_rows(seeded, name)));
    }
    CHECK(nlohmann::json::parse(slurp(handback_step("aerich", name) / "schema.json")) ==
          nlohmann::json::parse(slurp(handback_step("testudo", name) / "schema.json")));
  }
}

void check_seed_counts(const cli_project& p) {
  for (auto [table, rows] : {std::pair{"users", 2}, {"categories", 2}, {"tags", 2}, {"products", 3}, {"product_tags", 3},
                             {"orders", 1}, {"order_lines", 2}})
    CHECK_MESSAGE(p.count(table) == rows, table);
}

}  // namespace

// Issue #11 D9, handed back: real Aerich 0.8.2 ran the files testudo wrote for shop-fk (v1 changes
// an on_delete, v2 drops the self-reference categories.parent: on SQLite a rebuild of order_lines,
// then of categories, which products point at), reverted both, and ran both again in one upgrade.
// Replayed without Python: testudo still writes those files, each runs as Aerich runs it with
// every row kept and foreign keys left on, and the evidence says each Aerich step exited 0 with
// the rows and schema of testudo's own run.
TEST_CASE("#11 hand-back: Aerich applies, reverts and re-applies the files testudo wrote, every row kept") {
  compat::enable_aerich_format();
  check_handback_evidence();
  cli_project p("aerich_handback");
  REQUIRE(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}).exit_code == 0);
  fs::create_directories(p.app_dir());
  auto step = [](const std::string& name) { return handback_step("aerich", name); };
  aerich_upgrade(p, step("02_init_db"), 0);
  run_script(p, slurp(roundtrip() / "shop-fk" / "seed.sql"));

  for (auto [n, written, applied] : {std::tuple{1, "04_migrate_v1", "05_upgrade_v1"}, {2, "06_migrate_v2", "07_upgrade_v2"}}) {
    INFO("steps " << std::string(written) << ", " << std::string(applied));
    testudo(p, {"--models", (step(written) / "models.json").string(), "migrate", "--name", fmt::format("v{}", n)});
    same_file(project_file(p, n), committed_file(step(written), n));
    aerich_upgrade(p, project_file(p, n), step(applied));
    check_seed_counts(p);
  }
  CHECK_FALSE(p.has_column("categories", "parent_id"));
  CHECK(p.rows().size() == 3);

  aerich_downgrade(p, project_file(p, 2));
  CHECK(p.has_column("categories", "parent_id"));
  aerich_downgrade(p, project_file(p, 1));
  check_seed_counts(p);
  CHECK(p.rows().size() == 1);

  for (std::int64_t n : {1, 2}) aerich_upgrade(p, project_file(p, n), step("10_upgrade"));
  check_seed_counts(p);
  auto check = testudo(p, {"--models", (step("11_check") / "models.json").string(), "migrate", "--check"});
  CHECK_OUT(check, "No changes detected");
}

TEST_CASE("#11 round trip: Aerich init-db, testudo migrate+upgrade, Aerich migrate+upgrade, testudo downgrade x2, "
          "Aerich upgrade: the same schema, rows and history as Aerich alone") {
  compat::enable_aerich_format();
  auto models_case = current_backend() == backend::mysql ? "shop-plainnote" : "shop";
  auto seed = slurp(roundtrip() / models_case / "seed.sql");
  cli_project mixed("aerich_rt_mixed"), pure("aerich_rt_pure");
  for (const auto* p : {&mixed, &pure}) {
    REQUIRE(p->run({"init", "-t", shop_v0(), "--db-url", p->url()}).exit_code == 0);
    fs::create_directories(p->app_dir());
  }
  auto v1 = (step_dir("mixed", "04_migrate_v1") / "models.json").string();
  auto v2 = (step_dir("mixed", "09_check_v2") / "models.json").string();

  // 02 aerich init-db, 03 rows
  aerich_upgrade(mixed, step_dir("mixed", "02_init_db"), 0);
  aerich_upgrade(pure, step_dir("aerich", "02_init_db"), 0);
  run_script(mixed, seed);
  run_script(pure, seed);
  same_state(mixed, pure, "03_seed_rows");

  // 04, 05: testudo migrate + upgrade (pure: Aerich's)
  testudo(mixed, {"--models", v1, "migrate", "--name", "v1"});
  auto v1_file = file_numbered(mixed.migration_files(), 1);
  CHECK(v1_file.ends_with("_v1.py"));  // Aerich's format in an Aerich folder
  testudo(mixed, {"--models", v1, "upgrade"});
  aerich_upgrade(pure, step_dir("aerich", "05_upgrade_v1"), 1);
  same_state(mixed, pure, "05_upgrade_v1");

  // 07, 08: Aerich migrate + upgrade (its file of the mixed run, made on top of testudo's)
  aerich_upgrade(mixed, step_dir("mixed", "08_upgrade_v2"), 2);
  aerich_upgrade(pure, step_dir("aerich", "08_upgrade_v2"), 2);
  same_state(mixed, pure, "08_upgrade_v2");

  // 09: testudo sees no change after Aerich's migration
  auto check = testudo(mixed, {"--models", v2, "migrate", "--check"});
  CHECK_OUT(check, "No changes detected");

  // 10, 11: testudo downgrade twice (pure: Aerich's)
  testudo(mixed, {"--models", v2, "downgrade", "--yes"});
  aerich_downgrade(pure, step_dir("aerich", "08_upgrade_v2"), 2);
  same_state(mixed, pure, "10_downgrade");
  testudo(mixed, {"--models", v2, "downgrade", "--yes"});
  aerich_downgrade(pure, step_dir("aerich", "08_upgrade_v2"), 1);
  same_state(mixed, pure, "11_downgrade");
  CHECK(mixed.migration_files().size() == 3);  // files kept: Aerich's heads lists both

  // 14: handed back, Aerich upgrades both (testudo's file as Aerich reads it)
  aerich_upgrade(mixed, project_file(mixed, 1), step_dir("mixed", "14_upgrade"));
  aerich_upgrade(mixed, step_dir("mixed", "14_upgrade"), 2);
  aerich_upgrade(pure, step_dir("aerich", "14_upgrade"), 1);
  aerich_upgrade(pure, step_dir("aerich", "14_upgrade"), 2);
  same_state(mixed, pure, "14_upgrade");

  // Tables only Aerich's SQL made (Tortoise's column types) match their snapshots, except where
  // Aerich 0.8.2 itself departs from them: its CREATE TABLE for a new M2M lacks the unique index
  // Tortoise's generate_schemas gives the through table, and on PostgreSQL it drops users.score's
  // comment (see the fixtures' compare.txt). `drift` reports exactly those.
  auto drift = pure.run({"drift"});
  CHECK_EXIT(drift, 3);
  std::string expected =
      "user_favourites: index uidx_user_favour_users_i_359b81: missing (the models declare (users_id, product_id))\n";
  if (current_backend() == backend::postgres)
    expected += "users: column score: comment differs (models: loyalty points, database: none)\n";
  CHECK(drift.out == expected);
}

}  // namespace testudo::test
