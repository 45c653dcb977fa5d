// Migration scenarios: sequences of model versions (v0, v1, …) that together make every kind of
// schema change the planner knows, with rows to insert at v0.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "testudo/db/connection.hpp"
#include "testudo/db/value.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/model/describe.hpp"

namespace testudo::test {

// A row inserted into one of v0's tables (parents come before their children).
struct seed_row {
  std::string table;
  std::vector<std::pair<std::string, value>> values;  // column → value
};

struct scenario {
  std::string name;                    // folder under migrations_fixtures/scenarios/
  std::vector<snapshot_json> versions; // describe snapshots of app "models", v0 first
  std::vector<seed_row> seed;
  // Extra checks on the live database after each upgrade to version n (none: nothing more).
  std::function<void(connection&, std::size_t n)> probe;
};

const std::vector<scenario>& all_scenarios();
const scenario& scenario_named(std::string_view name);

// The SQL of step `n` of a scenario on dialect `d`: for n = 0 the CREATE script of v0 (as
// `testudo init-db` writes it) and the DROPs that undo it, else the plan from v(n-1) to v(n).
struct step_sql {
  std::vector<std::string> up, down;
};
step_sql planned_step(const scenario& s, std::size_t n, const dialect& d);

// The C++ declaration of migrations_fixtures/tortoise/<name>/models.py.txt, described as app "models".
snapshot_json tortoise_case_models(std::string_view name);

// Gadget and Part, Part with a foreign key to Gadget (NOT NULL without a default unless
// `nullable`) or without it.
snapshot_json required_key_models(bool with_key, bool nullable = false);

}  // namespace testudo::test
