// Internal: the three dialects.
#pragma once

#include <algorithm>

#include "testudo/dialect/dialect.hpp"

namespace testudo::detail {

class sqlite_dialect final : public dialect {
 public:
  explicit sqlite_dialect(column_types types = column_types::testudo) : types_(types) {}
  backend kind() const noexcept override { return backend::sqlite; }
  std::string column_type(const column_def& column) const override;
  alter_capabilities capabilities() const noexcept override { return {false, false, false, false}; }
  bool stores_comments() const noexcept override { return false; }
  std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const override;
  std::string add_unique(std::string_view table, const index_def& constraint) const override;
  std::string drop_unique(std::string_view table, const index_def& constraint) const override;
  std::vector<std::string> before_migrations() const override { return {"PRAGMA foreign_keys = OFF"}; }
  std::vector<std::string> after_migrations() const override { return {"PRAGMA foreign_keys = ON"}; }
  std::string foreign_key_check() const override { return "PRAGMA foreign_key_check"; }
  rebuild_guard_sql rebuild_guard() const override;
  std::string text_match_sql(std::string_view lhs, std::string_view param, text_match m, bool ci) const override;
  std::string text_operand(std::string_view text, text_match m, bool ci) const override;
  std::string null_safe_differs(std::string_view lhs, std::string_view rhs) const override;
  std::string date_part(std::string_view part, std::string_view lhs) const override;
  std::string json_contains(std::string_view lhs, std::string_view param, bool contained_by) const override;
  std::string in_bound_list(std::string_view lhs, std::string_view param, bool integers) const override;
  std::string json_path(std::string_view lhs, std::string_view param, bool numeric) const override;
  std::string for_update(bool, bool) const override { return {}; }  // SQLite serialises writers
  std::string explain_prefix() const override { return "EXPLAIN QUERY PLAN "; }
  bool insert_returning(std::string_view server_version) const override;
  bool last_insert_id_is_free() const noexcept override { return true; }
  bool decimal_as_text(int max_digits, std::string_view declared_type) const override;
  std::string schema_cookie() const override { return "PRAGMA schema_version"; }
  std::string text_decimal_column(std::string_view column) const override;
  std::string text_decimal_aggregate(std::string_view function, std::string_view argument, int places) const override;
  std::string text_decimal_arithmetic(std::string_view op, std::string_view a, std::string_view b) const override;

 protected:
  std::vector<std::string> table_body_extras(const table_def& table) const override;
  std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const override;
  std::string generated_key(const column_def& column) const override;
  std::string column_comment(std::string_view text) const override;
  std::string table_suffix(const table_def& table) const override;
  std::string no_limit() const override { return "-1"; }

 private:
  column_types types_;
};

class postgres_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::postgres; }
  std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const override;
  std::vector<std::string> comment_table(const table_def& table) const override;
  std::vector<std::string> add_column(const table_def& table, const column_def& column) const override;
  std::vector<std::string> drop_foreign_key(std::string_view table, const foreign_key_def& fk) const override;
  // lock_timeout 0 means "no limit" to PostgreSQL; --lock-timeout 0 means "do not wait".
  std::vector<std::string> lock_wait_limit(std::int64_t milliseconds, bool in_transaction) const override {
    return {(in_transaction ? "SET LOCAL lock_timeout = " : "SET lock_timeout = ") +
            std::to_string(std::max<std::int64_t>(1, milliseconds))};
  }
  std::vector<std::string> lock_wait_reset() const override { return {"RESET lock_timeout"}; }
  std::string reported_type(std::string declared) const override;
  bool type_change_rewrites(std::string_view from, std::string_view to) const override;
  std::string decimal_average(std::string_view argument, int places) const override {
    return "AVG(CAST(" + std::string(argument) + " AS NUMERIC(1000, " + std::to_string(places + 10) + ")))";
  }
  std::string placeholder(std::size_t index) const override { return "$" + std::to_string(index); }
  std::string in_bound_list(std::string_view lhs, std::string_view param, bool integers) const override;
  std::string list_operand(const std::vector<value>& values) const override;
  std::string json_path(std::string_view lhs, std::string_view param, bool numeric) const override;
  std::string json_path_operand(const std::vector<std::string>& keys) const override;
  std::string text_match_sql(std::string_view lhs, std::string_view param, text_match m, bool ci) const override;
  std::string null_safe_differs(std::string_view lhs, std::string_view rhs) const override;
  std::string date_part(std::string_view part, std::string_view lhs) const override;
  std::string json_contains(std::string_view lhs, std::string_view param, bool contained_by) const override;
  bool nulls_sort_first() const noexcept override { return false; }

 protected:
  std::string generated_key(const column_def& column) const override;
  std::string literal(const column_def& column, const value& v) const override;
  std::vector<std::string> after_table(const table_def& table, bool if_not_exists) const override;
  std::size_t max_name_length() const noexcept override { return 63; }  // NAMEDATALEN - 1 bytes

 private:
  std::string comment_column(std::string_view table, const column_def& column) const;
};

class mysql_dialect final : public dialect {
 public:
  backend kind() const noexcept override { return backend::mysql; }
  std::vector<std::string> lock_wait_limit(std::int64_t milliseconds, bool in_transaction) const override;
  std::vector<std::string> lock_wait_reset() const override {
    return {"SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT"};
  }
  std::string reported_type(std::string declared) const override;
  std::string quote(std::string_view identifier) const override;
  std::string string_literal(std::string_view text) const override;
  bool backslash_escapes() const noexcept override { return true; }
  bool streams_loops() const noexcept override { return true; }
  bool pads_key_lists() const noexcept override { return true; }
  std::vector<std::string> alter_column(const table_def& table, const column_def& from, const column_def& to) const override;
  std::string drop_index(std::string_view table, const index_def& index) const override;
  std::string add_unique(std::string_view table, const index_def& constraint) const override;
  std::string drop_unique(std::string_view table, const index_def& constraint) const override;
  std::vector<std::string> drop_foreign_key(std::string_view table, const foreign_key_def& fk) const override;
  std::vector<std::string> drop_key_index(std::string_view table, const foreign_key_def& fk) const override;
  std::vector<std::string> comment_table(const table_def& table) const override;
  bool transactional_ddl() const noexcept override { return false; }
  std::string text_match_sql(std::string_view lhs, std::string_view param, text_match m, bool ci) const override;
  std::string null_safe_differs(std::string_view lhs, std::string_view rhs) const override;
  std::string date_part(std::string_view part, std::string_view lhs) const override;
  std::string json_contains(std::string_view lhs, std::string_view param, bool contained_by) const override;
  bool insert_returning(std::string_view server_version) const override;
  std::string in_bound_list(std::string_view lhs, std::string_view param, bool integers) const override;
  std::string json_path(std::string_view lhs, std::string_view param, bool numeric) const override;
  std::string decimal_param(std::string marker) const override;
  std::string insert_keyword(bool ignore_conflicts) const override { return ignore_conflicts ? "INSERT IGNORE" : "INSERT"; }
  std::string on_conflict(bool ignore, const std::vector<std::string>& conflict_columns,
                          const std::vector<std::string>& update_columns) const override;
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
  std::string no_limit() const override { return "18446744073709551615"; }
  std::size_t max_name_length() const noexcept override { return 64; }
  std::size_t name_length(std::string_view identifier) const noexcept override;  // characters

 private:
  std::vector<std::string> drop_named_by_query(const std::string& drop, const std::string& name_query,
                                               std::string_view usual_name) const;
};

}  // namespace testudo::detail
