// The native .sql migration format: round trips, checksums, the state section, folders and errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testudo/errors.hpp"
#include "testudo/migrate/migration_file.hpp"

using namespace testudo;
namespace fs = std::filesystem;

namespace {

const std::string parent_sum = "sha256:" + std::string(64, 'a');

migration sample(std::int64_t number = 1, std::string name = "add_x") {
  migration m;
  m.number = number;
  m.timestamp = "20261124190000";
  m.name = std::move(name);
  m.up_sql = "CREATE TABLE t (id INT);";
  m.down_sql = "DROP TABLE t;";
  m.parent = "0_20261124180000_init.sql";
  m.parent_checksum = parent_sum;
  return m;
}

migration reparsed(const migration& m) { return native_format().parse(native_format().render(m), m.file_name()); }

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The configuration_error message of parsing `text`, or "" when it parses.
std::string parse_error(const std::string& text, std::string_view file = "1_20261124190000_add_x.sql") {
  try {
    native_format().parse(text, file);
  } catch (const configuration_error& e) {
    return e.what();
  }
  return "";
}

std::string scratch(std::string_view test) {
  auto dir = std::string(TESTUDO_SCRATCH) + "/migration_file/" + std::string(test);
  fs::remove_all(dir);
  return dir;
}

void write_file(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

snapshot_json shop_snapshot() {
  std::ifstream in(std::string(TESTUDO_FIXTURES) + "/shop/tortoise_describe_v1.json");
  REQUIRE(in);
  return snapshot_json::parse(in);
}

const std::string minimal = "-- testudo migration\n-- parent: none\n\n-- +testudo up\nSELECT 1;\n\n-- +testudo down\nSELECT 2;\n";

}  // namespace

TEST_CASE("migration file names parse into number and timestamp and name") {
  auto m = parse_file_name("12_20261124190000_add_x.sql");
  REQUIRE(m);
  CHECK(m->number == 12);
  CHECK(m->timestamp == "20261124190000");
  CHECK(m->name == "add_x");
  CHECK(parse_file_name("migrations/models/0_20261124190000_init.py")->name == "init");
  CHECK(parse_file_name("123456789012_20261124190000_a.b.sql")->number == 123456789012);
  CHECK(parse_file_name("123456789012_20261124190000_a.b.sql")->name == "a.b");
  CHECK(sample(7).file_name() == "7_20261124190000_add_x.sql");
  for (auto bad : {"README.md", "1_20261124190000_add_x", "x1_20261124190000_a.sql", "01_20261124190000_a.sql",
                   "99999999999999999999_20261124190000_a.sql", "1_2026112419000_a.sql", "1_20261324190000_a.sql",
                   "1_20261124250000_a.sql", "1_20261124190000_.sql", "1_20261124190000_a b.sql", "1__a.sql"})
    CHECK_MESSAGE(!parse_file_name(bad), bad);
}

TEST_CASE("native migration render then parse gives every field back") {
  auto m = sample();
  m.run_in_transaction = false;
  auto back = reparsed(m);
  CHECK(back.number == 1);
  CHECK(back.timestamp == m.timestamp);
  CHECK(back.name == "add_x");
  CHECK(back.up_sql == m.up_sql);
  CHECK(back.down_sql == m.down_sql);
  CHECK(back.run_in_transaction == false);
  CHECK(back.parent == m.parent);
  CHECK(back.parent_checksum == parent_sum);
  CHECK(!back.state);

  m.parent.reset();
  m.parent_checksum.reset();
  auto text = native_format().render(m);
  CHECK(text.starts_with("-- testudo migration\n-- parent: none\n-- checksum: " + m.checksum() +
                         "\n-- run-in-transaction: false\n\n-- +testudo up\nCREATE TABLE t (id INT);\n\n"
                         "-- +testudo down\nDROP TABLE t;\n"));
  CHECK(!native_format().parse(text, m.file_name()).parent);
}

TEST_CASE("native migration SQL round-trips byte for byte") {
  auto m = sample();
  m.up_sql =
      "-- a data migration\n"
      "INSERT INTO t (s) VALUES ('back\\slash \\n ''quoted'' \"double\" \"\"\" ''');\n"
      "INSERT INTO t (s) VALUES ('x'); -- +testudo down\n"
      "SELECT '-- +testudo state' AS s;\n"
      "  -- +testudo down\n"
      "-- parent: none\n"
      "-- run-in-transaction: maybe\n"
      "-- testudo migration\n"
      "\n"
      "\tUPDATE t SET s = 'Grüße, 日本, 🐢' WHERE s <> '';\r\n"
      "SELECT 1;\r\n"
      "/* trailing spaces kept */   ";
  m.down_sql = "\nDELETE FROM t;\n\nDROP TABLE t;";
  auto back = reparsed(m);
  CHECK(back.up_sql == m.up_sql);
  CHECK(back.down_sql == m.down_sql);
  CHECK(back.checksum() == m.checksum());

  m.up_sql.clear();
  m.down_sql.clear();
  CHECK(reparsed(m).up_sql.empty());
  CHECK(reparsed(m).down_sql.empty());
}

TEST_CASE("native migration trims trailing blank lines and reads CRLF files and a BOM") {
  auto m = sample();
  m.up_sql = "SELECT 1;\n\n  \n";
  CHECK(reparsed(m).up_sql == "SELECT 1;");
  CHECK(reparsed(m).checksum() == m.checksum());

  m.up_sql = "SELECT 1;\nSELECT 2;";
  auto crlf = "\xEF\xBB\xBF" + replaced(native_format().render(m), "\n", "\r\n");
  auto back = native_format().parse(crlf, m.file_name());
  CHECK(back.up_sql == "SELECT 1;\r\nSELECT 2;");  // the SQL as written, CRLF kept
  CHECK(back.down_sql == "DROP TABLE t;");
  CHECK(back.parent_checksum == parent_sum);
  CHECK(back.checksum() == m.checksum());
}

TEST_CASE("native migration checksum is stable and sensitive") {
  migration m;
  m.up_sql = "CREATE TABLE t (id INT);";
  m.down_sql = "DROP TABLE t;";
  // sha256("up\nCREATE TABLE t (id INT);\ndown\nDROP TABLE t;\ntransaction:true"): pinned so a
  // change of the hashing can never pass silently.
  CHECK(m.checksum() == "sha256:d88ad7ba76136837113630fad38d99179182ee2c1ac594124e92dd1e0afe2c7e");

  auto same = m;
  same.up_sql = "\xEF\xBB\xBF" "CREATE TABLE t (id INT);\r\n\r\n";
  same.down_sql = "DROP TABLE t;  \t\n";
  same.state = shop_snapshot();
  same.parent = "0_20261124180000_init.sql";
  CHECK(same.checksum() == m.checksum());

  auto edited = m;
  edited.up_sql = "CREATE TABLE t (id BIGINT);";
  CHECK(edited.checksum() != m.checksum());
  edited = m;
  edited.down_sql = "DROP TABLE IF EXISTS t;";
  CHECK(edited.checksum() != m.checksum());
  edited = m;
  edited.run_in_transaction = false;
  CHECK(edited.checksum() != m.checksum());
  edited = m;  // moving text between sections is an edit too
  edited.up_sql += "\nDROP TABLE t;";
  edited.down_sql.clear();
  CHECK(edited.checksum() != m.checksum());
  edited = m;
  edited.up_sql = "CREATE TABLE t (id INT);\r\nSELECT 1;";
  auto lf = m;
  lf.up_sql = "CREATE TABLE t (id INT);\nSELECT 1;";
  auto cr = m;
  cr.up_sql = "CREATE TABLE t (id INT);\rSELECT 1;";
  CHECK(edited.checksum() == lf.checksum());
  CHECK(cr.checksum() == lf.checksum());
  CHECK(lf.checksum() != m.checksum());
}

TEST_CASE("native migration state round-trips a real snapshot through zlib and base64") {
  auto m = sample();
  m.state = shop_snapshot();
  auto text = native_format().render(m);
  auto state_at = text.find("\n-- +testudo state\n");
  REQUIRE(state_at != std::string::npos);
  std::istringstream lines(text.substr(state_at + 19));
  std::string line, first;
  int count = 0;
  while (std::getline(lines, line)) {
    if (first.empty()) first = line;
    CHECK(line.starts_with("-- "));
    CHECK(line.size() <= 3 + 76);
    ++count;
  }
  CHECK(count > 1);
  CHECK(first.size() == 3 + 76);
  CHECK(first.starts_with("-- eJ"));  // zlib header 78 9C: default compression, as Aerich writes

  auto back = native_format().parse(text, m.file_name());
  REQUIRE(back.state);
  CHECK(*back.state == *m.state);  // ordered_json: key order survives too
  CHECK(back.state->begin().key() == m.state->begin().key());
  CHECK(back.up_sql == m.up_sql);
  CHECK(back.down_sql == m.down_sql);

  auto tiny = sample();  // lengths 1 and 2 mod 3 exercise the base64 padding
  for (auto s : {"a", "ab", "abc", "abcd"}) {
    tiny.state = snapshot_json::parse(R"({"models.K": {"name": "models.K", "table": ")" + std::string(s) +
                                      R"(", "pk_field": {"name": "id", "field_type": "IntField"}, "data_fields": [],
                                      "fk_fields": [], "o2o_fields": [], "m2m_fields": []}})");
    CHECK(reparsed(tiny).state == tiny.state);
  }
}

