// Drift: where a live database differs from the tables its applied migrations' snapshots declare.
#pragma once

#include <string>
#include <vector>

#include "testudo/db/connection.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

struct schema_difference {
  std::string table;
  std::string object;    // "column nick", "index idx_…", "unique (a, b)", "foreign key fk_…"; "" for the table
  std::string problem;   // "missing", "not in the models", "type", "null", "default", "unique", "name",
                         // "references", "on_delete", "comment"
  std::string expected;  // as the snapshot declares it ("" when it declares nothing)
  std::string actual;    // as the database has it ("" when it has nothing)

  // One line: "users: column nick: not in the models (database: VARCHAR(20) NULL)".
  std::string message() const;
};

// Compares the tables of `snapshots` (each app's newest applied snapshot) with the database `conn`
// is on: columns (type as the server reports it, null, whether there is a default, comment),
// indexes and unique constraints, foreign keys, table comments. Tables no snapshot declares are
// differences too, except the version table and testudo's lock table. A type matches when it is
// what testudo or Tortoise declares for the field, so tables Aerich created are not drift.
std::vector<schema_difference> find_drift(connection& conn, const std::vector<snapshot_json>& snapshots);

}  // namespace testudo
