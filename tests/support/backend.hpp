// Test support: which backend this run of the shared driver suite targets, and its connections.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "testudo/db/connection.hpp"

namespace testudo::test {

// Set once by main() from --backend=sqlite|postgres|mysql.
void select_backend(std::string_view name);
backend current_backend();

// The URL of the backend under test: TESTUDO_TEST_<BACKEND>_URL, else the build's default (the
// servers .ci/servers starts); SQLite uses a scratch file private to this process.
// `query` (a=b&c=d) is added to the options the URL already has.
std::string test_url(std::string_view query = {});
std::unique_ptr<connection> open_connection(std::string_view query = {});

// "" normally; "<TESTUDO_TEST_VARIANT>_" when a suite runs a second time against the same server by
// another route (e.g. "pgbouncer"), so that its databases and folders are not the first run's.
std::string variant_prefix();

// The URL of an empty database of its own called `name` (dropped and created again), so tests
// that create whole schemas never see each other's tables, with the test URL's options and `query` (a=b&c=d). SQLite: a scratch file.
std::string fresh_database(std::string_view name, std::string_view query = {});

// Column types for the driver tests, per backend (the schema layer owns this for real models).
std::string column_type(std::string_view logical);

// Drops `table` if it exists and creates it with `columns` (column DDL, types from column_type).
void recreate_table(connection& conn, std::string_view table, std::string_view columns);
std::int64_t count_rows(connection& conn, std::string_view table);

}  // namespace testudo::test
