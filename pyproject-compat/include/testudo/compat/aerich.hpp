// Aerich compatibility: its .py migration files as a migration format, and Python's json.dumps.
#pragma once

#include <string>

#include "testudo/migrate/migration_file.hpp"

namespace testudo::compat {

// Aerich's migration file (0.7 and 0.9+ templates): upgrade/downgrade SQL in Python
// triple-quoted strings, RUN_IN_TRANSACTION, MODELS_STATE. Reading applies Python's string
// escapes; writing escapes what would break the string (Aerich pastes SQL unescaped).
const migration_format& aerich_format();

// Lets read_migrations/write_migration handle Aerich files; call once at start-up.
void enable_aerich_format();

// Python's json.dumps(doc) with its defaults: ", " and ": " separators, non-ASCII as \uXXXX.
std::string python_json_dumps(const snapshot_json& doc);

}  // namespace testudo::compat
