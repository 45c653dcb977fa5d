#include "cli_context.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

#include "testudo/errors.hpp"
#include "testudo/schema/ddl.hpp"

namespace testudo::cli {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

void add_global_options(CLI::App& app, global_options& opts) {
  app.add_option("-c,--config", opts.config, "Config file (default: ./testudo.toml, else ./pyproject.toml)");
  app.add_option("--app", opts.app, "The app whose models and migrations to use (default: the config's only app, or models)");
  app.add_option("--db-url", opts.db_url,
                 "Database URL, e.g. sqlite://db.sqlite3, postgres://user:pass@host:5432/db, "
                 "mysql://user:pass@host:3306/db (env: TESTUDO_DB_URL, DATABASE_URL)");
  app.add_option("--models", opts.models, "Models shared library or describe JSON file");
  app.add_option("--location", opts.location, "Folder of the migration files (default: ./migrations)");
  app.add_flag("--json", opts.json, "Print one machine-readable JSON document");
  app.add_flag("-v,--verbose", [&opts](std::int64_t n) { opts.verbosity += static_cast<int>(n); },
               "More output: each statement as it runs (repeatable)");
  app.add_flag("-q,--quiet", [&opts](std::int64_t n) { opts.verbosity -= static_cast<int>(n); }, "Less output");
}

url_choice resolve_db_url(const global_options& opts) {
  if (!opts.db_url.empty()) return {opts.db_url, "--db-url"};
  for (const char* name : {"TESTUDO_DB_URL", "DATABASE_URL"})
    if (auto v = env(name); !v.empty()) return {v, name};
  return {};
}

namespace {

template <class Error>
[[noreturn]] void rethrow_naming(const Error& e, const std::string& source) {
  throw Error(fmt::format("{} (the URL comes from {})", e.what(), source));
}

}  // namespace

db_url url_choice::parse() const {
  try {
    return parse_db_url(url);
  } catch (const configuration_error& e) {
    rethrow_naming(e, source);
  }
}

std::unique_ptr<connection> url_choice::connect(const db_url& db) const {
  try {
    return testudo::connect(db);
  } catch (const configuration_error& e) {
    rethrow_naming(e, source);
  } catch (const db_connection_error& e) {
    rethrow_naming(e, source);
  }
}

project resolve_project(const global_options& opts) {
  project p;
  p.config = load_config(opts.config);
  const app_config* app = nullptr;
  // An Aerich-only project has no app to pick yet: commands that need models say how to add one.
  if (!p.config.apps.empty()) app = &p.config.app(opts.app);
  p.app = app ? app->name : (opts.app.empty() ? "models" : opts.app);
  p.models = !opts.models.empty() ? opts.models : app ? app->models : "";
  p.url = resolve_db_url(opts);
  if (p.url.url.empty() && app && !p.config.connections.empty())
    p.url = {p.config.url_for(*app), fmt::format("connection '{}' in {}", app->default_connection, p.config.file)};
  p.location = !opts.location.empty() ? opts.location : p.config.location;
  // A file there would read as "no migrations yet", and upgrade would succeed doing nothing.
  if (std::error_code ec; std::filesystem::exists(p.location, ec) && !std::filesystem::is_directory(p.location, ec))
    throw configuration_error(fmt::format("the migrations location '{}' is a file, not a folder: point --location (or "
                                          "location in {}) at the folder that holds the app folders", p.location,
                                          p.config.file.empty() ? "testudo.toml" : p.config.file));
  return p;
}

backend pick_backend(const project& p, const std::string& dialect_flag, std::optional<backend> fallback) {
  for (auto b : {backend::sqlite, backend::postgres, backend::mysql})
    if (backend_name(b) == dialect_flag) return b;
  if (!dialect_flag.empty())
    throw configuration_error(fmt::format("unknown --dialect '{}': use sqlite, postgres or mysql", dialect_flag));
  if (!p.url.url.empty()) return p.url.parse().kind;
  if (fallback) return *fallback;
  throw configuration_error("no database URL to take the SQL dialect from: pass --dialect sqlite|postgres|mysql (or "
                            "--db-url URL; no connection is made)");
}

std::string project::app_dir() const {
  auto at = location.find("{app}");
  if (at != std::string::npos) return std::string(location).replace(at, 5, app);
  return location + "/" + app;
}

const std::string& project::require_models() const {
  if (models.empty() && config.aerich_section) config.app(app);  // explains how to port [tool.aerich]
  if (models.empty())
    throw configuration_error(fmt::format("no models for app '{}': pass --models PATH, or set models under "
                                          "[apps.{}] in testudo.toml (run `testudo init -t PATH` to write one)", app, app));
  return models;
}

const url_choice& project::require_url() const {
  // A config file whose app names a connection it does not define: say which file and which name.
  if (url.url.empty() && !config.file.empty() && config.apps.contains(app)) config.url_for(config.apps.at(app));
  if (url.url.empty())
    throw configuration_error("no database URL: pass --db-url URL, set TESTUDO_DB_URL, or add [connections] default = "
                              "\"sqlite://db.sqlite3\" to testudo.toml");
  return url;
}

std::unique_ptr<connection> project::open_database(bool create) const {
  auto db = require_url().parse();
  db.create_missing = create;
  return url.connect(db);
}

namespace {

nlohmann::json& failed_document() {
  static nlohmann::json doc = nlohmann::json::object();
  return doc;
}

// Invalid UTF-8 (from a database message, say) is replaced rather than thrown from a destructor.
std::string dumped(const nlohmann::json& doc) { return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

output::~output() {
  if (!json_) return;
  if (std::uncaught_exceptions() > exceptions_) failed_document() = std::move(doc_);  // report_error prints it
  else fmt::print("{}\n", dumped(doc_));
}

int report_error(const global_options& opts, const char* what) {
  fmt::print(stderr, "error: {}\n", what);
  if (opts.json) {
    auto& doc = failed_document();
    doc["error"] = what;
    fmt::print("{}\n", dumped(doc));
  }
  return error;
}

int report_usage(CLI::App& app, const CLI::ParseError& e) {
  // Without this, `testudo frobnicate` only says "A subcommand is required".
  if (auto rest = app.remaining(); app.get_subcommands().empty() && !rest.empty()) {
    const auto& first = rest.front();
    fmt::print(stderr, "unknown {} '{}'\nRun with --help for more information.\n",
               first.starts_with("-") ? "option" : "command", first);
    return usage;
  }
  return app.exit(e) == 0 ? ok : usage;
}

void output::line(const std::string& text) {
  if (json_) doc_["messages"].push_back(text);
  else if (!quiet_) fmt::print("{}\n", text);
}

void output::note(const std::string& text) {
  if (json_) doc_["notes"].push_back(text);
  else if (!quiet_) fmt::print(stderr, "{}\n", text);
}

std::string sql_script(const std::vector<std::string>& statements) {
  auto out = to_script(statements);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool interactive() { return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO); }

bool confirm(const std::string& question) {
  fmt::print("{} [y/N] ", question);
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace testudo::cli
