// `testudo init` (write the config and the migrations folder) and `testudo init-db` (create the
// app's tables and the version table, recorded as migration 0).
#include <filesystem>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli_context.hpp"
#include "testudo/compat/aerich.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/runner.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"

namespace testudo::cli {
namespace {

namespace fs = std::filesystem;

struct init_options {
  std::string models;
};

void run_init(global_options& opts, const init_options& init) {
  output out(opts);
  auto config = load_config(opts.config);
  auto file = !opts.config.empty() ? opts.config : !config.file.empty() ? config.file : std::string("testudo.toml");
  auto label = opts.app.empty() ? std::string("models") : opts.app;
  if (config.apps.contains(label) && !config.apps.at(label).models.empty()) {
    out.line(fmt::format("testudo config {} already inited.", file));
  } else {
    auto models = !init.models.empty() ? init.models : opts.models;
    if (models.empty()) throw configuration_error("init needs the models: pass -t/--models PATH (a models library or describe JSON)");
    config.apps[label] = app_config{label, models, "default"};
    if (auto url = resolve_db_url(opts); !url.url.empty()) {
      url.parse();  // a typo fails now, not at the first migration
      config.connections["default"] = url.url;
    } else if (!config.connections.contains("default")) {
      config.connections["default"] = "sqlite://db.sqlite3";
    }
    if (!opts.location.empty()) config.location = opts.location;
    save_config(config, file);
    out.line(fmt::format("Success writing testudo config to {}", file));
  }
  fs::create_directories(config.location);
  out.line(fmt::format("Success creating migrations folder {}", config.location));
  out.doc()["config"] = file;
  out.doc()["location"] = config.location;
}

// Migration 0: the whole schema up, every table dropped down.
migration initial_migration(const snapshot_json& models, const dialect& d) {
  migration m;
  m.number = 0;
  m.name = "init";
  m.timestamp = fmt::format("{:%Y%m%d%H%M%S}", fmt::gmtime(std::time(nullptr)));
  m.up_sql = sql_script(create_schema(models, d, true));
  auto tables = tables_from_snapshot(models);
  std::vector<std::string> drops;
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) drops.push_back(d.drop_table(it->name));
  m.down_sql = sql_script(drops);
  m.state = models;
  return m;
}

bool recorded(connection& conn, const project& p, const std::string& version) {
  auto history = migrator(conn, p.app, p.app_dir()).history();
  return std::any_of(history.begin(), history.end(), [&](const migration_entry& e) { return e.row && e.version == version; });
}

void run_init_db(global_options& opts) {
  output out(opts);
  auto p = resolve_project(opts);
  auto models = load_models(p.require_models(), p.app);
  auto url = p.require_url().parse();
  auto conn = p.url.connect(url);
  migrator runner(*conn, p.app, p.app_dir());
  auto history = runner.history();
  if (std::any_of(history.begin(), history.end(), [](const migration_entry& e) { return e.row.has_value(); }))
    throw configuration_error(fmt::format("App '{}' is already initialized. Delete {} and try again "
                                          "(or use `testudo upgrade` to apply new migrations).", p.app, p.app_dir()));
  std::optional<fs::path> written;
  bool new_folder = !fs::exists(p.app_dir());
  if (runner.files().empty()) {
    // A project Aerich manages keeps Aerich's files, so that it can be handed back.
    const auto& format = p.config.aerich_section ? compat::aerich_format() : native_format();
    auto initial = initial_migration(models, dialect_for(url.kind, format.ddl_types()));
    initial.format = &format;
    write_migration(p.app_dir(), initial);
    written = fs::path(p.app_dir()) / initial.file_name();
  } else {
    out.note(fmt::format("{} already holds migrations: applying them to the new database", p.app_dir()));
  }
  std::vector<std::string> applied;
  try {
    migrator fresh(*conn, p.app, p.app_dir());  // re-read: migration 0 may be new
    applied = fresh.upgrade({});
  } catch (...) {
    // A migration 0 the database refused would be taken for the project's history next time;
    // one journaled as failed half way (MySQL) stays: recovering needs it.
    if (written && !recorded(*conn, p, written->filename().string())) {
      fs::remove(*written);
      if (new_folder) fs::remove(p.app_dir());
    }
    throw;
  }
  if (written) {
    if (new_folder) out.line(fmt::format("Success creating app migration folder {}", p.app_dir()));
    out.line(fmt::format("Success generating initial migration file for app \"{}\"", p.app));
  }
  out.doc()["applied"] = applied;
  out.line(fmt::format("Success writing schemas to database \"{}\"", url.database));
}

}  // namespace

void register_init(CLI::App& app, global_options& opts) {
  auto init = std::make_shared<init_options>();
  auto* cmd = app.add_subcommand("init", "Write the config (testudo.toml) and create the migrations folder");
  cmd->add_option("-t,--models", init->models, "Models shared library or describe JSON file");
  cmd->callback([&opts, init] { run_init(opts, *init); });

  auto* db = app.add_subcommand("init-db", "Create the app's tables and the version table, recorded as migration 0");
  db->callback([&opts] { run_init_db(opts); });
}

}  // namespace testudo::cli
