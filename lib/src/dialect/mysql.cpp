// MySQL/MariaDB: backquotes, backslash escapes, keys and foreign keys inside CREATE TABLE.
#include "dialect/dialects.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "testudo/errors.hpp"

namespace testudo::detail {

// MariaDB reports integer display widths (JSON, a LONGTEXT with a json_valid CHECK, is read back
// as JSON by the introspection).
std::string mysql_dialect::reported_type(std::string declared) const {
  declared = dialect::reported_type(std::move(declared));
  static const std::pair<std::string_view, std::string_view> same[] = {
      {"INT", "INT(11)"}, {"SMALLINT", "SMALLINT(6)"}, {"BIGINT", "BIGINT(20)"}, {"BOOL", "TINYINT(1)"}};
  for (auto [from, to] : same)
    if (declared == from) return std::string(to);
  return declared;
}

// Both waits: metadata locks (ALTER behind an open transaction) and InnoDB row locks. Whole
// seconds only, rounded up so a bound is never shorter than asked. MySQL has no transaction-scoped
// form; its connections keep their session (no transaction pooler is supported in front of it).
std::vector<std::string> mysql_dialect::lock_wait_limit(std::int64_t milliseconds, bool /*in_transaction*/) const {
  auto seconds = std::max<std::int64_t>(1, (milliseconds + 999) / 1000);
  return {fmt::format("SET SESSION lock_wait_timeout = {0}, innodb_lock_wait_timeout = {0}", seconds)};
}

std::size_t mysql_dialect::name_length(std::string_view identifier) const noexcept {
  // UTF-8 continuation bytes (10xxxxxx) do not start a character.
  return static_cast<std::size_t>(std::count_if(identifier.begin(), identifier.end(),
                                                [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string mysql_dialect::quote(std::string_view identifier) const {
  check_name(identifier);
  std::string out = "`";
  for (char c : identifier) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

std::string mysql_dialect::string_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'': out += "''"; break;
      case '\\': out += "\\\\"; break;  // backslash escapes are on unless NO_BACKSLASH_ESCAPES
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  return out + "'";
}

std::string mysql_dialect::generated_key(const column_def& column) const {
  return dialect::column_type(column) + " NOT NULL PRIMARY KEY AUTO_INCREMENT";
}

std::string mysql_dialect::now_default(const column_def& column) const {
  return column.auto_now ? "CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP(6)";
}

std::string mysql_dialect::column_comment(std::string_view text) const {
  return " COMMENT " + string_literal(text);
}

std::string mysql_dialect::table_suffix(const table_def& table) const {
  std::string out = " CHARACTER SET utf8mb4";
  if (table.comment) out += " COMMENT=" + string_literal(*table.comment);
  return out;
}

std::vector<std::string> mysql_dialect::table_body_extras(const table_def& table) const {
  std::vector<std::string> out;
  for (const auto& u : table.unique_together)
    out.push_back(fmt::format("UNIQUE KEY {} ({})", quote(u.name), quoted_list(u.columns)));
  for (const auto& fk : table.foreign_keys) {
    if (fk.on_delete == "SET DEFAULT")  // InnoDB parses it, then refuses the table
      throw configuration_error(fmt::format("table {}, column {}: MySQL/InnoDB does not support ON DELETE SET DEFAULT; "
                                            "use SET NULL, RESTRICT, CASCADE or NO ACTION", table.name, fk.column));
    out.push_back(fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {}", quote(fk.name),
                              quote(fk.column), quote(fk.ref_table), quote(fk.ref_column), fk.on_delete));
  }
  for (const auto& ix : table.indexes)
    out.push_back(fmt::format("{}KEY {} ({})", ix.unique ? "UNIQUE " : "", quote(ix.name), quoted_list(ix.columns)));
  return out;
}

std::vector<std::string> mysql_dialect::after_table(const table_def&, bool) const { return {}; }

// `drop` (an ALTER TABLE ... DROP ... prefix) completed with the name `name_query` finds (a
// column `found`), else with `usual_name`: MySQL takes no expression as a name, so a prepared
// statement is the only way.
std::vector<std::string> mysql_dialect::drop_named_by_query(const std::string& drop, const std::string& name_query,
                                                            std::string_view usual_name) const {
  return {fmt::format("SET @testudo_ddl = COALESCE((SELECT CONCAT({}, '`', REPLACE(found, '`', '``'), '`') FROM ({}) AS named), {})",
                      string_literal(drop), name_query, string_literal(drop + quote(usual_name))),
          "PREPARE testudo_ddl FROM @testudo_ddl", "EXECUTE testudo_ddl", "DEALLOCATE PREPARE testudo_ddl"};
}

std::vector<std::string> mysql_dialect::alter_column(const table_def& table, const column_def& from,
                                                    const column_def& to) const {
  std::vector<std::string> out;
  if (!same_definition(from, to)) {
    // MODIFY restates the whole column; UNIQUE stays a separate index so it is not duplicated.
    auto definition = to.generated ? fmt::format("{} {} NOT NULL AUTO_INCREMENT", quote(to.name), dialect::column_type(to))
                                   : column_sql(table, to, {.unique = false, .references = false});
    out.push_back(fmt::format("ALTER TABLE {} MODIFY COLUMN {}", quote(table.name), definition));
  }
  // MySQL names a column's UNIQUE index after the column, and keeps that name when the column is
  // renamed: dropping it looks the name up (a prepared statement is the only way to use it).
  if (from.unique && !to.unique) {
    auto unique_index = fmt::format(
        "SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}"
        " AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY' GROUP BY INDEX_NAME"
        " HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = {} ORDER BY INDEX_NAME = {} DESC, INDEX_NAME LIMIT 1",
        string_literal(table.name), string_literal(to.name), string_literal(to.name));
    for (auto& s : drop_named_by_query(fmt::format("ALTER TABLE {} DROP INDEX ", quote(table.name)), unique_index, to.name))
      out.push_back(std::move(s));
  } else if (to.unique && !from.unique) {
    out.push_back(fmt::format("ALTER TABLE {} ADD UNIQUE INDEX {} ({})", quote(table.name), quote(to.name), quote(to.name)));
  }
  return out;
}

std::string mysql_dialect::drop_index(std::string_view table, const index_def& index) const {
  return fmt::format("ALTER TABLE {} DROP INDEX {}", quote(table), quote(index.name));
}

std::string mysql_dialect::add_unique(std::string_view table, const index_def& constraint) const {
  return fmt::format("ALTER TABLE {} ADD UNIQUE KEY {} ({})", quote(table), quote(constraint.name), quoted_list(constraint.columns));
}

std::string mysql_dialect::drop_unique(std::string_view table, const index_def& constraint) const {
  return drop_index(table, constraint);
}

// InnoDB names the keys Tortoise declares without a name (through tables) <table>_ibfk_<n>: the
// key is found by its column.
std::vector<std::string> mysql_dialect::drop_foreign_key(std::string_view table, const foreign_key_def& fk) const {
  auto key = fmt::format(
      "SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()"
      " AND TABLE_NAME = {} AND COLUMN_NAME = {} AND REFERENCED_TABLE_NAME IS NOT NULL"
      " ORDER BY CONSTRAINT_NAME = {} DESC, CONSTRAINT_NAME LIMIT 1",
      string_literal(table), string_literal(fk.column), string_literal(fk.name));
  return drop_named_by_query(fmt::format("ALTER TABLE {} DROP FOREIGN KEY ", quote(table)), key, fk.name);
}

std::vector<std::string> mysql_dialect::drop_key_index(std::string_view table, const foreign_key_def& fk) const {
  auto index = fmt::format(
      "SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}"
      " AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = {}"
      " ORDER BY INDEX_NAME = {} DESC, INDEX_NAME = {} DESC, INDEX_NAME LIMIT 1",
      string_literal(table), string_literal(fk.column), string_literal(fk.name), string_literal(fk.column));
  return drop_named_by_query(fmt::format("ALTER TABLE {} DROP INDEX ", quote(table)), index, fk.name);
}

std::vector<std::string> mysql_dialect::comment_table(const table_def& table) const {
  return {fmt::format("ALTER TABLE {} COMMENT = {}", quote(table.name), string_literal(table.comment.value_or("")))};
}

}  // namespace testudo::detail
