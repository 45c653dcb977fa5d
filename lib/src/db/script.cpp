#include "testudo/db/script.hpp"

#include <sqlite3.h>

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



// Statements as views into `s`. SQLite: a ';' ends a statement only where sqlite3_complete says
// so (it knows trigger bodies), checked on a reused copy of the statement so far.
std::vector<std::string_view> split_views(std::string_view s, backend kind) {
  const auto rules = rules_for(kind);
  std::vector<std::string_view> out;
  std::string candidate;  // SQLite's check needs a NUL-terminated copy
  std::size_t start = 0;
  bool has_code = false;  // comments and blanks alone make no statement
  auto ends_here = [&](std::size_t semicolon) {
    if (kind != backend::sqlite || !has_code) return true;
    candidate.assign(s.substr(start, semicolon + 1 - start));
    return sqlite3_complete(candidate.c_str()) != 0;
  };
  auto flush = [&](std::size_t end) {
    if (has_code) {
      auto text = s.substr(start, end - start);
      auto first = text.find_first_not_of(" \t\r\n");
      auto last = text.find_last_not_of(" \t\r\n");
      out.push_back(text.substr(first, last - first + 1));
    }
    start = end + 1;
    has_code = false;
  };
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
    } else if (c == '#' && rules.hash_comments) {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      auto end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(s, i, c, rules.backslash_escapes && c != '`');
      has_code = true;
    } else if (c == '[' && rules.bracket_names) {
      auto end = s.find(']', i + 1);
      i = end == std::string_view::npos ? s.size() : end + 1;
      has_code = true;
    } else if (c == '$' && rules.dollar_quotes && !dollar_tag(s, i).empty()) {
      auto tag = dollar_tag(s, i);
      auto end = s.find(tag, i + tag.size());
      i = end == std::string_view::npos ? s.size() : end + tag.size();
      has_code = true;
    } else if (c == ';') {
      if (ends_here(i)) flush(i);
      ++i;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) has_code = true;
      ++i;
    }
  }
  flush(s.size());
  return out;
}

}  // namespace

std::vector<std::string_view> statements_of(std::string_view script, backend kind) { return split_views(script, kind); }

std::vector<std::string> split_sql(std::string_view script, backend kind) {
  auto views = split_views(script, kind);
  return {views.begin(), views.end()};
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
