// Lint: each statement of a migration read as tokens (no SQL parser: the shapes that matter are few
// and fixed), checked against the rules, then against the live database where it decides.
#include "testudo/migrate/lint.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "testudo/db/script.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/schema/introspect.hpp"
#include "testudo/schema/table.hpp"

namespace testudo {
namespace {

// A table as a statement names it: a qualified name keeps its schema (PostgreSQL schema, MySQL
// database, SQLite attached database), for it is another table than the current schema's.
struct table_ref {
  std::string schema;  // "" when unqualified
  std::string name;
  auto operator<=>(const table_ref&) const = default;
};

}  // namespace
}  // namespace testudo

template <>
struct fmt::formatter<testudo::table_ref> : fmt::formatter<std::string_view> {
  auto format(const testudo::table_ref& t, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(t.schema.empty() ? t.name : t.schema + "." + t.name, ctx);
  }
};

namespace testudo {
namespace {

const std::vector<lint_rule> rules = {
    {"TL001", lint_severity::error, "drop-table", "DROP TABLE: the table and its rows are gone"},
    {"TL002", lint_severity::error, "drop-column", "a column dropped: its data is gone"},
    {"TL003", lint_severity::error, "add-not-null-without-default",
     "a NOT NULL column without DEFAULT added to a table that has (or may have) rows fails"},
    {"TL004", lint_severity::error, "type-narrowing", "a column's type narrowed: values may not fit, or be cut"},
    {"TL005", lint_severity::warning, "unique-on-existing-table",
     "a unique constraint on a table that has rows fails if they hold duplicates (an error when they do)"},
    {"TL006", lint_severity::error, "rename-without-hint",
     "a column dropped and another added to the same table: a rename without a hint loses the data"},
    {"TL007", lint_severity::warning, "table-rewrite",
     "the table is rewritten (SQLite rebuild, type change) and locked while its rows are copied"},
    {"TL008", lint_severity::warning, "index-without-concurrently",
     "PostgreSQL: CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds"},
    {"TL009", lint_severity::warning, "set-not-null",
     "NOT NULL set on an existing column: scans the table, fails if a row holds NULL (an error when one does)"},
    {"TL010", lint_severity::warning, "foreign-key-on-existing-table",
     "a foreign key added to an existing table checks every row under a lock (PostgreSQL: add it NOT VALID)"},
    {"TL011", lint_severity::error, "update-delete-without-where", "UPDATE or DELETE without WHERE changes every row"},
    {"TL012", lint_severity::error, "truncate", "TRUNCATE empties the table"},
    {"TL013", lint_severity::warning, "rename",
     "a table or column renamed: app code still running the old version fails until it is replaced"},
};

// ---- tokens --------------------------------------------------------------------------------

struct token {
  enum kind_t { word, quoted, string, number, punct } kind;
  std::string text;  // word: upper case; quoted: the name without quotes; punct: the character
  std::string raw;   // as written (a word's case)
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

struct comment {
  std::size_t offset;  // where it starts in the statement's text
  std::string_view text;
};

// Comments go to `comments`, not into the tokens; `"` quotes a name except on MySQL, where it
// quotes a string.
std::vector<token> tokenize(std::string_view sql, backend kind, std::vector<comment>& comments) {
  std::vector<token> out;
  std::size_t i = 0;
  auto until = [&](std::string_view end) {
    auto at = sql.find(end, i);
    i = at == std::string_view::npos ? sql.size() : at + end.size();
  };
  auto skip_comment = [&](std::string_view end) {
    auto start = i;
    until(end);
    comments.push_back({start, sql.substr(start, i - start)});
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (sql.substr(i, 2) == "--" || (c == '#' && kind == backend::mysql)) { skip_comment("\n"); continue; }
    if (sql.substr(i, 2) == "/*") { skip_comment("*/"); continue; }
    if (c == '\'' || c == '"' || c == '`') {
      std::size_t start = ++i;
      std::string text;
      while (i < sql.size()) {
        if (sql[i] == '\\' && kind == backend::mysql && c != '`') { text += sql.substr(i, 2); i += 2; continue; }
        if (sql[i] == c && i + 1 < sql.size() && sql[i + 1] == c) { text += c; i += 2; continue; }
        if (sql[i] == c) break;
        text += sql[i++];
      }
      ++i;
      bool name = c == '`' || (c == '"' && kind != backend::mysql);
      out.push_back({name ? token::quoted : token::string, text, std::string(sql.substr(start - 1, i - start + 1))});
      continue;
    }
    if (c == '$' && kind == backend::postgres) {  // $tag$ ... $tag$
      auto close = sql.find('$', i + 1);
      if (close != std::string_view::npos) {
        auto tag = sql.substr(i, close - i + 1);
        auto start = i;
        i = close + 1;
        until(tag);
        out.push_back({token::string, "", std::string(sql.substr(start, i - start))});
        continue;
      }
    }
    if (word_char(c)) {
      std::size_t start = i;
      while (i < sql.size() && word_char(sql[i])) ++i;
      std::string raw(sql.substr(start, i - start));
      std::string upper = raw;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      out.push_back({std::isdigit(static_cast<unsigned char>(c)) ? token::number : token::word, upper, raw});
      continue;
    }
    out.push_back({token::punct, std::string(1, c), std::string(1, c)});
    ++i;
  }
  return out;
}

// A read position in a statement's tokens.
class cursor {
 public:
  explicit cursor(const std::vector<token>& tokens, std::size_t from = 0, std::size_t to = std::string::npos)
      : t_(tokens), i_(from), end_(std::min(to, tokens.size())) {}
  bool done() const { return i_ >= end_; }
  bool is(std::string_view word, std::size_t ahead = 0) const {
    return i_ + ahead < end_ && t_[i_ + ahead].kind == token::word && t_[i_ + ahead].text == word;
  }
  bool accept(std::string_view word) { return is(word) && (++i_, true); }
  bool accept_all(std::initializer_list<std::string_view> words) {
    std::size_t k = 0;
    for (auto w : words)
      if (!is(w, k++)) return false;
    i_ += words.size();
    return true;
  }
  // A name, possibly qualified (schema.table: the last part); "" when none stands here.
  std::string name() { return table().name; }
  // A table's name with the schema before it, if one is given (catalog.schema.table: the last two).
  table_ref table() {
    table_ref out;
    while (i_ < end_ && (t_[i_].kind == token::word || t_[i_].kind == token::quoted)) {
      out.schema = std::exchange(out.name, t_[i_].kind == token::quoted ? t_[i_].text : t_[i_].raw);
      ++i_;
      if (i_ + 1 < end_ && t_[i_].kind == token::punct && t_[i_].text == ".") ++i_;
      else break;
    }
    if (out.name.empty()) out.schema.clear();
    return out;
  }
  // Whether `word` appears from here to the end, outside parentheses.
  bool has_top_level(std::string_view word) const {
    int depth = 0;
    for (auto k = i_; k < end_; ++k) {
      if (t_[k].kind == token::punct) depth += t_[k].text == "(" ? 1 : t_[k].text == ")" ? -1 : 0;
      else if (depth == 0 && t_[k].kind == token::word && t_[k].text == word) return true;
    }
    return false;
  }
  bool has_sequence(std::string_view first, std::string_view second) const {
    for (auto k = i_; k + 1 < end_; ++k)
      if (t_[k].kind == token::word && t_[k].text == first && t_[k + 1].kind == token::word && t_[k + 1].text == second)
        return true;
    return false;
  }
  // The names inside the next (...) when it holds only names (no expression, length, order or
  // collation) and no WHERE follows (a partial index): what a live check can query as it is.
  std::optional<std::vector<std::string>> plain_name_list() {
    std::vector<std::string> out;
    while (i_ < end_ && !(t_[i_].kind == token::punct && t_[i_].text == "(")) ++i_;
    for (++i_; i_ < end_ && !(t_[i_].kind == token::punct && t_[i_].text == ")"); ++i_) {
      if (t_[i_].kind == token::word || t_[i_].kind == token::quoted)
        out.push_back(t_[i_].kind == token::quoted ? t_[i_].text : t_[i_].raw);
      else if (!(t_[i_].kind == token::punct && t_[i_].text == ","))
        return std::nullopt;
    }
    if (out.empty() || has_top_level("WHERE") || has_top_level("USING")) return std::nullopt;
    return out;
  }
  // The names inside the next (...), e.g. an index's columns.
  std::vector<std::string> name_list() {
    std::vector<std::string> out;
    while (i_ < end_ && !(t_[i_].kind == token::punct && t_[i_].text == "(")) ++i_;
    for (++i_; i_ < end_ && !(t_[i_].kind == token::punct && t_[i_].text == ")"); ++i_)
      if (t_[i_].kind == token::word || t_[i_].kind == token::quoted)
        out.push_back(t_[i_].kind == token::quoted ? t_[i_].text : t_[i_].raw);
    return out;
  }
  // Comma-separated tables (DROP TABLE a, b).
  std::vector<table_ref> table_sequence() {
    std::vector<table_ref> out;
    for (auto n = table(); !n.name.empty(); n = table()) {
      out.push_back(std::move(n));
      if (!(i_ < end_ && t_[i_].kind == token::punct && t_[i_].text == ",")) break;
      ++i_;
    }
    return out;
  }
  // Every name from the word `from` to the end (a SELECT list: which columns a rebuild copies).
  void names_from(std::string_view from, std::set<std::string>& out) {
    while (i_ < end_ && !is(from)) ++i_;
    for (; i_ < end_; ++i_)
      if (t_[i_].kind == token::word || t_[i_].kind == token::quoted)
        out.insert(t_[i_].kind == token::quoted ? t_[i_].text : t_[i_].raw);
  }
  std::size_t position() const { return i_; }

