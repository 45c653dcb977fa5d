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

// What a migration file says besides its SQL.
struct migration_head {
  std::int64_t number = 0;                     // exact integer (files may have any number of digits)
  std::string timestamp;                       // "YYYYmmddHHMMSS"
  std::string name;                            // the part after the timestamp, e.g. "add_x" ("init" for 0)
  bool run_in_transaction = true;
  std::optional<std::string> parent;           // file name of the predecessor (none for the first)
  std::optional<std::string> parent_checksum;  // "sha256:<hex>" of the predecessor
  const class migration_format* format = nullptr;  // how it is written; none: the native .sql

  // "<number>_<timestamp>_<name><extension of its format>".
  std::string file_name() const;
};

// One migration file's content. Parsing trims each SQL section's trailing blank lines and the line
// break ending its last line; everything else in a section is kept byte for byte.
struct migration : migration_head {
  std::string up_sql, down_sql;        // scripts as written in the file
  std::optional<snapshot_json> state;  // models snapshot after this migration

  // "sha256:<hex>" over the normalised SQL and transaction mode (no BOM, LF line ends, each
  // section's trailing whitespace trimmed): editing the SQL changes it, re-rendering does not.
  std::string checksum() const;
};

// A migration file as listed (list_migrations): its SQL and its models state stay on disk until
// they are needed (load_migration), so that a data migration of a million INSERTs or the snapshot
// of 2,000 models costs nothing to list.
struct listed_migration : migration_head {
  std::string path;        // the file, "<dir>/<file name>"
  std::string checksum;    // migration::checksum() of the file when it was listed
  bool has_state = false;  // whether the file records a models state
};

// The sections a read keeps (both SQL sections always count towards the checksum). The models
// state is decoded, parsed and checked only when wanted.
struct wanted_sql {
  bool up = false, down = false, state = false;
};

// A file as migration_format::read gives it: the sections not wanted are empty.
struct read_migration {
  migration file;
  std::string checksum;    // of the whole file, wanted sections or not
  bool has_state = false;  // whether the file records a models state, wanted or not
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
  // The file at `path` with only the `wanted` sections, and its checksum; the same errors as
  // parse(), except that a state not wanted may go unchecked. By default the whole text is read
  // and parsed; a format may keep less of it in memory and skip the state.
  virtual read_migration read(const std::string& path, wanted_sql wanted) const;
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

// Lists every migration file of `dir` (one app's folder) whose name a known format recognises,
// sorted by number then file name, without keeping their SQL; files of other shapes are ignored and
// a missing `dir` has none. A file that fails to parse is a configuration_error naming
// "<dir>/<file>:<line>". Does NOT reject duplicate numbers (the caller reports those).
std::vector<listed_migration> list_migrations(const std::string& dir);

// The `wanted` sections of a listed file; configuration_error when the file no longer has the
// checksum it was listed with (edited meanwhile), so what runs is always what was checked.
migration load_migration(const listed_migration& listed, wanted_sql wanted);

// list_migrations with every file's SQL and state loaded (for small folders and tests).
std::vector<migration> read_migrations(const std::string& dir);

// Writes `m` in the native format into `dir` (created if needed); refuses to overwrite an existing
// file (configuration_error).
void write_migration(const std::string& dir, const migration& m);

}  // namespace testudo
