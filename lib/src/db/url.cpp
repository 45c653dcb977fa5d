#include "testudo/db/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>
#include <vector>

#include "testudo/errors.hpp"

namespace testudo {
namespace {

struct scheme_info {
  std::string_view scheme;
  backend kind;
  std::uint16_t default_port;
};

// Tortoise accepts these scheme spellings; asyncpg/psycopg name the PostgreSQL driver.
constexpr scheme_info schemes[] = {
    {"sqlite", backend::sqlite, 0},       {"postgres", backend::postgres, 5432},
    {"postgresql", backend::postgres, 5432}, {"asyncpg", backend::postgres, 5432},
    {"psycopg", backend::postgres, 5432}, {"mysql", backend::mysql, 3306},
    {"asyncmy", backend::mysql, 3306},
};

constexpr std::string_view common_options[] = {"minsize", "maxsize", "connect_timeout"};
constexpr std::string_view sqlite_options[] = {"journal_mode", "journal_size_limit", "foreign_keys",
                                               "busy_timeout", "synchronous"};
constexpr std::string_view postgres_options[] = {"ssl", "sslmode", "application_name", "schema",
                                                 "statement_timeout", "prepared_statements"};
constexpr std::string_view mysql_options[] = {"charset", "ssl", "sql_mode", "storage_engine", "lock_lease"};

std::vector<std::string_view> known_options(backend kind) {
  std::vector<std::string_view> known(std::begin(common_options), std::end(common_options));
  auto add = [&](const auto& list) { known.insert(known.end(), std::begin(list), std::end(list)); };
  switch (kind) {
    case backend::sqlite: add(sqlite_options); break;
    case backend::postgres: add(postgres_options); break;
    case backend::mysql: add(mysql_options); break;
  }
  return known;
}

// Masks the password of a raw URL so no error message ever shows it.
std::string redact_raw(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  auto rest = url.substr(scheme_end + 3);
  // The last '@' anywhere: a password may hold '/', '?' or '@' unescaped, and masking too much
  // (an '@' in the database name or the options) is harmless.
  auto at = rest.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  auto colon = rest.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::string(url);
  return fmt::format("{}://{}:***{}", url.substr(0, scheme_end), rest.substr(0, colon), rest.substr(at));
}

class url_parser {
 public:
  explicit url_parser(std::string_view url) : url_(url), shown_(redact_raw(url)) {}

  [[noreturn]] void fail(std::string_view what, std::string_view fix) const {
    throw configuration_error(fmt::format("invalid database URL '{}': {}. {}", shown_, what, fix));
  }

  std::string decode(std::string_view part, std::string_view what) const {
    std::string out;
    out.reserve(part.size());
    for (std::size_t i = 0; i < part.size(); ++i) {
      if (part[i] != '%') {
        out += part[i];
        continue;
      }
      unsigned value = 0;
      auto hex = part.substr(i + 1, 2);
      auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
      if (hex.size() != 2 || ec != std::errc{} || end != hex.data() + 2)
        fail(fmt::format("bad percent-escape in the {}", what),
             "Write a literal '%' as %25, and other escapes as % followed by two hex digits.");
      out += static_cast<char>(value);
      i += 2;
    }
    return out;
  }

  template <class Int>
  Int number(std::string_view text, Int lo, Int hi, std::string_view what) const {
    Int value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < lo ||
        value > hi)
      fail(fmt::format("{} '{}' is not a whole number from {} to {}", what, text, lo, hi),
           fmt::format("Give {} as a number in that range.", what));
    return value;
  }

  db_url parse() {
    db_url out;
    auto scheme_end = url_.find("://");
    if (scheme_end == std::string_view::npos)
      fail("no scheme", "Write it as sqlite://PATH, postgres://USER:PASS@HOST:PORT/DB or "
                        "mysql://USER:PASS@HOST:PORT/DB.");
    auto scheme = url_.substr(0, scheme_end);
    auto info = std::find_if(std::begin(schemes), std::end(schemes),
                             [&](const scheme_info& s) { return s.scheme == scheme; });
    if (info == std::end(schemes))
      fail(fmt::format("unknown scheme '{}'", scheme),
           "Use sqlite://, postgres:// (or postgresql://) or mysql://.");
    out.kind = info->kind;
    auto rest = url_.substr(scheme_end + 3);
    auto query_start = rest.find('?');
    auto query = query_start == std::string_view::npos ? std::string_view{} : rest.substr(query_start + 1);
    rest = rest.substr(0, query_start);
    if (out.kind == backend::sqlite)
      parse_sqlite_path(rest, out);
    else
      parse_server(rest, info->default_port, out);
    parse_query(query, out);
    return out;
  }

