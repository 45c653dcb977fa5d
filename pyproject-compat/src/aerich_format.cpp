// Aerich's .py migration files (docs/internals/tortoise-reference.md §3.1).
#include <fmt/format.h>

#include "testudo/compat/aerich.hpp"
#include "testudo/errors.hpp"

namespace testudo::compat {
namespace {

constexpr std::string_view indent = "\n        ";  // what Aerich's template puts before the SQL
constexpr std::size_t state_chunk = 70;

std::size_t line_of(std::string_view text, std::size_t pos) {
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n')) + 1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class parser {
 public:
  parser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  migration run() {
    migration m;
    auto tx = text_.find("RUN_IN_TRANSACTION = ");
    if (tx != std::string_view::npos) {
      auto value = text_.substr(tx + 21, text_.find('\n', tx) - tx - 21);
      if (value != "True" && value != "False") fail(tx, "RUN_IN_TRANSACTION must be True or False");
      m.run_in_transaction = value == "True";
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

  // The string an `async def <name>` returns, with Python's escapes applied.
  std::string function_sql(std::string_view name) {
    auto def = text_.find(fmt::format("async def {}(", name));
    if (def == std::string_view::npos) fail(0, fmt::format("no `async def {}` function", name));
    auto open = text_.find("\"\"\"", def);
    if (open == std::string_view::npos) fail(def, fmt::format("{} returns no \"\"\" string", name));
    auto body = literal(open + 3);
    if (body.starts_with(indent)) body.erase(0, indent.size());
    return body;
  }

  // A triple-quoted string's value from `start` (just past the opening quotes).
  std::string literal(std::size_t start) {
    std::string out;
    for (std::size_t i = start; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '"' && text_.substr(i, 3) == "\"\"\"") return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      i = escape(i, out);
    }
    fail(start, "a \"\"\" string is not closed");
  }

  // Applies the escape at `i` (a backslash); returns the index of its last character.
  std::size_t escape(std::size_t i, std::string& out) {
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
      append_utf8(out, value);
      return j - 1;
    }
    if (c == 'N') fail(i, "\\N{...} escapes are not supported; write the character itself");
    out += '\\';  // Python keeps unknown escapes as they are
    out += c;
    return i + 1;
  }

  std::size_t hex_escape(std::size_t i, std::size_t digits, std::string& out) {
    auto hex = text_.substr(i + 2, digits);
    std::uint32_t value = 0;
    if (hex.size() != digits) fail(i, "a truncated \\x/\\u escape");
    for (char h : hex) {
      int d = std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : std::tolower(h) - 'a' + 10;
      if (d < 0 || d > 15) fail(i, "a bad hex digit in an escape");
      value = value * 16 + static_cast<std::uint32_t>(d);
    }
    append_utf8(out, value);
    return i + 1 + digits;
  }

  std::optional<snapshot_json> state() {
    auto at = text_.find("MODELS_STATE = (");
    if (at == std::string_view::npos) return std::nullopt;  // 0.7-era files have none
    auto end = text_.find(')', at);
    if (end == std::string_view::npos) fail(at, "MODELS_STATE is not closed with ')'");
    std::string encoded;
    for (auto q = text_.find('"', at); q < end; q = text_.find('"', q + 1)) {
      auto close = text_.find('"', q + 1);
      encoded += text_.substr(q + 1, close - q - 1);
      q = close;
    }
    auto json = unpack_state(encoded);
    if (!json) fail(at, "MODELS_STATE is not valid base64 of zlib data");
    try {
      return snapshot_json::parse(*json);
    } catch (const nlohmann::json::parse_error& e) {
      fail(at, fmt::format("MODELS_STATE holds invalid JSON ({})", e.what()));
    }
  }

  std::string_view text_;
  std::string_view file_;
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

std::string render_state(const snapshot_json& state) {
  auto encoded = pack_state(python_json_dumps(state));
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
};

}  // namespace

const migration_format& aerich_format() {
  static const aerich_py_format format;
  return format;
}

void enable_aerich_format() { register_migration_format(aerich_format()); }

}  // namespace testudo::compat