TEST_CASE("native migration without state parses") {
  auto m = native_format().parse(minimal, "3_20261124190000_x.sql");
  CHECK(m.number == 3);
  CHECK(m.up_sql == "SELECT 1;");
  CHECK(m.down_sql == "SELECT 2;");
  CHECK(m.run_in_transaction);
  CHECK(!m.state);
  CHECK(!m.parent);
}

TEST_CASE("native migration header keys in any order and comments after the header") {
  auto text =
      "-- testudo migration\n-- run-in-transaction: false\n-- checksum: " + parent_sum +
      "\n-- parent: 0_20261124180000_init.sql " + parent_sum +
      "\n\n-- Adds the x column; reviewed by Ann.\n-- note: any comment\n\n-- +testudo up\nSELECT 1;\n-- +testudo down\n";
  auto m = native_format().parse(text, "1_20261124190000_add_x.sql");
  CHECK(!m.run_in_transaction);
  CHECK(m.parent == "0_20261124180000_init.sql");
  CHECK(m.parent_checksum == parent_sum);
  CHECK(m.up_sql == "SELECT 1;");
  CHECK(m.down_sql.empty());
}

TEST_CASE("native migration errors name the file and line") {
  auto with = [](std::string_view from, std::string_view to) { return replaced(minimal, from, to); };
  CHECK(parse_error(minimal).empty());

  CHECK(parse_error(with("-- testudo migration\n", "")).starts_with("1_20261124190000_add_x.sql:1: the first line"));
  CHECK(parse_error("").starts_with("1_20261124190000_add_x.sql:1: the first line"));
  CHECK(parse_error(with("-- +testudo up\nSELECT 1;\n\n", ""))
            .starts_with("1_20261124190000_add_x.sql:5: the file has no '-- +testudo up'"));
  CHECK(parse_error(with("-- +testudo up\n", "")).starts_with("1_20261124190000_add_x.sql:4: SQL outside a section"));
  CHECK(parse_error(with("-- +testudo down\n", "")).starts_with("1_20261124190000_add_x.sql:7: the file has no '-- +testudo down'"));
  CHECK(parse_error(minimal + "-- +testudo up\nSELECT 3;\n")
            .starts_with("1_20261124190000_add_x.sql:9: second '-- +testudo up' section (the first is at line 4)"));
  CHECK(parse_error(with("-- +testudo down", "-- +testudo dwon")).starts_with("1_20261124190000_add_x.sql:7: unknown section"));
  CHECK(parse_error(with("parent: none", "parent: none\n-- run-in-transaction: yes"))
            .starts_with("1_20261124190000_add_x.sql:3: run-in-transaction is 'yes'. Write true or false."));
  CHECK(parse_error(with("parent: none", "parent: none\n-- run-in-transaction: true\n-- run-in-transaction: true"))
            .starts_with("1_20261124190000_add_x.sql:4: a second 'run-in-transaction' header"));
  CHECK(parse_error(with("parent: none", "parent: 0_init.sql")).starts_with("1_20261124190000_add_x.sql:2: bad parent"));
  CHECK(parse_error(with("parent: none", "parent: 0_20261124180000_init.sql md5:abc"))
            .starts_with("1_20261124190000_add_x.sql:2: bad parent"));
  CHECK(parse_error(with("parent: none", "parent: 0_20261124180000_init.sql")).empty());
  CHECK(parse_error(with("parent: none", "parent: none\n-- checksum: sha256:xyz"))
            .starts_with("1_20261124190000_add_x.sql:3: the checksum 'sha256:xyz'"));
  CHECK(parse_error(with("parent: none", "parent: none\n-- run-in-transacton: false"))
            .starts_with("1_20261124190000_add_x.sql:3: unknown header 'run-in-transacton'"));
  CHECK(parse_error(with("parent: none", "parent: none\n-- just a comment"))
            .starts_with("1_20261124190000_add_x.sql:3: the header holds only"));
  CHECK(parse_error(with("parent: none\n", "parent: none\n\nDELETE FROM t;\n"))
            .starts_with("1_20261124190000_add_x.sql:4: SQL outside a section"));
  CHECK(parse_error(minimal, "01_20261124190000_add_x.sql")
            .starts_with("01_20261124190000_add_x.sql: the file name is not <N>_<YYYYmmddHHMMSS>_<name>.<ext>: the "
                         "number has leading zeros."));
  CHECK(parse_error(minimal, "dir/1_2026_add_x.sql").starts_with("dir/1_2026_add_x.sql: the file name is not"));
}

