// Internal: the three dialects.
#pragma once

#include "testudo/dialect/dialect.hpp"

namespace testudo::detail {

class sqlite_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::sqlite; }
  std::string column_type(const column_def& column) const override;
  alter_capabilities capabilities() const noexcept override { return {false, false, false, false}; }
  std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const override;
  std::string add_unique(std::string_view table, const index_def& constraint) const override;
  std::string drop_unique(std::string_view table, const index_def& constraint) const override;
  std::vector<std::string> before_migrations() const override { return {"PRAGMA foreign_keys = OFF"}; }
  std::vector<std::string> after_migrations() const override { return {"PRAGMA foreign_keys = ON"}; }
  std::string foreign_key_check() const override { return "PRAGMA foreign_key_check"; }

 protected:
  std::vector<std::string> table_body_extras(const table_def& table) const override;
  std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const override;
  std::string generated_key(const column_def& column) const override;
  std::string column_comment(std::string_view text) const override;
  std::string table_suffix(const table_def& table) const override;
};

class postgres_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::postgres; }
  std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const override;
  std::vector<std::string> comment_table(const table_def& table) const override;

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
  std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const override;
  std::string drop_index(std::string_view table, const index_def& index) const override;
  std::string add_unique(std::string_view table, const index_def& constraint) const override;
  std::string drop_unique(std::string_view table, const index_def& constraint) const override;
  std::string drop_foreign_key(std::string_view table, const foreign_key_def& fk) const override;
  std::vector<std::string> comment_table(const table_def& table) const override;
  bool transactional_ddl() const noexcept override { return false; }
  alter_capabilities capabilities() const noexcept override {
    alter_capabilities caps;
    caps.keys_need_index = true;
    return caps;
  }

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
