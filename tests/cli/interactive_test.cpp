// The questions the CLI asks on a terminal (a pseudo-terminal here): whether a column that
// disappeared while a similar one appeared was renamed, and whether to really downgrade. Without a
// terminal, or with --no-input, it never asks.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"

namespace fs = std::filesystem;
using namespace testudo::test;
using nlohmann::json;

namespace {

const std::string rename_question = "Rename column users.email to contact_email?";

json read_json(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  return json::parse(in);
}

void write_json(const fs::path& path, const json& doc) {
  std::ofstream(path, std::ios::trunc) << doc.dump(2) << "\n";
  REQUIRE(fs::exists(path));
}

// Two versions of the shop models in the project folder: v0 (the fixture as is) and v1, where
// field email of models.User is renamed contact_email (name and column; the (email, is_active)
// index follows its field). Returns their paths.
std::pair<std::string, std::string> email_rename_models(const cli_project& p) {
  auto v0 = read_json(shop_v0());
  auto v1 = v0;
  auto& user = v1.at("models.User");
  int renamed = 0;
  for (auto& field : user.at("data_fields"))
    if (field.at("name") == "email") {
      field["name"] = "contact_email";
      field["db_column"] = "contact_email";
      ++renamed;
    }
  REQUIRE(renamed == 1);
  for (auto& index : user.at("indexes"))
    for (auto& name : index)
      if (name == "email") name = "contact_email";
  REQUIRE(v1 != v0);
  auto v0_path = p.dir() / "models_v0.json", v1_path = p.dir() / "models_v1.json";
  write_json(v0_path, v0);
  write_json(v1_path, v1);
  return {v0_path.string(), v1_path.string()};
}

// A project at models v0 with one user whose email must survive a rename.
std::string init_with_alice(const cli_project& p, const std::string& v0) {
  p.init(v0);
  p.execute("INSERT INTO users (created_at, updated_at, username, email, role, is_active) VALUES "
            "('2024-01-01 00:00:00', '2024-01-01 00:00:00', 'alice', 'alice@example.com', 'customer', TRUE)");
  REQUIRE(p.count("users") == 1);
  return p.migration_files().at(0);
}

// The value of `column` in alice's row.
std::string alice(const cli_project& p, const std::string& column) {
  auto conn = p.connect();
  auto rows = conn->query("SELECT " + column + " FROM users WHERE username = 'alice'");
  REQUIRE(rows->next());
  return rows->is_null(0) ? std::string("<null>") : std::string(rows->get_text(0));
}

std::string section(const std::string& text, const std::string& name) {
  auto marker = "-- +testudo " + name + "\n";
  auto at = text.find(marker);
  REQUIRE_MESSAGE(at != std::string::npos, "no section " << name << " in:\n" << text);
  auto start = at + marker.size();
  return text.substr(start, text.find("-- +testudo ", start) - start);
}

std::string new_file(const cli_project& p, const std::vector<std::string>& before) {
  auto now = p.migration_files();
  REQUIRE_MESSAGE(now.size() == before.size() + 1, "expected one new migration file");
  return now.back();
}

}  // namespace

TEST_CASE("migrate on a terminal asks about a rename and y renames the column keeping its data") {
  cli_project p("tty_rename_yes");
  auto [v0, v1] = email_rename_models(p);
  init_with_alice(p, v0);
  auto before = p.migration_files();

  auto r = p.run_on_tty({"--models", v1, "migrate", "--name", "rename_email"}, {{rename_question, "y\n"}});
  CHECK_EXIT(r, 0);
  CHECK_FALSE(r.timed_out);
  CHECK_OUT(r, rename_question);
  CHECK_OUT(r, "column users.email is renamed to contact_email (confirmed)");
  CHECK_FALSE(has(r.out, "dropped with its data"));
  auto file = new_file(p, before);
  CHECK_OUT(r, "Success creating migration file " + file);
  auto text = p.read(fs::path("migrations/models") / file);
  auto up = section(text, "up"), down = section(text, "down");
  INFO("migration file:\n", text);
  CHECK(has(up, "RENAME COLUMN"));
  CHECK(has(up, "contact_email"));
  CHECK_FALSE(has(up, "DROP COLUMN"));
  CHECK_FALSE(has(up, "ADD COLUMN"));
  CHECK(has(down, "RENAME COLUMN"));

  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK_OUT(r, "Success upgrading to " + file);
  CHECK(p.has_column("users", "contact_email"));
  CHECK_FALSE(p.has_column("users", "email"));
  CHECK(alice(p, "contact_email") == "alice@example.com");  // the row kept its value
  r = p.run({"--models", v1, "migrate", "--check"});
  CHECK_EXIT(r, 0);

  // and back: the down migration renames it again, still with the value
  r = p.run({"downgrade", "--yes"});
  CHECK_EXIT(r, 0);
  CHECK(p.has_column("users", "email"));
  CHECK_FALSE(p.has_column("users", "contact_email"));
  CHECK(alice(p, "email") == "alice@example.com");
}

