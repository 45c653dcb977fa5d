// Aerich's own migration files read, and re-written byte for byte (pyproject-compat/).
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testudo/compat/aerich.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/version_table.hpp"

using namespace testudo;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path aerich_dir(const char* sample) { return fs::path(TESTUDO_FIXTURES) / "aerich" / sample; }

snapshot_json last_row_content(const char* sample) {
  auto rows = nlohmann::json::parse(read(aerich_dir(sample) / "aerich_rows.json"));
  return snapshot_json::parse(rows.back()["content"].get<std::string>());
}

}  // namespace

TEST_CASE("Aerich 0.9 files parse and render back to the same bytes on every dialect") {
  for (const char* sample : {"0.9-sqlite", "0.9-postgres", "0.9-mysql"}) {
    CAPTURE(sample);
    for (const auto& entry : fs::directory_iterator(aerich_dir(sample))) {
      if (entry.path().extension() != ".py") continue;
      CAPTURE(entry.path().filename().string());
      auto text = read(entry.path());
      auto m = compat::aerich_format().parse(text, entry.path().string());
      CHECK(m.run_in_transaction);
      REQUIRE(m.state.has_value());
      CHECK(m.state->contains("models.Aerich"));
      CHECK(compat::aerich_format().render(m) == text);  // SQL, escapes and MODELS_STATE bytes
    }
  }
}

TEST_CASE("Aerich's MODELS_STATE decodes to the content of its version table row") {
  for (const char* sample : {"0.9-sqlite", "0.9-mysql"}) {
    CAPTURE(sample);
    auto files = read_migrations(aerich_dir(sample).string());  // needs the format registered
    REQUIRE(files.size() == 2);
    CHECK(files[1].file_name().ends_with("_add_x.py"));
    CHECK(files[1].up_sql.find("ADD") != std::string::npos);
    CHECK(*files[1].state == last_row_content(sample));
  }
}

TEST_CASE("Aerich's own model in the snapshot is the one testudo writes") {
  auto content = last_row_content("0.9-sqlite");
  auto ours = version_table::aerich_model("models");
  CHECK(ours["models.Aerich"] == content["models.Aerich"]);
}

TEST_CASE("Aerich 0.7 files without state or transaction flag still read") {
  auto files = read_migrations(aerich_dir("0.7-sqlite").string());
  REQUIRE(files.size() == 2);
  CHECK_FALSE(files[0].state.has_value());
  CHECK(files[0].run_in_transaction);
  CHECK(files[0].up_sql.find("CREATE TABLE IF NOT EXISTS \"categories\"") != std::string::npos);
}

TEST_CASE("SQL with backslashes and triple quotes survives the Python string") {
  migration m;
  m.number = 3;
  m.timestamp = "20261124120000";
  m.name = "tricky";
  m.format = &compat::aerich_format();
  m.up_sql = R"(INSERT INTO t (a) VALUES ('C:\path\new'), ('say """hi"""'), ('tab	é 🐢');)";
  m.down_sql = "DELETE FROM t WHERE a LIKE '%\"';";
  m.run_in_transaction = false;
  auto text = compat::aerich_format().render(m);
  auto back = compat::aerich_format().parse(text, "3_20261124120000_tricky.py");
  CHECK(back.up_sql == m.up_sql);
  CHECK(back.down_sql == m.down_sql);
  CHECK_FALSE(back.run_in_transaction);
  CHECK(back.checksum() == m.checksum());
}

TEST_CASE("Python escapes in Aerich files are applied as Python would") {
  std::string text =
      "async def upgrade(db) -> str:\n    return \"\"\"\n        SELECT 'a\\nb', '\\x41\\u00e9\\101', '\\d', 'x\\\ny';\"\"\"\n\n"
      "async def downgrade(db) -> str:\n    return \"\"\"\n        \"\"\"\n";
  auto m = compat::aerich_format().parse(text, "1_20260101000000_x.py");
  CHECK(m.up_sql == "SELECT 'a\nb', 'A\xC3\xA9" "A', '\\d', 'xy';");
  CHECK(m.down_sql.empty());
  CHECK_THROWS_AS(compat::aerich_format().parse("nothing here", "1_20260101000000_x.py"), configuration_error);
}

TEST_CASE("python_json_dumps writes what Python's json.dumps writes") {
  auto doc = snapshot_json::parse(R"({"b": [1, 2.5, true, null], "a": {"k": "é\n\"/"}, "e": {}, "f": []})");
  CHECK(compat::python_json_dumps(doc) == R"({"b": [1, 2.5, true, null], "a": {"k": "\u00e9\n\"/"}, "e": {}, "f": []})");
}
