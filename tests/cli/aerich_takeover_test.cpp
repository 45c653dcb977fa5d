// Issue #11: a project Aerich manages, taken over by testudo. The database is put in the state
// Aerich leaves it in (real Aerich files for this dialect, their SQL, Aerich's own `aerich` rows:
// migrations_fixtures/aerich/0.9-<dialect>/), then driven through testudo's commands.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/checks.hpp"
#include "cli/project.hpp"
#include "support/backend.hpp"
#include "testudo/compat/aerich.hpp"
#include "testudo/db/script.hpp"
#include "testudo/migrate/migration_file.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path aerich_fixture() {
  return fs::path(TESTUDO_FIXTURES) / "aerich" / ("0.9-" + std::string(backend_name(current_backend())));
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path aerich_file(int number) {
  for (const auto& e : fs::directory_iterator(aerich_fixture()))
    if (e.path().filename().string().starts_with(std::to_string(number) + "_")) return e.path();
  FAIL("no Aerich file " << number << " in " << aerich_fixture());
  return {};
}

// An Aerich 0.7 file: what Aerich ≥ 0.9 writes, without MODELS_STATE.
std::string without_models_state(const std::string& text) {
  auto at = text.find("\n\nMODELS_STATE");
  REQUIRE(at != std::string::npos);
  return text.substr(0, at) + "\n";
}

// `init` (config and folder), then the first `applied` Aerich migrations copied into the app
// folder, run as Aerich runs them and recorded in Aerich's own rows: no testudo column anywhere.
void aerich_state(const cli_project& p, int applied) {
  REQUIRE(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}).exit_code == 0);
  fs::create_directories(p.app_dir());
  compat::enable_aerich_format();
  auto rows = nlohmann::json::parse(slurp(aerich_fixture() / "aerich_rows.json"));
  auto conn = p.connect();
  for (int n = 0; n < applied; ++n) {
    fs::copy_file(aerich_file(n), p.app_dir() / aerich_file(n).filename());
    auto m = read_migrations(p.app_dir().string()).back();
    for (const auto& s : split_sql(m.up_sql, conn->kind())) conn->execute(s);
    auto content = rows[n]["content"].is_string() ? rows[n]["content"].get<std::string>() : rows[n]["content"].dump();
    conn->execute(fmt::format("INSERT INTO aerich (version, app, content) VALUES ({}, {}, {})", conn->placeholder(1),
                              conn->placeholder(2), conn->placeholder(3)),
                  {value{rows[n]["version"].get<std::string>()}, value{std::string("models")}, value{content}});
  }
}

// shop v1 with products.stock nullable, which SQLite can only change by rebuilding the table.
fs::path relaxed_stock_models(const cli_project& p) {
  auto models = nlohmann::json::parse(slurp(shop_v1()));
  for (auto& [name, model] : models.items())
    if (model["table"] == "products")
      for (auto& field : model["data_fields"])
        if (field["name"] == "stock") field["nullable"] = true;
  auto relaxed = p.dir() / "relaxed.json";
  std::ofstream(relaxed) << models.dump(2);
  return relaxed;
}

