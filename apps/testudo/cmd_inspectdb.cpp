// `testudo inspectdb`: model declarations for the tables of an existing database.
#include <fmt/format.h>

#include "cli_context.hpp"
#include "testudo/inspect/inspectdb.hpp"

namespace testudo::cli {
namespace {

struct inspectdb_options {
  std::vector<std::string> tables;
  std::string format = "cpp";
};

void run_inspectdb(global_options& opts, const inspectdb_options& options) {
  output out(opts);
  auto p = resolve_project(opts);
  auto conn = p.open_database();
  auto in = inspect_database(*conn, options.tables, p.app);
  // The notes are in the source as comments; for JSON, which has no comments, they go to stderr.
  if (options.format == "json") {
    for (const auto& note : in.notes) out.note(note);
    for (const auto& m : in.models)
      for (const auto& note : m.notes) out.note(fmt::format("{} ({}): {}", m.meta.name, m.meta.table, note));
  }
  auto text = options.format == "json"     ? describe_inspection(in).dump(2) + "\n"
              : options.format == "tortoise" ? render_tortoise(in)
                                             : render_cpp(in);
  fmt::print("{}", text);
}

}  // namespace

void register_inspectdb(CLI::App& app, global_options& opts) {
  auto options = std::make_shared<inspectdb_options>();
  auto* cmd = app.add_subcommand(
      "inspectdb", "Print model declarations (C++, Tortoise or describe JSON) for the tables of an existing database");
  cmd->add_option("-t,--table", options->tables, "Only this table (repeat for more); default: every table")
      ->allow_extra_args(false);
  cmd->add_option("--format", options->format, "cpp (TESTUDO_MODEL declarations), tortoise (Python) or json (describe)")
      ->check(CLI::IsMember({"cpp", "tortoise", "json"}))
      ->capture_default_str();
  cmd->callback([&opts, options] { run_inspectdb(opts, *options); });
}

}  // namespace testudo::cli
