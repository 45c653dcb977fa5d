// Aerich's .py migration files (docs/internals/tortoise-reference.md §3.1).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "testudo/compat/aerich.hpp"
#include "testudo/errors.hpp"
#include "testudo/migrate/version_table.hpp"
#include "util/inputs.hpp"

namespace testudo::compat {
namespace {

constexpr std::string_view indent = "\n        ";  // what Aerich's template puts before the SQL
constexpr std::size_t state_chunk = 70;

std::size_t line_of(std::string_view text, std::size_t pos) {
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n')) + 1;
}


// One token of a Python file: enough of Python's lexer to tell code from text, in one pass.
struct token {
  enum class kind { name, string, op, newline } type = kind::op;
  std::size_t begin = 0, end = 0;  // the token's bytes; a string's value lies between its quotes
  std::size_t quote = 0;           // strings: the length of the quote (1 or 3)
  std::string_view prefix;         // strings: r, f, b, u... as written
  bool top_level = false;          // first on its line, at column 0: a statement of the module

  static token plain(kind type, std::size_t begin, std::size_t end) {
    token t;
    t.type = type;
    t.begin = begin;
    t.end = end;
    return t;
  }
};

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

class parser {
 public:
  parser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  migration run() {
    tokenize();
    migration m;
    if (auto at = statement({"RUN_IN_TRANSACTION", "="})) {
      if (*at + 2 >= tokens_.size()) fail(tokens_[*at].begin, "RUN_IN_TRANSACTION must be True or False");
      const auto& flag = tokens_[*at + 2];
      if (flag.type != token::kind::name || (spelled(flag) != "True" && spelled(flag) != "False") || !ends_line(*at + 3))
        fail(tokens_[*at].begin, "RUN_IN_TRANSACTION must be True or False");
      m.run_in_transaction = spelled(flag) == "True";
    }
    m.up_sql = function_sql("upgrade");
    m.down_sql = function_sql("downgrade");
    m.state = state();
    return m;
  }

 private:
  [[noreturn]] void fail(std::size_t pos, std::string_view what) const {
    throw configuration_error(fmt::format("{}:{}: {}. Aerich's files read `async def upgrade(...) -> str: return \"\"\"...\"\"\"`; "
                                          "fix the file or regenerate it", file_, line_of(text_, pos), what));
  }

  std::string_view spelled(const token& t) const { return text_.substr(t.begin, t.end - t.begin); }

  void tokenize() {
    int depth = 0;  // inside brackets a newline joins lines, as in Python
    bool line_start = true, column0 = true;
    for (std::size_t i = 0; i < text_.size();) {
      char c = text_[i];
      if (c == '\n') {
        if (depth == 0 && !tokens_.empty() && tokens_.back().type != token::kind::newline)
          tokens_.push_back(token::plain(token::kind::newline, i, i + 1));
        line_start = column0 = true;
        ++i;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        column0 = false;
        ++i;
      } else if (c == '\\' && i + 1 < text_.size() && text_[i + 1] == '\n') {
        i += 2;  // an explicit line joining
      } else if (c == '#') {
        i = std::min(text_.find('\n', i), text_.size());
      } else {
        token t = next_token(i);
        t.top_level = line_start && column0 && depth == 0;
        if (t.type == token::kind::op && (c == '(' || c == '[' || c == '{')) ++depth;
        if (t.type == token::kind::op && (c == ')' || c == ']' || c == '}') && depth > 0) --depth;
        line_start = column0 = false;
        i = t.end;
        tokens_.push_back(t);
      }
    }
  }

