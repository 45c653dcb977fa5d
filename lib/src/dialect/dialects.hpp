// Internal: the three dialects.
#pragma once

#include "testudo/dialect/dialect.hpp"

namespace testudo::detail {

class sqlite_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::sqlite; }
  std::string column_type(const column_def& column) const override;

 protected:
  std::string generated_key(const column_def& column) const override;
  std::string column_comment(std::string_view text) const override;
  std::string table_suffix(const table_def& table) const override;
};

class postgres_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::postgres; }

 protected:
  std::string generated_key(const column_def& column) const override;
  std::string literal(const column_def& column, const value& v) const override;
  std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const override;
};

class mysql_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::mysql; }
  std::string quote(std::string_view identifier) const override;
  std::string string_literal(std::string_view text) const override;

 protected:
  std::string generated_key(const column_def& column) const override;
  std::string now_default(const column_def& column) const override;
  std::string column_comment(std::string_view text) const override;
  std::string table_suffix(const table_def& table) const override;
  std::vector<std::string> table_body_extras(const table_def& table) const override;
  std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const override;
  bool inline_foreign_keys() const noexcept override { return false; }
};

}  // namespace testudo::detail
