// testudo: schema migrations for C++ models, compatible with Aerich and Tortoise.
#include <fmt/format.h>

#include "cli_context.hpp"
#include "revision.hpp"
#include "testudo/compat/aerich.hpp"
#include "testudo/errors.hpp"

int main(int argc, char** argv) {
  using namespace testudo::cli;
  CLI::App app{"testudo — schema migrations and an ORM for C++ models (Aerich/Tortoise compatible)", "testudo"};
  app.set_version_flag("--version", "testudo " TESTUDO_VERSION " (git " TESTUDO_REVISION ")");
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the command too
  testudo::compat::enable_aerich_format();  // read and continue Aerich's .py migrations
  global_options opts;
  add_global_options(app, opts);
  register_ping(app, opts);
  register_schema(app, opts);
  register_init(app, opts);
  register_migrate(app, opts);
  register_upgrade(app, opts);
  register_status(app, opts);
  register_drift(app, opts);
  register_lint(app, opts);
  register_inspectdb(app, opts);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return report_usage(app, e);
  } catch (const std::exception& e) {  // testudo's errors, file system and other library errors: one clear line
    return report_error(opts, e.what());
  }
  return opts.exit;
}