  token next_token(std::size_t i) const {
    char c = text_[i];
    if (name_start(c)) {
      auto end = i;
      while (end < text_.size() && name_char(text_[end])) ++end;
      auto word = text_.substr(i, end - i);
      bool prefix = word.size() <= 2 && word.find_first_not_of("rRbBuUfF") == std::string_view::npos;
      if (prefix && end < text_.size() && (text_[end] == '"' || text_[end] == '\'')) return string_token(i, end);
      return token::plain(token::kind::name, i, end);
    }
    if (c == '"' || c == '\'') return string_token(i, i);
    if (std::isdigit(static_cast<unsigned char>(c))) {
      auto end = i;
      while (end < text_.size() && (name_char(text_[end]) || text_[end] == '.')) ++end;
      return token::plain(token::kind::name, i, end);
    }
    return token::plain(token::kind::op, i, i + 1);
  }

  // A string literal whose prefix starts at `start` and whose quote is at `open`.
  token string_token(std::size_t start, std::size_t open) const {
    char q = text_[open];
    std::size_t quote = text_.substr(open, 3) == std::string(3, q) ? 3 : 1;
    for (std::size_t i = open + quote; i < text_.size(); ++i) {
      if (text_[i] == '\\') {
        ++i;  // escapes the next character, also in raw strings
      } else if (quote == 1 && text_[i] == '\n') {
        break;
      } else if (text_[i] == q && (quote == 1 || text_.substr(i, 3) == std::string(3, q))) {
        auto t = token::plain(token::kind::string, start, i + quote);
        t.quote = quote;
        t.prefix = text_.substr(start, open - start);
        return t;
      }
    }
    fail(open, quote == 3 ? "a \"\"\" string is not closed" : "a string is not closed on its line");
  }

  // The first top-level statement spelled `words`..., as the index of its first token.
  std::optional<std::size_t> statement(std::initializer_list<std::string_view> words) const {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i + words.size() <= tokens_.size(); ++i) {
      if (!tokens_[i].top_level) continue;
      auto word = words.begin();
      std::size_t j = i;
      while (word != words.end() && tokens_[j].type != token::kind::string && tokens_[j].type != token::kind::newline &&
             spelled(tokens_[j]) == *word)
        ++word, ++j;
      if (word != words.end()) continue;
      if (found) fail(tokens_[i].begin, fmt::format("`{}` is defined twice", spelled(tokens_[i + (words.size() > 2 ? 2 : 0)])));
      found = i;
    }
    return found;
  }

  bool ends_line(std::size_t i) const { return i >= tokens_.size() || tokens_[i].type == token::kind::newline; }

