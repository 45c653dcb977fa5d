// Lint: destructive or risky changes in a migration's SQL, each found by a rule with a code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/connection.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

enum class lint_severity { warning, error };
std::string_view severity_name(lint_severity s) noexcept;

struct lint_rule {
  std::string_view code;  // "TL001"
  lint_severity severity;
  std::string_view name;     // "drop-table"
  std::string_view summary;  // what it flags, one line (docs/cli.md has the table)
};
// Every rule, by code.
const std::vector<lint_rule>& lint_rules();

struct lint_finding {
  std::string code;
  lint_severity severity;
  std::size_t statement = 0;  // 1-based index in the up section; 0: the migration as a whole
  std::string sql;            // the statement, on one line
  std::string reason;         // one line: what it does and what to do instead
};

struct lint_input {
  std::string_view up_sql;
  backend kind = backend::sqlite;
  std::optional<snapshot_json> before;  // the models before the migration, and after it (type
  std::optional<snapshot_json> after;   // narrowing needs both; files without a state skip it)
  // The database before the migration, when there is one: findings it decides are checked there
  // (rows, duplicates, NULLs) and dropped when it shows no risk.
  connection* live = nullptr;
  std::int64_t big_table_rows = 100000;  // a rewrite or locking index build of fewer rows is fine
};

// The findings for one migration, in statement order; a statement preceded by a comment
// `-- testudo:lint-ignore CODE[,CODE…]` has those codes silenced.
std::vector<lint_finding> lint_migration(const lint_input& input);

}  // namespace testudo
