#include "support/backend.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <stdexcept>
#include <unistd.h>

namespace testudo::test {
namespace {

backend selected = backend::sqlite;

std::string sqlite_file() {
  static const std::string path = [] {
    auto p = fmt::format("{}/driver_{}.db", TESTUDO_TEST_SCRATCH, ::getpid());
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
    std::atexit([] {
      for (auto suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(fmt::format("{}/driver_{}.db{}", TESTUDO_TEST_SCRATCH, ::getpid(), suffix));
    });
    return p;
  }();
  return path;
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// `url` with the options of `query` (a=b&c=d) added to those it has.
std::string with_options(const std::string& url, std::string_view query) {
  if (query.empty()) return url;
  return fmt::format("{}{}{}", url, url.find('?') == std::string::npos ? '?' : '&', query);
}

}  // namespace

void select_backend(std::string_view name) {
  if (name == "sqlite") selected = backend::sqlite;
  else if (name == "postgres") selected = backend::postgres;
  else if (name == "mysql") selected = backend::mysql;
  else throw std::invalid_argument(fmt::format("unknown --backend={} (sqlite, postgres, mysql)", name));
}

backend current_backend() { return selected; }

std::string test_url(std::string_view query) {
  std::string base;
  switch (selected) {
    case backend::sqlite: base = "sqlite://" + sqlite_file(); break;
    case backend::postgres: base = env_or("TESTUDO_TEST_POSTGRES_URL", TESTUDO_DEFAULT_POSTGRES_URL); break;
    case backend::mysql: base = env_or("TESTUDO_TEST_MYSQL_URL", TESTUDO_DEFAULT_MYSQL_URL); break;
  }
  return with_options(base, query);
}

std::string variant_prefix() {
  auto variant = env_or("TESTUDO_TEST_VARIANT", "");
  return variant.empty() ? variant : variant + "_";
}

std::unique_ptr<connection> open_connection(std::string_view query) { return connect(test_url(query)); }

std::string fresh_database(std::string_view name, std::string_view query) {
  auto db = fmt::format("testudo_t_{}{}", variant_prefix(), name);
  if (selected == backend::sqlite) {
    auto path = fmt::format("{}/{}.db", TESTUDO_TEST_SCRATCH, db);
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    return with_options("sqlite://" + path, query);
  }
  auto admin = open_connection();
  if (selected == backend::postgres) {
    admin->execute(fmt::format("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", db));
    admin->execute(fmt::format("CREATE DATABASE \"{}\"", db));
  } else {
    admin->execute(fmt::format("DROP DATABASE IF EXISTS `{}`", db));
    admin->execute(fmt::format("CREATE DATABASE `{}` CHARACTER SET utf8mb4", db));
  }
  auto url = parse_db_url(test_url());
  auto base = test_url();
  auto options = base.find('?');
  auto at = base.rfind("/" + url.database, options);
  return with_options(base.substr(0, at + 1) + db + (options == std::string::npos ? "" : base.substr(options)), query);
}

std::string column_type(std::string_view logical) {
  static const std::map<std::string_view, std::array<std::string_view, 3>> types = {
      //  logical        sqlite        postgres              mysql
      {"pk", {"INTEGER PRIMARY KEY AUTOINCREMENT", "SERIAL PRIMARY KEY", "INT AUTO_INCREMENT PRIMARY KEY"}},
      {"bigint", {"INTEGER", "BIGINT", "BIGINT"}},
      {"decimal", {"TEXT", "NUMERIC(30,6)", "DECIMAL(30,6)"}},
      {"double", {"REAL", "DOUBLE PRECISION", "DOUBLE"}},
      {"text", {"TEXT", "TEXT", "LONGTEXT"}},
      {"varchar", {"VARCHAR(255)", "VARCHAR(255)", "VARCHAR(255)"}},
      {"blob", {"BLOB", "BYTEA", "LONGBLOB"}},
      {"bool", {"INTEGER", "BOOLEAN", "BOOL"}},
      {"date", {"DATE", "DATE", "DATE"}},
      {"time", {"TIME", "TIME", "TIME(6)"}},
      {"datetime", {"TIMESTAMP", "TIMESTAMPTZ", "DATETIME(6)"}},
      {"json", {"JSON", "JSONB", "JSON"}},
  };
  return std::string(types.at(logical)[static_cast<std::size_t>(selected)]);
}

void recreate_table(connection& conn, std::string_view table, std::string_view columns) {
  conn.execute(fmt::format("DROP TABLE IF EXISTS {}", table));
  conn.execute(fmt::format("CREATE TABLE {} ({})", table, columns));
}

std::int64_t count_rows(connection& conn, std::string_view table) {
  auto rows = conn.query(fmt::format("SELECT COUNT(*) FROM {}", table));
  rows->next();
  return rows->get_int64(0);
}

}  // namespace testudo::test
