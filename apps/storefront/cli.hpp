// The command line the two storefront binaries share: database, address, schema, the port line.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace storefront {

struct common_options {
  std::string db_url = "sqlite://storefront.db";
  std::string host = "127.0.0.1";
  int port = 8000;
  bool create_schema = false;
};

// --db, --host, --port (0: a free one), --create-schema.
void add_common_options(CLI::App& app, common_options& opts);

// Opens --db as the default database, creating the missing tables with --create-schema.
void open_database(const common_options& opts);

// "storefront listening on http://HOST:PORT", flushed: tests and scripts wait for it to learn the port.
void announce(const common_options& opts, int port);

}  // namespace storefront