TEST_CASE("native migration corrupt state errors name the line") {
  auto m = sample();
  m.state = shop_snapshot();
  auto text = native_format().render(m);
  auto state_line = std::count(text.begin(), text.begin() + static_cast<long>(text.find("-- +testudo state")), '\n') + 1;
  auto at = [&](long line) { return "1_20261124190000_add_x.sql:" + std::to_string(line) + ": "; };

  auto bad_char = text;
  bad_char[bad_char.find("-- eJ") + 5] = '*';
  CHECK(parse_error(bad_char).starts_with(at(state_line + 1) + "the state line is not '-- <base64>'"));
  CHECK(parse_error(text + "SELECT 1;\n").starts_with(at(std::count(text.begin(), text.end(), '\n') + 1) +
                                                      "the state line is not"));

  auto truncated = text;  // five characters fewer: no longer a multiple of 4
  truncated.erase(truncated.find("-- eJ") + 10, 5);
  CHECK(parse_error(truncated).starts_with(at(state_line) + "the state is not valid base64"));

  auto flipped = text;  // a changed byte inside the compressed stream
  auto data = flipped.find("-- eJ") + 3 + 40;
  flipped[data] = flipped[data] == 'A' ? 'B' : 'A';
  CHECK(parse_error(flipped).starts_with(at(state_line) + "the state does not decompress"));

  auto not_json = sample();  // valid zlib of something that is not a JSON object
  not_json.state = snapshot_json::object();
  auto rendered = native_format().render(not_json);
  auto array = replaced(rendered, "-- eJyrrgUAAXUA+Q==", "-- eJyLjgUAARUAuQ==");  // zlib("{}") → zlib("[]")
  REQUIRE(array != rendered);
  CHECK(parse_error(array).find(": the state is not a JSON object") != std::string::npos);

  auto empty = minimal + "\n-- +testudo state\n\n";
  CHECK(parse_error(empty).starts_with("1_20261124190000_add_x.sql:10: the state section is empty"));
}

