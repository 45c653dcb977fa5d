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

namespace {

const std::string aerich_head = "from tortoise import BaseDBAsyncClient\n\nRUN_IN_TRANSACTION = True\n\n\n";

std::string aerich_file(const std::string& up, const std::string& down, const std::string& tail = "") {
  return aerich_head + "async def upgrade(db: BaseDBAsyncClient) -> str:\n    return \"\"\"\n        " + up +
         "\"\"\"\n\n\nasync def downgrade(db: BaseDBAsyncClient) -> str:\n    return \"\"\"\n        " + down + "\"\"\"\n" + tail;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The configuration_error of parsing `text` as an Aerich file, or "(no error)".
std::string aerich_error(const std::string& text) {
  try {
    compat::aerich_format().parse(text, "1_20260101000000_x.py");
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("every Aerich file of the fixtures reads") {
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(TESTUDO_FIXTURES) / "aerich")) {
    // Migration files only (the fixtures also hold the scripts that made them).
    if (entry.path().extension() != ".py" || !parse_file_name(entry.path().filename().string())) continue;
    CAPTURE(entry.path().string());
    auto m = compat::aerich_format().parse(read(entry.path()), entry.path().filename().string());
    CHECK_FALSE(m.up_sql.empty());
    ++files;
  }
  CHECK(files > 20);
}

TEST_CASE("an unclosed quote in MODELS_STATE is an error, not an endless read") {
  auto message = aerich_error(aerich_file("SELECT 1;", "SELECT 2;", "\n\nMODELS_STATE = (\n    \"eJzt\n    \"abc\"\n)\n"));
  CHECK(message.find("1_20260101000000_x.py:17: a string is not closed on its line") != std::string::npos);
  message = aerich_error(aerich_file("SELECT 1;", "SELECT 2;", "\n\nMODELS_STATE = (\n    \"eJzt\"\n"));
  CHECK(message.find("MODELS_STATE is Python code") != std::string::npos);
  CHECK(aerich_error(aerich_head + "async def upgrade(db) -> str:\n    return \"\"\"\n        SELECT 1;\n")
            .find("a \"\"\" string is not closed") != std::string::npos);
}

TEST_CASE("function text inside an Aerich SQL string is SQL, not a function") {
  auto up = "SELECT 'async def downgrade(db) -> str:\n    return \"\"\" DROP TABLE users; \"\"\"' AS trap;";
  auto text = aerich_file(R"(SELECT 'async def downgrade(db) -> str:
    return \"\"\" DROP TABLE users; \"\"\"' AS trap;)", "SELECT 2;");
  auto m = compat::aerich_format().parse(text, "1_20260101000000_x.py");
  CHECK(m.up_sql == up);
  CHECK(m.down_sql == "SELECT 2;");
  // and the same with the functions in the other order, or a comment mentioning one
  auto comment = "# async def upgrade(db) -> str: return \"\"\"DROP TABLE users\"\"\"\n" + text;
  CHECK(compat::aerich_format().parse(comment, "1_20260101000000_x.py").up_sql == up);
}

TEST_CASE("Python logic instead of a literal string is refused by name") {
  auto logic = aerich_head + "async def upgrade(db) -> str:\n    sql = 'SELECT 1'\n    return sql\n\n\n"
               "async def downgrade(db) -> str:\n    return \"\"\"SELECT 2;\"\"\"\n";
  CHECK(aerich_error(logic).find("the body of `upgrade` is Python code") != std::string::npos);
  auto returns_call = replaced(aerich_file("SELECT 1;", "SELECT 2;"), "return \"\"\"\n        SELECT 2;\"\"\"", "return build()");
  CHECK(aerich_error(returns_call).find("what `downgrade` returns is Python code") != std::string::npos);
  auto f_string = replaced(aerich_file("SELECT 1;", "SELECT 2;"), "return \"\"\"", "return f\"\"\"");
  CHECK(aerich_error(f_string).find("what `upgrade` returns is an f-string") != std::string::npos);
  auto concatenated = replaced(aerich_file("SELECT 1;", "SELECT 2;"), "SELECT 1;\"\"\"", "SELECT 1;\"\"\" + extra");
  CHECK(aerich_error(concatenated).find("what `upgrade` returns is Python code") != std::string::npos);
  auto state = aerich_file("SELECT 1;", "SELECT 2;", "\n\nMODELS_STATE = load_state()\n");
  CHECK(aerich_error(state).find("MODELS_STATE is Python code") != std::string::npos);
  auto rit = replaced(aerich_file("SELECT 1;", "SELECT 2;"), "= True", "= not False");
  CHECK(aerich_error(rit).find("RUN_IN_TRANSACTION must be True or False") != std::string::npos);
}
