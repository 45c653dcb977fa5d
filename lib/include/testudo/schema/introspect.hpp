// Schema introspection: the tables of a live database with their columns, indexes and foreign keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/connection.hpp"

namespace testudo {

struct column_info {
  std::string name;
  // The type as the database reports it, upper-cased outside quotes: SQLite's declared type
  // ("VARCHAR(255)"), PostgreSQL's format_type ("CHARACTER VARYING(255)", "NUMERIC(10,2)",
  // "TIMESTAMP WITH TIME ZONE"), MySQL's COLUMN_TYPE ("INT(11)", "TINYINT(1)", "ENUM('a','b')").
  std::string type;
  bool nullable = true;
  // The default expression as the database writes it ("'new'", "0", "current_timestamp(6)",
  // "'new'::character varying", "nextval('t_id_seq'::regclass)"); nullopt when there is none
  // (MariaDB's "NULL" for a nullable column without a default counts as none).
  std::optional<std::string> default_value;
  bool primary_key = false;
  // The database assigns the value: SQLite rowid alias (INTEGER PRIMARY KEY, with or without
  // AUTOINCREMENT), PostgreSQL serial or identity, MySQL AUTO_INCREMENT.
  bool auto_increment = false;
  // An empty comment is nullopt. SQLite: the /* */ comment closing the column's definition in the
  // CREATE TABLE text, where testudo and Tortoise write it.
  std::optional<std::string> comment;
  // MySQL's ON UPDATE expression as the server writes it ("current_timestamp(6)"); never elsewhere.
  std::optional<std::string> on_update;
  bool computed = false;  // GENERATED ALWAYS AS (…): the database computes every value


  friend bool operator==(const column_info&, const column_info&) = default;
};

// An index, including those behind PRIMARY KEY and UNIQUE constraints (each listed once).
struct index_info {
  // SQLite: a table constraint's own name when the DDL gives one (CONSTRAINT n UNIQUE (...)),
  // else the autoindex name; empty for a rowid primary key, which has no index of its own.
  std::string name;
  std::vector<std::string> columns;  // in key order; an expression key is its text on PostgreSQL, else ""
  bool unique = false;
  bool primary = false;
  bool partial = false;  // CREATE INDEX … WHERE (SQLite, PostgreSQL): it covers some rows only

  friend bool operator==(const index_info&, const index_info&) = default;
};

struct foreign_key_info {
  std::string name;  // SQLite: the CONSTRAINT name from the DDL, empty when none was given
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;  // SQLite's implicit "REFERENCES t" resolves to t's primary key
  // "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT" or "NO ACTION" (MariaDB reports an unspecified
  // action as "RESTRICT", the others as "NO ACTION").
  std::string on_delete;
  std::string on_update;

  friend bool operator==(const foreign_key_info&, const foreign_key_info&) = default;
};

struct table_info {
  std::string name;                       // as the database spells it
  std::vector<column_info> columns;       // in declaration order
  std::vector<index_info> indexes;        // the primary key first, then by name
  std::vector<foreign_key_info> foreign_keys;  // by name, then columns
  std::optional<std::string> comment;     // never on SQLite (it drops a comment after the last token)

  // The column called `column_name`, or nullptr.
  const column_info* column(std::string_view column_name) const;
  // The first index (in the order above) whose key is exactly `key_columns`, in order, or nullptr.
  const index_info* index_on(const std::vector<std::string>& key_columns) const;
  // The first foreign key from exactly `key_columns`, or nullptr.
  const foreign_key_info* foreign_key_on(const std::vector<std::string>& key_columns) const;

  friend bool operator==(const table_info&, const table_info&) = default;
};

// The user tables (no views, no sqlite_* internals, not the migration lock's table) of the current
// database (PostgreSQL: of current_schema()), sorted by name.
std::vector<std::string> list_tables(connection& conn);

// Reads one table of the current database/schema; throws operational_error naming `table` when
// there is no such table.
table_info introspect_table(connection& conn, std::string_view table);

}  // namespace testudo
