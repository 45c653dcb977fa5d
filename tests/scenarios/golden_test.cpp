// Golden files: each scenario's snapshots and the SQL planned for every step, as committed under
// migrations_fixtures/scenarios/<scenario>/ (v<N>.json, <dialect>/<N>.up.sql, <N>.down.sql).
// TESTUDO_UPDATE_GOLDEN=1 rewrites what differs (review the result with git diff).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
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

}  // namespace

TEST_CASE("golden files of scenario columns") { check_golden(scenario_named("columns")); }
TEST_CASE("golden files of scenario indexes") { check_golden(scenario_named("indexes")); }
TEST_CASE("golden files of scenario relations") { check_golden(scenario_named("relations")); }
TEST_CASE("golden files of scenario tables") { check_golden(scenario_named("tables")); }
TEST_CASE("golden files of scenario key_types") { check_golden(scenario_named("key_types")); }
TEST_CASE("golden files of scenario required_columns") { check_golden(scenario_named("required_columns")); }

TEST_CASE("every scenario has golden file tests") {
  std::set<std::string> named{"columns", "indexes", "relations", "tables", "key_types", "required_columns"};
  for (const auto& s : all_scenarios()) CHECK_MESSAGE(named.contains(s.name), s.name);
}

}  // namespace testudo::test
