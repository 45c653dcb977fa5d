// Tables as the database sees them (columns, keys, indexes), derived from a describe snapshot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "testudo/db/value.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

struct column_def {
  std::string name;
  std::string field_type;            // Tortoise's field class: "IntField", "CharField", …
  snapshot_json db_field_types;      // {"": "INT", "<dialect>": override}
  bool nullable = false;
  bool unique = false;
  bool primary_key = false;
  bool generated = false;            // auto-increment key
  bool index = false;                // a single-column index of its own
  std::optional<value> default_value;   // the model's default, written as a DDL DEFAULT where safe
  std::optional<std::string> db_default;  // a default the database computes (SQL, verbatim)
  bool auto_now = false, auto_now_add = false;
  std::optional<std::string> comment;
  std::vector<std::string> renamed_from;  // earlier column names (the model's rename hint)
  // The type a live table already declares for it, kept when a rebuild re-creates the column
  // (Tortoise's SQLite VARCHAR(40) decimals stay text); not part of any snapshot.
  std::optional<std::string> declared_type;

  friend bool operator==(const column_def&, const column_def&) = default;
};

struct foreign_key_def {
  std::string name;                  // Tortoise's fk_… name
  std::string column;
  std::string ref_table;
  std::string ref_column;
  std::string on_delete;             // "CASCADE", "SET NULL", …

  friend bool operator==(const foreign_key_def&, const foreign_key_def&) = default;
};

struct index_def {
  std::string name;                  // Tortoise's idx_/uid_/uidx_ name
  std::vector<std::string> columns;
  bool unique = false;

  friend bool operator==(const index_def&, const index_def&) = default;
};

struct table_def {
  std::string name;
  std::string model;                 // "app.Model"; empty for an M2M through table
  std::vector<column_def> columns;   // primary key first
  std::vector<foreign_key_def> foreign_keys;
  std::vector<index_def> indexes;          // CREATE INDEX (field indexes, then Meta.indexes)
  std::vector<index_def> unique_together;  // table constraints
  std::optional<std::string> comment;
  std::vector<std::string> renamed_from;   // earlier model names or tables (the model's rename hint)

  const column_def* column(std::string_view column_name) const;
};

// The tables of a snapshot: model tables ordered so every foreign key points at a table created
// before it (self-references allowed), then the M2M through tables. Throws configuration_error
// for a snapshot check_snapshot refuses,
// for foreign-key cycles or relations to models the snapshot lacks.
std::vector<table_def> tables_from_snapshot(const snapshot_json& snapshot);

// The column a field's description (a data field or pk_field of a snapshot) declares.
column_def column_from_description(const snapshot_json& field, bool primary_key);

// Tortoise's constraint names (DESIGN.md §5): prefix "idx", "uid" or "uidx".
std::string index_name(std::string_view prefix, std::string_view table, const std::vector<std::string>& columns);
std::string foreign_key_name(std::string_view from_table, std::string_view from_column, std::string_view to_table,
                             std::string_view to_column);

}  // namespace testudo
