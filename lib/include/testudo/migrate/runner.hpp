// Applies and reverts an app's migration files on a database: one transaction per migration
// where the dialect allows, a per-statement journal where it does not, and a lock per app.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "testudo/migrate/migration_file.hpp"
#include "testudo/migrate/version_table.hpp"

namespace testudo {

// What a run reports while it works (for progress output).
struct progress_event {
  enum class kind { start, statement, done, skipped } what = kind::start;
  std::string version;
  std::size_t statement = 0;       // 1-based, for kind::statement
  std::size_t statements = 0;
  std::string sql;
  std::chrono::milliseconds elapsed{0};
};

struct run_options {
  bool fake = false;                            // record (or forget) migrations without running SQL
  std::optional<bool> in_transaction;           // override the files' run-in-transaction
  bool force = false;                           // go on although an applied file was edited
  std::chrono::milliseconds lock_timeout{std::chrono::seconds(60)};
  std::function<void(const progress_event&)> progress;
  // Recorded as the snapshot of a file that carries none (Aerich 0.7 files have no MODELS_STATE):
  // the models as they are now, as Aerich records them. Without it such a file is refused.
  std::optional<snapshot_json> models_now;
};

// A migration file next to its row in the version table, for heads/history.
struct migration_entry {
  std::string version;
  const listed_migration* file;      // none: applied, but the file is gone (owned by the migrator)
  std::optional<version_row> row;    // none: not applied
  bool edited = false;               // applied, and the file's checksum differs from the row's
};

class migrator {
 public:
  // Reads and checks `dir` (one app's folder): duplicate numbers and forked chains are errors.
  migrator(connection& conn, std::string app, std::string dir);

  // The app's files as listed: their SQL and state are read from disk when they are used.
  const std::vector<listed_migration>& files() const noexcept { return files_; }
  // Both read names, checksums and progress, no snapshot.
  std::vector<migration_entry> history();
  std::vector<const listed_migration*> pending();  // point into files()
  // The snapshot after the newest applied migration (empty when none is applied): the only
  // snapshot of the version table it parses.
  snapshot_json applied_state();

  // Applies pending migrations in order, up to and including number `to`; returns their versions.
  std::vector<std::string> upgrade(const run_options& options, std::optional<std::int64_t> to = std::nullopt);
  // Reverts applied migrations numbered >= `from` (default: the newest one), newest first.
  std::vector<std::string> downgrade(const run_options& options, std::optional<std::int64_t> from = std::nullopt);
  // The statements upgrade/downgrade would run, per migration, without running them. The upgrade
  // preview reads no snapshot; the downgrade one checks every row's, as downgrade does.
  std::vector<std::pair<std::string, std::vector<std::string>>> preview_upgrade(std::optional<std::int64_t> to = std::nullopt);
  std::vector<std::pair<std::string, std::vector<std::string>>> preview_downgrade(std::optional<std::int64_t> from = std::nullopt);

  // After fixing a failed migration by hand: record it as applied, or forget it (rolled back).
  // Waits for a lock on the version table at most `lock_timeout`.
  void resolve(std::string_view version, bool applied,
               std::chrono::milliseconds lock_timeout = std::chrono::seconds(60));

 private:
  class app_lock;
  class run_session;
  class statement_stream;
  void check_files() const;
  void ensure_table(std::chrono::milliseconds lock_timeout);
  void check_runnable(const std::vector<version_row>& rows, bool force) const;
  // The SQL of the file `r` journals (up, or down while reverting); none if it is gone.
  std::string journaled_sql(const version_row& r) const;
  std::vector<const listed_migration*> pending(const std::vector<version_row>& applied) const;
  // What each of `files` records as its snapshot, read and checked before anything runs.
  std::vector<snapshot_json> states(const std::vector<const listed_migration*>& files, const run_options& options) const;
  // A pending file whose parent is neither a file nor applied would skip that parent unnoticed.
  void check_parents(const std::vector<const listed_migration*>& pending, const std::vector<version_row>& applied) const;
  const listed_migration* find_file(std::string_view version) const;
  // The file of an applied migration; configuration_error saying how to restore it when it is gone.
  const listed_migration& file_of(const version_row& r) const;
  // The app's rows; with `snapshots` each row's is checked, the first time only (it is never used).
  std::vector<version_row> rows(bool snapshots);
  std::string sql_to_run(const listed_migration& m, bool down, const run_options& options) const;
  // false when another process applied (reverted) it meanwhile
  bool apply(const listed_migration& m, snapshot_json state, const run_options& options);
  bool revert(const listed_migration& m, const version_row& row, const run_options& options);
  void run_statement(statement_stream& statements, std::string_view statement, const std::string& version,
                     const run_options& options);
  // Without a transaction around the migration: progress journaled in row `id` as it goes.
  void run_journaled(statement_stream& statements, std::string_view sql, const version_row& row, bool down,
                     const run_options& options);
  void check_foreign_keys(const std::string& version);
  bool applied_now(const std::string& version);
  version_row row_for(const listed_migration& m, snapshot_json state) const;

  connection& conn_;
  const dialect& d_;
  std::string app_;
  std::string dir_;
  std::vector<listed_migration> files_;
  version_table table_;
  bool snapshots_checked_ = false;
};

}  // namespace testudo
