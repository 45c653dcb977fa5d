// Internal: each backend's catalog queries for introspection, in the one row layout the shared
// readers in introspect.cpp turn into table_info.
#pragma once

#include <string>

#include "testudo/schema/introspect.hpp"

namespace testudo::detail {

// Every query but `tables` binds the table name as its only parameter (SQLite repeats it as ?1).
struct introspection_dialect {
  std::string tables;        // name
  std::string table;         // name as stored, comment; no row when there is no such table
  std::string columns;       // name, type, nullable, default, primary_key, auto_increment, comment
  std::string indexes;       // index, column, unique, primary, partial; by index, then key position
  std::string foreign_keys;  // constraint, column, ref_table, ref_column, on_delete, on_update; same order
  // What the catalog cannot say in that layout, fixed after the shared reading (may query more).
  void (*adjust)(connection& conn, table_info& table) = nullptr;
};

const introspection_dialect& sqlite_introspection();
const introspection_dialect& postgres_introspection();
const introspection_dialect& mysql_introspection();

}  // namespace testudo::detail