TEST_CASE("native migration render refuses SQL it could not read back") {
  auto m = sample();
  m.up_sql = "SELECT 1;\n-- +testudo down\nSELECT 2;";
  CHECK_THROWS_AS(native_format().render(m), configuration_error);
  m.up_sql = "SELECT 1;";
  m.parent = "init.sql";
  CHECK_THROWS_AS(native_format().render(m), configuration_error);
  m.parent.reset();
  CHECK_THROWS_AS(native_format().render(m), configuration_error);  // a checksum without a parent
  m.parent_checksum.reset();
  CHECK_NOTHROW(native_format().render(m));
}

TEST_CASE("native migration format recognises numbered sql files only") {
  const auto& format = native_format();
  CHECK(format.extension() == ".sql");
  CHECK(format.recognises("1_20261124190000_add_x.sql"));
  CHECK(format.recognises("dir/12_whatever.sql"));  // meant as a migration: a bad name is reported
  CHECK(!format.recognises("README.md"));
  CHECK(!format.recognises("seed.sql"));
  CHECK(!format.recognises("1_20261124190000_add_x.py"));
  CHECK(!format.recognises("_1.sql"));
}

TEST_CASE("read_migrations sorts by number and ignores other files") {
  auto dir = scratch("read");
  CHECK(read_migrations(dir).empty());  // no folder yet: no migrations
  for (std::int64_t n : {2, 10, 1}) write_migration(dir, sample(n, "m" + std::to_string(n)));
  write_file(dir + "/README.md", "# not a migration\n");
  write_file(dir + "/seed.sql", "INSERT INTO t VALUES (1);\n");
  fs::create_directories(dir + "/3_20261124190000_folder.sql");
  auto all = read_migrations(dir);
  REQUIRE(all.size() == 3);
  CHECK(all[0].number == 1);
  CHECK(all[1].number == 2);
  CHECK(all[2].number == 10);
  CHECK(all[2].name == "m10");
  CHECK(all[2].up_sql == "CREATE TABLE t (id INT);");

  write_migration(dir, sample(2, "a_other_branch"));  // duplicates are the caller's to report
  all = read_migrations(dir);
  REQUIRE(all.size() == 4);
  CHECK(all[1].name == "a_other_branch");
  CHECK(all[2].name == "m2");
}

