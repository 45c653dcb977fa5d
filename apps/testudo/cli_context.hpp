// The CLI's global options, project resolution (flags > environment > config file > defaults),
// output helpers and the registration of every command.
#pragma once

#include <CLI/CLI.hpp>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "testudo/db/connection.hpp"
#include "testudo/migrate/config.hpp"

namespace testudo::cli {

// Exit codes of the CLI contract (docs/cli.md).
enum exit_code : int { ok = 0, error = 1, usage = 2, differs = 3 };

struct global_options {
  std::string config;
  std::string app;  // empty: the config's only app, else "models"
  std::string db_url;
  std::string models;
  std::string location;
  bool json = false;
  int verbosity = 0;  // -v raises, -q lowers
  int exit = ok;      // what main returns once the command ran
};

// A database URL and where it was set, so that every error showing it says where to fix it (a
// DATABASE_URL left over from another project is otherwise hard to spot).
struct url_choice {
  std::string url;     // "" when none is configured
  std::string source;  // "--db-url", "TESTUDO_DB_URL", "DATABASE_URL", "connection 'default' in testudo.toml"
  // Both add "(the URL comes from <source>)" to a configuration or connection error.
  db_url parse() const;
  std::unique_ptr<connection> connect(const db_url& url) const;
};

// Everything a command needs to know about the project, resolved once.
struct project {
  project_config config;
  std::string app;
  std::string models;    // models library or describe JSON
  url_choice url;        // database URL
  std::string location;  // migrations root

  std::string app_dir() const;  // <location>/<app> (or location with {app} filled in)
  // Throws configuration_error naming the flag, variable or config key that would set it.
  const std::string& require_models() const;
  const url_choice& require_url() const;
  // Connects to the database; `create` false: an absent SQLite file is an error, never created
  // (every command but init-db and upgrade only reads or changes what exists).
  std::unique_ptr<connection> open_database(bool create = false) const;
};

project resolve_project(const global_options& opts);

// The SQL dialect to write: --dialect when given, else the database URL's (no connection is
// made), else `fallback`; configuration_error when there is none.
backend pick_backend(const project& p, const std::string& dialect_flag, std::optional<backend> fallback);

// Human lines on stdout, or one JSON document with --json. When the command fails (throws), the
// document is not printed: report_error() prints it with the error added.
class output {
 public:
  explicit output(const global_options& opts)
      : json_(opts.json), quiet_(opts.verbosity < 0), exceptions_(std::uncaught_exceptions()) {}
  ~output();
  void line(const std::string& text);            // a result line ("Success upgrading to …")
  void note(const std::string& text);            // a remark on stderr (human mode) / "notes" (json)
  nlohmann::json& doc() { return doc_; }
  bool json() const noexcept { return json_; }

 private:
  bool json_, quiet_;
  int exceptions_;
  nlohmann::json doc_ = nlohmann::json::object();
};

// For main(): "error: <what>" on stderr (and with --json one document with "error" on stdout);
// returns the exit code.
int report_error(const global_options& opts, const char* what);
// For main(): CLI11's usage message (naming an unknown command); returns the exit code.
int report_usage(CLI::App& app, const CLI::ParseError& e);

// Statements as a migration file section: "stmt;" lines, no trailing blank line.
std::string sql_script(const std::vector<std::string>& statements);

// Whether a person can answer a question (stdin and stdout are terminals).
bool interactive();
// Asks a yes/no question on the terminal; false for anything but y/yes.
bool confirm(const std::string& question);

void add_global_options(CLI::App& app, global_options& opts);
// `testudo drift`'s report on `out` (one line per difference); whether there is drift.
bool report_drift(connection& conn, output& out);
url_choice resolve_db_url(const global_options& opts);

void register_ping(CLI::App& app, global_options& opts);
void register_schema(CLI::App& app, global_options& opts);
void register_init(CLI::App& app, global_options& opts);
void register_migrate(CLI::App& app, global_options& opts);
void register_upgrade(CLI::App& app, global_options& opts);
void register_status(CLI::App& app, global_options& opts);
void register_drift(CLI::App& app, global_options& opts);
void register_lint(CLI::App& app, global_options& opts);
void register_inspectdb(CLI::App& app, global_options& opts);

}  // namespace testudo::cli
