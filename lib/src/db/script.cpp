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
};

lexer_rules rules_for(backend kind) {
  switch (kind) {
    case backend::mysql: return {true, true, false};
    case backend::postgres: return {false, false, true};
    case backend::sqlite: return {};
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



std::vector<std::string> split_generic(std::string_view s, backend kind) {
  const auto rules = rules_for(kind);
  std::vector<std::string> out;
  std::size_t start = 0;
  bool has_code = false;  // comments and blanks alone make no statement
  auto flush = [&](std::size_t end) {
    if (has_code) {
      auto text = s.substr(start, end - start);
      auto first = text.find_first_not_of(" \t\r\n");
      auto last = text.find_last_not_of(" \t\r\n");
      out.emplace_back(text.substr(first, last - first + 1));
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
    } else if (c == '$' && rules.dollar_quotes && !dollar_tag(s, i).empty()) {
      auto tag = dollar_tag(s, i);
      auto end = s.find(tag, i + tag.size());
      i = end == std::string_view::npos ? s.size() : end + tag.size();
      has_code = true;
    } else if (c == ';') {
      flush(i);
      ++i;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) has_code = true;
      ++i;
    }
  }
  flush(s.size());
  return out;
}


// SQLite's own sqlite3_complete knows where a statement ends (it understands trigger bodies).
std::vector<std::string> split_sqlite(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  auto take = [&] {
    auto parts = split_generic(current, backend::sqlite);  // trims, drops comment-only pieces
    if (!parts.empty()) {
      auto first = current.find_first_not_of(" \t\r\n");
      auto last = current.find_last_not_of(" \t\r\n;");
      out.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  for (char c : script) {
    current += c;
    if (c == ';' && sqlite3_complete(current.c_str())) take();
  }
  take();
  return out;
}

}  // namespace

std::vector<std::string> split_sql(std::string_view script, backend kind) {
  return kind == backend::sqlite ? split_sqlite(script) : split_generic(script, kind);
}

}  // namespace testudo
