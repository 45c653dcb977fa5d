// Internal: the PostgreSQL pieces that need no client-library wrapper, over plain inputs (a URL,
// an SQLSTATE and libpq's error message, a column's type OID and a cell's text): connection strings,
// error classification and messages, and value conversion both ways. The libpqxx driver
// (postgres_connection.cpp) uses them, and a driver over raw libpq can.
#pragma once

#include <charconv>
#include <cstdint>
#include <fmt/format.h>
#include <string>
#include <string_view>

#include "testudo/db/url.hpp"
#include "testudo/db/value.hpp"
#include "testudo/errors.hpp"

namespace testudo::detail::pg {

// The libpq connection string of a URL (host, port, database, user, password, connect_timeout,
// sslmode, application_name).
std::string conninfo(const db_url& url);
// How long connecting may take: the URL's connect_timeout, else 10 s (libpq enforces it in a
// blocking connect; a non-blocking one must itself).
long connect_seconds(const db_url& url);
// What to check when libpq could not connect, from its words `why`.
std::string connect_hint(const db_url& url, std::string_view why);
std::string quote_ident(std::string_view name);
// A stable 64-bit key for an advisory lock name (FNV-1a: the same in every process).
std::int64_t lock_key(std::string_view name);

// "message (DETAIL)" of libpq's error message `what`: its first line, plus the DETAIL line that
// names the offending key.
std::string pg_message(std::string_view what);
// The constraint an error message names (or, for NOT NULL, "table.column").
std::string constraint_from(std::string_view message);

// Whether a statement that failed with `sqlstate` leaves its connection unusable: the link is lost
// (class 08), the server shut the session down (57P01), or whether it took effect is unknown (40003).
bool breaks_connection(std::string_view sqlstate);
// Throws testudo's exception for statement `sql`, which the server refused with `sqlstate` and
// libpq's message `what` (PQresultErrorMessage; the text of a pqxx::sql_error): db_connection_error,
// lock_error, transaction_conflict, integrity_error or operational_error. `named_statements`: the
// connection prepares named statements, whose clash on a server connection that a pooler shares
// between clients gets a hint.
[[noreturn]] void throw_statement_error(std::string_view sqlstate, std::string_view what, std::string_view sql,
                                        bool named_statements);

// A parameter as libpq's text format (nullptr for NULL), kept in `text`; the server infers each
// parameter's type from where it is used.
const char* to_param(const value& v, std::string& text);

// A number cell's text as T; otherwise params_error naming the column (`column()`, asked only then).
template <class T, class Column>
T number(std::string_view text, const Column& column) {
  T out{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || end != text.data() + text.size())
    throw params_error(fmt::format("column '{}' holds '{}', not a number", column(), text));
  return out;
}
bool boolean(std::string_view text);

// A non-NULL cell of a column of type `oid` (PQftype) as the value its type says, from its text `t`
// (PQgetvalue); `column()` names the column in an error, `column.bytes()` unescapes a bytea cell
// (the driver's own function does: pqxx::binarystring, PQunescapeBytea).
template <class Column>
value cell_value(std::uint32_t oid, std::string_view t, const Column& column) {
  switch (oid) {
    case 16: return boolean(t);                                                    // bool
    case 17: return column.bytes();                                                // bytea
    case 20: case 21: case 23: case 26: return number<std::int64_t>(t, column);    // int8, int2, int4, oid
    case 700: case 701: return number<double>(t, column);                          // float4, float8
    case 1700: return decimal{std::string(t)};                                     // numeric
    case 1082: return parse_date(t);
    case 1083: case 1266: return parse_time(t);                                    // time, timetz
    case 1114: case 1184: return parse_datetime(t);                                // timestamp, timestamptz
    case 114: case 3802: return json{std::string(t)};                              // json, jsonb
    default: return std::string(t);
  }
}

}  // namespace testudo::detail::pg