  // The adjacent string literals from token `i` on, joined, with Python's escapes applied; `what`
  // names the code being read when something else stands there.
  std::string literals(std::size_t& i, std::string_view what, std::size_t pos) const {
    std::string out;
    auto first = i;
    for (; i < tokens_.size() && tokens_[i].type == token::kind::string; ++i) {
      const auto& t = tokens_[i];
      auto prefix = std::string(t.prefix);
      for (auto& ch : prefix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (prefix.find_first_of("fb") != std::string::npos)
        fail(t.begin, fmt::format("{} is {}-string, which is Python logic, not text", what,
                                  prefix.find('f') != std::string::npos ? "an f" : "a bytes"));
      decode(t.begin + t.prefix.size() + t.quote, t.end - t.quote, prefix.find('r') != std::string::npos, out);
    }
    if (i == first) python_code(i < tokens_.size() ? tokens_[i].begin : pos, what);
    return out;
  }

  [[noreturn]] void python_code(std::size_t pos, std::string_view what) const {
    fail(pos, fmt::format("{} is Python code, not a string literal; testudo reads only literal SQL", what));
  }

  // The string an `async def <name>` returns, with Python's escapes applied.
  std::string function_sql(std::string_view name) const {
    auto def = statement({"async", "def", name, "("});
    if (!def) fail(0, fmt::format("no `async def {}` function", name));
    auto i = *def + 3;
    for (int depth = 0; i < tokens_.size(); ++i) {  // the signature, up to the ':' after its parentheses
      auto s = spelled(tokens_[i]);
      if (tokens_[i].type != token::kind::op) continue;
      if (s == "(") ++depth;
      else if (s == ")") --depth;
      else if (s == ":" && depth == 0) break;
    }
    auto what = fmt::format("the body of `{}`", name);
    if (i + 1 < tokens_.size() && tokens_[i + 1].type == token::kind::newline) ++i;
    if (i + 1 >= tokens_.size() || tokens_[i + 1].type != token::kind::name || spelled(tokens_[i + 1]) != "return")
      python_code(tokens_[*def].begin, what);
    i += 2;
    auto body = literals(i, fmt::format("what `{}` returns", name), tokens_[*def].begin);
    if (!ends_line(i)) python_code(tokens_[i].begin, fmt::format("what `{}` returns", name));
    if (i + 1 < tokens_.size() && !tokens_[i + 1].top_level)
      fail(tokens_[i + 1].begin, fmt::format("{} goes on after its return statement", what));
    if (body.starts_with(indent)) body.erase(0, indent.size());
    return body;
  }

  // Appends the value of the string literal between `begin` and `end` to `out` (straight into the
  // migration's SQL: a data migration's text is copied once, not twice).
  void decode(std::size_t begin, std::size_t end, bool raw, std::string& out) const {
    if (raw) {
      out += text_.substr(begin, end - begin);
      return;
    }
    out.reserve(out.size() + (end - begin));
    for (std::size_t i = begin; i < end; ++i) {
      if (text_[i] != '\\') out += text_[i];
      else i = escape(i, out);
    }
  }

  // Applies the escape at `i` (a backslash); returns the index of its last character.
  std::size_t escape(std::size_t i, std::string& out) const {
    if (i + 1 >= text_.size()) fail(i, "a backslash ends the file");
    char c = text_[i + 1];
    switch (c) {
      case '\n': return i + 1;  // line continuation
      case '\\': out += '\\'; return i + 1;
      case '\'': out += '\''; return i + 1;
      case '"': out += '"'; return i + 1;
      case 'a': out += '\a'; return i + 1;
      case 'b': out += '\b'; return i + 1;
      case 'f': out += '\f'; return i + 1;
      case 'n': out += '\n'; return i + 1;
      case 'r': out += '\r'; return i + 1;
      case 't': out += '\t'; return i + 1;
      case 'v': out += '\v'; return i + 1;
      case 'x': return hex_escape(i, 2, out);
      case 'u': return hex_escape(i, 4, out);
      case 'U': return hex_escape(i, 8, out);
      default: break;
    }
    if (c >= '0' && c <= '7') {
      std::uint32_t value = 0;
      std::size_t j = i + 1;
      for (; j < text_.size() && j < i + 4 && text_[j] >= '0' && text_[j] <= '7'; ++j) value = value * 8 + static_cast<std::uint32_t>(text_[j] - '0');
      testudo::detail::append_utf8(out, static_cast<char32_t>(value));
      return j - 1;
    }
    if (c == 'N') fail(i, "\\N{...} escapes are not supported; write the character itself");
    out += '\\';  // Python keeps unknown escapes as they are
    out += c;
    return i + 1;
  }

  std::size_t hex_escape(std::size_t i, std::size_t digits, std::string& out) const {
    auto hex = text_.substr(i + 2, digits);
    std::uint32_t value = 0;
    if (hex.size() != digits) fail(i, "a truncated \\x/\\u escape");
    for (char h : hex) {
      int d = std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : std::tolower(h) - 'a' + 10;
      if (d < 0 || d > 15) fail(i, "a bad hex digit in an escape");
      value = value * 16 + static_cast<std::uint32_t>(d);
    }
    testudo::detail::append_utf8(out, static_cast<char32_t>(value));
    return i + 1 + digits;
  }

  // MODELS_STATE = ("<base64>" "<base64>" ...): Aerich's zlib-compressed describe JSON.
  std::optional<snapshot_json> state() const {
    auto at = statement({"MODELS_STATE", "="});
    if (!at) return std::nullopt;  // 0.7-era files have none
    auto pos = tokens_[*at].begin;
    auto i = *at + 2;
    bool parenthesised = i < tokens_.size() && tokens_[i].type == token::kind::op && spelled(tokens_[i]) == "(";
    if (parenthesised) ++i;
    auto encoded = literals(i, "MODELS_STATE", pos);
    if (parenthesised && (i >= tokens_.size() || spelled(tokens_[i]) != ")"))
      python_code(i < tokens_.size() ? tokens_[i].begin : pos, "MODELS_STATE");
    if (!ends_line(i + (parenthesised ? 1 : 0))) python_code(tokens_[i].begin, "MODELS_STATE");
    auto json = unpack_state(encoded);
    if (!json) fail(pos, "MODELS_STATE is not valid base64 of zlib data");
    auto source = fmt::format("{}:{}: MODELS_STATE", file_, line_of(text_, pos));
    auto state = read_snapshot(*json, source);
    check_snapshot(state, source);
    return state;
  }

  std::string_view text_;
  std::string_view file_;
  std::vector<token> tokens_;
};

// SQL as the value of a Python """ string: backslashes doubled, quote runs broken up.
std::string python_literal(std::string_view sql) {
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\\') out += "\\\\";
    else if (c == '"' && (i + 1 == sql.size() || sql.substr(i, 3) == "\"\"\"")) out += "\\\"";
    else out += c;
  }
  return out;
}

// Aerich's MODELS_STATE is what its row stores: the models, then Aerich's own model last (the
// runner stores the same, version_table::aerich_model). A state that has it is kept as it is.
snapshot_json with_own_model(const snapshot_json& state) {
  if (state.empty() || without_aerich_model(state).size() != state.size()) return state;
  auto out = state;
  out.update(version_table::aerich_model(state.begin()->value("app", std::string("models"))));
  return out;
}

std::string render_state(const snapshot_json& state) {
  auto encoded = pack_state(python_json_dumps(with_own_model(state)));
  std::string out = "MODELS_STATE = (\n";
  for (std::size_t at = 0; at < encoded.size(); at += state_chunk)
    out += fmt::format("    \"{}\"\n", encoded.substr(at, state_chunk));
  return out + ")\n";
}

class aerich_py_format final : public migration_format {
 public:
  std::string_view extension() const override { return ".py"; }
  bool recognises(std::string_view file_name) const override {
    auto name = file_name.substr(file_name.find_last_of('/') + 1);
    auto digits = name.find_first_not_of("0123456789");
    return name.ends_with(".py") && digits != 0 && digits != std::string_view::npos && name[digits] == '_';
  }
  migration parse(std::string_view text, std::string_view file_name) const override {
    auto named = parse_file_name(file_name);
    if (!named) throw configuration_error(fmt::format("{}: not an Aerich migration file name (<N>_<YYYYmmddHHMMSS>_<name>.py)", file_name));
    auto m = parser(text, file_name).run();
    m.number = named->number;
    m.timestamp = named->timestamp;
    m.name = named->name;
    return m;
  }
  std::string render(const migration& m) const override {
    auto out = fmt::format(
        "from tortoise import BaseDBAsyncClient\n\nRUN_IN_TRANSACTION = {}\n\n\n"
        "async def upgrade(db: BaseDBAsyncClient) -> str:\n    return \"\"\"{}{}\"\"\"\n\n\n"
        "async def downgrade(db: BaseDBAsyncClient) -> str:\n    return \"\"\"{}{}\"\"\"\n",
        m.run_in_transaction ? "True" : "False", indent, python_literal(m.up_sql), indent, python_literal(m.down_sql));
    if (m.state) out += "\n\n" + render_state(*m.state);
    return out;
  }
  // Aerich runs these files, and Tortoise reads the tables they make.
  column_types ddl_types() const override { return column_types::tortoise; }
};

}  // namespace

const migration_format& aerich_format() {
  static const aerich_py_format format;
  return format;
}

void enable_aerich_format() { register_migration_format(aerich_format()); }

}  // namespace testudo::compat