 private:
  const std::vector<token>& t_;
  std::size_t i_, end_;
};

// The [from, to) ranges of an ALTER TABLE's comma-separated actions.
std::vector<std::pair<std::size_t, std::size_t>> actions(const std::vector<token>& t, std::size_t from) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  int depth = 0;
  for (auto k = from; k <= t.size(); ++k) {
    if (k == t.size() || (depth == 0 && t[k].kind == token::punct && t[k].text == ",")) {
      if (k > from) out.emplace_back(from, k);
      from = k + 1;
    } else if (t[k].kind == token::punct) {
      depth += t[k].text == "(" ? 1 : t[k].text == ")" ? -1 : 0;
    }
  }
  return out;
}

std::string one_line(std::string_view sql) {
  std::string out;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The codes after `marker` in a comment ("testudo:lint-ignore TL001, tl002"), upper-cased; none
// when the comment has another marker (lint-ignore-file is not lint-ignore).
std::set<std::string> codes_after(std::string_view text, std::string_view marker) {
  std::set<std::string> out;
  auto at = text.find(marker);
  if (at == std::string_view::npos) return out;
  auto i = at + marker.size();
  if (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '-')) return out;
  while (i < text.size() && text[i] != '\n') {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == ':' || text[i] == '\t')) ++i;
    auto start = i;
    std::string code;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])))
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
    if (i == start) break;
    out.insert(std::move(code));
  }
  return out;
}

