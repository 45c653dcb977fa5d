// Snapshot against snapshot: the schema changes between two model states, as up and down SQL.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "testudo/dialect/dialect.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

// One change, with the statements that make it (up) and undo it (down).
struct schema_change {
  std::string summary;             // "add column products.x"
  std::vector<std::string> up;
  std::vector<std::string> down;
  bool loses_data = false;         // drops a table or a column
};

struct migration_plan {
  std::vector<schema_change> changes;  // in execution order; down runs them backwards
  std::vector<std::string> notes;      // decisions worth telling the user (renames, drops)
  rebuild_guard_sql guard;             // around the changes, up and down (dialect::rebuild_guard)

  bool empty() const noexcept { return changes.empty(); }
  std::vector<std::string> up_statements() const;
  std::vector<std::string> down_statements() const;
};

struct diff_options {
  // Asked when a table loses one column and gains another of the same kind and no rename hint
  // decides: true renames (keeps the data), false drops and adds. Unset: never rename.
  std::function<bool(const std::string& table, const std::string& from, const std::string& to)> confirm_rename;
  // The type the live database declares for table.column (as it is before the migration), when
  // known: a rebuilt table keeps it for every column whose type the models leave as it was.
  std::function<std::optional<std::string>(const std::string& table, const std::string& column)> live_type;
};

// The plan that turns the schema of `from` into the schema of `to` (either may be empty).
// Renames come from the models' renamed_from hints, then from confirm_rename; statement order
// is always executable (foreign keys and indexes dropped before what they use, tables created
// before the keys that point at them). Dialects that cannot ALTER a column rebuild the table.
migration_plan diff_snapshots(const snapshot_json& from, const snapshot_json& to, const dialect& d,
                              const diff_options& options = {});

}  // namespace testudo
