// A user's project for the CLI tests: a fresh working directory under the build tree and a
// private, empty database on the backend under test, with ways to look at both afterwards.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/process.hpp"
#include "testudo/db/connection.hpp"
#include "testudo/migrate/version_table.hpp"

namespace testudo::test {

// The shop models before (v0) and after (v1) adding Product.x, as Tortoise describe JSON, and
// the shop's C++ models library (which declares Product.x, like v1).
std::string shop_v0();
std::string shop_v1();
std::string shop_library();

// A URL of the backend under test that cannot be reached: port 1 on 127.0.0.1 (with a password
// that must never be printed), or an SQLite file in a folder that does not exist.
std::string unreachable_url();

// What a test compares to prove that a failed command changed nothing: the database dumped
// (every table's columns and rows) and every file of the project, byte for byte.
struct project_state {
  std::vector<std::string> tables;
  std::vector<std::string> versions;                // "<version> <status> <statements_done>"
  std::map<std::string, std::string> dump;          // table → its columns, then its rows (sorted)
  std::map<std::string, std::string> files;         // path relative to the project → content
  friend bool operator==(const project_state&, const project_state&) = default;
};

// What differs between two states, one line per table, version list or file ("" when equal).
std::string differences(const project_state& before, const project_state& after);

class cli_project {
 public:
  // `name` (letters, digits, _) names the work folder and the database "cli_<name>".
  explicit cli_project(const std::string& name);

  const std::filesystem::path& dir() const noexcept { return dir_; }
  const std::string& url() const noexcept { return url_; }
  std::filesystem::path app_dir() const { return dir_ / "migrations" / "models"; }

  cli_result run(std::vector<std::string> args, std::map<std::string, std::string> env = {},
                 std::optional<std::string> input = std::nullopt) const;
  cli_process start(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const;
  // Runs it on a pseudo-terminal, answering each prompt in turn (see run_cli_on_tty).
  cli_result run_on_tty(std::vector<std::string> args, const std::vector<tty_answer>& answers) const;

  // `init -t models --db-url URL` then `init-db`, each required to succeed.
  void init(const std::string& models = shop_v0()) const;
  // `--models v1 migrate --name add_x` (required to succeed); returns the new file's name.
  std::string migrate_add_x() const;
  // `migrate --empty --offline --name NAME`, then `up`/`down` written into its sections (the way a
  // user writes a data migration); returns the file's name.
  std::string write_migration(const std::string& name, const std::string& up, const std::string& down = "") const;

  std::unique_ptr<connection> connect() const;
  std::vector<std::string> tables() const;
  bool has_table(const std::string& table) const;
  bool has_column(const std::string& table, const std::string& column) const;
  std::vector<version_row> rows() const;  // the app's version table rows (none without the table)
  std::vector<std::string> versions() const;
  std::int64_t count(const std::string& table) const;
  void execute(const std::string& sql) const;

  std::vector<std::string> migration_files() const;  // names in the app folder, sorted
  std::string read(const std::filesystem::path& relative) const;
  void write(const std::filesystem::path& relative, const std::string& text) const;
  project_state state() const;
  // Columns and rows of `table` as text (the rows sorted, so the order a server returns them in
  // does not count).
  std::string dump(const std::string& table) const;

 private:
  std::filesystem::path dir_;
  std::string url_;
};

// The file names ("1_…_add_x.sql") mentioned in a migration folder listing that start with "<n>_".
std::string file_numbered(const std::vector<std::string>& names, int n);

// Replaces the body of section `name` ("up", "down") of a native migration file's text.
std::string with_section(const std::string& text, const std::string& name, const std::string& body);

}  // namespace testudo::test