void require_ok(const cli_result& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("D1: read-only commands read Aerich's own table as it is, and leave it so") {
  cli_project p("aerich_d1_read");
  aerich_state(p, 1);
  auto before = p.state();
  auto history = p.run({"history"});
  require_ok(history);
  CHECK(history.out.find(aerich_file(0).filename().string() + "  applied") != std::string::npos);
  auto heads = p.run({"heads"});
  require_ok(heads);
  CHECK(heads.out.find("No available heads.") != std::string::npos);
  auto check = p.run({"migrate", "--check"});
  require_ok(check);
  CHECK(check.out.find("No changes detected") != std::string::npos);
  CHECK(p.state() == before);
  CHECK_FALSE(p.has_column("aerich", "checksum"));
}

TEST_CASE("D1: downgrade on Aerich's own table reverts, adding testudo's columns first") {
  cli_project p("aerich_d1_down");
  aerich_state(p, 2);
  REQUIRE(p.has_column("products", "x"));
  require_ok(p.run({"downgrade", "--yes"}));
  CHECK_FALSE(p.has_column("products", "x"));
  CHECK(p.versions() == std::vector<std::string>{aerich_file(0).filename().string()});
  CHECK(p.has_column("aerich", "checksum"));
}

TEST_CASE("D2: an Aerich 0.7 file (no MODELS_STATE) is recorded with the models given, as Aerich does") {
  cli_project p("aerich_d2");
  aerich_state(p, 1);
  p.write(fs::path("migrations/models") / aerich_file(1).filename(), without_models_state(slurp(aerich_file(1))));
  auto up = p.run({"--models", shop_v1(), "upgrade"});
  require_ok(up);
  CHECK(up.err.find("carries no models snapshot") != std::string::npos);
  auto rows = p.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows.back().content.contains("models.Product"));
  CHECK(rows.back().content["models.Product"].dump().find("\"x\"") != std::string::npos);
  auto check = p.run({"--models", shop_v1(), "migrate", "--check"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);  // before: the snapshot was {"models.Aerich"} only, so every table looked new
}

TEST_CASE("D2: without models, an Aerich 0.7 file is refused before anything runs") {
  cli_project p("aerich_d2_refused");
  aerich_state(p, 1);
  p.write(fs::path("migrations/models") / aerich_file(1).filename(), without_models_state(slurp(aerich_file(1))));
  fs::remove(p.dir() / "testudo.toml");
  auto before = p.state();
  auto up = p.run({"--db-url", p.url(), "upgrade"});
  CHECK(up.exit_code == 1);
  CHECK(up.err.find("carries no models snapshot") != std::string::npos);
  CHECK(up.err.find("--models") != std::string::npos);
  CHECK(p.state() == before);
  CHECK_FALSE(p.has_column("products", "x"));
}

TEST_CASE("D3/D5: Aerich's own model and its 'managed' key in the models JSON make no difference") {
  cli_project p("aerich_d3");
  aerich_state(p, 2);
  // What Aerich's get_models_describe() gives under the standard config: the app's models, each
  // with "managed", plus "models.Aerich" (taken from Aerich's own stored snapshot).
  auto models = nlohmann::ordered_json::parse(slurp(shop_v1()));
  for (auto& [name, model] : models.items()) model["managed"] = nullptr;
  auto stored = nlohmann::ordered_json::parse(p.rows().back().content.dump());
  REQUIRE(stored.contains("models.Aerich"));
  models["models.Aerich"] = stored["models.Aerich"];
  p.write("aerich_describe.json", models.dump(1));
  auto check = p.run({"--models", "aerich_describe.json", "migrate", "--check"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  auto migrate = p.run({"--models", "aerich_describe.json", "migrate"});
  require_ok(migrate);
  CHECK(migrate.out.find("No changes detected") != std::string::npos);
  CHECK(p.migration_files().size() == 2);
}

TEST_CASE("D4: migrate --offline on Aerich >= 0.9 files needs no database and never drops aerich") {
  cli_project p("aerich_d4");
  fs::create_directories(p.app_dir());
  for (int n : {0, 1}) fs::copy_file(aerich_file(n), p.app_dir() / aerich_file(n).filename());
  auto dialect = std::string(backend_name(current_backend()));
  // No config, no URL: the dialect comes from --dialect.
  auto same = p.run({"--models", shop_v1(), "migrate", "--offline", "--dialect", dialect});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("No changes detected") != std::string::npos);
  auto changed = p.run({"--models", shop_v0(), "migrate", "--offline", "--dialect", dialect, "--name", "drop_x"});
  require_ok(changed);
  auto files = p.migration_files();
  REQUIRE(files.size() == 3);
  auto text = p.read(fs::path("migrations/models") / file_numbered(files, 2));
  CHECK(text.find("DROP COLUMN") != std::string::npos);
  CHECK(text.find("aerich") == std::string::npos);
  auto no_dialect = p.run({"--models", shop_v1(), "migrate", "--offline"});  // a change: SQL to write
  CHECK(no_dialect.exit_code == 1);
  CHECK(no_dialect.err.find("--dialect") != std::string::npos);
}

TEST_CASE("D8: heads and history in a project with only [tool.aerich] need no models") {
  cli_project p("aerich_d8");
  aerich_state(p, 1);
  fs::remove(p.dir() / "testudo.toml");
  p.write("pyproject.toml", "[tool.aerich]\ntortoise_orm = \"settings.TORTOISE_ORM\"\nlocation = \"./migrations\"\n"
                            "src_folder = \"./.\"\n");
  require_ok(p.run({"--db-url", p.url(), "history"}));
  require_ok(p.run({"--db-url", p.url(), "heads"}));
  auto migrate = p.run({"--db-url", p.url(), "migrate"});
  CHECK(migrate.exit_code == 1);
  CHECK(migrate.err.find("[tool.testudo.apps.") != std::string::npos);
}

// Smaller item of #11: Tortoise stores SQLite decimals in VARCHAR(40); a testudo rebuild of such a
// table (here to make `stock` nullable) must keep that storage and the values as written, so the
// schema stays what Aerich would have made.
TEST_CASE("a table rebuild keeps the storage its columns already have") {
  cli_project p("aerich_rebuild_keeps");
  aerich_state(p, 2);
  auto relaxed = relaxed_stock_models(p);
  p.execute("INSERT INTO categories (name, slug) VALUES ('tools', 'tools')");
  p.execute("INSERT INTO products (created_at, updated_at, name, price, stock, x, category_id) "
            "VALUES ('2026-01-01 00:00:00', '2026-01-01 00:00:00', 'saw', '19.90', 3, 0, 1)");
  auto conn = p.connect();
  auto before = introspect_table(*conn, "products");

  require_ok(p.run({"--models", relaxed.string(), "migrate", "--name", "relax"}));
  require_ok(p.run({"--models", relaxed.string(), "upgrade"}));
  auto after = introspect_table(*conn, "products");
  REQUIRE(after.column("stock") != nullptr);
  CHECK(after.column("stock")->nullable);
  CHECK(after.column("price")->type == before.column("price")->type);  // SQLite: VARCHAR(40), as Tortoise made it
  CHECK(after.column("name")->type == before.column("name")->type);
  auto price = conn->query("SELECT price FROM products WHERE name = 'saw'");
  REQUIRE(price->next());
  CHECK(price->get_text(0) == "19.90");  // not turned into the number 19.9

  require_ok(p.run({"--models", relaxed.string(), "downgrade", "--yes"}));
  auto back = introspect_table(*p.connect(), "products");  // a fresh connection: SQLite's may cache the schema
  CHECK_FALSE(back.column("stock")->nullable);
  CHECK(back.column("price")->type == before.column("price")->type);
}

// The same in a testudo project, whose own DDL would declare DECIMAL(10,2): the rebuild must take
// the column's storage from the live table (here made what Tortoise makes), not from the models.
TEST_CASE("a rebuild in a testudo project keeps a column's storage from the live table") {
  if (current_backend() != backend::sqlite) return;  // only SQLite rebuilds tables
  cli_project p("native_rebuild_keeps");
  require_ok(p.run({"init", "-t", shop_v0(), "--db-url", p.url()}));
  require_ok(p.run({"--models", shop_v0(), "init-db"}));
  auto conn = p.connect();
  for (const char* sql : {"ALTER TABLE products RENAME COLUMN price TO price_before",
                          "ALTER TABLE products ADD COLUMN price VARCHAR(40) NOT NULL DEFAULT ''",
                          "ALTER TABLE products DROP COLUMN price_before",
                          "INSERT INTO categories (name, slug) VALUES ('tools', 'tools')",
                          "INSERT INTO products (created_at, updated_at, name, price, stock, category_id) "
                          "VALUES ('2026-01-01 00:00:00', '2026-01-01 00:00:00', 'saw', '19.90', 3, 1)"})
    conn->execute(sql);
  auto relaxed = relaxed_stock_models(p);
  require_ok(p.run({"--models", relaxed.string(), "migrate", "--name", "relax"}));
  require_ok(p.run({"--models", relaxed.string(), "upgrade"}));
  auto fresh = p.connect();  // SQLite's older connection may cache the schema
  auto after = introspect_table(*fresh, "products");
  REQUIRE(after.column("stock") != nullptr);
  CHECK(after.column("stock")->nullable);  // the table was rebuilt
  CHECK(after.column("price")->type == "VARCHAR(40)");  // not the models' DECIMAL(10,2)
  auto price = fresh->query("SELECT price FROM products WHERE name = 'saw'");
  REQUIRE(price->next());
  CHECK(price->get_text(0) == "19.90");
}

TEST_CASE("#11: init-db in a project with [tool.aerich] writes Aerich's format, with Tortoise's types") {
  cli_project p("aerich_init_db");
  p.write("pyproject.toml", "[tool.aerich]\ntortoise_orm = \"settings.TORTOISE_ORM\"\nlocation = \"./migrations\"\n"
                            "src_folder = \"./.\"\n");
  require_ok(p.run({"--models", shop_v0(), "--db-url", p.url(), "init-db"}));
  auto files = p.migration_files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].ends_with("_init.py"));  // before: 0_<timestamp>_init.sql, which Aerich never reads
  compat::enable_aerich_format();
  auto written = read_migrations(p.app_dir().string());
  REQUIRE(written.size() == 1);
  CHECK(written[0].format == &compat::aerich_format());
  REQUIRE(written[0].state.has_value());
  if (current_backend() == backend::sqlite)  // what Aerich's init-db makes: Tortoise's decimal column
    CHECK(introspect_table(*p.connect(), "products").column("price")->type == "VARCHAR(40)");
  // Carried on by testudo in the same format.
  require_ok(p.run({"--models", shop_v1(), "--db-url", p.url(), "migrate", "--name", "add_x"}));
  CHECK(file_numbered(p.migration_files(), 1).ends_with("_add_x.py"));
}