TEST_CASE("migrate on a terminal answered n drops email and adds contact_email") {
  cli_project p("tty_rename_no");
  auto [v0, v1] = email_rename_models(p);
  init_with_alice(p, v0);
  auto before = p.migration_files();

  auto r = p.run_on_tty({"--models", v1, "migrate", "--name", "replace_email"}, {{rename_question, "n\n"}});
  CHECK_EXIT(r, 0);
  CHECK_FALSE(r.timed_out);
  CHECK_OUT(r, rename_question);
  CHECK_OUT(r, "column users.email is dropped with its data");
  CHECK_FALSE(has(r.out, "(confirmed)"));
  auto file = new_file(p, before);
  CHECK_OUT(r, "Success creating migration file " + file);
  auto text = p.read(fs::path("migrations/models") / file);
  auto up = section(text, "up");
  INFO("migration file:\n", text);
  CHECK_FALSE(has(up, "RENAME COLUMN"));
  if (current_backend() != testudo::backend::sqlite) {  // SQLite may rebuild the table instead
    CHECK(has(up, "DROP COLUMN"));
    CHECK(has(up, "ADD COLUMN"));
  }

  r = p.run({"upgrade"});
  CHECK_EXIT(r, 0);
  CHECK(p.has_column("users", "contact_email"));
  CHECK_FALSE(p.has_column("users", "email"));
  CHECK(p.count("users") == 1);
  CHECK(alice(p, "contact_email") != "alice@example.com");  // dropped with its data, as announced
}

TEST_CASE("migrate without a terminal or with --no-input never asks and drops and adds") {
  cli_project p("no_input_rename");
  auto [v0, v1] = email_rename_models(p);
  init_with_alice(p, v0);
  auto before = p.migration_files();

  SUBCASE("--no-input without a terminal") {
    auto r = p.run({"--models", v1, "migrate", "--no-input", "--name", "replace_email"});
    CHECK_EXIT(r, 0);
    CHECK_FALSE(has(r.out, "Rename column"));
    CHECK_FALSE(has(r.err, "Rename column"));
    CHECK_ERR(r, "column users.email is dropped with its data");
    CHECK_ERR(r, "renamed_from(\"email\")");  // and how to make it a rename instead
    CHECK_OUT(r, "Success creating migration file " + new_file(p, before));
  }
  SUBCASE("no terminal, an answer piped in") {
    auto r = p.run({"--models", v1, "migrate", "--name", "replace_email"}, {}, std::string("y\n"));
    CHECK_EXIT(r, 0);
    CHECK_FALSE(has(r.out, "Rename column"));
    CHECK_ERR(r, "column users.email is dropped with its data");
    CHECK_OUT(r, "Success creating migration file " + new_file(p, before));
  }
  SUBCASE("--no-input on a terminal") {
    auto r = p.run_on_tty({"--models", v1, "migrate", "--no-input", "--name", "replace_email"}, {});
    CHECK_EXIT(r, 0);
    CHECK_FALSE(r.timed_out);
    CHECK_FALSE(has(r.out, "Rename column"));
    CHECK_OUT(r, "column users.email is dropped with its data");
    CHECK_OUT(r, "Success creating migration file " + new_file(p, before));
  }
  auto text = p.read(fs::path("migrations/models") / p.migration_files().back());
  CHECK_FALSE(has(section(text, "up"), "RENAME COLUMN"));
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  CHECK(p.has_column("users", "contact_email"));
  CHECK_FALSE(p.has_column("users", "email"));
}

TEST_CASE("downgrade on a terminal asks Are you sure and only y reverts") {
  cli_project p("tty_downgrade");
  p.init();
  auto add_x = p.migrate_add_x();
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  REQUIRE(p.has_column("products", "x"));
  auto before = p.state();

  auto r = p.run_on_tty({"downgrade"}, {{"Are you sure?", "n\n"}});
  CHECK_FALSE(r.timed_out);
  CHECK_OUT(r, "Are you sure?");
  CHECK_MESSAGE((r.exit_code != 0 || has(r.out, "Aborted")), show(r));
  CHECK_FALSE(has(r.out, "Success downgrading"));
  CHECK(p.state() == before);
  CHECK(p.has_column("products", "x"));

  r = p.run_on_tty({"downgrade"}, {{"Are you sure?", "y\n"}});
  CHECK_EXIT(r, 0);
  CHECK_FALSE(r.timed_out);
  CHECK_OUT(r, "Are you sure?");
  CHECK_OUT(r, "Success downgrading to " + add_x);
  CHECK_FALSE(p.has_column("products", "x"));
  CHECK(p.versions() == std::vector<std::string>{p.migration_files().at(0)});

  // --yes on a terminal does not ask
  REQUIRE_EXIT(p.run({"upgrade"}), 0);
  r = p.run_on_tty({"downgrade", "--yes"}, {});
  CHECK_EXIT(r, 0);
  CHECK_FALSE(r.timed_out);
  CHECK_FALSE(has(r.out, "Are you sure?"));
  CHECK_OUT(r, "Success downgrading to " + add_x);
  CHECK_FALSE(p.has_column("products", "x"));
}
