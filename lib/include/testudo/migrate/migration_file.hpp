// Migration files on disk: the migration record and format-neutral readers/writers (native .sql for now).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/dialect/dialect.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

// One migration file's content. Parsing trims each SQL section's trailing blank lines and the line
// break ending its last line; everything else in a section is kept byte for byte.
struct migration {
  std::int64_t number = 0;                     // exact integer (files may have any number of digits)
  std::string timestamp;                       // "YYYYmmddHHMMSS"
  std::string name;                            // the part after the timestamp, e.g. "add_x" ("init" for 0)
  std::string up_sql, down_sql;                // scripts as written in the file
  bool run_in_transaction = true;
  std::optional<snapshot_json> state;          // models snapshot after this migration
  std::optional<std::string> parent;           // file name of the predecessor (none for the first)
  std::optional<std::string> parent_checksum;  // "sha256:<hex>" of the predecessor
  const class migration_format* format = nullptr;  // how it is written; none: the native .sql

  // "<number>_<timestamp>_<name><extension of its format>".
  std::string file_name() const;
  // "sha256:<hex>" over the normalised SQL and transaction mode (no BOM, LF line ends, each
  // section's trailing whitespace trimmed): editing the SQL changes it, re-rendering does not.
  std::string checksum() const;
};

// A way of writing migrations to files; the native .sql format today, Aerich's .py later.
class migration_format {
 public:
  virtual ~migration_format() = default;
  virtual std::string_view extension() const = 0;  // with the dot: ".sql"
  // Whether `file_name` (a name or path) is a migration file of this format (by its name only).
  virtual bool recognises(std::string_view file_name) const = 0;
  // Throws configuration_error "<file_name>:<line>: what. How to fix." for malformed text or name.
  virtual migration parse(std::string_view text, std::string_view file_name) const = 0;
  // Throws configuration_error when `m` cannot be written so that parse() gives it back.
  virtual std::string render(const migration& m) const = 0;
  // The column types its DDL takes: files another tool runs take that tool's (column_types).
  virtual column_types ddl_types() const { return column_types::testudo; }
};

// The native format: a readable .sql file with "-- +testudo up|down|state" sections.
const migration_format& native_format();

// The models state as migration files store it: zlib (default level, with header), then
// base64 — Aerich's MODELS_STATE encoding. unpack_state gives nullopt for corrupt input.
std::string pack_state(std::string_view text);
std::optional<std::string> unpack_state(std::string_view base64);
// Makes read_migrations/write_migration know another format (Aerich's .py, pyproject-compat/).
void register_migration_format(const migration_format& format);

// Parses "<N>_<YYYYmmddHHMMSS>_<name>.<ext>" into number/timestamp/name; nullopt when the name
// does not have that shape (also for leading zeros in N, a number beyond int64, an impossible date).
std::optional<migration> parse_file_name(std::string_view file_name);

// Reads every migration file of `dir` (one app's folder) whose name a known format recognises,
// sorted by number then file name; files of other shapes are ignored and a missing `dir` has none.
// A file that fails to parse is a configuration_error naming "<dir>/<file>:<line>". Does NOT reject
// duplicate numbers (the caller reports those).
std::vector<migration> read_migrations(const std::string& dir);

// Writes `m` in the native format into `dir` (created if needed); refuses to overwrite an existing
// file (configuration_error).
void write_migration(const std::string& dir, const migration& m);

}  // namespace testudo
