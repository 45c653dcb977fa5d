// `testudo migrate`: diff the models against the last migration's snapshot and write the next
// migration file (or report that nothing changed; --check makes that the CI gate).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <map>
#include <memory>

#include "cli_context.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/diff.hpp"
#include "testudo/migrate/runner.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::cli {
namespace {

// A type as a database declares it ("VARCHAR(40)", "DECIMAL(10,2)"): it goes into DDL verbatim,
// so anything beyond words, numbers and their parentheses is not taken.
bool plain_type(std::string_view type) {
  return !type.empty() && type.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ (),") == std::string_view::npos;
}

// The live database's declared column types, read once per table: a rebuild keeps them.
std::function<std::optional<std::string>(const std::string&, const std::string&)> live_types(connection& conn) {
  auto tables = std::make_shared<std::map<std::string, std::optional<table_info>>>();
  return [&conn, tables](const std::string& table, const std::string& column) -> std::optional<std::string> {
    auto [it, fresh] = tables->try_emplace(table);
    if (fresh) {
      try {
        it->second = introspect_table(conn, table);
      } catch (const operational_error&) {  // not there (yet): the models' type it is
      }
    }
    const auto* c = it->second ? it->second->column(column) : nullptr;
    if (c == nullptr || !plain_type(c->type)) return std::nullopt;
    return c->type;
  };
}

struct migrate_options {
  std::string name = "update";
  bool empty = false;
  bool no_input = false;
  bool offline = false;
  bool check = false;
  bool drift = false;
  std::string dialect;
};

std::string sanitized(std::string name) {
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  if (name.empty() || name.size() > 200)
    throw configuration_error("--name must have 1 to 200 characters (letters, digits; others become _)");
  return name;
}

// The snapshot the new migration builds on: the database's last applied one, or the newest
// file's with --offline.
snapshot_json base_state(const project& p, const migrate_options& o, std::vector<listed_migration>& files,
                         std::unique_ptr<connection>& conn) {
  if (o.offline) {
    files = list_migrations(p.app_dir());
    if (files.empty()) return snapshot_json::object();
    if (!files.back().has_state)
      throw configuration_error(fmt::format("{}/{} stores no models snapshot, so --offline cannot diff against it: run "
                                            "without --offline", p.app_dir(), files.back().file_name()));
    return without_aerich_model(std::move(*load_migration(files.back(), {.state = true}).state));
  }
  conn = p.open_database();
  migrator runner(*conn, p.app, p.app_dir());
  files = runner.files();
  if (auto pending = runner.pending(); !pending.empty())
    throw configuration_error(fmt::format("{} is not applied yet: run `testudo upgrade` first (or pass --offline to "
                                          "build on the migration files)", pending.front()->file_name()));
  return runner.applied_state();
}

void run_migrate(global_options& opts, const migrate_options& o) {
  output out(opts);
  auto p = resolve_project(opts);
  auto models = load_models(p.require_models(), p.app);
  std::vector<listed_migration> files;
  std::unique_ptr<connection> conn;
  auto base = base_state(p, o, files, conn);
  if (files.empty())
    throw configuration_error(fmt::format("no migrations in {}: run `testudo init-db` first", p.app_dir()));
  bool changed = !same_schema(base, models);
  out.doc()["changed"] = changed;
  if (o.check) {
    out.line(changed ? fmt::format("Models of app '{}' differ from the last migration: run `testudo migrate`", p.app)
                     : "No changes detected");
    bool drifted = o.drift && report_drift(*conn, out);
    opts.exit = changed || drifted ? differs : ok;
    return;
  }
  if (!changed && !o.empty) {
    out.line("No changes detected");
    return;
  }
  // An Aerich project stays Aerich-readable: its next file in Aerich's format, with Tortoise's types.
  const auto* format = files.back().format;
  const auto& d = dialect_for(pick_backend(p, o.dialect, std::nullopt), format ? format->ddl_types() : column_types::testudo);
  diff_options diff;
  if (conn && conn->kind() == d.kind()) diff.live_type = live_types(*conn);
  if (!o.no_input && interactive())
    diff.confirm_rename = [](const std::string& table, const std::string& from, const std::string& to) {
      return confirm(fmt::format("Rename column {}.{} to {}? (no: drop {} and add {})", table, from, to, from, to));
    };
  auto plan = o.empty ? migration_plan{} : diff_snapshots(base, models, d, diff);
  for (const auto& note : plan.notes) out.note(note);
  migration m;
  m.number = files.back().number + 1;
  m.timestamp = fmt::format("{:%Y%m%d%H%M%S}", fmt::gmtime(std::time(nullptr)));
  m.name = sanitized(o.name);
  m.up_sql = sql_script(plan.up_statements());
  m.down_sql = sql_script(plan.down_statements());
  m.state = std::move(models);
  m.format = format;
  m.parent = files.back().file_name();
  m.parent_checksum = files.back().checksum;
  write_migration(p.app_dir(), m);
  out.doc()["file"] = m.file_name();
  out.line(fmt::format("Success creating migration file {}", m.file_name()));
}

}  // namespace

void register_migrate(CLI::App& app, global_options& opts) {
  auto o = std::make_shared<migrate_options>();
  auto* cmd = app.add_subcommand("migrate", "Write the next migration from the models' changes");
  cmd->add_option("--name", o->name, "Name in the file name")->capture_default_str();
  cmd->add_flag("--empty", o->empty, "Write a migration with no SQL (for data migrations you fill in)");
  cmd->add_flag("--no-input", o->no_input, "Never ask; without a rename hint a column is dropped and added");
  auto* check = cmd->add_flag("--check", o->check, "Write nothing; exit 3 when the models differ from the last migration");
  auto* offline = cmd->add_flag("--offline", o->offline, "Diff against the newest file's snapshot; no database needed");
  cmd->add_flag("--drift", o->drift, "With --check: also compare the live database with its applied migrations (testudo drift)")
      ->needs(check)
      ->excludes(offline);
  cmd->add_option("--dialect", o->dialect, "With --offline and no database URL: sqlite, postgres or mysql")
      ->check(CLI::IsMember({"sqlite", "postgres", "mysql"}));
  cmd->callback([&opts, o] { run_migrate(opts, *o); });
}

}  // namespace testudo::cli