 private:
  void parse_sqlite_path(std::string_view path, db_url& out) const {
    if (path.empty())
      fail("no database file", "Write sqlite://db.sqlite3 (relative), sqlite:///abs/path.db or "
                               "sqlite://:memory:.");
    out.database = decode(path, "path");
  }

  void parse_server(std::string_view rest, std::uint16_t default_port, db_url& out) const {
    auto slash = rest.find('/');
    // Otherwise a '/' in the password makes the rest of it the "database name" of the message.
    if (slash != std::string_view::npos && rest.find('@', slash) != std::string_view::npos &&
        rest.substr(0, slash).find('@') == std::string_view::npos)
      fail("an '@' comes after the first '/', so the user name or password holds a '/'",
           "Escape '/' as %2F (and '@' as %40, '?' as %3F, '#' as %23) in the user name and password.");
    if (slash == std::string_view::npos || slash + 1 == rest.size())
      fail("no database name", "Put the database after the host: ...@HOST:PORT/DATABASE.");
    out.database = decode(rest.substr(slash + 1), "database name");
    if (out.database.find('/') != std::string::npos)
      fail(fmt::format("database name '{}' contains '/'", out.database),
           "Escape it as %2F if the name really has one.");
    auto authority = rest.substr(0, slash);
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      auto userinfo = authority.substr(0, at);
      auto colon = userinfo.find(':');
      out.user = decode(userinfo.substr(0, colon), "user name");
      if (colon != std::string_view::npos) out.password = decode(userinfo.substr(colon + 1), "password");
      authority = authority.substr(at + 1);
    }
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
      auto close = authority.find(']');
      if (close == std::string_view::npos) fail("unclosed '[' in the host", "Write an IPv6 host as [::1].");
      out.host = std::string(authority.substr(1, close - 1));
      auto after = authority.substr(close + 1);
      if (!after.empty() && after.front() != ':') fail("junk after the IPv6 host", "Write [::1]:PORT.");
      if (!after.empty()) port_text = after.substr(1);
      if (!after.empty() && port_text.empty()) fail("empty port after ':'", "Give a port or drop the ':'.");
    } else {
      auto colon = authority.rfind(':');
      out.host = decode(authority.substr(0, colon), "host");
      if (colon != std::string_view::npos) {
        port_text = authority.substr(colon + 1);
        if (port_text.empty()) fail("empty port after ':'", "Give a port or drop the ':'.");
      }
    }
    if (out.host.empty()) fail("no host", "Write the server's address after '@', e.g. @127.0.0.1:5432.");
    out.port = port_text.empty() ? default_port : number<std::uint16_t>(port_text, 1, 65535, "port");
  }

  void parse_query(std::string_view query, db_url& out) const {
    auto known = known_options(out.kind);
    while (!query.empty()) {
      auto amp = query.find('&');
      auto pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      if (pair.empty()) continue;
      auto eq = pair.find('=');
      auto name = decode(pair.substr(0, eq), "option name");
      if (eq == std::string_view::npos)
        fail(fmt::format("option '{}' has no value", name), fmt::format("Write {}=VALUE.", name));
      if (std::find(known.begin(), known.end(), name) == known.end())
        fail(fmt::format("unknown option '{}' for {}", name, backend_name(out.kind)),
             fmt::format("Known options: {}.", fmt::join(known, ", ")));
      if (out.options.contains(name))
        fail(fmt::format("option '{}' given twice", name), "Keep one of them.");
      out.options.emplace(name, decode(pair.substr(eq + 1), "option value"));
    }
    apply_common(out);
  }

  void apply_common(db_url& out) const {
    if (auto it = out.options.find("minsize"); it != out.options.end())
      out.min_size = number<std::size_t>(it->second, 0, 10000, "minsize");
    if (auto it = out.options.find("maxsize"); it != out.options.end())
      out.max_size = number<std::size_t>(it->second, 1, 10000, "maxsize");
    if (out.min_size > out.max_size)
      fail(fmt::format("minsize {} is larger than maxsize {}", out.min_size, out.max_size),
           "Make minsize <= maxsize.");
    // Both end up in a 32-bit int: sqlite3_busy_timeout(), PostgreSQL's statement_timeout.
    for (std::string_view name : {"busy_timeout", "statement_timeout"})
      if (auto it = out.options.find(name); it != out.options.end())
        number<int>(it->second, 0, std::numeric_limits<int>::max(), name);
    if (auto it = out.options.find("journal_size_limit"); it != out.options.end())
      number<std::int64_t>(it->second, 0, std::int64_t{1} << 40, "journal_size_limit");
    if (auto it = out.options.find("connect_timeout"); it != out.options.end())
      out.connect_timeout = std::chrono::seconds(number<int>(it->second, 1, 3600, "connect_timeout"));
    if (auto it = out.options.find("charset"); it != out.options.end()) check_charset(it->second);
    // The migration lock's lease on MySQL, renewed every third of it (at least a second).
    if (auto it = out.options.find("lock_lease"); it != out.options.end())
      number<int>(it->second, 3, 86400, "lock_lease");
    if (auto it = out.options.find("prepared_statements"); it != out.options.end()) check_unprepared(out, it->second);
  }

  // prepared_statements=false is for poolers in transaction mode (PgBouncer), which hand the server
  // connection to another client after each transaction: a session setting made at connect would
  // stay behind for that client and be missing for this one, so the URL may not ask for any.
  void check_unprepared(const db_url& out, const std::string& value) const {
    if (value != "true" && value != "false")
      fail(fmt::format("prepared_statements '{}' is neither true nor false", value),
           "Write prepared_statements=false behind a pooler in transaction mode (PgBouncer), else leave it out.");
    if (value == "true") return;
    for (std::string_view name : {"schema", "statement_timeout"})
      if (out.options.contains(name))
        fail(fmt::format("{} cannot go with prepared_statements=false: it is a session setting, and a pooler in "
                         "transaction mode gives the session to other clients between transactions", name),
             fmt::format("Set it on the role instead (ALTER ROLE {} SET {} = ...), which every server connection "
                         "the pooler opens starts with, and drop it from the URL.",
                         out.user.empty() ? "<user>" : out.user, name == "schema" ? "search_path" : name));
  }

  // In these character sets the second byte of a character can be 0x5C, the backslash: text
  // escaped byte by byte (DDL literals, comments) would let that byte escape the closing quote.
  void check_charset(const std::string& charset) const {
    std::string lower;
    for (char c : charset) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view unsafe : {"big5", "cp932", "gb18030", "gbk", "sjis"})
      if (lower == unsafe)
        fail(fmt::format("charset '{}' is refused: its multi-byte characters can end in the byte of '\\', which "
                         "breaks the quoting of SQL text", charset),
             "Use charset=utf8mb4 (the default) and let the server convert.");
  }

  std::string_view url_;
  std::string shown_;
};

}  // namespace

std::string_view backend_name(backend b) noexcept {
  switch (b) {
    case backend::sqlite: return "sqlite";
    case backend::postgres: return "postgres";
    case backend::mysql: return "mysql";
  }
  return "unknown";
}

std::string db_url::option(std::string_view name, std::string_view fallback) const {
  auto it = options.find(name);
  return it == options.end() ? std::string(fallback) : it->second;
}

std::string db_url::redacted() const {
  std::string out = fmt::format("{}://", backend_name(kind));
  if (kind == backend::sqlite) {
    out += database;
  } else {
    if (!user.empty()) out += password.empty() ? user + "@" : user + ":***@";
    out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    out += fmt::format(":{}/{}", port, database);
  }
  char sep = '?';
  for (const auto& [name, value] : options) {
    out += fmt::format("{}{}={}", sep, name, value);
    sep = '&';
  }
  return out;
}

db_url parse_db_url(std::string_view url) { return url_parser(url).parse(); }

}  // namespace testudo