// ---- type narrowing --------------------------------------------------------------------------

struct type_shape {
  std::string base;        // "VARCHAR", "INT", …
  std::vector<int> sizes;  // (n) or (p, s)
};

type_shape shape_of(std::string type) {
  for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  type_shape out;
  auto paren = type.find('(');
  out.base = one_line(type.substr(0, paren));
  if (paren != std::string::npos)
    for (auto i = paren + 1; i < type.size();) {
      if (std::isdigit(static_cast<unsigned char>(type[i]))) {
        std::size_t used = 0;
        out.sizes.push_back(std::stoi(type.substr(i), &used));
        i += used;
      } else {
        ++i;
      }
    }
  return out;
}

int integer_rank(std::string_view base) {
  static const std::pair<std::string_view, int> ranks[] = {{"SMALLINT", 1}, {"INT", 2}, {"INTEGER", 2}, {"BIGINT", 3}};
  for (auto [name, rank] : ranks)
    if (base == name) return rank;
  return 0;
}

// Whether every value of `from` fits `to` (the widenings migrations make); anything else narrows.
bool widens(const type_shape& from, const type_shape& to) {
  auto text = [](const type_shape& s) { return s.base == "TEXT" || s.base == "LONGTEXT" || s.base == "CLOB"; };
  if (from.base == to.base && from.sizes.size() == 1 && to.sizes.size() == 1) return to.sizes[0] >= from.sizes[0];
  if (from.base == to.base && from.sizes.size() == 2 && to.sizes.size() == 2)  // DECIMAL(p, s)
    return to.sizes[1] >= from.sizes[1] && to.sizes[0] - to.sizes[1] >= from.sizes[0] - from.sizes[1];
  if ((from.base == "VARCHAR" || from.base == "CHAR") && text(to)) return true;
  if (integer_rank(from.base) && integer_rank(to.base)) return integer_rank(to.base) >= integer_rank(from.base);
  if (from.base == "REAL" || from.base == "FLOAT") return to.base == "DOUBLE PRECISION" || to.base == "DOUBLE";
  return false;
}

// ---- the rules ---------------------------------------------------------------------------------

