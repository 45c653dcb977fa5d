// Test support: checks a live table against the table a snapshot declares.
#pragma once

#include <string>

#include "testudo/db/connection.hpp"
#include "testudo/schema/table.hpp"

namespace testudo::test {

// Introspects `expected.name` and checks (doctest CHECK/REQUIRE) that its columns, indexes,
// unique groups, foreign keys and comments are what `expected` declares.
void check_table(connection& conn, const table_def& expected);

}  // namespace testudo::test
