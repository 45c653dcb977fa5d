// The project configuration: testudo.toml, or [tool.testudo] (and Aerich's [tool.aerich]) in pyproject.toml.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace testudo {

// One app: Tortoise's apps.<label> entry, with `models` naming a library instead of Python modules.
struct app_config {
  std::string name;                            // the app label
  std::string models;                          // path of the models .so or describe JSON
  std::string default_connection = "default";  // a key of project_config::connections
};

struct project_config {
  std::string file;  // the file it was read from ("" when none was found)
  std::string location = "./migrations";
  std::string src_folder = "./.";
  std::map<std::string, std::string> connections;  // name → db URL
  std::map<std::string, app_config> apps;          // label → app
  // connection → the connections that replicate it: the ORM reads from these in turn (writes,
  // atomic() blocks and migrations stay on the connection itself). See docs/orm.md, "Routers".
  std::map<std::string, std::vector<std::string>> replicas;
  bool aerich_section = false;  // [tool.aerich] was found: app() then explains how to port it

  // The app to use: `requested` if non-empty (configuration_error listing the known apps when
  // unknown), else the only app, else "models" if present, else an error asking for --app.
  const app_config& app(std::string_view requested) const;
  // The URL of `app`'s default_connection; configuration_error naming the missing connection.
  std::string url_for(const app_config& app) const;
};

// Finds and reads the config: `explicit_file` when given (error if missing); else ./testudo.toml;
// else ./pyproject.toml if it has [tool.testudo] or [tool.aerich]; else a default project_config
// with file "". Relative paths are taken from `dir`. Every problem is a configuration_error that
// names the file, the line:column and the fix.
project_config load_config(const std::string& explicit_file = {}, const std::string& dir = ".");

// Writes `config` to `path`: a testudo.toml is written whole; a pyproject.toml keeps everything
// outside the [tool.testudo...] tables byte for byte and (re)writes only those tables (appending
// them when absent).
void save_config(const project_config& config, const std::string& path);

}  // namespace testudo
