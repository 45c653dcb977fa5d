#include "testudo/migrate/version_table.hpp"

#include <fmt/format.h>

#include "testudo/errors.hpp"
#include "testudo/migrate/migration_file.hpp"
#include "util/inputs.hpp"
#include "testudo/schema/introspect.hpp"

namespace testudo {
namespace {

// Aerich's model, declared like any other so its describe() entry matches Aerich's byte for byte.
struct aerich_model_row {
  std::int32_t id{};
  std::string version, app;
  json content;
};

// testudo's own columns: all nullable, so Aerich keeps working on the same table.
struct testudo_columns_row {
  std::int32_t id{};
  std::optional<std::string> checksum;
  std::optional<datetime> applied_at;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> status;
  std::optional<std::int32_t> statements_done;
  std::optional<std::string> error;
};

model_meta aerich_meta(std::string_view app) {
  using namespace declare;
  auto meta = detail::make_model<aerich_model_row>(
      false, "Aerich", "aerich", {}, pk("id", &aerich_model_row::id),
      char_field("version", &aerich_model_row::version, 255), char_field("app", &aerich_model_row::app, 100),
      json_field("content", &aerich_model_row::content), ordering({"-id"}));
  meta.app = std::string(app);
  return meta;
}

model_meta extras_meta() {
  using namespace declare;
  using r = testudo_columns_row;
  return detail::make_model<r>(false, "TestudoColumns", "aerich", {}, pk("id", &r::id),
                               char_field("checksum", &r::checksum, 80), datetime_field("applied_at", &r::applied_at),
                               big_int_field("duration_ms", &r::duration_ms), char_field("status", &r::status, 20),
                               int_field("statements_done", &r::statements_done), text_field("error", &r::error));
}

std::string_view testudo_columns[] = {"checksum", "applied_at", "duration_ms", "status", "statements_done", "error"};

// `source` names the table, row and version: a row edited by hand is fixed by hand.
[[noreturn]] void corrupt_row(const std::string& source, std::string_view what) {
  throw configuration_error(fmt::format("{}: {}. Nothing was changed: fix or delete that row", source, what));
}

migration_status parse_status(const std::string& text, const std::string& source) {
  for (auto s : {migration_status::applied, migration_status::running, migration_status::failed,
                 migration_status::reverting, migration_status::revert_failed})
    if (status_name(s) == text) return s;
  corrupt_row(source, fmt::format("unknown status '{}' (expected applied, running, failed, reverting or "
                                  "revert_failed)", text));
}

}  // namespace

std::string_view status_name(migration_status s) noexcept {
  switch (s) {
    case migration_status::applied: return "applied";
    case migration_status::running: return "running";
    case migration_status::failed: return "failed";
    case migration_status::reverting: return "reverting";
    case migration_status::revert_failed: return "revert_failed";
  }
  return "applied";
}

snapshot_json version_table::aerich_model(std::string_view app) {
  auto meta = aerich_meta(app);
  return describe_models({&meta}, app);
}

table_def version_table::definition() const {
  auto aerich = aerich_model("models");
  auto table = tables_from_snapshot(aerich).front();
  auto extras_model = extras_meta();
  auto extras = tables_from_snapshot(describe_models({&extras_model}, "models")).front();
  table.columns.insert(table.columns.end(), extras.columns.begin() + 1, extras.columns.end());
  return table;
}

bool version_table::exists() {
  auto tables = list_tables(conn_);
  return std::find(tables.begin(), tables.end(), version_table_name) != tables.end();
}

table_info version_table::existing_table() {
  auto present = introspect_table(conn_, version_table_name);
  // A table of the same name that is not Aerich's: change nothing rather than ALTER it and fail later.
  for (auto name : {"id", "version", "app", "content"})
    if (!present.column(name))
      throw configuration_error(fmt::format("the database has a table '{}' that is not a migration version table (it "
                                            "has no column '{}'); nothing was changed. Rename that table, or migrate "
                                            "another database", version_table_name, name));
  return present;
}

namespace {

std::string row_source(const version_row& r) {
  return fmt::format("the version table '{}', row {} (migration {})", version_table_name, r.id, r.version);
}

}  // namespace

void version_table::ensure() {
  select_list_.clear();
  auto table = definition();
  if (!exists()) {
    for (const auto& s : d_.create_table(table, true)) conn_.execute(s);
    return;
  }
  auto present = existing_table();
  for (auto name : testudo_columns)
    if (!present.column(name))
      for (const auto& statement : d_.add_column(table, *table.column(name))) conn_.execute(statement);
}

std::vector<version_row> version_table::rows(std::string_view app, bool snapshots) {
  // Aerich's own table lacks testudo's columns until a writing command adds them: read what is
  // there (absent columns read as NULL) so read-only commands never change it.
  if (select_list_.empty()) {
    auto present = existing_table();
    std::vector<std::string> columns;
    for (auto name : testudo_columns) columns.push_back(present.column(name) ? d_.quote(name) : "NULL");
    select_list_ = fmt::format("{}", fmt::join(columns, ", "));
  }
  auto sql = fmt::format("SELECT id, version, app, {}, {} FROM {} WHERE app = {} ORDER BY id",
                         snapshots ? "content" : "NULL", select_list_, d_.quote(version_table_name), conn_.placeholder(1));
  auto cursor = conn_.query(sql, {value{std::string(app)}});
  std::vector<version_row> out;
  while (cursor->next()) {
    version_row r;
    r.id = cursor->get_int64(0);
    r.version = cursor->get_text(1);
    r.app = cursor->get_text(2);
    auto source = row_source(r);
    if (!parse_file_name(r.version))
      corrupt_row(source, fmt::format("'{}' is not a migration file name (<number>_<YYYYmmddHHMMSS>_<name>.sql or "
                                      ".py)", r.version));
    if (snapshots) {
      r.content = read_snapshot(cursor->get_text(3), source);
      check_snapshot(r.content, source);
    }
    if (!cursor->is_null(4)) r.checksum = std::string(cursor->get_text(4));
    if (!cursor->is_null(5)) r.applied_at = cursor->get_datetime(5);
    if (!cursor->is_null(6)) r.duration_ms = cursor->get_int64(6);
    if (!cursor->is_null(7)) r.status = parse_status(std::string(cursor->get_text(7)), source);
    if (!cursor->is_null(8)) r.statements_done = cursor->get_int64(8);
    if (!cursor->is_null(9)) r.error = std::string(cursor->get_text(9));
    out.push_back(std::move(r));
  }
  return out;
}

snapshot_json version_table::snapshot(const version_row& row) {
  auto cursor = conn_.query(fmt::format("SELECT content FROM {} WHERE id = {}", d_.quote(version_table_name),
                                        conn_.placeholder(1)),
                            {value{row.id}});
  if (!cursor->next())
    throw configuration_error(fmt::format("{} was deleted while testudo read the table (another process reverted it "
                                          "meanwhile?): run the command again", row_source(row)));
  auto content = read_snapshot(cursor->get_text(0), row_source(row));
  check_snapshot(content, row_source(row));
  return content;
}

bool version_table::has_row(std::string_view app, std::string_view version) {
  auto sql = fmt::format("SELECT 1 FROM {} WHERE app = {} AND version = {}", d_.quote(version_table_name),
                         conn_.placeholder(1), conn_.placeholder(2));
  return conn_.query(sql, {value{std::string(app)}, value{std::string(version)}})->next();
}

std::vector<std::string> version_table::apps() {
  auto cursor = conn_.query(fmt::format("SELECT DISTINCT app FROM {} ORDER BY app", d_.quote(version_table_name)));
  std::vector<std::string> out;
  while (cursor->next()) out.emplace_back(cursor->get_text(0));
  return out;
}

std::int64_t version_table::insert(const version_row& row) {
  std::vector<std::string> marks;
  for (std::size_t i = 1; i <= 8; ++i) marks.push_back(conn_.placeholder(i));
  auto sql = fmt::format("INSERT INTO {} (version, app, content, checksum, applied_at, status, statements_done, error) "
                         "VALUES ({})", d_.quote(version_table_name), fmt::join(marks, ", "));
  std::vector<value> params{value{row.version},
                            value{row.app},
                            value{json{row.content.dump()}},
                            row.checksum ? value{*row.checksum} : value{null},
                            value{row.applied_at.value_or(std::chrono::time_point_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now()))},
                            value{std::string(status_name(row.status))},
                            value{row.statements_done},
                            row.error ? value{detail::valid_utf8(*row.error)} : value{null}};
  conn_.execute(sql, params);
  // The newest row of this app and version: portable where RETURNING/last id are not.
  auto id = conn_.query(fmt::format("SELECT MAX(id) FROM {} WHERE app = {} AND version = {}", d_.quote(version_table_name),
                                    conn_.placeholder(1), conn_.placeholder(2)),
                        {value{row.app}, value{row.version}});
  id->next();
  return id->get_int64(0);
}

void version_table::update_progress(std::int64_t id, migration_status status, std::int64_t statements_done,
                                    const std::optional<std::string>& error) {
  conn_.execute(fmt::format("UPDATE {} SET status = {}, statements_done = {}, error = {} WHERE id = {}",
                            d_.quote(version_table_name), conn_.placeholder(1), conn_.placeholder(2),
                            conn_.placeholder(3), conn_.placeholder(4)),
                {value{std::string(status_name(status))}, value{statements_done},
                 error ? value{detail::valid_utf8(*error)} : value{null},  // servers refuse to store invalid UTF-8
                 value{id}});
}

void version_table::finish(std::int64_t id, std::int64_t duration_ms) {
  conn_.execute(fmt::format("UPDATE {} SET status = {}, duration_ms = {}, error = NULL WHERE id = {}",
                            d_.quote(version_table_name), conn_.placeholder(1), conn_.placeholder(2), conn_.placeholder(3)),
                {value{std::string("applied")}, value{duration_ms}, value{id}});
}

void version_table::remove(std::int64_t id) {
  conn_.execute(fmt::format("DELETE FROM {} WHERE id = {}", d_.quote(version_table_name), conn_.placeholder(1)), {value{id}});
}

}  // namespace testudo