TEST_CASE("read_migrations names the file and line of a broken migration") {
  auto dir = scratch("broken");
  write_migration(dir, sample(1));
  write_file(dir + "/2_20261124190000_bad.sql", replaced(minimal, "-- +testudo down\n", "-- +testudo up\n"));
  try {
    read_migrations(dir);
    FAIL("expected a configuration_error");
  } catch (const configuration_error& e) {
    CHECK(std::string(e.what()).starts_with(dir + "/2_20261124190000_bad.sql:7: second '-- +testudo up' section"));
  }
  fs::remove(dir + "/2_20261124190000_bad.sql");
  write_file(dir + "/02_20261124190000_bad.sql", minimal);
  CHECK_THROWS_WITH_AS(read_migrations(dir), doctest::Contains("02_20261124190000_bad.sql: the file name is not"),
                       configuration_error);
}

TEST_CASE("write_migration creates the folder and never overwrites") {
  auto dir = scratch("write") + "/models";
  auto m = sample();
  write_migration(dir, m);
  auto path = dir + "/" + m.file_name();
  auto written = read_file(path);
  CHECK(written == native_format().render(m));

  auto edited = m;
  edited.up_sql = "SELECT 'replaced';";
  CHECK_THROWS_WITH_AS(write_migration(dir, edited), doctest::Contains("already exists"), configuration_error);
  CHECK(read_file(path) == written);

  auto unnamed = m;
  unnamed.name.clear();
  CHECK_THROWS_AS(write_migration(dir, unnamed), configuration_error);
  unnamed = m;
  unnamed.number = -1;
  CHECK_THROWS_AS(write_migration(dir, unnamed), configuration_error);
}

TEST_CASE("native migration state of the wrong shape names the file, the model and the key") {
  auto m = sample();
  m.state = shop_snapshot();
  (*m.state)["models.Product"].erase("pk_field");
  auto message = parse_error(native_format().render(m));
  CHECK(message.starts_with("1_20261124190000_add_x.sql:"));
  CHECK(message.find("the state: model 'models.Product', key 'pk_field': it is missing; expected an object") != std::string::npos);
}