TEST_CASE("#11: MODELS_STATE of testudo's Aerich files holds Aerich's own model, as Aerich writes it") {
  cli_project p("aerich_models_state");
  aerich_state(p, 2);
  require_ok(p.run({"--models", shop_v0(), "migrate", "--name", "drop_x"}));
  auto files = read_migrations(p.app_dir().string());
  REQUIRE(files.size() == 3);
  REQUIRE(files[2].state.has_value());
  const auto& state = *files[2].state;
  REQUIRE(state.contains("models.Aerich"));  // before: the models only
  std::vector<std::string> keys;
  for (const auto& [key, model] : state.items()) keys.push_back(key);
  CHECK(keys.back() == "models.Aerich");  // last, as in Aerich's files
  CHECK(state["models.Aerich"] == (*files[1].state)["models.Aerich"]);  // Aerich's own file (0.10.0.dev3)
  require_ok(p.run({"--models", shop_v0(), "upgrade"}));
  // Aerich's invariant: a file's MODELS_STATE is what its row stores.
  CHECK(nlohmann::json::parse(p.rows().back().content.dump()) == nlohmann::json::parse(state.dump()));
}

// Taking over Aerich's table ALTERs it, and that waits for every open transaction that read it:
// --lock-timeout must bound it as it bounds the migrations' own statements, and the run change
// nothing. (SQLite: its busy_timeout bounds that wait already.)
TEST_CASE("--lock-timeout bounds adding testudo's columns to Aerich's table while a transaction reads it") {
  if (current_backend() == backend::sqlite) return;
  cli_project p("aerich_ensure_lock");
  aerich_state(p, 2);  // downgrade has migration 1 to revert
  auto before = p.state();
  auto holder = p.connect();
  holder->begin();
  holder->query("SELECT COUNT(*) FROM aerich")->next();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"upgrade", "--lock-timeout", "1"},
           {"downgrade", "--yes", "--lock-timeout", "1"},
           {"resolve", aerich_file(1).filename().string(), "--applied", "--lock-timeout", "1"}}) {
    INFO(args.front());
    auto start = std::chrono::steady_clock::now();
    auto r = p.start(args).wait(30s);  // without a bound on that ALTER, it never returns
    auto waited = std::chrono::steady_clock::now() - start;
    CHECK_FALSE(r.timed_out);
    CHECK_EXIT(r, 1);
    CHECK(waited < 20s);
    CHECK_ERR(r, "waited more than 1 s for a lock another session holds (--lock-timeout)");
    CHECK_ERR(r, "version table aerich");
  }
  holder->rollback();
  CHECK(differences(before, p.state()) == "");
  CHECK_FALSE(p.has_column("aerich", "checksum"));
  require_ok(p.run({"upgrade"}));  // nothing was left half done
  CHECK(p.has_column("aerich", "checksum"));
}

}  // namespace testudo::test
