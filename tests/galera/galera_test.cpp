// The MySQL migration lock on a 3-node MariaDB Galera cluster (.ci/galera; ctest starts it as the
// `galera` fixture): the real CLI, processes connected to different nodes.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/db/url.hpp"

using namespace std::chrono_literals;
using namespace testudo::test;
using testudo::migration_status;

namespace {

// TESTUDO_TEST_GALERA_URLS (what `.ci/galera env` prints), else the nodes .ci/galera starts on
// TESTUDO_GALERA_PORT (default 54306) and the two ports after it.
std::vector<std::string> galera_urls() {
  std::vector<std::string> urls;
  if (const char* list = std::getenv("TESTUDO_TEST_GALERA_URLS"); list && *list) {
    std::string_view rest = list;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      urls.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return urls;
  }
  const char* port = std::getenv("TESTUDO_GALERA_PORT");
  int first = port && *port ? std::atoi(port) : 54306;
  for (int n = 0; n < 3; ++n) urls.push_back(fmt::format("mysql://testudo:testudo_pw@127.0.0.1:{}/testudo_test", first + n));
  return urls;
}

// The project's database on each node, with `query` (URL options) appended.
std::vector<std::string> node_urls(const cli_project& p, const std::string& query = "") {
  auto database = testudo::parse_db_url(p.url()).database;
  std::vector<std::string> urls;
  for (const auto& url : galera_urls()) urls.push_back(url.substr(0, url.rfind('/') + 1) + database + query);
  return urls;
}

// Waits until node `url` has applied everything the cluster committed so far, so that the
// checks (which read through their own connections to it) see the other nodes' writes.
void sync_with_cluster(const std::string& url) {
  auto conn = testudo::connect(url);
  conn->execute("SET SESSION wsrep_sync_wait = 1");
  conn->query("SELECT 1");
}

}  // namespace

TEST_CASE("six upgrades spread over the three nodes apply each migration exactly once, 20 rounds") {
  cli_project p("galera_race");
  p.init();
  p.execute("CREATE TABLE galera_log (id INT AUTO_INCREMENT PRIMARY KEY, step VARCHAR(20))");
  p.execute("CREATE TABLE galera_t (id INT PRIMARY KEY)");
  auto nodes = node_urls(p);
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    for (int k = 0; k < 2; ++k) {
      // A migration applied twice fails with "Duplicate column name", as in issue #12.
      auto step = fmt::format("r{}_{}", round, k);
      p.write_migration(step, fmt::format("ALTER TABLE galera_t ADD COLUMN c_{0} INT;\n"
                                          "INSERT INTO galera_log (step) VALUES ('{0}');", step),
                        fmt::format("ALTER TABLE galera_t DROP COLUMN c_{};", step));
    }
    std::vector<cli_process> runs;
    for (int i = 0; i < 6; ++i) runs.push_back(p.start({"upgrade"}, {{"TESTUDO_DB_URL", nodes[i % 3]}}));
    std::size_t reported = 0;
    for (auto& run : runs) {
      auto r = run.wait();
      CHECK_EXIT(r, 0);
      reported += occurrences(r.out, "Success upgrading to ");
    }
    CHECK(reported == 2);  // each migration reported once, by the process that applied it
    sync_with_cluster(nodes[0]);
    auto versions = p.versions(), files = p.migration_files();
    std::sort(versions.begin(), versions.end());  // files are listed by name, "10_…" before "2_…"
    REQUIRE_MESSAGE(versions == files, fmt::format("{}", fmt::join(versions, " ")));
    for (const auto& row : p.rows()) CHECK_MESSAGE(row.status == migration_status::applied, row.version);
    CHECK(p.count("galera_log") == 2 * (round + 1));
  }
}

TEST_CASE("an upgrade killed on one node: a run on another node gets the lock once the lease ends") {
  cli_project p("galera_killed");
  p.init();
  auto nodes = node_urls(p, "?lock_lease=3");
  auto file = p.write_migration("slow", "CREATE TABLE killed_g (id INT PRIMARY KEY);\nSELECT SLEEP(30);",
                                "DROP TABLE killed_g;");
  auto upgrade = p.start({"-v", "upgrade"}, {{"TESTUDO_DB_URL", nodes[0]}});
  REQUIRE(upgrade.wait_for_output("[1/2]", 60s));
  upgrade.kill9();
  CHECK(upgrade.wait().signal == SIGKILL);

  // Node 1 still runs the dead client's SLEEP (and holds its GET_LOCK): only the lease frees the row.
  auto again = p.run({"upgrade", "--lock-timeout", "60"}, {{"TESTUDO_DB_URL", nodes[1]}});
  CHECK_EXIT(again, 1);
  CHECK_NOT_ERR(again, "another process is migrating");
  CHECK_ERR(again, "is recorded as running after");  // 0 or 1 statement(s): the kill may come before the journal
  CHECK_ERR(again, "testudo resolve " + file);
  auto resolve = p.run({"resolve", file, "--applied"}, {{"TESTUDO_DB_URL", nodes[1]}});
  CHECK_EXIT(resolve, 0);
  auto last = p.run({"upgrade"}, {{"TESTUDO_DB_URL", nodes[2]}});
  CHECK_EXIT(last, 0);
  CHECK_OUT(last, "No upgrade items found");
}

// The suite's server is node 1: cli_project creates its databases there (DDL replicates).
int main(int argc, char** argv) {
  setenv("TESTUDO_TEST_MYSQL_URL", galera_urls().at(0).c_str(), 1);
  select_backend("mysql");
  std::signal(SIGPIPE, SIG_IGN);  // a child that exits before reading its stdin must not kill the suite
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  return context.run();
}
