#include "testudo/db/script.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>

namespace testudo {
namespace {

// The lexical rules that decide where a statement ends.
struct lexer_rules {
  bool backslash_escapes = false;  // MySQL: '\'' inside strings
  bool hash_comments = false;      // MySQL: # to end of line
  bool dollar_quotes = false;      // PostgreSQL: $tag$ ... $tag$
  bool bracket_names = false;      // SQLite: [name]
};

lexer_rules rules_for(backend kind) {
  switch (kind) {
    case backend::mysql: return {true, true, false};
    case backend::postgres: return {false, false, true};
    case backend::sqlite: return {false, false, false, true};
  }
  return {};
}

// Index just past the closing `quote`, honouring doubled quotes and, if enabled, backslashes.
std::size_t skip_quoted(std::string_view s, std::size_t i, char quote, bool backslash) {
  for (++i; i < s.size(); ++i) {
    if (backslash && s[i] == '\\') {
      ++i;
    } else if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) ++i;
      else return i + 1;
    }
  }
  return s.size();
}

// At a '$': the tag "$name$" if one starts here, else empty.
std::string_view dollar_tag(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
  if (j < s.size() && s[j] == '$' && (j == i + 1 || !std::isdigit(static_cast<unsigned char>(s[i + 1]))))
    return s.substr(i, j - i + 1);
  return {};
}

}  // namespace

statement_reader::statement_reader(std::string_view script, backend kind) : s_(script), kind_(kind) {}

// SQLite: a ';' ends a statement only where sqlite3_complete says so (it knows trigger bodies),
// checked on a reused copy of the statement so far.
bool statement_reader::ends_at(std::size_t semicolon) {
  if (kind_ != backend::sqlite || !has_code_) return true;
  candidate_.assign(s_.substr(start_, semicolon + 1 - start_));
  return sqlite3_complete(candidate_.c_str()) != 0;
}

// The piece before `end` (trimmed) if it holds code; the next piece starts after `end`.
std::optional<std::string_view> statement_reader::cut(std::size_t end) {
  std::optional<std::string_view> out;
  if (has_code_) {
    auto text = s_.substr(start_, end - start_);
    auto first = text.find_first_not_of(" \t\r\n");
    auto last = text.find_last_not_of(" \t\r\n");
    out = text.substr(first, last - first + 1);
  }
  start_ = end + 1;
  has_code_ = false;
  return out;
}

std::optional<std::string_view> statement_reader::next() {
  const auto rules = rules_for(kind_);
  while (at_ < s_.size()) {
    char c = s_[at_];
    if (c == '-' && at_ + 1 < s_.size() && s_[at_ + 1] == '-') {
      at_ = std::min(s_.find('\n', at_), s_.size());
    } else if (c == '#' && rules.hash_comments) {
      at_ = std::min(s_.find('\n', at_), s_.size());
    } else if (c == '/' && at_ + 1 < s_.size() && s_[at_ + 1] == '*') {
      auto end = s_.find("*/", at_ + 2);
      at_ = end == std::string_view::npos ? s_.size() : end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      at_ = skip_quoted(s_, at_, c, rules.backslash_escapes && c != '`');
      has_code_ = true;
    } else if (c == '[' && rules.bracket_names) {
      auto end = s_.find(']', at_ + 1);
      at_ = end == std::string_view::npos ? s_.size() : end + 1;
      has_code_ = true;
    } else if (c == '$' && rules.dollar_quotes && !dollar_tag(s_, at_).empty()) {
      auto tag = dollar_tag(s_, at_);
      auto end = s_.find(tag, at_ + tag.size());
      at_ = end == std::string_view::npos ? s_.size() : end + tag.size();
      has_code_ = true;
    } else if (c == ';') {
      auto semicolon = at_++;
      if (!ends_at(semicolon)) continue;
      if (auto statement = cut(semicolon)) return statement;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) has_code_ = true;
      ++at_;
    }
  }
  if (finished_) return std::nullopt;
  finished_ = true;
  return cut(s_.size());
}

std::size_t count_statements(std::string_view script, backend kind) {
  std::size_t n = 0;
  statement_reader reader(script, kind);
  while (reader.next()) ++n;
  return n;
}

std::vector<std::string> split_sql(std::string_view script, backend kind) {
  std::vector<std::string> out;
  statement_reader reader(script, kind);
  while (auto statement = reader.next()) out.emplace_back(*statement);
  return out;
}

bool is_data_statement(std::string_view statement) {
  std::size_t i = 0;
  for (;;) {  // past blanks and comments
    i = statement.find_first_not_of(" \t\r\n", i);
    if (i == std::string_view::npos) return false;
    if (statement.substr(i, 2) == "--") {
      i = statement.find('\n', i);
    } else if (statement.substr(i, 2) == "/*") {
      i = statement.find("*/", i);
      if (i != std::string_view::npos) i += 2;
    } else {
      break;
    }
    if (i == std::string_view::npos) return false;
  }
  std::size_t end = i;
  while (end < statement.size() && std::isalpha(static_cast<unsigned char>(statement[end]))) ++end;
  std::string word(statement.substr(i, end - i));
  for (auto& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "REPLACE";
}

}  // namespace testudo
