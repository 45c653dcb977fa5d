// Models from a live database (`testudo inspectdb`): its tables as model metadata, written out as
// the describe JSON, testudo C++ declarations or Tortoise models. What no declaration can say is a
// note beside the model (docs/cli.md lists what is not read at all: CHECKs, collations, ...).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/db/connection.hpp"
#include "testudo/model/describe.hpp"
#include "testudo/model/model.hpp"

namespace testudo {

struct inspected_model {
  model_meta meta;                  // no C++ type behind it: fields have no member access
  std::vector<std::string> notes;   // what the declaration cannot say about the table
  // Columns whose type no field type declares: field name → the live type, kept in the describe
  // JSON's db_field_types for this dialect when it is a plain SQL type (words and numbers).
  std::map<std::string, std::string> declared_types;
};

struct inspection {
  std::string app;
  backend kind = backend::sqlite;
  std::vector<inspected_model> models;  // by table name
  std::vector<std::string> notes;       // tables no model can declare, and why

  std::vector<const model_meta*> metas() const;
};

// Reads `tables` (empty: every table but testudo's and Aerich's own) of the database `conn` is on.
// A table of exactly two columns that are foreign keys to two model tables' primary keys is a
// many-to-many through table: it becomes a relation on the model of its first column. Throws
// configuration_error naming a requested table that does not exist.
inspection inspect_database(connection& conn, const std::vector<std::string>& tables, std::string app);

// {"app.Model": describe()} of the inspected models, the live types of declared_types included.
snapshot_json describe_inspection(const inspection& in);
// Source text: structs with TESTUDO_MODEL declarations, or a Python module of Tortoise models.
std::string render_cpp(const inspection& in);
std::string render_tortoise(const inspection& in);

}  // namespace testudo