// Listing reads a native file line by line and hashes its SQL from the file in pieces; that must
// give what parsing the whole text gives, for every way a file can be written.
TEST_CASE("a native file read from disk gives the SQL and checksum of its parsed text") {
  auto dir = scratch("read_from_disk");
  auto m = sample();
  m.state = shop_snapshot();
  auto rendered = native_format().render(m);
  std::vector<std::string> texts{
      rendered,
      "\xEF\xBB\xBF" + replaced(rendered, "\n", "\r\n"),  // a BOM and CRLF line ends
      replaced(rendered, "\n", "\r"),                     // old Mac line ends: one line, no sections
      replaced(minimal, "SELECT 1;", "\xEF\xBB\xBFSELECT 1;\rSELECT 2; \t\f\v\n \n\t"),
      replaced(minimal, "SELECT 1;", "\xEF\xBBSELECT 1;"),  // not quite a BOM
      "-- testudo migration\n\n-- +testudo down\nDROP TABLE t;\n-- +testudo up\nCREATE TABLE t (id INT);",
      "-- testudo migration\n-- +testudo up\n-- +testudo down\n\n  \n",
  };
  // Sections longer than a read (64 KiB), with a CRLF, a BOM-like run and blanks at every offset.
  for (std::size_t pad = 0; pad < 5; ++pad) {
    std::string big(pad, 'x');
    for (int i = 0; i < 20000; ++i) big += i % 7 == 0 ? "ab  \t\r\n" : "abc\r\n";
    texts.push_back(replaced(minimal, "SELECT 1;", big + "SELECT 1;\r\n \r\n"));
    texts.push_back(replaced(minimal, "SELECT 2;", big));
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    CAPTURE(i);
    auto path = dir + "/1_20261124190000_add_x.sql";
    write_file(path, texts[i]);
    auto parse_message = parse_error(texts[i], path);
    if (!parse_message.empty()) {
      CHECK_THROWS_WITH_AS(native_format().read(path, {true, true, true}), parse_message.c_str(), configuration_error);
      continue;
    }
    auto parsed = native_format().parse(texts[i], path);
    auto whole = native_format().read(path, {true, true, true});
    CHECK(whole.file.up_sql == parsed.up_sql);
    CHECK(whole.file.down_sql == parsed.down_sql);
    CHECK(whole.file.parent == parsed.parent);
    CHECK(whole.file.state == parsed.state);
    CHECK(whole.has_state == parsed.state.has_value());
    CHECK(whole.checksum == parsed.checksum());
    auto bare = native_format().read(path, {});
    CHECK(bare.file.up_sql.empty());
    CHECK(bare.file.down_sql.empty());
    CHECK_FALSE(bare.file.state);
    CHECK(bare.has_state == parsed.state.has_value());
    CHECK(bare.checksum == parsed.checksum());
    CHECK(bare.checksum == parsed.checksum());
  }
}

TEST_CASE("reading a broken native file from disk gives the errors of parsing its text") {
  auto dir = scratch("broken_on_disk");
  auto path = dir + "/1_20261124190000_add_x.sql";
  auto with = [](std::string_view from, std::string_view to) { return replaced(minimal, from, to); };
  // A broken section marker is reported before a broken header, that before a missing section.
  auto marker_and_header = with("-- parent: none\n", "-- parnt: none\n") + "-- +testudo up\n";
  CHECK(parse_error(marker_and_header).starts_with("1_20261124190000_add_x.sql:9: second '-- +testudo up'"));
  auto header_and_section = with("-- parent: none\n", "-- parnt: none\n");
  header_and_section = replaced(header_and_section, "-- +testudo down\n", "");
  CHECK(parse_error(header_and_section).starts_with("1_20261124190000_add_x.sql:2: unknown header 'parnt'"));
  for (const auto& text : {std::string(), with("-- testudo migration\n", ""), marker_and_header, header_and_section,
                           with("-- +testudo down", "-- +testudo dwon"), minimal + "-- +testudo state\n-- !!\n",
                           with("-- +testudo down\n", "") + "-- +testudo state\n-- !!\n"}) {
    CAPTURE(text);
    write_file(path, text);
    auto message = parse_error(text, path);
    REQUIRE_FALSE(message.empty());
    CHECK_THROWS_WITH_AS(native_format().read(path, {}), message.c_str(), configuration_error);
  }
}

