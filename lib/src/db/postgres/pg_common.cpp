#include "db/postgres/pg_common.hpp"


#include "db/drivers.hpp"

namespace testudo::detail::pg {
namespace {

// libpq keyword=value strings quote values in '...' with backslash escapes.
std::string conninfo_value(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

long connect_seconds(const db_url& url) { return url.connect_timeout ? url.connect_timeout->count() : 10; }

std::string conninfo(const db_url& url) {
  std::string out = fmt::format("host={} port={} dbname={}", conninfo_value(url.host), url.port,
                                conninfo_value(url.database));
  if (!url.user.empty()) out += " user=" + conninfo_value(url.user);
  if (!url.password.empty()) out += " password=" + conninfo_value(url.password);
  out += fmt::format(" connect_timeout={}", connect_seconds(url));
  auto ssl = url.option("sslmode", url.option("ssl"));
  if (ssl == "true") ssl = "require";
  if (ssl == "false") ssl = "disable";
  if (!ssl.empty()) out += " sslmode=" + conninfo_value(ssl);
  if (auto app = url.option("application_name", "testudo"); !app.empty())
    out += " application_name=" + conninfo_value(app);
  return out;
}

// libpq's words are kept; the hint says what they mean for the URL.
std::string connect_hint(const db_url& url, std::string_view why) {
  auto says = [&](std::string_view text) { return why.find(text) != std::string_view::npos; };
  if (says("timeout expired"))
    return fmt::format("The server did not answer within {} s (connect_timeout): check the host and port and that no "
                       "firewall drops the connection, or raise ?connect_timeout=", connect_seconds(url));
  if (says("does not support SSL"))
    return "The server does not offer SSL: remove sslmode=require (or ssl=true) from the URL, or enable SSL on the server.";
  if (says("SSL negotiation") || says("expected authentication request"))
    return fmt::format("Something answers at {}:{} but it does not speak the PostgreSQL protocol: check the port "
                       "(another server listens there; PostgreSQL's default is 5432).", url.host, url.port);
  return "Check that the server is running, and the host, port, user and password.";
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::int64_t lock_key(std::string_view name) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
  return static_cast<std::int64_t>(h);
}

std::string pg_message(std::string_view what) {
  auto line = first_line(what);
  auto detail = what.find("DETAIL:  ");
  if (detail == std::string_view::npos) return line;
  return fmt::format("{} ({})", line, first_line(what.substr(detail + 9)));
}

// Pulls `constraint "name"` (or, for NOT NULL, `column "c" of relation "t"`) out of a message.
std::string constraint_from(std::string_view message) {
  auto quoted_after = [&](std::string_view marker) -> std::string {
    auto at = message.find(marker);
    if (at == std::string_view::npos) return {};
    auto start = at + marker.size();
    auto end = message.find('"', start);
    return std::string(message.substr(start, end - start));
  };
  if (auto name = quoted_after("constraint \""); !name.empty()) return name;
  auto column = quoted_after("column \"");
  auto table = quoted_after("relation \"");
  return table.empty() ? column : table + "." + column;
}

bool breaks_connection(std::string_view sqlstate) {
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "40003";
}

void throw_statement_error(std::string_view sqlstate, std::string_view what, std::string_view sql, bool named_statements) {
  auto details = [&](std::string_view state) {
    return error_details{.sqlstate = std::string(state), .native_code = 0, .statement = std::string(sql), .statement_index = {}};
  };
  if (sqlstate == "40003")  // statement_completion_unknown: a transaction rollback, but not a conflict
    throw operational_error(fmt::format("PostgreSQL: whether the statement took effect is unknown: {}", first_line(what)),
                            details({}));
  auto message = pg_message(what);
  if (breaks_connection(sqlstate)) throw db_connection_error(fmt::format("lost the connection to PostgreSQL: {}", message));
  if (sqlstate == "40000" || sqlstate == "40001" || sqlstate == "40P01")
    throw transaction_conflict(message, details(sqlstate));
  if (sqlstate == "55P03") throw lock_error(message, details(sqlstate));  // lock_not_available
  // "prepared statement ... already exists / does not exist": another client used the same server
  // connection, which is what a pooler in transaction mode does between transactions.
  if (named_statements && (sqlstate == "42P05" || sqlstate == "26000") && what.find("prepared statement") != std::string_view::npos)
    throw operational_error(fmt::format("{}: the server connection was also used by another client, as a pooler "
                                        "in transaction mode (PgBouncer) does; add prepared_statements=false to "
                                        "the database URL (e.g. ...?prepared_statements=false)", message),
                            details(sqlstate));
  if (sqlstate.starts_with("23")) throw integrity_error(message, constraint_from(what), details(sqlstate));
  throw operational_error(message, details(sqlstate));
}

const char* to_param(const value& v, std::string& text) {
  struct visitor {
    std::string& t;
    bool operator()(null_t) const { return false; }
    bool operator()(bool b) const { t = b ? "true" : "false"; return true; }
    bool operator()(std::int64_t n) const { t = std::to_string(n); return true; }
    bool operator()(double d) const { t = format_double(d); return true; }
    bool operator()(const std::string& s) const { t = s; return true; }
    bool operator()(const blob& b) const {
      t = "\\x";
      for (auto byte : b) t += fmt::format("{:02x}", byte);
      return true;
    }
    bool operator()(const decimal& d) const { t = d.text; return true; }
    bool operator()(const date& d) const { t = format_date(d); return true; }
    bool operator()(const time_of_day& x) const { t = format_time(x); return true; }
    bool operator()(const datetime& x) const { t = format_datetime(x, true); return true; }
    bool operator()(const json& j) const { t = j.text; return true; }
  };
  return std::visit(visitor{text}, v) ? text.c_str() : nullptr;
}

bool boolean(std::string_view text) { return text == "t" || text == "true" || text == "1"; }

}  // namespace testudo::detail::pg
