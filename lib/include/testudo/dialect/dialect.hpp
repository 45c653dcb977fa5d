// One SQL dialect (SQLite, PostgreSQL, MySQL): how a backend spells identifiers, types, literals
// and DDL. The only place, with the drivers, that knows which database is on the other end.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/url.hpp"
#include "testudo/schema/table.hpp"

namespace testudo {

// `first` makes a table rebuild safe however the file is run (by testudo, by Aerich, by hand), or
// stops it before it changes anything; `last` undoes what `first` changed in the session and stops
// the file if its changes left rows pointing at no row.
struct rebuild_guard_sql {
  std::vector<std::string> first;
  std::vector<std::string> last;
};

class dialect {
 public:
  virtual ~dialect() = default;
  virtual backend kind() const noexcept = 0;
  std::string_view name() const noexcept { return backend_name(kind()); }

  // The identifier quoted. A name the server would cut short (PostgreSQL keeps 63 bytes) or cut
  // the statement at (a NUL) is refused with configuration_error rather than changed.
  virtual std::string quote(std::string_view identifier) const;
  // A string literal with this dialect's escaping.
  virtual std::string string_literal(std::string_view text) const;
  // The text of one string literal as the server writes it back (a column default), nullopt when
  // `literal` is not exactly one: string_literal's inverse.
  std::optional<std::string> read_string_literal(std::string_view literal) const;
  // The column's SQL type (db_field_types for this dialect, else the default, with corrections).
  virtual std::string column_type(const column_def& column) const;
  // A declared SQL type as introspection reports it back (upper-cased; PostgreSQL "INT" is
  // "INTEGER", MariaDB's "INT" is "INT(11)"): what a live column of that type looks like.
  virtual std::string reported_type(std::string declared) const;
  // The DEFAULT clause's expression, or empty when the column gets none.
  std::string default_expression(const column_def& column) const;
  // A value every row can take for a NOT NULL column that has no default (0, '', now...): what
  // existing rows get when such a column is added or restored.
  std::string zero_value(const column_def& column) const;
  // Whether two columns are spelled the same here (type, null, default, comment; not UNIQUE):
  // the test for "this column needs an ALTER", so aliases never make phantom changes.
  bool same_definition(const column_def& a, const column_def& b) const;

  // CREATE TABLE plus the statements that complete it (indexes, comments), in order.
  std::vector<std::string> create_table(const table_def& table, bool if_not_exists) const;
  std::string create_table_statement(const table_def& table, bool if_not_exists) const;
  std::string drop_table(std::string_view table) const;

  // What ALTER TABLE can change in place; the rest is done by rebuilding the table.
  struct alter_capabilities {
    bool alter_column = true;              // type, null, default, unique, comment
    bool foreign_keys = true;              // add/drop a foreign key on an existing table
    bool add_constrained_column = true;    // ADD COLUMN that is UNIQUE, NOT NULL without default, or a key
    bool drop_constrained_column = true;   // DROP COLUMN that is UNIQUE, a key or referenced
    // Every foreign key needs an index on its column (InnoDB creates one, refuses to drop the
    // last one serving a key, and refuses to change a keyed column's type).
    bool keys_need_index = false;
  };
  virtual alter_capabilities capabilities() const noexcept { return {}; }

  // ALTER statements of migrations. Foreign keys and unique constraints on other columns are
  // separate changes; a column added here carries no REFERENCES.
  virtual std::string rename_table(std::string_view from, std::string_view to) const;
  // ADD COLUMN and what completes it (PostgreSQL keeps the column's comment in a statement of its own).
  virtual std::vector<std::string> add_column(const table_def& table, const column_def& column) const;
  virtual std::string drop_column(std::string_view table, std::string_view column) const;
  virtual std::string rename_column(std::string_view table, std::string_view from, std::string_view to) const;
  virtual std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const = 0;
  virtual std::string create_index(std::string_view table, const index_def& index) const;
  virtual std::string drop_index(std::string_view table, const index_def& index) const;
  virtual std::string add_unique(std::string_view table, const index_def& constraint) const;
  virtual std::string drop_unique(std::string_view table, const index_def& constraint) const;
  virtual std::string add_foreign_key(std::string_view table, const foreign_key_def& fk) const;
  // Drops the key on fk.column under whatever name it has (servers name the keys Tortoise leaves
  // unnamed): where names can differ the name is looked up when the statements run, fk.name first.
  virtual std::vector<std::string> drop_foreign_key(std::string_view table, const foreign_key_def& fk) const;
  // Drops the index a server created for fk (InnoDB names it after the key, or after the column
  // when the key had no name), looked up like the key.
  virtual std::vector<std::string> drop_key_index(std::string_view table, const foreign_key_def& fk) const;
  // Migrations. Whether DDL takes part in transactions (MySQL commits it implicitly).
  virtual bool transactional_ddl() const noexcept { return true; }
  // Statements around a migration run, outside its transactions (SQLite turns foreign key
  // enforcement off so a table rebuild does not cascade), and the check run before COMMIT
  // (rows returned = violations).
  virtual std::vector<std::string> before_migrations() const { return {}; }
  virtual std::vector<std::string> after_migrations() const { return {}; }
  virtual std::string foreign_key_check() const { return {}; }
  // Settings bounding how long one statement waits for a lock another session holds (a migration
  // behind a long transaction fails instead of stalling forever), for the session or, with
  // `in_transaction`, only until the open transaction ends; and the undoing of the session form.
  // SQLite has none: its connection's busy_timeout already bounds every wait.
  virtual std::vector<std::string> lock_wait_limit(std::int64_t /*milliseconds*/, bool /*in_transaction*/) const {
    return {};
  }
  virtual std::vector<std::string> lock_wait_reset() const { return {}; }
  // The statements around a migration that rebuilds a table foreign keys point at, up and down.
  virtual rebuild_guard_sql rebuild_guard() const { return {}; }