TEST_CASE("list_migrations keeps no SQL and load_migration refuses a file edited since") {
  auto dir = scratch("listed");
  auto m = sample(1);
  write_migration(dir, m);
  auto listed = list_migrations(dir);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].path == dir + "/" + m.file_name());
  CHECK(listed[0].checksum == m.checksum());
  CHECK(listed[0].parent == m.parent);
  auto loaded = load_migration(listed[0], {.up = true});
  CHECK(loaded.up_sql == m.up_sql);
  CHECK(loaded.down_sql.empty());

  // Re-rendering (CRLF) is no edit; changing the SQL is.
  write_file(listed[0].path, replaced(native_format().render(m), "\n", "\r\n"));
  CHECK(load_migration(listed[0], {.down = true}).down_sql == "DROP TABLE t;");
  auto edited = m;
  edited.up_sql = "CREATE TABLE t (id BIGINT);";
  write_file(listed[0].path, native_format().render(edited));
  auto expected = m.file_name() + ": the file was edited while testudo was running";
  CHECK_THROWS_WITH_AS(load_migration(listed[0], {.up = true}), doctest::Contains(expected.c_str()),
                       configuration_error);
}

// Issue #13: listing a folder (history, heads) parses no snapshot; the state is read, decoded and
// checked when a command uses it, and its errors still name the file and line.
TEST_CASE("list_migrations leaves the state on disk, load_migration decodes and checks it when wanted") {
  auto dir = scratch("listed_state");
  auto m = sample(1);
  m.state = shop_snapshot();
  write_migration(dir, m);
  auto path = dir + "/" + m.file_name();
  auto text = native_format().render(m);
  auto data = text.find("-- eJ") + 3 + 40;  // a changed byte inside the compressed stream
  text[data] = text[data] == 'A' ? 'B' : 'A';
  write_file(path, text);

  auto listed = list_migrations(dir);  // before: "the state does not decompress"
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].has_state);
  CHECK(listed[0].checksum == m.checksum());
  CHECK(load_migration(listed[0], {.up = true}).up_sql == m.up_sql);
  auto expected = path + ":" + std::to_string(std::count(text.begin(), text.begin() + static_cast<long>(text.find(
                                                             "-- +testudo state")), '\n') + 1) + ": the state does not decompress";
  CHECK_THROWS_WITH_AS(load_migration(listed[0], {.state = true}), doctest::Contains(expected.c_str()),
                       configuration_error);

  write_file(path, native_format().render(m));
  CHECK(load_migration(listed[0], {.state = true}).state == m.state);
  auto stateless = sample(2, "data");
  write_migration(dir, stateless);
  CHECK_FALSE(list_migrations(dir)[1].has_state);
}

// Listing hashes the SQL in 64 KiB pieces, runs of bytes at once (issue #13): a CRLF, a trailing
// blank or a BOM-like byte on either side of a piece's end must hash as in one piece.
TEST_CASE("a CRLF file longer than a read piece has the checksum of its LF text wherever the pieces end") {
  auto dir = scratch("pieces");
  for (std::size_t shift = 0; shift < 14; ++shift) {
    CAPTURE(shift);
    auto m = sample(1);
    m.up_sql = "SELECT 1" + std::string(shift, ' ') + ";";
    while (m.up_sql.size() < 70000) m.up_sql += "\nSELECT 1;  \t\nSELECT '\xEF\xBB';";
    auto path = dir + "/" + m.file_name();
    write_file(path, replaced(native_format().render(m), "\n", "\r\n"));
    CHECK(native_format().read(path, {}).checksum == m.checksum());
    fs::remove(path);
  }
}
