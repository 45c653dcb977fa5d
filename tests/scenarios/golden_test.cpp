// Golden files: each scenario's snapshots and the SQL planned for every step, as committed under
// migrations_fixtures/scenarios/<scenario>/ (v<N>.json, <dialect>/<N>.up.sql, <N>.down.sql).
// TESTUDO_UPDATE_GOLDEN=1 rewrites what differs (review the result with git diff).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "scenarios/scenarios.hpp"
#include "support/backend.hpp"
#include "testudo/schema/ddl.hpp"

namespace testudo::test {
namespace {

namespace fs = std::filesystem;

bool updating() {
  const char* v = std::getenv("TESTUDO_UPDATE_GOLDEN");
  return v && std::string_view(v) == "1";
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Written next to the target and renamed over it, so parallel runs never see half a file.
void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  auto temporary = path;
  temporary += fmt::format(".tmp{}", ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
  }
  fs::rename(temporary, path);
}

// The first line where the texts part, for the failure message.
std::string first_difference(const std::string& committed, const std::string& generated) {
  std::istringstream a(committed), b(generated);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, la)), more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "only in line ends";
    if (!more_a || !more_b || la != lb)
      return fmt::format("line {}:\n    committed: {}\n    generated: {}", line, more_a ? la : "(end of file)",
                         more_b ? lb : "(end of file)");
  }
}

void check_golden(const scenario& s) {
  const auto& d = dialect_for(current_backend());
  const auto dir = fs::path(TESTUDO_FIXTURES) / "scenarios" / s.name;
  std::vector<std::pair<fs::path, std::string>> expected;
  for (std::size_t n = 0; n < s.versions.size(); ++n) {
    expected.emplace_back(dir / fmt::format("v{}.json", n), s.versions[n].dump(2) + "\n");
    auto sql = planned_step(s, n, d);
    expected.emplace_back(dir / d.name() / fmt::format("{}.up.sql", n), to_script(sql.up));
    expected.emplace_back(dir / d.name() / fmt::format("{}.down.sql", n), to_script(sql.down));
  }
  const bool update = updating();
  std::set<fs::path> known;
  for (const auto& [path, text] : expected) {
    known.insert(path);
    auto committed = read_text(path);
    if (committed == text) continue;
    if (update) {
      write_text(path, text);
      MESSAGE(fmt::format("rewrote {}", path.string()));
      continue;
    }
    FAIL_CHECK(fmt::format("{} {}: {}\nIf the change is intended, rewrite the golden files with "
                               "`TESTUDO_UPDATE_GOLDEN=1 ctest -R scenario` and review them with git diff.",
                               path.string(), committed ? "differs from the planner's output" : "is missing",
                               committed ? first_difference(*committed, text) : std::string("no such file")));
  }
  // Files of steps that no longer exist.
  for (const auto& folder : {dir, dir / d.name()}) {
    if (!fs::is_directory(folder)) continue;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (!entry.is_regular_file() || known.contains(entry.path())) continue;
      auto name = entry.path().filename().string();
      bool ours = folder == dir ? name.starts_with("v") && name.ends_with(".json") : name.ends_with(".sql");
      if (!ours) continue;
      if (update) {
        fs::remove(entry.path());
        MESSAGE(fmt::format("removed {}", entry.path().string()));
      } else {
        FAIL_CHECK(fmt::format("{} belongs to no step of scenario {}: delete it (TESTUDO_UPDATE_GOLDEN=1 does)",
                                   entry.path().string(), s.name));
      }
    }
  }
}

// Tortoise's DDL as a set of statements, and ours made comparable to it: Tortoise leaves foreign
// keys unnamed where we name them (CONSTRAINT fk_...), and orders PostgreSQL's COMMENT and CREATE
// INDEX statements differently.
std::multiset<std::string> statements_of(const std::string& script) {
  static const std::regex named_key(R"re(CONSTRAINT ["`]fk_[a-z0-9_]+["`] )re");
  std::multiset<std::string> out;
  std::size_t at = 0;
  for (std::size_t end; (end = script.find(";\n", at)) != std::string::npos; at = end + 2)
    out.insert(std::regex_replace(script.substr(at, end - at), named_key, ""));
  return out;
}

// A case of migrations_fixtures/tortoise/: our models describe as Tortoise's do, and the schema of
// Tortoise's describe JSON is the one Tortoise's get_schema_sql writes.
void check_tortoise_case(const std::string& name) {
  const auto& d = dialect_for(current_backend());
  const auto dir = fs::path(TESTUDO_FIXTURES) / "tortoise" / name;
  auto described = snapshot_json::parse(read_text(dir / "describe.json").value());
  auto ours = tortoise_case_models(name);
  for (const auto& [model, fields] : ours.items()) {
    INFO(name, " ", model);
    CHECK(fields.at("m2m_fields").dump(2) == described.at(model).at("m2m_fields").dump(2));
  }
  auto want = statements_of(read_text(dir / d.name() / "get_schema_sql.sql").value());
  for (const auto* snapshot : {&described, &ours}) {
    auto got = statements_of(to_script(create_schema(*snapshot, d)));
    CHECK(fmt::format("{}", fmt::join(got, ";\n")) == fmt::format("{}", fmt::join(want, ";\n")));
  }
}

}  // namespace

TEST_CASE("self-referencing M2M with default keys: Tortoise's through table and keys") {
  check_tortoise_case("self_m2m_default");
}
TEST_CASE("self-referencing M2M with custom keys: Tortoise's through table and keys") {
  check_tortoise_case("self_m2m_custom_keys");
}

TEST_CASE("golden files of scenario columns") { check_golden(scenario_named("columns")); }
TEST_CASE("golden files of scenario indexes") { check_golden(scenario_named("indexes")); }
TEST_CASE("golden files of scenario relations") { check_golden(scenario_named("relations")); }
TEST_CASE("golden files of scenario tables") { check_golden(scenario_named("tables")); }
TEST_CASE("golden files of scenario key_types") { check_golden(scenario_named("key_types")); }
TEST_CASE("golden files of scenario required_columns") { check_golden(scenario_named("required_columns")); }
TEST_CASE("golden files of scenario self_m2m") { check_golden(scenario_named("self_m2m")); }
TEST_CASE("golden files of scenario added_columns") { check_golden(scenario_named("added_columns")); }

TEST_CASE("every scenario has golden file tests") {
  std::set<std::string> named{"columns", "indexes", "relations", "tables", "key_types", "required_columns", "self_m2m", "added_columns"};
  for (const auto& s : all_scenarios()) CHECK_MESSAGE(named.contains(s.name), s.name);
}

}  // namespace testudo::test
