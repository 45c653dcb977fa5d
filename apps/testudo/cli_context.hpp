// The CLI's global options and the helpers every command shares (database URL, exit codes).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace testudo::cli {

// Exit codes of the CLI contract (docs/cli.md).
enum exit_code : int { ok = 0, error = 1, usage = 2, differs = 3 };

struct global_options {
  std::string config;
  std::string app = "models";
  std::string db_url;
  std::string models;
  std::string location;
  bool json = false;
  int verbosity = 0;  // -v raises, -q lowers
};

void add_global_options(CLI::App& app, global_options& opts);
// Flag > TESTUDO_DB_URL > DATABASE_URL; throws configuration_error when none is set.
std::string resolve_db_url(const global_options& opts);

void register_ping(CLI::App& app, global_options& opts);
void register_schema(CLI::App& app, global_options& opts);

}  // namespace testudo::cli
