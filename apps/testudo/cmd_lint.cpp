// `testudo lint`: destructive or risky changes in pending (or given) migrations, for CI.
#include <fmt/format.h>

#include <filesystem>

#include "cli_context.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/lint.hpp"
#include "testudo/migrate/migration_file.hpp"
#include "testudo/migrate/runner.hpp"

namespace testudo::cli {
namespace {

struct lint_flags {
  std::vector<std::string> files;
  bool strict = false;
  std::int64_t big_table_rows = 100000;
  std::string dialect;
};

// A migration to lint with the models before it (the previous file's state, or what the database
// has applied for the first pending one).
struct lint_target {
  listed_migration file;
  std::optional<snapshot_json> before;
};

std::vector<lint_target> pending_targets(migrator& runner) {
  std::vector<lint_target> out;
  auto applied = runner.applied_state();
  auto before = applied.empty() ? std::nullopt : std::optional<snapshot_json>(std::move(applied));
  for (const auto* m : runner.pending()) {
    out.push_back({*m, before});
    if (auto state = load_migration(*m, {.state = true}).state) before = std::move(state);  // a file without one changes nothing
  }
  return out;
}

// The newest state recorded by a file before `it` (files without one, Aerich 0.7's, are skipped).
std::optional<snapshot_json> state_before(const std::vector<listed_migration>& all,
                                          std::vector<listed_migration>::const_iterator it) {
  while (it != all.begin())
    if (auto state = load_migration(*--it, {.state = true}).state) return state;
  return std::nullopt;
}

std::vector<lint_target> named_targets(const std::string& app_dir, const std::vector<std::string>& files) {
  auto all = list_migrations(app_dir);
  std::vector<lint_target> out;
  for (const auto& wanted : files) {
    auto name = std::filesystem::path(wanted).filename().string();
    auto it = std::ranges::find_if(all, [&](const listed_migration& m) { return m.file_name() == name; });
    if (it == all.end())
      throw configuration_error(fmt::format("{} is not a migration file in the app's folder {}: give one of its files, "
                                            "or choose the app with --app", wanted, app_dir));
    out.push_back({*it, state_before(all, it)});
  }
  return out;
}

void run_lint(global_options& opts, const lint_flags& f) {
  output out(opts);
  auto p = resolve_project(opts);
  bool pending = f.files.empty();
  // Pending migrations are those the database has not applied; named files are checked against it
  // when a URL is configured, else offline in the --dialect's (or URL's) SQL.
  std::unique_ptr<connection> live;
  if (pending || !p.url.url.empty()) live = p.open_database();
  auto kind = live ? live->kind() : pick_backend(p, f.dialect, std::nullopt);
  std::vector<lint_target> list;
  if (pending) {
    migrator runner(*live, p.app, p.app_dir());
    list = pending_targets(runner);
  } else {
    list = named_targets(p.app_dir(), f.files);
  }
  std::size_t errors = 0, warnings = 0;
  out.doc()["findings"] = nlohmann::json::array();
  for (const auto& t : list) {
    auto m = load_migration(t.file, {.up = true, .state = true});
    auto findings = lint_migration({.up_sql = m.up_sql, .kind = kind, .before = t.before, .after = m.state,
                                    .live = live.get(), .big_table_rows = f.big_table_rows});
    for (const auto& x : findings) {
      (x.severity == lint_severity::error ? errors : warnings)++;
      auto rule = std::ranges::find(lint_rules(), x.code, &lint_rule::code);
      out.doc()["findings"].push_back({{"file", t.file.file_name()}, {"statement", x.statement}, {"code", x.code},
                                       {"rule", rule->name}, {"severity", severity_name(x.severity)},
                                       {"reason", x.reason}, {"sql", x.sql}});
      out.line(fmt::format("{}{}: {} {} {}: {}", t.file.file_name(), x.statement ? fmt::format(":{}", x.statement) : "",
                           severity_name(x.severity), x.code, rule->name, x.reason));
      if (!x.sql.empty()) out.line("    " + x.sql);
    }
  }
  if (errors + warnings == 0) {
    out.line(fmt::format("No problems found in {} migration(s).", list.size()));
    return;
  }
  out.note(fmt::format("{} error(s), {} warning(s) in {} migration(s); silence one with a `-- testudo:lint-ignore CODE` "
                       "comment before its statement", errors, warnings, list.size()));
  if (errors > 0 || (f.strict && warnings > 0)) opts.exit = differs;
}

}  // namespace

void register_lint(CLI::App& app, global_options& opts) {
  auto f = std::make_shared<lint_flags>();
  auto* lint = app.add_subcommand("lint", "Flag destructive or risky changes in pending (or given) migrations (exit 3 on an error)");
  lint->add_option("files", f->files, "Migration files of the app to lint (default: the pending ones; needs the database)");
  lint->add_flag("--strict", f->strict, "Exit 3 on warnings too");
  lint->add_option("--dialect", f->dialect, "SQL dialect of named files when no database URL is configured");
  lint->add_option("--big-table", f->big_table_rows, "Rows from which a rewrite or a blocking index build is flagged")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  lint->callback([&opts, f] { run_lint(opts, *f); });
}

}  // namespace testudo::cli