  // Whether changing a column's type from `from` to `to` (declared types) rewrites the table.
  virtual bool type_change_rewrites(std::string_view from, std::string_view to) const {
    (void)from, (void)to;
    return true;
  }
  // Whether the catalog keeps comments (SQLite's are /* */ in the DDL text only).
  virtual bool stores_comments() const noexcept { return true; }
  // Statements that set a table's comment ("" when the dialect keeps none).
  virtual std::vector<std::string> comment_table(const table_def& table) const { (void)table; return {}; }

  // ---- Queries (the ORM) ----
  // The marker of the 1-based parameter `index`: "?" or "$index".
  virtual std::string placeholder(std::size_t index) const { (void)index; return "?"; }
  // Text lookups: `lhs` against one bound operand that text_operand() makes from the user's text
  // (escaped and wrapped as the SQL needs). Case-sensitive unless `ci`, on every backend.
  enum class text_match { exact, contains, starts, ends };
  virtual std::string text_match_sql(std::string_view lhs, std::string_view param, text_match m, bool ci) const = 0;
  virtual std::string text_operand(std::string_view text, text_match m, bool ci) const;
  // True when lhs and rhs differ, NULL counting as a value (Tortoise's `not` lookup).
  virtual std::string null_safe_differs(std::string_view lhs, std::string_view rhs) const = 0;
  // A date/time part as an integer: year, quarter, month, week (ISO), day, hour, minute, second.
  virtual std::string date_part(std::string_view part, std::string_view lhs) const = 0;
  // JSON containment (lhs contains the bound document, or is contained by it).
  virtual std::string json_contains(std::string_view lhs, std::string_view param, bool contained_by) const = 0;
  // `lhs IN (...)` for a list too long to bind value by value (every backend caps the parameters of
  // one statement): the whole list is one bound parameter, a JSON or array text of integers or
  // strings that list_operand() makes.
  virtual std::string in_bound_list(std::string_view lhs, std::string_view param, bool integers) const = 0;
  virtual std::string list_operand(const std::vector<value>& values) const;
  // Whether a short list that a query wants as one parameter (the keys of a prefetch) reads better
  // as `IN (?, ?, ...)`, padded to a power of two values so that a few statements serve every count
  // (MariaDB materializes in_bound_list's table, then sorts what it joins in a temporary table; a
  // placeholder list reads the index range in key order and sends rows as it finds them).
  virtual bool pads_key_lists() const noexcept { return false; }
  // The value at a key path inside a JSON column ("data__owner__name"), as SQL: text, or a number
  // when `numeric` (the operand it is compared with is one). The path is one bound parameter
  // that json_path_operand() makes from the keys (digits index arrays).
  virtual std::string json_path(std::string_view lhs, std::string_view param, bool numeric) const = 0;
  virtual std::string json_path_operand(const std::vector<std::string>& keys) const;
  // A bound decimal as an operand that compares and computes as an exact number (MySQL takes a
  // text parameter for a double).
  virtual std::string decimal_param(std::string marker) const { return marker; }
  // Whether a decimal column holds exact text: by `declared_type` (the live column's type) when the
  // caller read it, else by what testudo's DDL declares for `max_digits` (SQLite: text beyond the
  // 15 digits a REAL keeps; a column of text affinity, as Tortoise's VARCHAR(40), at any width).
  // Such a column goes into queries as text_decimal_column(), and SUM/AVG and + - * over it as
  // text_decimal_aggregate() and text_decimal_arithmetic(), which compute by value (docs/orm.md).
  virtual bool decimal_as_text(int max_digits, std::string_view declared_type = {}) const;
  // SQL that reads a number changing with every schema change, when decimal_as_text() depends on
  // the declared type (queries then read it from the table, and re-read it after a change).
  virtual std::string schema_cookie() const { return {}; }
  virtual std::string text_decimal_column(std::string_view column) const { return std::string(column); }
  virtual std::string text_decimal_aggregate(std::string_view function, std::string_view argument, int places) const;
  virtual std::string text_decimal_arithmetic(std::string_view op, std::string_view a, std::string_view b) const;
  // AVG of a decimal column with enough decimals for the caller's half-even rounding to `places`
  // (PostgreSQL would otherwise round a 17-digit average half up at the column's own scale).
  virtual std::string decimal_average(std::string_view argument, int places) const {
    (void)places;
    return "AVG(" + std::string(argument) + ")";
  }
  // " LIMIT ... OFFSET ..." for the given parameter markers (either may be empty).
  std::string limit_offset(std::string_view limit, std::string_view offset) const;
  virtual std::string for_update(bool nowait, bool skip_locked) const;
  virtual std::string explain_prefix() const { return "EXPLAIN "; }
  // Whether an ascending ORDER BY puts NULLs first (SQLite, MySQL) or last (PostgreSQL).
  virtual bool nulls_sort_first() const noexcept { return true; }
  // Whether a loop over a queryset reads one streamed result (connection::resumable_stream) rather
  // than a query per chunk: where a chunk's query costs a round trip and restarts the server's
  // sending (MySQL, whose server may hold a result back until its grown network buffer is full).
  virtual bool streams_loops() const noexcept { return false; }
  // Whether the connection knows the last generated key without a query (SQLite): then a single
  // INSERT skips RETURNING, which costs SQLite a temporary table per statement.
  virtual bool last_insert_id_is_free() const noexcept { return false; }
  // Whether INSERT ... RETURNING works on this server (by its version string).
  virtual bool insert_returning(std::string_view server_version) const { (void)server_version; return true; }
  // "INSERT" (or the variant that skips rows violating a unique key), and the clause after VALUES
  // that skips them or updates `update_columns` of the existing row.
  virtual std::string insert_keyword(bool ignore_conflicts) const { (void)ignore_conflicts; return "INSERT"; }
  virtual std::string on_conflict(bool ignore, const std::vector<std::string>& conflict_columns,
                                  const std::vector<std::string>& update_columns) const;