class linter {
 public:
  explicit linter(const lint_input& in) : in_(in), d_(dialect_for(in.kind)) {
    if (in_.live) live_tables_ = list_tables(*in_.live);
  }

  std::vector<lint_finding> run() {
    read_statements();
    for (std::size_t i = 0; i < statements_.size(); ++i) {
      at_statement(i + 1);
      tokens_ = tokens_of_[i];
      statement();
    }
    renames_without_hint();
    at_statement(0);
    narrowed_types();
    dropped_in_rebuilds();
    return std::move(out_);
  }

 private:
  // Splits the migration, and sorts its ignore comments: `lint-ignore` codes go to the statement
  // they stand in (or before), a comment ending the previous statement's line to that one, and
  // `lint-ignore-file` codes to every finding.
  void read_statements() {
    statements_ = split_sql(in_.up_sql, in_.kind);
    ignores_.assign(statements_.size() + 1, {});
    std::size_t pos = 0;
    for (std::size_t i = 0; i < statements_.size(); ++i) {
      const auto& text = statements_[i];
      auto at = in_.up_sql.find(text, pos);
      bool after_previous = i > 0 && at != std::string::npos && in_.up_sql.substr(pos, at - pos).find('\n') == std::string::npos;
      if (at != std::string::npos) pos = at + text.size();
      std::vector<comment> comments;
      tokens_of_.push_back(tokenize(text, in_.kind, comments));
      auto first_line_end = text.find('\n');
      for (const auto& c : comments) {
        file_ignores_.merge(codes_after(c.text, "testudo:lint-ignore-file"));
        auto& target = after_previous && c.offset < first_line_end ? ignores_[i] : ignores_[i + 1];
        target.merge(codes_after(c.text, "testudo:lint-ignore"));
      }
    }
  }

  // Findings of statement `index` (1-based; 0: the migration as a whole).
  void at_statement(std::size_t index) {
    index_ = index;
    text_ = index ? statements_[index - 1] : in_.up_sql;
    ignored_ = file_ignores_;
    if (index) ignored_.insert(ignores_[index].begin(), ignores_[index].end());
  }

  void add(std::string_view code, std::string reason) {
    if (ignored_.contains(std::string(code))) return;
    auto rule = std::ranges::find(rules, code, &lint_rule::code);
    out_.push_back({std::string(code), rule->severity, index_, index_ ? one_line(text_) : std::string(), std::move(reason)});
  }

