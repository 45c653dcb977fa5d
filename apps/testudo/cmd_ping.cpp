// `testudo ping`: connect, run one query, report the server and the round trip.
#include <chrono>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_context.hpp"
#include "testudo/db/connection.hpp"

namespace testudo::cli {

void register_ping(CLI::App& app, global_options& opts) {
  auto* cmd = app.add_subcommand("ping", "Connect to the database and report its version");
  cmd->callback([&opts] {
    auto p = resolve_project(opts);
    auto url = p.require_url().parse();
    auto started = std::chrono::steady_clock::now();
    url.create_missing = false;  // pinging a mistyped SQLite path must not create it
    auto conn = p.url.connect(url);
    auto version = conn->server_version();
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (opts.json) {
      fmt::print("{}\n", nlohmann::json{{"ok", true}, {"backend", backend_name(url.kind)}, {"version", version},
                                        {"url", url.redacted()}, {"milliseconds", ms}}.dump());
    } else {
      fmt::print("Connected to {} {} at {} in {:.1f} ms\n", backend_name(url.kind), version, url.redacted(), ms);
    }
  });
}

}  // namespace testudo::cli
