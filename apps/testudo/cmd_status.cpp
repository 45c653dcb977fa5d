// `testudo heads` (migrations not applied yet) and `testudo history` (every migration, marked).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli_context.hpp"
#include "testudo/migrate/runner.hpp"

namespace testudo::cli {
namespace {

std::string describe(const migration_entry& e) {
  if (!e.row) return "pending";
  if (e.row->status != migration_status::applied)
    return fmt::format("{} after {} statement(s) — run `testudo resolve {} --applied|--rolled-back` once fixed",
                       status_name(e.row->status), e.row->statements_done, e.version);
  std::string out = "applied";
  if (e.row->applied_at)
    out += fmt::format(" {:%Y-%m-%d %H:%M:%S}", std::chrono::time_point_cast<std::chrono::seconds>(*e.row->applied_at));
  if (e.row->duration_ms) out += fmt::format(" ({} ms)", *e.row->duration_ms);
  if (!e.file) out += " — its file is missing";
  if (e.edited) out += " — EDITED since it was applied";
  return out;
}

void run_heads(global_options& opts, bool check) {
  output out(opts);
  auto p = resolve_project(opts);
  auto conn = p.open_database();
  migrator runner(*conn, p.app, p.app_dir());
  // Not applied yet, or applied only part way (failed or interrupted): both still need work.
  std::size_t heads = 0;
  out.doc()["heads"] = nlohmann::json::array();
  for (const auto& e : runner.history()) {
    if (!e.file || (e.row && e.row->status == migration_status::applied)) continue;
    out.doc()["heads"].push_back(e.version);
    out.line(e.row ? fmt::format("{}  {}", e.version, describe(e)) : e.version);
    ++heads;
  }
  if (heads == 0) out.line("No available heads.");
  if (check && heads > 0) opts.exit = differs;
}

void run_history(global_options& opts) {
  output out(opts);
  auto p = resolve_project(opts);
  auto conn = p.open_database();
  migrator runner(*conn, p.app, p.app_dir());
  auto entries = runner.history();
  out.doc()["history"] = nlohmann::json::array();
  for (const auto& e : entries) {
    out.doc()["history"].push_back({{"version", e.version}, {"status", describe(e)}, {"applied", e.row.has_value()},
                                    {"edited", e.edited}});
    out.line(fmt::format("{}  {}", e.version, describe(e)));
  }
  if (entries.empty()) out.line("No migrations created yet.");
}

}  // namespace

void register_status(CLI::App& app, global_options& opts) {
  auto check = std::make_shared<bool>(false);
  auto* heads = app.add_subcommand("heads", "List the migrations not applied yet");
  heads->add_flag("--check", *check, "Exit 3 when there are any (a CI gate)");
  heads->callback([&opts, check] { run_heads(opts, *check); });
  auto* history = app.add_subcommand("history", "List every migration, marked applied or pending");
  history->callback([&opts] { run_history(opts); });
}

}  // namespace testudo::cli
