// CREATE DDL for every table of a snapshot, in a given dialect.
#pragma once

#include <string>
#include <vector>

#include "testudo/dialect/dialect.hpp"
#include "testudo/model/describe.hpp"

namespace testudo {

// Statements (without ';') creating every table, index, comment and M2M through table of the
// snapshot, ordered so foreign keys resolve.
std::vector<std::string> create_schema(const snapshot_json& snapshot, const dialect& d, bool if_not_exists = false);

// Statements joined as a script: each ends with ';' on its own line.
std::string to_script(const std::vector<std::string>& statements);

}  // namespace testudo
