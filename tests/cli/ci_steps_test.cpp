// docs/ci.md's migration step, run as written: each check passes on a project in order, and each
// stops the job (exit 3) on what it is there to catch.
#include <doctest/doctest.h>

#include "cli/checks.hpp"
#include "cli/project.hpp"

using namespace testudo::test;

TEST_CASE("docs/ci.md: migrate --check --offline, lint, drift and upgrade --dry-run pass, then each catches its problem") {
  cli_project p("ci_steps");
  p.init();
  auto file = p.migrate_add_x();  // the models library declares Product.x: its migration is committed

  auto check = p.run({"--models", shop_library(), "migrate", "--check", "--offline"});
  CHECK_EXIT(check, 0);
  CHECK_OUT(check, "No changes detected");
  CHECK_EXIT(p.run({"lint"}), 0);
  CHECK_EXIT(p.run({"drift"}), 0);
  auto dry = p.run({"upgrade", "--dry-run"});
  CHECK_EXIT(dry, 0);
  CHECK_OUT(dry, "-- " + file);
  CHECK_FALSE(p.has_column("products", "x"));  // a dry run changes nothing

  // Models changed without a migration: the v0 models against a newest file that has x.
  CHECK_EXIT(p.run({"--models", shop_v0(), "migrate", "--check", "--offline"}), 3);
  // A risky pending migration.
  p.write_migration("purge", "DELETE FROM users;");
  CHECK_EXIT(p.run({"lint"}), 3);
  // Staging changed by hand.
  p.execute("CREATE INDEX idx_by_hand ON users (email)");
  CHECK_EXIT(p.run({"drift"}), 3);
}
