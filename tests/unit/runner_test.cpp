// The migrator refuses a folder whose migrations do not form one chain (SQLite in memory).
#include <doctest/doctest.h>
#include <filesystem>

#include "testudo/errors.hpp"
#include "testudo/migrate/runner.hpp"

using namespace testudo;

namespace {

migration file(std::int64_t number, std::string name, std::optional<std::string> parent) {
  migration m;
  m.number = number;
  m.timestamp = "20261124120000";
  m.name = std::move(name);
  m.up_sql = "SELECT 1;";
  m.parent = std::move(parent);
  return m;
}

std::string folder(const char* name) {
  auto dir = std::string(TESTUDO_SCRATCH) + "/runner_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

std::string error_of(const std::string& dir) {
  auto conn = connect("sqlite://:memory:");
  try {
    migrator runner(*conn, "models", dir);
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("two migrations made on the same parent are reported as a fork") {
  auto dir = folder("fork");
  auto init = file(0, "init", std::nullopt);
  write_migration(dir, init);
  write_migration(dir, file(1, "add_a", init.file_name()));
  write_migration(dir, file(2, "add_b", init.file_name()));
  auto message = error_of(dir);
  CHECK(message.find("were both made on top of 0_20261124120000_init.sql") != std::string::npos);
  CHECK(message.find("1_20261124120000_add_a.sql") != std::string::npos);
  CHECK(message.find("2_20261124120000_add_b.sql") != std::string::npos);
}

TEST_CASE("two migrations with one number are reported with the way out") {
  auto dir = folder("duplicate");
  auto init = file(0, "init", std::nullopt);
  write_migration(dir, init);
  write_migration(dir, file(1, "add_a", init.file_name()));
  write_migration(dir, file(1, "add_b", "1_20261124120000_add_a.sql"));
  auto message = error_of(dir);
  CHECK(message.find("two migration files have number 1") != std::string::npos);
  CHECK(message.find("renumber the other to 2") != std::string::npos);
}

TEST_CASE("a linear chain is accepted and every file is pending on an empty database") {
  auto dir = folder("chain");
  auto init = file(0, "init", std::nullopt);
  auto next = file(1, "add_a", init.file_name());
  write_migration(dir, init);
  write_migration(dir, next);
  auto conn = connect("sqlite://:memory:");
  migrator runner(*conn, "models", dir);
  CHECK(runner.pending().size() == 2);
  CHECK(runner.upgrade({}).size() == 2);
  CHECK(runner.pending().empty());
}