 protected:
  // Whether a backslash in a string literal escapes the next character (MySQL, unless
  // NO_BACKSLASH_ESCAPES), for string_literal() and read_string_literal().
  virtual bool backslash_escapes() const noexcept { return false; }
  // Text of one column: inside CREATE TABLE (with UNIQUE and inline REFERENCES), or for ALTER.
  struct column_parts {
    bool unique = true;
    bool references = true;
  };
  virtual std::string column_sql(const table_def& table, const column_def& column, column_parts parts) const;
  std::string column_sql(const table_def& table, const column_def& column) const { return column_sql(table, column, {}); }
  virtual std::string generated_key(const column_def& column) const = 0;
  virtual std::string literal(const column_def& column, const value& v) const;
  virtual std::string now_default(const column_def& column) const;
  // Inline comment on a column / after the table, where the dialect has one.
  virtual std::string column_comment(std::string_view) const { return {}; }
  virtual std::string table_suffix(const table_def&) const { return {}; }
  // Entries after the columns inside CREATE TABLE (constraints; MySQL keys).
  virtual std::vector<std::string> table_body_extras(const table_def& table) const;
  // Statements after CREATE TABLE (CREATE INDEX; PostgreSQL COMMENT ON).
  virtual std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const;
  // Whether foreign keys are written on the column (SQLite, PostgreSQL) or as table constraints.
  virtual bool inline_foreign_keys() const noexcept { return true; }
  std::string references(const foreign_key_def& fk) const;
  // The longest identifier the server takes (0: no limit), in the units name_length counts
  // (bytes; MySQL counts characters); and the check quote() makes.
  virtual std::size_t max_name_length() const noexcept { return 0; }
  virtual std::size_t name_length(std::string_view identifier) const noexcept { return identifier.size(); }
  void check_name(std::string_view identifier) const;
  // What LIMIT says for "no limit" when only an OFFSET is given ("" when OFFSET stands alone).
  virtual std::string no_limit() const { return {}; }
  std::string quoted_list(const std::vector<std::string>& names) const;
};

// Whose column types the DDL takes. testudo's differ from Tortoise's only where Tortoise's
// misbehave (SQLite decimals of up to 15 digits: DECIMAL(m,d), not VARCHAR(40); docs/models.md).
// A migration in Aerich's format is run by Aerich on tables Tortoise reads: it takes Tortoise's,
// so a Python project's schema is what Aerich alone would have made.
enum class column_types { testudo, tortoise };

const dialect& dialect_for(backend kind, column_types types = column_types::testudo);

}  // namespace testudo
