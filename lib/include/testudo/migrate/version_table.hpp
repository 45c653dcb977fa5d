// The version table: Aerich's `aerich` table (one row per applied migration, with the models
// snapshot after it) plus nullable columns of testudo's own (checksum, timing, progress).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "testudo/db/connection.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

struct table_info;

inline constexpr std::string_view version_table_name = "aerich";

// Where a row stands. Aerich's own rows have no status: they count as applied.
enum class migration_status { applied, running, failed, reverting, revert_failed };
std::string_view status_name(migration_status s) noexcept;

struct version_row {
  std::int64_t id = 0;
  std::string version;                 // the migration's file name
  std::string app;
  snapshot_json content;               // models snapshot after the migration (with Aerich's model); see rows()
  std::optional<std::string> checksum;
  std::optional<datetime> applied_at;
  std::optional<std::int64_t> duration_ms;
  migration_status status = migration_status::applied;
  std::int64_t statements_done = 0;    // progress of a migration applied statement by statement
  std::optional<std::string> error;
};

class version_table {
 public:
  version_table(connection& conn, const dialect& d) : conn_(conn), d_(d) {}

  bool exists();
  // Creates the table, or adds testudo's columns to a table Aerich created (commands that write
  // call it first; read-only ones never do).
  void ensure();
  // The app's rows in the order they were applied; testudo's columns read as empty where Aerich's
  // table lacks them. Without `snapshots` every row's content is left empty: parsing and checking
  // the snapshots is most of the work, and listing needs none of them.
  std::vector<version_row> rows(std::string_view app, bool snapshots = true);
  // The content of `row` (one that rows() read without snapshots), parsed and checked.
  snapshot_json snapshot(const version_row& row);
  // Whether the app has a row for `version`: asked once per migration inside its lock, so it
  // reads no snapshot.
  bool has_row(std::string_view app, std::string_view version);
  // The apps with rows, sorted.
  std::vector<std::string> apps();
  std::int64_t insert(const version_row& row);
  void update_progress(std::int64_t id, migration_status status, std::int64_t statements_done,
                       const std::optional<std::string>& error);
  void finish(std::int64_t id, std::int64_t duration_ms);
  void remove(std::int64_t id);

  // Aerich's own model in the snapshot ("<app>.Aerich"), which Aerich expects in `content`.
  static snapshot_json aerich_model(std::string_view app);

 private:
  table_def definition() const;
  table_info existing_table();  // configuration_error when it is not Aerich's table
  connection& conn_;
  const dialect& d_;
  std::string select_list_;  // testudo's columns as rows() reads them; cleared by ensure()
};

}  // namespace testudo
