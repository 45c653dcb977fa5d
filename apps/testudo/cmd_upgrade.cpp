// `testudo upgrade`, `testudo downgrade` and `testudo resolve`: apply, revert, and settle a
// migration that failed half way.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <fmt/format.h>

#include "cli_context.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/runner.hpp"
#include "testudo/model/loader.hpp"

namespace testudo::cli {
namespace {

struct run_flags {
  bool fake = false;
  std::string in_transaction;  // "", "true", "false"
  bool dry_run = false;
  bool force = false;
  int lock_timeout = 60;
  std::optional<std::int64_t> version;  // upgrade --to / downgrade -v
  bool delete_files = false;
  bool yes = false;
  std::string resolve_version;
  bool applied = false, rolled_back = false;
};

run_options options_from(const run_flags& f, const global_options& opts) {
  run_options o;
  o.fake = f.fake;
  if (!f.in_transaction.empty()) o.in_transaction = f.in_transaction == "true";
  o.force = f.force;
  o.lock_timeout = std::chrono::seconds(f.lock_timeout);
  if (opts.verbosity > 0 && !opts.json)
    o.progress = [](const progress_event& e) {
      if (e.what == progress_event::kind::statement)
        fmt::print(stderr, "  [{}/{}] {} ({} ms)\n", e.statement, e.statements, e.sql.substr(0, e.sql.find('\n')),
                   e.elapsed.count());
      else if (e.what == progress_event::kind::skipped)
        fmt::print(stderr, "  {} was applied meanwhile by another process\n", e.version);
    };
  return o;
}

void print_preview(output& out, const std::vector<std::pair<std::string, std::vector<std::string>>>& plan) {
  for (const auto& [version, statements] : plan) {
    out.doc()["preview"][version] = statements;
    if (out.json()) continue;
    fmt::print("-- {}\n", version);
    for (const auto& s : statements) fmt::print("{};\n", s);
  }
}

struct session {
  project p;
  std::unique_ptr<connection> conn;
  std::unique_ptr<migrator> runner;
  session(const global_options& opts, bool create)
      : p(resolve_project(opts)), conn(p.open_database(create)),
        runner(std::make_unique<migrator>(*conn, p.app, p.app_dir())) {}
};

// Aerich 0.7 files carry no snapshot: record the models as they are now, as Aerich does (the
// runner refuses such files when no models are configured).
void add_models_now(output& out, const session& s, run_options& options) {
  auto pending = s.runner->pending();
  auto stateless = std::find_if(pending.begin(), pending.end(), [](const listed_migration* m) { return !m->has_state; });
  if (stateless == pending.end() || s.p.models.empty()) return;
  options.models_now = load_models(s.p.models, s.p.app);
  out.note(fmt::format("{} carries no models snapshot: recording the models of {} as its snapshot, as Aerich does "
                       "(run `testudo migrate --check` afterwards to confirm they match the database)",
                       (*stateless)->file_name(), s.p.models));
}

void run_upgrade(global_options& opts, const run_flags& f) {
  output out(opts);
  session s(opts, !f.dry_run);
  if (f.dry_run) return print_preview(out, s.runner->preview_upgrade(f.version));
  auto options = options_from(f, opts);
  add_models_now(out, s, options);
  auto applied = s.runner->upgrade(options, f.version);
  out.doc()["applied"] = applied;
  if (applied.empty()) out.line("No upgrade items found");
  for (const auto& v : applied) out.line(f.fake ? fmt::format("Upgrading to {}... FAKED", v) : fmt::format("Success upgrading to {}", v));
}

void run_downgrade(global_options& opts, const run_flags& f) {
  output out(opts);
  if (f.version && *f.version <= 0)
    throw configuration_error("downgrade -v 0 would revert migration 0 and drop every table of the app; refused. "
                              "Use -v 1 to go back to the initial schema");
  session s(opts, false);
  auto plan = s.runner->preview_downgrade(f.version);
  if (plan.empty()) {
    if (f.version) throw configuration_error(fmt::format("No specified version found: no applied migration numbered >= {}", *f.version));
    out.line("No downgrade items found");
    return;
  }
  // Plain `downgrade` with only migration 0 left would drop every table, which -v 0 refuses too.
  for (const auto& [version, statements] : plan)
    if (auto m = parse_file_name(version); m && m->number == 0)
      throw configuration_error(fmt::format("downgrade would revert {} (migration 0) and drop every table of the app; "
                                            "refused. Nothing newer is applied: there is nothing to downgrade", version));
  if (f.dry_run) return print_preview(out, plan);
  if (!f.yes && !f.fake) {
    if (!interactive())
      throw configuration_error("downgrade may drop data and there is no terminal to ask: pass --yes to confirm");
    if (!confirm("Downgrade is dangerous: you might lose your data! Are you sure?")) {
      out.line("Aborted");
      opts.exit = error;
      return;
    }
  }
  auto reverted = s.runner->downgrade(options_from(f, opts), f.version);
  out.doc()["reverted"] = reverted;
  for (const auto& v : reverted) {
    out.line(fmt::format("Success downgrading to {}", v));
    if (f.delete_files) std::filesystem::remove(s.p.app_dir() + "/" + v);
  }
}

void run_resolve(global_options& opts, const run_flags& f) {
  output out(opts);
  if (f.applied == f.rolled_back) throw configuration_error("resolve needs exactly one of --applied or --rolled-back");
  session s(opts, false);
  s.runner->resolve(f.resolve_version, f.applied, std::chrono::seconds(f.lock_timeout));
  out.line(fmt::format("Marked {} as {}", f.resolve_version, f.applied ? "applied" : "rolled back"));
}

void add_lock_timeout(CLI::App* cmd, run_flags& f) {
  cmd->add_option("--lock-timeout", f.lock_timeout,
                  "Seconds to wait for a lock (another run's, or one another session holds on a table)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
}

void add_run_flags(CLI::App* cmd, run_flags& f) {
  cmd->add_flag("--fake", f.fake, "Record the change in the version table without running its SQL");
  cmd->add_option("-i,--in-transaction", f.in_transaction, "Override each file's run-in-transaction (true|false)")
      ->check(CLI::IsMember({"true", "false"}));
  cmd->add_flag("--dry-run,--sql", f.dry_run, "Print the SQL that would run; change nothing");
  cmd->add_flag("--force", f.force, "Run although an applied migration file was edited since");
  add_lock_timeout(cmd, f);
}

}  // namespace

void register_upgrade(CLI::App& app, global_options& opts) {
  auto f = std::make_shared<run_flags>();
  // Checked as text: CLI11 reads a number too large for int64 as a valid one.
  const CLI::Validator migration_number(
      [](std::string& text) -> std::string {
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc{} && end == text.data() + text.size() && n >= 0) return {};
        return fmt::format("Value {} is not a migration number (0 to {})", text, std::numeric_limits<std::int64_t>::max());
      },
      "NUMBER");
  auto* up = app.add_subcommand("upgrade", "Apply the migrations not applied yet, each in its own transaction");
  add_run_flags(up, *f);
  up->add_option("--to", f->version, "Stop after the migration with this number")->check(migration_number);
  up->callback([&opts, f] { run_upgrade(opts, *f); });

  auto* down = app.add_subcommand("downgrade", "Revert applied migrations (by default the newest one)");
  add_run_flags(down, *f);
  down->add_option("-v,--version", f->version, "Revert every applied migration numbered >= N (N > 0)")
      ->check(migration_number);
  down->add_flag("-d,--delete", f->delete_files, "Delete the reverted migration files too");
  down->add_flag("-y,--yes", f->yes, "Do not ask for confirmation");
  down->callback([&opts, f] { run_downgrade(opts, *f); });

  auto* resolve = app.add_subcommand("resolve", "After fixing a failed migration by hand, record how it ended");
  resolve->add_option("VERSION", f->resolve_version, "The migration's file name")->required();
  resolve->add_flag("--applied", f->applied, "It is now fully applied");
  resolve->add_flag("--rolled-back", f->rolled_back, "It is now fully undone");
  add_lock_timeout(resolve, *f);
  resolve->callback([&opts, f] { run_resolve(opts, *f); });
}

}  // namespace testudo::cli
