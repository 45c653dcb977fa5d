#include "testudo/db/connection.hpp"

#include <fmt/format.h>

#include "db/drivers.hpp"
#include "testudo/db/script.hpp"
#include "testudo/errors.hpp"

namespace testudo {

std::vector<std::vector<value>> fetch_all(row_cursor& rows) {
  std::vector<std::vector<value>> out;
  while (rows.next()) {
    auto& row = out.emplace_back();
    row.reserve(rows.column_count());
    for (std::size_t c = 0; c < rows.column_count(); ++c) row.push_back(rows.get(c));
  }
  return out;
}

std::vector<std::string> connection::split_script(std::string_view script) const {
  return split_sql(script, kind());
}

void connection::execute_script(std::string_view script) {
  auto statements = split_script(script);
  for (std::size_t i = 0; i < statements.size(); ++i) {
    try {
      execute(statements[i]);
    } catch (const integrity_error& e) {
      auto details = e.details();
      details.statement_index = i;
      throw integrity_error(fmt::format("statement {} of the script failed: {}", i + 1, e.what()),
                            e.constraint(), details);
    } catch (const operational_error& e) {
      auto details = e.details();
      details.statement_index = i;
      throw operational_error(fmt::format("statement {} of the script failed: {}", i + 1, e.what()),
                              details);
    }
  }
}

void connection::begin(bool write_lock) {
  if (depth_ == 0) execute(write_lock ? begin_write_statement() : begin_statement());
  else execute(fmt::format("SAVEPOINT testudo_sp_{}", depth_));
  ++depth_;
}

void connection::commit() {
  if (depth_ == 0)
    throw transaction_management_error("commit() without an open transaction: call begin() first");
  if (depth_ > 1) {
    execute(fmt::format("RELEASE SAVEPOINT testudo_sp_{}", depth_ - 1));
    --depth_;
    return;
  }
  depth_ = 0;
  try {
    execute("COMMIT");
  } catch (...) {
    // A failed COMMIT may leave the transaction open (SQLite when busy): close it, then report.
    try {
      execute("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

void connection::rollback() {
  if (depth_ == 0)
    throw transaction_management_error("rollback() without an open transaction: call begin() first");
  --depth_;
  if (depth_ == 0) {
    execute("ROLLBACK");
    return;
  }
  execute(fmt::format("ROLLBACK TO SAVEPOINT testudo_sp_{}", depth_));
  execute(fmt::format("RELEASE SAVEPOINT testudo_sp_{}", depth_));
}

std::string connection::placeholder(std::size_t index) const {
  return kind() == backend::postgres ? fmt::format("${}", index) : std::string("?");
}

std::unique_ptr<connection> connect(const db_url& url) {
  switch (url.kind) {
    case backend::sqlite: return detail::connect_sqlite(url);
    case backend::postgres: return detail::connect_postgres(url);
    case backend::mysql: return detail::connect_mysql(url);
  }
  throw configuration_error("unknown backend");
}

std::unique_ptr<connection> connect(std::string_view url) { return connect(parse_db_url(url)); }

}  // namespace testudo
