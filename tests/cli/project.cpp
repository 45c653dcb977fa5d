#include "cli/project.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "support/backend.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/errors.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo::test {
namespace {

namespace fs = std::filesystem;

std::string backend_name() {
  switch (current_backend()) {
    case backend::sqlite: return "sqlite";
    case backend::postgres: return "postgres";
    case backend::mysql: return "mysql";
  }
  return "unknown";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "Success creating migration file <name>" → <name>.
std::string created_file(const cli_result& r) {
  constexpr std::string_view prefix = "Success creating migration file ";
  auto at = r.out.find(prefix);
  REQUIRE_MESSAGE(at != std::string::npos, "no file created; stdout: " << r.out << "\nstderr: " << r.err);
  auto start = at + prefix.size();
  return r.out.substr(start, r.out.find('\n', start) - start);
}

void require_success(const cli_result& r, const std::vector<std::string>& args) {
  INFO("testudo ", fmt::format("{}", fmt::join(args, " ")), "\nstdout: ", r.out, "\nstderr: ", r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

std::string shop_v0() { return TESTUDO_FIXTURES "/shop/tortoise_describe_v0.json"; }
std::string shop_v1() { return TESTUDO_FIXTURES "/shop/tortoise_describe_v1.json"; }
std::string shop_library() { return TESTUDO_SHOP_MODELS; }

std::string unreachable_url() {
  switch (current_backend()) {
    case backend::sqlite: return "sqlite:///nonexistent_testudo_folder/db.sqlite3";
    case backend::postgres: return "postgres://testudo:secret_pw_42@127.0.0.1:1/nowhere";
    case backend::mysql: return "mysql://testudo:secret_pw_42@127.0.0.1:1/nowhere";
  }
  return {};
}

cli_project::cli_project(const std::string& name)
    : dir_(fs::path(TESTUDO_CLI_WORK) / (variant_prefix() + backend_name()) / name), url_(fresh_database("cli_" + name)) {
  fs::remove_all(dir_);
  fs::create_directories(dir_);
}

cli_result cli_project::run(std::vector<std::string> args, std::map<std::string, std::string> env,
                            std::optional<std::string> input) const {
  return run_cli({std::move(args), dir_, std::move(env), std::move(input)});
}

cli_process cli_project::start(std::vector<std::string> args, std::map<std::string, std::string> env) const {
  return cli_process({std::move(args), dir_, std::move(env), std::nullopt});
}

cli_result cli_project::run_on_tty(std::vector<std::string> args, const std::vector<tty_answer>& answers) const {
  return run_cli_on_tty({std::move(args), dir_, {}, std::nullopt, true}, answers);
}

void cli_project::init(const std::string& models) const {
  std::vector<std::string> init{"init", "-t", models, "--db-url", url_};
  require_success(run(init), init);
  require_success(run({"init-db"}), {"init-db"});
}

std::string cli_project::migrate_add_x() const {
  std::vector<std::string> args{"--models", shop_v1(), "migrate", "--name", "add_x"};
  auto r = run(args);
  require_success(r, args);
  return created_file(r);
}

std::string cli_project::write_migration(const std::string& name, const std::string& up, const std::string& down) const {
  std::vector<std::string> args{"migrate", "--empty", "--offline", "--name", name};
  auto r = run(args);
  require_success(r, args);
  auto file = created_file(r);
  auto path = app_dir() / file;
  auto text = with_section(with_section(slurp(path), "up", up), "down", down);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return file;
}

std::unique_ptr<connection> cli_project::connect() const { return testudo::connect(url_); }

std::vector<std::string> cli_project::tables() const { return list_tables(*connect()); }

bool cli_project::has_table(const std::string& table) const {
  auto all = tables();
  return std::find(all.begin(), all.end(), table) != all.end();
}

bool cli_project::has_column(const std::string& table, const std::string& column) const {
  auto conn = connect();
  return introspect_table(*conn, table).column(column) != nullptr;
}

std::vector<version_row> cli_project::rows() const {
  auto conn = connect();
  version_table table(*conn, dialect_for(conn->kind()));
  return table.exists() ? table.rows("models") : std::vector<version_row>{};
}

std::vector<std::string> cli_project::versions() const {
  std::vector<std::string> out;
  for (const auto& r : rows()) out.push_back(r.version);
  return out;
}

std::int64_t cli_project::count(const std::string& table) const { return count_rows(*connect(), table); }

void cli_project::execute(const std::string& sql) const { connect()->execute(sql); }

std::vector<std::string> cli_project::migration_files() const {
  std::vector<std::string> out;
  if (!fs::exists(app_dir())) return out;
  for (const auto& entry : fs::directory_iterator(app_dir())) out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string cli_project::read(const fs::path& relative) const { return slurp(dir_ / relative); }

void cli_project::write(const fs::path& relative, const std::string& text) const {
  std::ofstream(dir_ / relative, std::ios::binary | std::ios::trunc) << text;
}

std::string cli_project::dump(const std::string& table) const {
  auto conn = connect();
  std::string out;
  for (const auto& c : introspect_table(*conn, table).columns)
    out += fmt::format("{} {} {} {}\n", c.name, c.type, c.nullable ? "NULL" : "NOT NULL", c.default_value.value_or("-"));
  auto cursor = conn->query("SELECT * FROM " + dialect_for(conn->kind()).quote(table));
  std::vector<std::string> rows;
  while (cursor->next()) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < cursor->column_count(); ++c) cells.push_back(to_display(cursor->get(c)));
    rows.push_back(fmt::format("{}", fmt::join(cells, " | ")));
  }
  std::sort(rows.begin(), rows.end());
  return out + fmt::format("{}", fmt::join(rows, "\n"));
}

project_state cli_project::state() const {
  project_state s;
  s.tables = tables();
  for (const auto& table : s.tables) s.dump[table] = dump(table);
  try {
    for (const auto& r : rows())
      s.versions.push_back(fmt::format("{} {} {}", r.version, status_name(r.status), r.statements_done));
  } catch (const configuration_error& e) {  // a table named aerich that is someone else's
    s.versions.push_back(e.what());
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir_))
    if (entry.is_regular_file()) s.files[fs::relative(entry.path(), dir_).string()] = slurp(entry.path());
    else s.files[fs::relative(entry.path(), dir_).string() + "/"] = "";
  return s;
}

std::string differences(const project_state& before, const project_state& after) {
  std::string out;
  auto compare = [&](const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b,
                     std::string_view what) {
    for (const auto& [key, text] : a)
      if (!b.contains(key)) out += fmt::format("{} {} is gone\n", what, key);
      else if (b.at(key) != text) out += fmt::format("{} {} changed:\n--- before\n{}\n--- after\n{}\n", what, key, text, b.at(key));
    for (const auto& [key, text] : b)
      if (!a.contains(key)) out += fmt::format("{} {} is new\n", what, key);
  };
  if (before.tables != after.tables)
    out += fmt::format("tables: {} → {}\n", fmt::join(before.tables, ", "), fmt::join(after.tables, ", "));
  if (before.versions != after.versions)
    out += fmt::format("versions: {} → {}\n", fmt::join(before.versions, ", "), fmt::join(after.versions, ", "));
  compare(before.dump, after.dump, "table");
  compare(before.files, after.files, "file");
  return out;
}

std::string file_numbered(const std::vector<std::string>& names, int n) {
  auto prefix = std::to_string(n) + "_";
  for (const auto& name : names)
    if (name.starts_with(prefix)) return name;
  return {};
}

std::string with_section(const std::string& text, const std::string& name, const std::string& body) {
  auto marker = "-- +testudo " + name + "\n";
  auto at = text.find(marker);
  REQUIRE_MESSAGE(at != std::string::npos, "no section " << name << " in:\n" << text);
  auto start = at + marker.size();
  auto next = text.find("-- +testudo ", start);
  auto replacement = body.empty() ? std::string("\n") : body + "\n\n";
  if (next == std::string::npos) return text.substr(0, start) + (body.empty() ? "" : body + "\n");
  return text.substr(0, start) + replacement + text.substr(next);
}

}  // namespace testudo::test
