// Introspection on SQLite: the PRAGMA table-valued functions, plus the stored CREATE TABLE text for
// the constraint names they do not report.
#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "schema/introspect_dialect.hpp"

namespace testudo::detail {
namespace {

// ---- Constraint names, read back from the CREATE TABLE statement ----

enum class token_kind { word, quoted_name, literal, punct, comment };
struct token {
  token_kind kind;
  std::string text;  // quotes removed
};
using tokens = std::span<const token>;

enum class key_kind { none, primary, unique, foreign };
struct named_constraint {
  key_kind kind;
  std::string name;
  std::vector<std::string> columns;
};

bool is_word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || c == '_' || c == '$' ||
         u >= 0x80;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// SQLite compares identifiers case-insensitively (ASCII only).
bool same_name(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return lower(x) == lower(y); });
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::ranges::equal(a, b, [](const std::string& x, const std::string& y) { return same_name(x, y); });
}

bool is_keyword(const token& t, std::string_view keyword) {
  return t.kind == token_kind::word && same_name(t.text, keyword);
}

bool is_punct(const token& t, char c) { return t.kind == token_kind::punct && t.text[0] == c; }

// Reads the quoted text opening at sql[at] into `out`; a doubled closing quote stands for itself.
std::size_t read_quoted(std::string_view sql, std::size_t at, std::string& out) {
  char close = sql[at] == '[' ? ']' : sql[at];
  for (std::size_t i = at + 1; i < sql.size(); ++i) {
    if (sql[i] != close) {
      out += sql[i];
    } else if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
      out += close;
      ++i;
    } else {
      return i + 1;
    }
  }
  return sql.size();
}

std::size_t skip_comment(std::string_view sql, std::size_t at) {
  auto end = sql.substr(at, 2) == "--" ? sql.find('\n', at) : sql.find("*/", at + 2);
  if (end == std::string_view::npos) return sql.size();
  return sql[end] == '\n' ? end + 1 : end + 2;
}

