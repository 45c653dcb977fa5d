// Database URL parsing: Tortoise's forms, and a precise error for every malformed part.
#include <doctest/doctest.h>

#include "testudo/db/url.hpp"
#include "testudo/errors.hpp"

using namespace testudo;

namespace {
// The message of the configuration_error that parsing `url` throws.
std::string error_of(std::string_view url) {
  try {
    parse_db_url(url);
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "(no error)";
}
bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("sqlite URLs: relative and absolute paths and in-memory") {
  CHECK(parse_db_url("sqlite://db.sqlite3").database == "db.sqlite3");
  CHECK(parse_db_url("sqlite:///var/lib/app/db.sqlite3").database == "/var/lib/app/db.sqlite3");
  auto mem = parse_db_url("sqlite://:memory:");
  CHECK(mem.is_memory());
  CHECK(mem.kind == backend::sqlite);
  auto wal = parse_db_url("sqlite://a%20b.db?journal_mode=WAL&busy_timeout=100");
  CHECK(wal.database == "a b.db");
  CHECK(wal.option("journal_mode") == "WAL");
}

TEST_CASE("postgres URLs with credentials and port and options in every scheme spelling") {
  for (auto scheme : {"postgres", "postgresql", "asyncpg", "psycopg"}) {
    auto u = parse_db_url(std::string(scheme) + "://app:p%40ss%3Aw0rd@db.example.com:6543/shop?minsize=2&maxsize=20&ssl=require&connect_timeout=7");
    CHECK(u.kind == backend::postgres);
    CHECK(u.user == "app");
    CHECK(u.password == "p@ss:w0rd");
    CHECK(u.host == "db.example.com");
    CHECK(u.port == 6543);
    CHECK(u.database == "shop");
    CHECK(u.min_size == 2);
    CHECK(u.max_size == 20);
    CHECK(u.connect_timeout == std::chrono::seconds(7));
    CHECK(u.option("ssl") == "require");
  }
  auto defaults = parse_db_url("postgres://localhost/db");
  CHECK(defaults.port == 5432);
  CHECK(defaults.user.empty());
  CHECK(defaults.min_size == 1);
  CHECK(defaults.max_size == 5);
  CHECK(parse_db_url("postgres://u@[::1]:5433/db").host == "::1");
}

TEST_CASE("mysql URLs") {
  auto u = parse_db_url("mysql://root:secret@127.0.0.1/shop?charset=utf8mb4");
  CHECK(u.kind == backend::mysql);
  CHECK(u.port == 3306);
  CHECK(u.option("charset") == "utf8mb4");
  CHECK(u.option("sql_mode", "none") == "none");
}

TEST_CASE("redacted() never shows the password") {
  auto u = parse_db_url("postgres://app:hunter2@h:1/db?maxsize=3");
  CHECK(u.redacted() == "postgres://app:***@h:1/db?maxsize=3");
  CHECK(parse_db_url("sqlite://x.db").redacted() == "sqlite://x.db");
}

TEST_CASE("an error about a URL never shows a password holding '/', '?', '#' or '@'") {
  for (std::string url : {"postgres://u:pa/ss42@127.0.0.1:1/db", "postgres://u:pa/ss42@127.0.0.1:1/db?minsize=1",
                          "mysql://u:p?a@ss42@127.0.0.1:1/db", "mysql://u:pa@ss42@127.0.0.1:1/d/b",
                          "postgres://u:pa/ss42@h/db?frobnicate=1"}) {
    CAPTURE(url);
    auto message = error_of(url);
    CHECK_FALSE(message.empty());
    CHECK_FALSE(contains(message, "ss42"));
  }
  CHECK(contains(error_of("postgres://u:pa/ss42@127.0.0.1:1/db"), "%2F"));
}

TEST_CASE("malformed URLs name the part that is wrong") {
  CHECK(contains(error_of("db.sqlite3"), "no scheme"));
  CHECK(contains(error_of("oracle://h/db"), "unknown scheme 'oracle'"));
  CHECK(contains(error_of("sqlite://"), "no database file"));
  CHECK(contains(error_of("postgres://u:p@host:54x2/db"), "port '54x2' is not a whole number"));
  CHECK(contains(error_of("postgres://u:p@host:0/db"), "port '0'"));
  CHECK(contains(error_of("postgres://u:p@host:65536/db"), "port '65536'"));
  CHECK(contains(error_of("postgres://u:p@host:/db"), "empty port"));
  CHECK(contains(error_of("postgres://u:p@host:5432"), "no database name"));
  CHECK(contains(error_of("postgres://u:p@host:5432/"), "no database name"));
  CHECK(contains(error_of("postgres://u:p@:5432/db"), "no host"));
  CHECK(contains(error_of("mysql://u:p@h/db?maxsize=abc"), "maxsize 'abc'"));
  CHECK(contains(error_of("mysql://u:p@h/db?minsize=5&maxsize=2"), "minsize 5 is larger than maxsize 2"));
  CHECK(contains(error_of("mysql://u:p@h/db?maxsiz=2"), "unknown option 'maxsiz'"));
  CHECK(contains(error_of("mysql://u:p@h/db?maxsiz=2"), "Known options: minsize, maxsize"));
  CHECK(contains(error_of("mysql://u:p@h/db?charset"), "option 'charset' has no value"));
  CHECK(contains(error_of("mysql://u:p@h/db?charset=a&charset=b"), "given twice"));
  CHECK(contains(error_of("postgres://u:p@h/db%zz"), "bad percent-escape"));
  CHECK(contains(error_of("postgres://u:p@[::1/db"), "unclosed '['"));
  CHECK(contains(error_of("sqlite://x.db?journal_mode=WAL&ssl=true"), "unknown option 'ssl' for sqlite"));
  CHECK(contains(error_of("sqlite://x.db?busy_timeout=soon"), "busy_timeout 'soon'"));
}

TEST_CASE("errors never repeat the password") {
  auto msg = error_of("postgres://app:hunter2@host:99999/db");
  CHECK(contains(msg, "app:***@host"));
  CHECK_FALSE(contains(msg, "hunter2"));
}

TEST_CASE("MySQL charsets whose characters can end in a backslash byte are refused") {
  for (const char* charset : {"gbk", "GBK", "big5", "sjis", "cp932", "gb18030"}) {
    CAPTURE(charset);
    auto message = error_of(std::string("mysql://u:p@h/db?charset=") + charset);
    CHECK(contains(message, "charset '" + std::string(charset) + "' is refused"));
    CHECK(contains(message, "charset=utf8mb4"));
  }
  CHECK(parse_db_url("mysql://u:p@h/db?charset=latin1").option("charset") == "latin1");
}

TEST_CASE("prepared_statements=false (PgBouncer's transaction pooling) refuses the session settings") {
  CHECK(parse_db_url("postgres://u:p@h/db?prepared_statements=false").option("prepared_statements") == "false");
  CHECK(parse_db_url("postgres://u:p@h/db?prepared_statements=true&schema=s").option("schema") == "s");
  CHECK(contains(error_of("postgres://u:p@h/db?prepared_statements=no"), "prepared_statements 'no' is neither"));
  CHECK(contains(error_of("mysql://u:p@h/db?prepared_statements=false"), "unknown option 'prepared_statements'"));
  for (const char* setting : {"schema=app", "statement_timeout=500"}) {
    CAPTURE(setting);
    auto message = error_of(std::string("postgres://app:p@h/db?prepared_statements=false&") + setting);
    CHECK(contains(message, "cannot go with prepared_statements=false"));
    CHECK(contains(message, "ALTER ROLE app SET"));
  }
}
