// Internal: the constructors of the three drivers, and helpers they share.
#pragma once

#include <memory>
#include <string>

#include "testudo/db/connection.hpp"

namespace testudo::detail {

std::unique_ptr<connection> connect_sqlite(const db_url& url);
std::unique_ptr<connection> connect_postgres(const db_url& url);
std::unique_ptr<connection> connect_mysql(const db_url& url);
// Connector/C++'s per-thread setup and cleanup (threadInit/threadEnd), which the threads the
// library starts to run statements call first and last.
void mysql_thread_init();
void mysql_thread_end();

// "cannot connect to <what> at <where>: <why>. <hint>" — the one line a user sees.
[[noreturn]] void throw_connect_error(const db_url& url, std::string_view why, std::string_view hint);

// The first line of a driver's message, without trailing blanks or a "ERROR:  " prefix.
std::string first_line(std::string_view message);

}  // namespace testudo::detail