// `comments`: /* */ comments are tokens too (their inside as the text); else they are skipped.
std::vector<token> tokenize(std::string_view sql, bool comments = false) {
  std::vector<token> out;
  for (std::size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (sql.substr(i, 2) == "--" || sql.substr(i, 2) == "/*") {
      auto end = skip_comment(sql, i);
      if (comments && sql[i] == '/' && end >= i + 4) out.push_back({token_kind::comment, std::string(sql.substr(i + 2, end - i - 4))});
      i = end;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      out.push_back({c == '\'' ? token_kind::literal : token_kind::quoted_name, {}});
      i = read_quoted(sql, i, out.back().text);
    } else if (is_word_char(c)) {
      auto start = i;
      while (i < sql.size() && is_word_char(sql[i])) ++i;
      out.push_back({token_kind::word, std::string(sql.substr(start, i - start))});
    } else {
      out.push_back({token_kind::punct, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

// The comma-separated items of the parenthesised list that opens at list[0].
std::vector<tokens> list_items(tokens list) {
  std::vector<tokens> items;
  int depth = 1;
  std::size_t start = 1;
  for (std::size_t i = 1; i < list.size(); ++i) {
    if (is_punct(list[i], '(')) {
      ++depth;
    } else if ((is_punct(list[i], ')') && --depth == 0) || (depth == 1 && is_punct(list[i], ','))) {
      items.push_back(list.subspan(start, i - start));
      start = i + 1;
      if (depth == 0) break;
    }
  }
  return items;
}

// The names in the first parenthesised list of `rest`: "KEY (a, b DESC)" → {a, b}.
std::vector<std::string> column_list(tokens rest) {
  auto open = std::ranges::find_if(rest, [](const token& t) { return is_punct(t, '('); });
  std::vector<std::string> names;
  if (open == rest.end()) return names;
  for (tokens item : list_items(rest.subspan(static_cast<std::size_t>(open - rest.begin()))))
    if (!item.empty()) names.push_back(item[0].text);
  return names;
}

key_kind kind_of(const token& keyword) {
  if (is_keyword(keyword, "PRIMARY")) return key_kind::primary;
  if (is_keyword(keyword, "UNIQUE")) return key_kind::unique;
  if (is_keyword(keyword, "FOREIGN") || is_keyword(keyword, "REFERENCES")) return key_kind::foreign;
  return key_kind::none;
}

// One column or table definition: `CONSTRAINT n UNIQUE (a, b)` names a table constraint over its
// list, `b INT CONSTRAINT n REFERENCES t` a constraint over the column it is written on.
void collect_named(tokens definition, std::vector<named_constraint>& out) {
  if (definition.empty()) return;
  bool table_level = is_keyword(definition[0], "CONSTRAINT") || kind_of(definition[0]) != key_kind::none ||
                     is_keyword(definition[0], "CHECK");
  int depth = 0;
  for (std::size_t i = 0; i + 2 < definition.size(); ++i) {
    if (is_punct(definition[i], '(')) ++depth;
    if (is_punct(definition[i], ')')) --depth;
    if (depth != 0 || !is_keyword(definition[i], "CONSTRAINT")) continue;
    auto kind = kind_of(definition[i + 2]);
    if (kind == key_kind::none) continue;
    auto columns = table_level ? column_list(definition.subspan(i + 3)) : std::vector{definition[0].text};
    out.push_back({kind, definition[i + 1].text, std::move(columns)});
  }
}

std::vector<named_constraint> named_constraints(std::string_view create_table) {
  auto all = tokenize(create_table);
  auto open = std::ranges::find_if(all, [](const token& t) { return is_punct(t, '('); });
  std::vector<named_constraint> out;
  if (open == all.end()) return out;
  for (tokens definition : list_items(tokens(open, all.end()))) collect_named(definition, out);
  return out;
}

// Removes and returns the name of the constraint of `kind` over exactly `columns`.
std::string take_name(std::vector<named_constraint>& named, key_kind kind, const std::vector<std::string>& columns) {
  auto it = std::ranges::find_if(named, [&](const named_constraint& c) {
    return c.kind == kind && same_names(c.columns, columns);
  });
  if (it == named.end()) return {};
  auto name = std::move(it->name);
  named.erase(it);
  return name;
}

// Autoindexes (and the rowid primary key) take their constraint's name; foreign keys, which the
// pragma only numbers, take theirs or stay unnamed.
void apply_names(table_info& table, std::vector<named_constraint> named) {
  for (auto& index : table.indexes) {
    if (!index.name.empty() && !index.name.starts_with("sqlite_autoindex_")) continue;
    auto name = take_name(named, index.primary ? key_kind::primary : key_kind::unique, index.columns);
    if (!name.empty()) index.name = std::move(name);
  }
  for (auto& fk : table.foreign_keys) fk.name = take_name(named, key_kind::foreign, fk.columns);
}

// ---- What the pragmas leave out ----

std::string create_sql(connection& conn, const std::string& table) {
  auto rows = conn.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", {value{table}});
  return rows->next() && !rows->is_null(0) ? std::string(rows->get_text(0)) : std::string();
}

// A rowid alias has no index of its own; list the primary key as the other backends do.
void add_rowid_primary_key(table_info& table) {
  if (std::ranges::any_of(table.indexes, &index_info::primary)) return;
  index_info pk{.name = {}, .columns = {}, .unique = true, .primary = true};
  for (const auto& column : table.columns)
    if (column.primary_key) pk.columns.push_back(column.name);
  if (!pk.columns.empty()) table.indexes.push_back(std::move(pk));
}

// "REFERENCES parent" without columns means parent's primary key; the pragma leaves `to` empty.
void resolve_implicit_references(connection& conn, std::vector<foreign_key_info>& foreign_keys) {
  for (auto& fk : foreign_keys) {
    if (std::ranges::any_of(fk.ref_columns, [](const std::string& c) { return !c.empty(); })) continue;
    auto rows = conn.query("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", {value{fk.ref_table}});
    std::vector<std::string> pk;
    while (rows->next()) pk.emplace_back(rows->get_text(0));
    if (pk.size() == fk.columns.size()) fk.ref_columns = std::move(pk);
  }
}

// testudo and Tortoise write a description as /* text */ closing its column's definition ("*/"
// inside as "*\/", a space on each side). The table's, after the closing parenthesis, SQLite
// does not keep: the text it stores ends with the statement's last token.
std::optional<std::string> comment_text(const token& t) {
  std::string_view text = t.text;
  if (text.starts_with(' ')) text.remove_prefix(1);
  if (text.ends_with(' ')) text.remove_suffix(1);
  std::string out(text);
  for (std::size_t at; (at = out.find("*\\/")) != std::string::npos;) out.replace(at, 3, "*/");
  return out.empty() ? std::nullopt : std::optional<std::string>(std::move(out));
}

void read_column_comments(std::string_view create_table, table_info& table) {
  auto all = tokenize(create_table, true);
  auto open = std::ranges::find_if(all, [](const token& t) { return is_punct(t, '('); });
  if (open == all.end()) return;
  tokens list(open, all.end());
  for (tokens item : list_items(list)) {
    if (item.size() < 2 || item.back().kind != token_kind::comment || item[0].kind == token_kind::comment) continue;
    auto column = std::ranges::find_if(table.columns, [&](const column_info& c) { return same_name(c.name, item[0].text); });
    if (column != table.columns.end()) column->comment = comment_text(item.back());
  }
}

void mark_computed(connection& conn, table_info& table) {
  auto rows = conn.query("SELECT name FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3)", {value{table.name}});
  while (rows->next()) {
    auto column = std::ranges::find(table.columns, rows->get_text(0), &column_info::name);
    if (column != table.columns.end()) column->computed = true;
  }
}

void adjust(connection& conn, table_info& table) {
  // The pragma calls a rowid alias nullable unless declared NOT NULL, but it can never hold NULL.
  for (auto& column : table.columns)
    if (column.auto_increment) column.nullable = false;
  add_rowid_primary_key(table);
  auto create = create_sql(conn, table.name);
  apply_names(table, named_constraints(create));
  read_column_comments(create, table);
  mark_computed(conn, table);
  resolve_implicit_references(conn, table.foreign_keys);
}

introspection_dialect make_dialect() {
  introspection_dialect d;
  d.tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
  d.table = "SELECT name, NULL FROM sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE";
  // table_xinfo, unlike table_info, lists generated columns (hidden 2 virtual, 3 stored; 1 is a
  // virtual table's hidden column). The value is assigned by SQLite exactly when the column is a rowid alias: the only primary key
  // column, declared INTEGER, in a table whose key needs no index of its own (not WITHOUT ROWID,
  // not "INTEGER PRIMARY KEY DESC"). AUTOINCREMENT only changes whether ids are ever reused.
  d.columns =
      "SELECT c.name, c.type, c.\"notnull\" = 0, c.dflt_value, c.pk > 0,"
      " c.pk > 0 AND upper(c.type) = 'INTEGER'"
      " AND (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) = 1"
      " AND NOT EXISTS (SELECT 1 FROM pragma_index_list(?1) WHERE origin = 'pk'),"
      " NULL FROM pragma_table_xinfo(?1) AS c WHERE c.hidden <> 1 ORDER BY c.cid";
  // An expression key has no column name.
  d.indexes =
      "SELECT il.name, coalesce(ii.name, ''), il.\"unique\", il.origin = 'pk', il.partial"
      " FROM pragma_index_list(?1) AS il, pragma_index_info(il.name) AS ii ORDER BY il.name, ii.seqno";
  // Numbered, not named: adjust() names them from the DDL.
  d.foreign_keys =
      "SELECT CAST(id AS TEXT), \"from\", \"table\", coalesce(\"to\", ''), on_delete, on_update"
      " FROM pragma_foreign_key_list(?1) ORDER BY id, seq";
  d.adjust = adjust;
  return d;
}

}  // namespace

const introspection_dialect& sqlite_introspection() {
  static const introspection_dialect dialect = make_dialect();
  return dialect;
}

}  // namespace testudo::detail
