// `testudo drift`: where the live database differs from what its applied migrations declare.
#include <fmt/format.h>

#include "cli_context.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/drift.hpp"
#include "testudo/migrate/version_table.hpp"

namespace testudo::cli {
namespace {

// Each app's snapshot after its newest applied migration; a migration left part way is said, since
// the database then differs from both sides of it.
std::vector<snapshot_json> applied_snapshots(version_table& table, output& out) {
  std::vector<snapshot_json> snapshots;
  for (const auto& app : table.apps()) {
    const version_row* newest = nullptr;
    auto rows = table.rows(app);
    for (const auto& r : rows) {
      // A hand-written file applied without models records none: the schema is the last declared one.
      if (r.status == migration_status::applied && !without_aerich_model(r.content).empty()) newest = &r;
      else
        out.note(fmt::format("app '{}': {} is {} after {} statement(s); differences may come from it (see `testudo history`)",
                             app, r.version, status_name(r.status), r.statements_done));
    }
    if (newest) snapshots.push_back(newest->content);
  }
  return snapshots;
}

void run_drift(global_options& opts) {
  output out(opts);
  auto p = resolve_project(opts);
  auto conn = p.open_database();
  if (report_drift(*conn, out)) opts.exit = differs;
}

}  // namespace

bool report_drift(connection& conn, output& out) {
  version_table table(conn, dialect_for(conn.kind()));
  if (!table.exists())
    throw configuration_error(fmt::format(
        "the database has no version table ({}): no migration was applied, so there is nothing to compare it with; "
        "run `testudo init-db` (new database) or `testudo upgrade` first", version_table_name));
  auto differences = find_drift(conn, applied_snapshots(table, out));
  out.doc()["drift"] = nlohmann::json::array();
  for (const auto& d : differences) {
    out.doc()["drift"].push_back(
        {{"table", d.table}, {"object", d.object}, {"problem", d.problem}, {"expected", d.expected}, {"actual", d.actual}});
    out.line(d.message());
  }
  if (differences.empty()) {
    out.line("No drift: the database matches its applied migrations.");
    return false;
  }
  out.note(fmt::format("{} difference(s) between the database and its applied migrations", differences.size()));
  return true;
}

void register_drift(CLI::App& app, global_options& opts) {
  auto* drift = app.add_subcommand(
      "drift", "Compare the live database with the schema its applied migrations declare (exit 3 on drift)");
  drift->callback([&opts] { run_drift(opts); });
}

}  // namespace testudo::cli
