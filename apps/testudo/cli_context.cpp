#include "cli_context.hpp"

#include <cstdlib>

#include "testudo/errors.hpp"

namespace testudo::cli {

void add_global_options(CLI::App& app, global_options& opts) {
  app.add_option("-c,--config", opts.config, "Config file (testudo.toml or pyproject.toml)");
  app.add_option("--app", opts.app, "The app whose models and migrations to use")->capture_default_str();
  app.add_option("--db-url", opts.db_url,
                 "Database URL, e.g. sqlite://db.sqlite3, postgres://user:pass@host:5432/db, "
                 "mysql://user:pass@host:3306/db (env: TESTUDO_DB_URL, DATABASE_URL)");
  app.add_option("--models", opts.models, "Models shared library or describe JSON file");
  app.add_option("--location", opts.location, "Folder of the migration files");
  app.add_flag("--json", opts.json, "Print one machine-readable JSON document");
  app.add_flag("-v,--verbose", [&opts](std::int64_t n) { opts.verbosity += static_cast<int>(n); },
               "More output (repeatable)");
  app.add_flag("-q,--quiet", [&opts](std::int64_t n) { opts.verbosity -= static_cast<int>(n); },
               "Less output");
}

std::string resolve_db_url(const global_options& opts) {
  if (!opts.db_url.empty()) return opts.db_url;
  for (const char* name : {"TESTUDO_DB_URL", "DATABASE_URL"})
    if (const char* v = std::getenv(name); v && *v) return v;
  throw configuration_error(
      "no database URL: pass --db-url URL or set TESTUDO_DB_URL (e.g. sqlite://db.sqlite3)");
}

}  // namespace testudo::cli
