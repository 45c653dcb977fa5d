// `testudo schema`: print the CREATE DDL (or the describe JSON) of the models, without a database.
#include <fmt/format.h>

#include "cli_context.hpp"
#include "testudo/errors.hpp"
#include "testudo/model/loader.hpp"
#include "testudo/schema/ddl.hpp"

namespace testudo::cli {
namespace {

struct schema_options {
  std::string dialect;
  bool describe = false;
  bool if_not_exists = false;
};

}  // namespace

void register_schema(CLI::App& app, global_options& opts) {
  auto options = std::make_shared<schema_options>();
  auto* cmd = app.add_subcommand("schema", "Print the CREATE statements (or --describe JSON) of the models");
  cmd->add_option("--dialect", options->dialect, "sqlite, postgres or mysql (default: the --db-url's, else sqlite)")
      ->check(CLI::IsMember({"sqlite", "postgres", "mysql"}));
  cmd->add_flag("--describe", options->describe, "Print the models' describe JSON (Tortoise's snapshot format)");
  cmd->add_flag("--if-not-exists", options->if_not_exists, "Write CREATE TABLE/INDEX IF NOT EXISTS");
  cmd->callback([&opts, options] {
    auto p = resolve_project(opts);
    auto snapshot = load_models(p.require_models(), p.app);
    if (options->describe) {
      fmt::print("{}\n", snapshot.dump(2));
      return;
    }
    const auto& d = dialect_for(pick_backend(p, options->dialect, backend::sqlite));  // SQLite: the embedded default
    fmt::print("{}", to_script(create_schema(snapshot, d, options->if_not_exists)));
  });
}

}  // namespace testudo::cli