  // ---- the live database (nullopt: no database, the table is new, or the server could not say) ----
  static std::string folded(std::string name) {
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return name;
  }
  // The live table `table` names, quoted for a query (servers fold unquoted names; SQLite ignores
  // case), or "". A qualified name is probed in its own schema only: when the server cannot read it
  // there, it is unknown (unreadable), never answered from the current schema's table.
  std::string live_ref(const table_ref& table) const {
    if (!in_.live || created_.contains(table)) return {};
    if (!table.schema.empty()) {
      auto ref = d_.quote(table.schema) + "." + d_.quote(table.name);
      return count(ref) ? ref : std::string();
    }
    auto it = std::ranges::find_if(live_tables_, [&](const std::string& t) { return folded(t) == folded(table.name); });
    return it == live_tables_.end() ? std::string() : d_.quote(*it);
  }
  bool existing(const table_ref& table) const { return !live_ref(table).empty(); }
  bool unreadable(const table_ref& table) const { return in_.live && !table.schema.empty() && !existing(table); }
  // What a finding the database would decide says when it could not ask it.
  std::string unchecked_note(const table_ref& table) const {
    return unreadable(table) ? fmt::format(" (not checked live: lint cannot read {})", table) : "";
  }
  std::optional<std::int64_t> rows(const table_ref& table) const {
    auto ref = live_ref(table);
    return ref.empty() ? std::nullopt : count(ref);
  }
  // The rows of the table `ref` (quoted), asked once; nullopt when the server refuses.
  std::optional<std::int64_t> count(const std::string& ref) const {
    if (auto it = counts_.find(ref); it != counts_.end()) return it->second;
    try {
      auto r = in_.live->query("SELECT COUNT(*) FROM " + ref);
      return counts_[ref] = r->next() ? r->get_int64(0) : 0;
    } catch (const std::exception&) {
      return counts_[ref] = std::nullopt;
    }
  }
  // Whether `sql` finds a row; nullopt when the server refuses it (a column this migration creates).
  std::optional<bool> any_row(const std::string& sql) const {
    try {
      return in_.live->query(sql + " LIMIT 1")->next();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  // A column added (or renamed to) earlier in this migration: the database cannot be asked about it.
  bool new_column(const table_ref& table, const std::string& column) const {
    auto it = new_columns_.find(table);
    return it != new_columns_.end() && it->second.contains(column);
  }
  // A table being rewritten or locked matters from big_table_rows on; without a database, always.
  bool big(const table_ref& table) const {
    auto n = rows(table);
    return !n || *n >= in_.big_table_rows;
  }
  std::string size_note(const table_ref& table) const {
    auto n = rows(table);
    return n ? fmt::format(" (it has {} rows)", *n) : "";
  }

  void statement() {
    cursor c(tokens_);
    if (c.accept_all({"DROP", "TABLE"})) return drop_table(c);
    if (c.accept_all({"ALTER", "TABLE"})) return alter_table(c);
    if (c.is("CREATE") && (c.is("INDEX", 1) || (c.is("UNIQUE", 1) && c.is("INDEX", 2)))) return create_index(c);
    if (c.accept("CREATE")) {
      c.accept("TEMPORARY") || c.accept("TEMP");
      if (c.accept("TABLE")) return create_table(c);
      return;
    }
    if (c.accept_all({"RENAME", "TABLE"}))
      return add("TL013", fmt::format("renames table {}: the running app's queries on the old name fail until it is "
                                      "replaced; deploy code that reads both first, or accept the errors", c.table()));
    if (c.accept("UPDATE") || c.accept_all({"DELETE", "FROM"})) {
      auto table = c.table();
      if (!c.has_top_level("WHERE"))
        add("TL011", fmt::format("changes every row of {}{}: add a WHERE clause, or silence it if that is the point",
                                 table, size_note(table)));
      return;
    }
    if (c.accept("TRUNCATE")) {
      c.accept("TABLE");
      for (const auto& table : c.table_sequence())
        add("TL012", fmt::format("empties {}{}: its rows are gone, and a downgrade cannot bring them back", table,
                                 size_note(table)));
      return;
    }
    if (c.accept_all({"INSERT", "INTO"})) {
      constexpr std::string_view rebuild = "_testudo_rebuild_";
      auto table = c.table();
      if (table.name.starts_with(rebuild))
        c.names_from("SELECT", rebuild_sources_[{table.schema, table.name.substr(rebuild.size())}]);
    }
  }

  void create_table(cursor& c) {
    c.accept_all({"IF", "NOT", "EXISTS"});
    auto table = c.table();
    created_.insert(table);
    constexpr std::string_view rebuild = "_testudo_rebuild_";
    if (table.name.starts_with(rebuild)) {
      table_ref target{table.schema, table.name.substr(rebuild.size())};
      rebuilt_.insert(target);
      if (big(target))
        add("TL007", fmt::format("rebuilds {}{} (SQLite cannot alter it in place): every row is copied while the "
                                 "database is locked for writers", target, size_note(target)));
    }
  }

  void drop_table(cursor& c) {
    c.accept_all({"IF", "EXISTS"});
    for (const auto& table : c.table_sequence()) {
      // The old copy of a rebuild, or a table this migration made for itself (a rebuild's guard).
      if (rebuilt_.contains(table) || created_.contains(table)) continue;
      add("TL001", fmt::format("drops table {}{} and every row in it; if the models only renamed it, declare the "
                               "rename so the migration renames it instead", table, size_note(table)));
    }
  }

  void alter_table(cursor& c) {
    c.accept_all({"IF", "EXISTS"});
    c.accept("ONLY");
    auto table = c.table();
    for (auto [from, to] : actions(tokens_, c.position())) {
      cursor a(tokens_, from, to);
      alter_action(table, a);
    }
  }

  void alter_action(const table_ref& table, cursor& a) {
    if (a.accept("DROP")) return drop_action(table, a);
    if (a.accept("ADD")) return add_action(table, a);
    if (a.accept("ALTER")) {
      a.accept("COLUMN");
      auto column = a.name();
      if (a.is("TYPE") || (a.is("SET") && a.is("DATA", 1))) return type_change(table, column);
      if (a.accept_all({"SET", "NOT", "NULL"})) return set_not_null(table, column);
      return;
    }
    if (a.accept("MODIFY")) {
      a.accept("COLUMN");
      return redefine(table, a.name(), a);
    }
    if (a.accept("CHANGE")) {
      a.accept("COLUMN");
      auto old_name = a.name();
      auto new_name = a.name();
      if (old_name != new_name) rename_column(table, old_name, new_name);
      return redefine(table, new_name, a);
    }
    if (a.accept("RENAME")) {
      if (a.accept("COLUMN") || (!a.is("TO") && !a.is("AS"))) {
        auto old_name = a.name();
        a.accept("TO");
        return rename_column(table, old_name, a.name());
      }
      a.accept("TO") || a.accept("AS");
      auto to = a.name();
      if (table.name.starts_with("_testudo_rebuild_")) return;  // the new copy of a rebuild takes the name
      add("TL013", fmt::format("renames table {} to {}: the running app's queries on the old name fail until it is "
                               "replaced; deploy code that reads both first, or accept the errors", table, to));
    }
  }

  void drop_action(const table_ref& table, cursor& a) {
    static constexpr std::string_view not_columns[] = {"INDEX", "KEY", "FOREIGN", "PRIMARY", "CONSTRAINT", "CHECK",
                                                       "PARTITION", "UNIQUE", "DEFAULT", "NOT"};
    for (auto w : not_columns)
      if (a.is(w)) return;
    a.accept("COLUMN");
    a.accept_all({"IF", "EXISTS"});
    auto column = a.name();
    dropped_[table].push_back(column);
    add("TL002", fmt::format("drops column {}.{}{} and its data; if the models only renamed it, declare the rename",
                             table, column, size_note(table)));
  }

  void add_action(const table_ref& table, cursor& a) {
    if (a.accept("CONSTRAINT")) a.name();
    if (a.accept("UNIQUE")) return add_unique(table, a.plain_name_list());  // it skips an index name
    if (a.accept_all({"FOREIGN", "KEY"})) return add_foreign_key(table, a);
    static constexpr std::string_view not_columns[] = {"INDEX", "KEY", "PRIMARY", "FULLTEXT", "SPATIAL", "CHECK"};
    for (auto w : not_columns)
      if (a.is(w)) return;
    a.accept("COLUMN");
    a.accept_all({"IF", "NOT", "EXISTS"});
    auto column = a.name();
    added_[table].push_back({column, index_});
    new_columns_[table][column] = a.has_top_level("DEFAULT") && !a.has_sequence("DEFAULT", "NULL");
    if (existing_or_unknown(table) && a.has_sequence("NOT", "NULL") && !a.has_top_level("DEFAULT") && !a.has_top_level("AUTO_INCREMENT") &&
        !a.has_top_level("GENERATED") && !a.has_sequence("PRIMARY", "KEY")) {
      auto n = rows(table);
      if (!n || *n > 0)
        add("TL003", fmt::format("adds NOT NULL column {}.{} without a DEFAULT: it fails on a table with rows{}; give "
                                 "it a default, or add it nullable, fill it, then set NOT NULL", table, column,
                                 n ? fmt::format(" ({} has {})", table, *n) : unchecked_note(table)));
    }
    if (a.has_top_level("UNIQUE")) add_unique(table, std::vector<std::string>{column});
  }

  // `columns`: nullopt when the key is more than plain columns (expressions, a partial index).
  void add_unique(const table_ref& table, const std::optional<std::vector<std::string>>& columns) {
    if (!existing_or_unknown(table)) return;
    auto key = columns ? fmt::format("{}({})", table, fmt::join(*columns, ", ")) : fmt::format("{}", table);
    if (columns && std::ranges::any_of(*columns, [&](const std::string& c) { return new_column(table, c); }))
      return new_column_unique(table, *columns, key);
    auto found = in_.live && columns ? duplicates(table, *columns) : std::nullopt;
    if (!found) {
      auto why = unreadable(table) ? unchecked_note(table)
                 : in_.live          ? " (not checked: the key is not plain columns)"
                                     : "; run lint with the database URL to check them";
      add("TL005", fmt::format("makes {} unique: fails if existing rows hold duplicates{}", key, why));
      return;
    }
    if (*found)
      add_as_error("TL005", fmt::format("makes {} unique, but rows already hold duplicates: the migration will fail; "
                                        "remove them first (in a data migration before this one)", key));
  }

  // A column this migration adds is NULL in every row (unique allows that), unless it was added with
  // a DEFAULT: then every existing row holds the same value, and two rows are already a duplicate.
  void new_column_unique(const table_ref& table, const std::vector<std::string>& columns, const std::string& key) {
    auto& added = new_columns_[table];
    bool same_value = std::ranges::all_of(columns, [&](const std::string& c) { return !added.contains(c) || added[c]; });
    if (!same_value) return;
    auto n = rows(table);
    if (n && *n < 2) return;
    if (n)
      add_as_error("TL005", fmt::format("makes {} unique, but the column is new with one DEFAULT for all {} existing rows: "
                                        "the migration will fail; fill distinct values before adding the constraint",
                                        key, *n));
    else
      add("TL005", fmt::format("makes {} unique on a column added with a DEFAULT: every existing row gets the same value, "
                               "so it fails as soon as the table has two rows", key));
  }

  std::optional<bool> duplicates(const table_ref& table, const std::vector<std::string>& columns) const {
    auto ref = live_ref(table);
    if (ref.empty()) return std::nullopt;
    std::vector<std::string> quoted, present;
    for (const auto& c : columns) {
      quoted.push_back(d_.quote(c));
      present.push_back(d_.quote(c) + " IS NOT NULL");
    }
    return any_row(fmt::format("SELECT 1 FROM {} WHERE {} GROUP BY {} HAVING COUNT(*) > 1", ref,
                               fmt::join(present, " AND "), fmt::join(quoted, ", ")));
  }

  void add_foreign_key(const table_ref& table, cursor& a) {
    if (!existing_or_unknown(table) || a.has_sequence("NOT", "VALID") || rows(table) == 0) return;
    add("TL010", fmt::format("adds a foreign key to {}{}: every row is checked while writes wait{}", table,
                             size_note(table),
                             in_.kind == backend::postgres ? "; add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"
                                                           : ""));
  }

  void create_index(cursor& c) {
    c.accept("CREATE");
    bool unique = c.accept("UNIQUE");
    c.accept("INDEX");
    bool concurrently = c.accept("CONCURRENTLY");
    c.accept_all({"IF", "NOT", "EXISTS"});
    auto index = c.is("ON") ? table_ref{} : c.table();
    c.accept("ON");
    c.accept("ONLY");
    auto table = c.table();
    if (table.schema.empty()) table.schema = index.schema;  // SQLite qualifies the index: its table is there
    auto columns = c.plain_name_list();
    if (!existing_or_unknown(table)) return;
    if (unique) add_unique(table, columns);
    if (in_.kind == backend::postgres && !concurrently && big(table))
      add("TL008", fmt::format("builds an index on {}{} without CONCURRENTLY: writes to it wait until the build ends; "
                               "use CREATE INDEX CONCURRENTLY in a migration run without a transaction "
                               "(-- run-in-transaction: false; Aerich files: RUN_IN_TRANSACTION = False)",
                               table, size_note(table)));
  }

  void type_change(const table_ref& table, const std::string& column) {
    if (!existing_or_unknown(table) || !big(table)) return;
    auto before = declared_column(in_.before, table, column);
    auto after = declared_column(in_.after, table, column);
    if (before && after && !d_.type_change_rewrites(d_.column_type(*before), d_.column_type(*after))) return;
    add("TL007", fmt::format("changes the type of {}.{}{}: the table is rewritten while it is locked", table, column,
                             size_note(table)));
  }

  // MySQL's MODIFY/CHANGE restate the whole column: a type change or NOT NULL shows against the models before.
  void redefine(const table_ref& table, const std::string& column, const cursor& a) {
    auto before = declared_column(in_.before, table, column);
    auto after = declared_column(in_.after, table, column);
    if (before && after && d_.column_type(*before) != d_.column_type(*after)) type_change(table, column);
    if (a.has_sequence("NOT", "NULL") && (!before || before->nullable)) set_not_null(table, column);
  }

  // A column added in this migration is left alone: it was added with its default, or filled since.
  void set_not_null(const table_ref& table, const std::string& column) {
    if (!existing_or_unknown(table) || new_column(table, column)) return;
    auto ref = live_ref(table);
    auto nulls = ref.empty() ? std::nullopt
                             : any_row(fmt::format("SELECT 1 FROM {} WHERE {} IS NULL", ref, d_.quote(column)));
    if (!nulls) {
      add("TL009", fmt::format("sets {}.{} NOT NULL: the table is scanned under a lock, and it fails if a row holds "
                               "NULL{}", table, column,
                               in_.live ? unchecked_note(table) : "; run lint with the database URL to check"));
      return;
    }
    if (*nulls)
      add_as_error("TL009", fmt::format("sets {}.{} NOT NULL, but rows hold NULL there: the migration will fail; fill "
                                        "them first", table, column));
  }

  void rename_column(const table_ref& table, const std::string& from, const std::string& to) {
    new_columns_[table][to] = true;
    add("TL013", fmt::format("renames column {}.{} to {}: the running app's queries on the old name fail until it is "
                             "replaced", table, from, to));
  }

  // Findings that the database turned from "may" into "will": reported as errors.
  void add_as_error(std::string_view code, std::string reason) {
    auto before = out_.size();
    add(code, std::move(reason));
    if (out_.size() > before) out_.back().severity = lint_severity::error;
  }

  bool existing_or_unknown(const table_ref& table) const {
    return !created_.contains(table) && (!in_.live || !table.schema.empty() || existing(table));
  }

  std::optional<column_def> declared_column(const std::optional<snapshot_json>& snapshot, const table_ref& table,
                                            const std::string& column) const {
    if (!snapshot) return std::nullopt;
    for (const auto& t : tables_from_snapshot(*snapshot))
      if (table.schema.empty() && t.name == table.name)
        if (const auto* c = t.column(column)) return *c;
    return std::nullopt;
  }

  // ---- the migration as a whole ----
  void renames_without_hint() {
    for (const auto& [table, columns] : added_) {
      auto dropped = dropped_.find(table);
      if (dropped == dropped_.end()) continue;
      at_statement(columns.front().second);
      add("TL006", fmt::format("drops {} and adds {} on {}: if that is a rename, the data is lost; declare the rename "
                               "(the models' rename hint) so the migration renames the column",
                               fmt::join(dropped->second, ", "), columns.front().first, table));
    }
  }

  // The models before and after, table by table (none without both snapshots).
  template <class Fn>
  void each_kept_table(Fn&& fn) {
    if (!in_.before || !in_.after) return;
    std::map<std::string, table_def> before;
    for (auto& t : tables_from_snapshot(*in_.before)) before.emplace(t.name, std::move(t));
    for (const auto& t : tables_from_snapshot(*in_.after))
      if (auto old = before.find(t.name); old != before.end()) fn(old->second, t);
  }

  void narrowed_types() {
    each_kept_table([&](const table_def& was, const table_def& now) {
      for (const auto& c : now.columns) {
        const auto* old = was.column(c.name);
        if (!old) continue;
        auto from = d_.column_type(*old), to = d_.column_type(c);
        if (from != to && !widens(shape_of(from), shape_of(to)))
          add("TL004", fmt::format("narrows {}.{} from {} to {}: existing values may not fit (an error, or cut short on "
                                   "some servers); check them first", now.name, c.name, from, to));
      }
    });
  }

  // A rebuild drops a column by not copying it: no DROP COLUMN statement says so.
  void dropped_in_rebuilds() {
    each_kept_table([&](const table_def& was, const table_def& now) {
      table_ref table{{}, now.name};
      if (!rebuilt_.contains(table)) return;
      auto renamed = [&](const std::string& name) {
        return std::ranges::any_of(now.columns, [&](const column_def& c) { return std::ranges::count(c.renamed_from, name) > 0; });
      };
      const auto& copied = rebuild_sources_[table];  // what its INSERT ... SELECT reads
      for (const auto& c : was.columns)
        if (!now.column(c.name) && !renamed(c.name) && !copied.contains(c.name))
          add("TL002", fmt::format("the rebuild of {} leaves out column {}{}, and its data; if the models only renamed "
                                   "it, declare the rename", now.name, c.name, size_note(table)));
    });
  }

  const lint_input& in_;
  const dialect& d_;
  std::vector<std::string> live_tables_;
  std::size_t index_ = 0;
  std::string text_;
  std::vector<token> tokens_;
  std::vector<std::string> statements_;
  std::vector<std::vector<token>> tokens_of_;
  std::vector<std::set<std::string>> ignores_;  // per statement, 1-based
  std::set<std::string> file_ignores_, ignored_;
  std::set<table_ref> created_, rebuilt_;
  std::map<table_ref, std::set<std::string>> rebuild_sources_;     // rebuilt table → columns its copy reads
  std::map<table_ref, std::map<std::string, bool>> new_columns_;   // table → column → added with a DEFAULT
  mutable std::map<std::string, std::optional<std::int64_t>> counts_;  // quoted live table → rows
  std::map<table_ref, std::vector<std::string>> dropped_;
  std::map<table_ref, std::vector<std::pair<std::string, std::size_t>>> added_;
  std::vector<lint_finding> out_;
};

}  // namespace

std::string_view severity_name(lint_severity s) noexcept { return s == lint_severity::error ? "error" : "warning"; }

const std::vector<lint_rule>& lint_rules() { return rules; }

std::vector<lint_finding> lint_migration(const lint_input& input) { return linter(input).run(); }

}  // namespace testudo
