// The command line the two storefront binaries share (cli.hpp).
#include "cli.hpp"

#include <cstdio>

#include <testudo/orm.hpp>

namespace storefront {

void add_common_options(CLI::App& app, common_options& opts) {
  app.add_option("--db", opts.db_url, "Database URL: sqlite://..., postgres://..., mysql://...")->capture_default_str();
  app.add_option("--host", opts.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", opts.port, "Port to listen on; 0 picks a free one")->check(CLI::Range(0, 65535))->capture_default_str();
  app.add_flag("--create-schema", opts.create_schema, "Create missing tables (development; use migrations otherwise)");
}

void open_database(const common_options& opts) {
  auto db = testudo::database::open(opts.db_url);
  testudo::register_database("default", db);
  if (opts.create_schema) testudo::generate_schemas(*db);
}

void announce(const common_options& opts, int port) {
  std::printf("storefront listening on http://%s:%d\n", opts.host.c_str(), port);
  std::fflush(stdout);
}

}  // namespace storefront
