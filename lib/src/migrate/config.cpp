// Reading and writing testudo.toml / pyproject.toml with toml++ (kept out of the public header).
#include "testudo/migrate/config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <toml++/toml.h>
#include <vector>

#include "testudo/db/url.hpp"
#include "testudo/errors.hpp"
#include "util/inputs.hpp"

namespace testudo {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view section_keys[] = {"location", "src_folder", "connections", "apps", "replicas"};
constexpr std::string_view app_keys[] = {"models", "default_connection"};
constexpr std::string_view connection_keys[] = {"engine", "credentials"};
constexpr std::string_view nested_prefix = "tool.testudo.";

bool is_pyproject(const std::string& path) { return fs::path(path).filename() == "pyproject.toml"; }

// Where the testudo keys live in `file`, as the prefix of their dotted paths.
std::string_view prefix_for(const std::string& file) { return is_pyproject(file) ? nested_prefix : ""; }

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_bare_key_char(char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; }

// ---- text rendering --------------------------------------------------------------------------

// A TOML basic string: toml++'s formatter does the escaping; no literal or multi-line strings,
// so the output always looks the same.
std::string toml_string(std::string_view text) {
  std::ostringstream out;
  out << toml::toml_formatter{toml::value<std::string>{std::string(text)},
                              toml::format_flags::allow_unicode_strings};
  return out.str();
}

// A key as TOML writes it: bare when it can be, else quoted.
std::string toml_key(std::string_view key) {
  bool bare = !key.empty() && std::all_of(key.begin(), key.end(), is_bare_key_char);
  return bare ? std::string(key) : toml_string(key);
}

// Percent-escapes everything outside RFC 3986's unreserved characters (and `keep`), so user
// names, passwords and paths come back unchanged from parse_db_url. None of the chosen libraries
// (toml++, fmt, nlohmann::json, libpqxx, Connector/C++, SQLite) offers URL escaping.
std::string percent_escape(std::string_view text, std::string_view keep = {}) {
  std::string out;
  for (char c : text) {
    bool plain = is_ascii_alnum(c) || std::string_view("-._~").find(c) != std::string_view::npos ||
                 keep.find(c) != std::string_view::npos;
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

// ---- errors ----------------------------------------------------------------------------------

// "file:line:column" where toml++ knows the position, else just "file".
std::string where(const std::string& file, const toml::source_region& at) {
  if (at.begin.line == 0) return file;
  return fmt::format("{}:{}:{}", file, at.begin.line, at.begin.column);
}

[[noreturn]] void fail(const std::string& file, const toml::source_region& at, std::string_view what) {
  throw configuration_error(fmt::format("{}: {}", where(file, at), what));
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

// ---- files -----------------------------------------------------------------------------------

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw configuration_error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

toml::table parse_toml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    fail(file, e.source(), fmt::format("invalid TOML: {}", e.description()));
  }
}

// Replaces `path` in one step (write a sibling, then rename), so a crash never leaves half a
// pyproject.toml; the original's permissions are kept and a symlink is followed, not replaced.
void write_text(const std::string& path, const std::string& text) {
  fs::path target(path);
  if (fs::is_symlink(target)) target = fs::canonical(target);
  fs::path temp = target;
  temp += ".testudo-tmp";
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    throw configuration_error(fmt::format("cannot write {}: {}", temp.string(), std::strerror(errno)));
  std::error_code ec;
  if (fs::exists(target, ec)) fs::permissions(temp, fs::status(target).permissions(), ec);
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw configuration_error(fmt::format("cannot write {}: {}", path, ec.message()));
  }
}

// ---- reading ---------------------------------------------------------------------------------

// The text of each credentials entry, with its position for messages.
struct credential {
  std::string text;
  toml::source_region at;
};
using credential_map = std::map<std::string, credential, std::less<>>;

std::optional<backend> engine_backend(std::string_view engine) {
  auto module = engine.substr(engine.rfind('.') + 1);  // npos + 1 == 0: a bare name works too
  if (module == "asyncpg" || module == "psycopg") return backend::postgres;
  if (module == "mysql" || module == "asyncmy") return backend::mysql;
  if (module == "sqlite") return backend::sqlite;
  return std::nullopt;
}

// Removes and returns one credential ("" when absent).
std::string take(credential_map& creds, std::string_view name) {
  auto it = creds.find(name);
  if (it == creds.end()) return {};
  std::string text = std::move(it->second.text);
  creds.erase(it);
  return text;
}

// What is left after the connection fields: Tortoise passes it on as driver options, so it becomes
// the URL's query (parse_db_url then rejects options it does not know).
std::string query_of(const credential_map& rest) {
  std::string query;
  for (const auto& [name, value] : rest)
    query +=
        fmt::format("{}{}={}", query.empty() ? '?' : '&', percent_escape(name), percent_escape(value.text));
  return query;
}

// Reads the testudo section of one parsed document into a project_config; anything it does not
// understand fails with the file, the position and the fix, so typos are never ignored.
class config_reader {
 public:
  explicit config_reader(std::string file) : file_(std::move(file)) {}

  project_config read(const toml::table& doc) {
    project_config out;
    out.file = file_;
    const toml::table* tool = table_at(doc, "tool", "");
    if (tool) read_aerich(*tool, out);  // first: [tool.testudo] overrides it
    if (const toml::table* section = pick_section(doc, tool)) read_section(*section, out);
    return out;
  }

 private:
  std::string path(std::string_view key) const { return fmt::format("{}{}", prefix_, key); }

  std::string section_label() const { return root_ ? "at the top level" : "in [tool.testudo]"; }

  [[noreturn]] void unknown_key(const toml::key& key, std::string_view in,
                                std::span<const std::string_view> known) const {
    fail(file_, key.source(),
         fmt::format("unknown key '{}' {}; known keys: {} (check the spelling)", key.str(), in,
                     fmt::join(known, ", ")));
  }

  // parent[key] as a table, nullptr when absent, an error when it is something else.
  const toml::table* table_at(const toml::table& parent, std::string_view key,
                              std::string_view parent_path) const {
    auto it = parent.find(key);
    if (it == parent.end()) return nullptr;
    if (!it->second.is_table())
      fail(file_, it->first.source(),
           fmt::format("{}{} must be a table, not {}", parent_path, key, type_name(it->second)));
    return it->second.as_table();
  }

  const toml::table& table_value(const toml::key& key, const toml::node& node, const std::string& at,
                                 std::string_view hint) const {
    if (!node.is_table())
      fail(file_, key.source(), fmt::format("{} must be a table ({}), not {}", at, hint, type_name(node)));
    return *node.as_table();
  }

  std::string string_value(const toml::key& key, const toml::node& node, const std::string& at,
                           std::string_view meaning) const {
    if (!node.is_string())
      fail(file_, key.source(),
           fmt::format("{} must be a string ({}), not {}", at, meaning, type_name(node)));
    return node.as_string()->get();
  }

  // pyproject.toml: [tool.testudo]. Any other file: the same keys at the top level, or [tool.testudo].
  const toml::table* pick_section(const toml::table& doc, const toml::table* tool) {
    const toml::table* nested = tool ? table_at(*tool, "testudo", "tool.") : nullptr;
    root_ = !nested && !is_pyproject(file_);
    prefix_ = root_ ? "" : nested_prefix;
    if (root_) return &doc;
    if (nested && !is_pyproject(file_))
      for (auto&& [key, node] : doc)
        if (key.str() != "tool")
          fail(file_, key.source(),
               fmt::format("'{}' is set at the top level, but this file also has "
                           "[tool.testudo]; keep every key in one of the two places",
                           key.str()));
    return nested;
  }

  // Aerich's section: only location and src_folder mean something outside Python (tortoise_orm
  // names a Python object testudo cannot load, so it is ignored).
  void read_aerich(const toml::table& tool, project_config& out) const {
    const toml::table* aerich = table_at(tool, "aerich", "tool.");
    if (!aerich) return;
    out.aerich_section = true;
    for (auto&& [key, node] : *aerich) {
      if (key.str() == "location")
        out.location = string_value(key, node, "tool.aerich.location", "the migrations directory");
      else if (key.str() == "src_folder")
        out.src_folder =
            string_value(key, node, "tool.aerich.src_folder", "the folder the models are found from");
    }
  }

  void read_section(const toml::table& section, project_config& out) const {
    for (auto&& [key, node] : section) {
      std::string_view name = key.str();
      if (name == "location")
        out.location = string_value(key, node, path(name), "the migrations directory");
      else if (name == "src_folder")
        out.src_folder = string_value(key, node, path(name), "the folder the models are found from");
      else if (name == "connections")
        read_connections(table_value(key, node, path(name), "name = \"URL\" entries"), out);
      else if (name == "apps")
        read_apps(table_value(key, node, path(name), "one [apps.<label>] table per app"), out);
      else if (name == "replicas")
        read_replicas(table_value(key, node, path(name), "connection = [\"replica connection\", ...] entries"), out);
      else if (!(root_ && name == "tool"))
        unknown_key(key, section_label(), section_keys);
    }
    if (auto* replicas = section.get("replicas"); replicas && replicas->is_table())
      check_replicas(*replicas->as_table(), out);
  }

  void read_replicas(const toml::table& replicas, project_config& out) const {
    for (auto&& [name, node] : replicas) {
      std::string at = path("replicas." + toml_key(name.str()));
      if (!node.is_array())
        fail(file_, name.source(),
             fmt::format("{} must be an array of connection names, e.g. [\"replica\"], not {}", at, type_name(node)));
      auto& names = out.replicas[std::string(name.str())];
      for (auto&& entry : *node.as_array()) names.push_back(string_value(name, entry, at + "[]", "a connection name"));
    }
  }

  // After the whole section is read: [connections] may come after [replicas].
  void check_replicas(const toml::table& replicas, const project_config& out) const {
    for (auto&& [name, node] : replicas) {
      std::string at = path("replicas." + toml_key(name.str()));
      auto known = [&](const std::string& connection) { return out.connections.contains(connection); };
      if (!known(std::string(name.str())))
        fail(file_, name.source(),
             fmt::format("{}: there is no connection '{}' to replicate; add it under [{}connections]", at, name.str(),
                         prefix_));
      for (const auto& replica : out.replicas.at(std::string(name.str()))) {
        if (replica == name.str())
          fail(file_, name.source(), fmt::format("{} lists '{}' itself: a replica must be another connection", at, replica));
        if (!known(replica))
          fail(file_, name.source(),
               fmt::format("{} names '{}', which is not a connection; add {} = \"<db URL>\" under [{}connections]", at,
                           replica, toml_key(replica), prefix_));
      }
    }
  }

  void read_connections(const toml::table& connections, project_config& out) const {
    for (auto&& [name, node] : connections) {
      std::string at = path("connections." + toml_key(name.str()));
      std::string url =
          node.is_table() ? credentials_url(name, *node.as_table(), at) : url_value(name, node, at);
      check_url(name, url, at);
      out.connections[std::string(name.str())] = std::move(url);
    }
  }

  std::string url_value(const toml::key& name, const toml::node& node, const std::string& at) const {
    if (!node.is_string())
      fail(file_, name.source(),
           fmt::format("{} must be a database URL such as \"sqlite://db.sqlite3\", or a "
                       "table {{engine = ..., credentials = {{...}}}}, not {}",
                       at, type_name(node)));
    return node.as_string()->get();
  }

  // A bad URL is reported here, where its line is known, rather than when it is first used.
  void check_url(const toml::key& name, const std::string& url, const std::string& at) const {
    try {
      parse_db_url(url);
    } catch (const configuration_error& e) {
      fail(file_, name.source(), fmt::format("{}: {}", at, e.what()));
    }
  }

  // Tortoise's dict form {engine = "tortoise.backends.X", credentials = {...}} as a db_url string.
  std::string credentials_url(const toml::key& name, const toml::table& conn, const std::string& at) const {
    for (auto&& [key, node] : conn)
      if (key.str() != "engine" && key.str() != "credentials")
        unknown_key(key, "in [" + at + "]", connection_keys);
    auto engine_node = conn.find("engine");
    if (engine_node == conn.end())
      fail(file_, name.source(),
           fmt::format("{}.engine is missing: give Tortoise's backend, e.g. "
                       "engine = \"tortoise.backends.asyncpg\"",
                       at));
    std::string engine =
        string_value(engine_node->first, engine_node->second, at + ".engine", "Tortoise's backend module");
    auto kind = engine_backend(engine);
    if (!kind)
      fail(file_, engine_node->first.source(),
           fmt::format(
               "{}.engine '{}' is not supported; use tortoise.backends.asyncpg, tortoise.backends.psycopg, "
               "tortoise.backends.mysql, tortoise.backends.asyncmy or tortoise.backends.sqlite",
               at, engine));
    const toml::table* creds = table_at(conn, "credentials", at + ".");
    if (!creds)
      fail(file_, name.source(),
           fmt::format("{}.credentials is missing: give {{host, port, user, password, "
                       "database}} (or {{file_path}} for SQLite)",
                       at));
    auto fields = read_credentials(*creds, at + ".credentials");
    return *kind == backend::sqlite ? sqlite_url(fields, *creds, at) : server_url(*kind, fields, *creds, at);
  }

  credential_map read_credentials(const toml::table& creds, const std::string& at) const {
    credential_map out;
    for (auto&& [key, node] : creds) {
      std::string text;
      if (auto s = node.as_string())
        text = s->get();
      else if (auto i = node.as_integer())
        text = std::to_string(i->get());
      else if (auto b = node.as_boolean())
        text = b->get() ? "true" : "false";
      else if (auto f = node.as_floating_point())
        text = fmt::format("{}", f->get());
      else
        fail(
            file_, key.source(),
            fmt::format("{}.{} must be a string, number or boolean, not {}", at, key.str(), type_name(node)));
      out.emplace(std::string(key.str()), credential{std::move(text), key.source()});
    }
    return out;
  }

  std::string required(credential_map& fields, std::string_view name, const toml::table& creds,
                       const std::string& at) const {
    std::string value = take(fields, name);
    if (value.empty())
      fail(file_, creds.source(),
           fmt::format("{}.credentials.{} is missing or empty: add {} = \"...\" to the credentials", at, name,
                       name));
    return value;
  }

  std::string sqlite_url(credential_map& fields, const toml::table& creds, const std::string& at) const {
    std::string file = required(fields, "file_path", creds, at);
    return "sqlite://" + percent_escape(file, "/:") + query_of(fields);  // ':' keeps :memory: readable
  }

  std::string server_url(backend kind, credential_map& fields, const toml::table& creds,
                         const std::string& at) const {
    std::string url = fmt::format("{}://", backend_name(kind));
    std::string user = take(fields, "user"), password = take(fields, "password");
    if (!user.empty() || !password.empty())
      url += percent_escape(user) + (password.empty() ? "" : ":" + percent_escape(password)) + "@";
    std::string host = required(fields, "host", creds, at);
    url += host.find(':') != std::string::npos ? "[" + host + "]" : percent_escape(host);  // IPv6
    if (std::string port = take(fields, "port"); !port.empty()) url += ":" + percent_escape(port);
    url += "/" + percent_escape(required(fields, "database", creds, at));
    return url + query_of(fields);
  }

  void read_apps(const toml::table& apps, project_config& out) const {
    for (auto&& [label, node] : apps) out.apps[std::string(label.str())] = read_app(label, node);
  }

  app_config read_app(const toml::key& label, const toml::node& node) const {
    std::string at = path("apps." + toml_key(label.str()));
    const toml::table& table = table_value(label, node, at, "with models = \"<library or JSON>\"");
    app_config app;
    app.name = label.str();
    for (auto&& [key, value] : table) {
      if (key.str() == "models")
        app.models =
            string_value(key, value, at + ".models", "the path of the models library or describe JSON");
      else if (key.str() == "default_connection")
        app.default_connection =
            string_value(key, value, at + ".default_connection", "the name of one of the connections");
      else
        unknown_key(key, "in [" + at + "]", app_keys);
    }
    if (app.models.empty())
      fail(file_, label.source(),
           fmt::format("{}.models is missing: set it to the path of the models library "
                       "(.so) or of a describe JSON file",
                       at));
    return app;
  }

  std::string file_;
  std::string_view prefix_;
  bool root_ = false;  // the keys sit at the top level of a testudo.toml
};

bool has_our_section(const toml::table& doc) { return doc["tool"]["testudo"] || doc["tool"]["aerich"]; }

std::string resolve(const std::string& dir, const std::string& file) {
  fs::path p(file);
  return (p.is_absolute() ? p : fs::path(dir) / p).lexically_normal().string();
}

project_config read_config_file(const std::string& file) {
  return config_reader(file).read(parse_toml(read_text(file), file));
}

// ---- writing ---------------------------------------------------------------------------------

// The testudo keys as TOML: at the top level (prefix "") or as [tool.testudo...] tables.
std::string render(const project_config& config, std::string_view prefix) {
  std::string out;
  if (!prefix.empty()) out += fmt::format("[{}]\n", prefix.substr(0, prefix.size() - 1));
  out += fmt::format("location = {}\nsrc_folder = {}\n", toml_string(config.location),
                     toml_string(config.src_folder));
  if (!config.connections.empty()) out += fmt::format("\n[{}connections]\n", prefix);
  for (const auto& [name, url] : config.connections)
    out += fmt::format("{} = {}\n", toml_key(name), toml_string(url));
  for (const auto& [label, app] : config.apps)
    out += fmt::format("\n[{}apps.{}]\nmodels = {}\ndefault_connection = {}\n", prefix, toml_key(label),
                       toml_string(app.models), toml_string(app.default_connection));
  if (!config.replicas.empty()) out += fmt::format("\n[{}replicas]\n", prefix);
  for (const auto& [name, replicas] : config.replicas) {
    std::vector<std::string> quoted;
    for (const auto& r : replicas) quoted.push_back(toml_string(r));
    out += fmt::format("{} = [{}]\n", toml_key(name), fmt::join(quoted, ", "));
  }
  return out;
}

// One [table] or [[array]] header line: where it starts, where the next line starts, its key path.
struct header {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<std::string> path;
};

// Finds the header lines of a TOML document toml++ already accepted. A '[' that starts a line is
// a header only outside multi-line strings and arrays, so strings, comments and open brackets
// are tracked.
class header_scanner {
 public:
  explicit header_scanner(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark
  }

  std::vector<header> scan() {
    while (pos_ < text_.size()) scan_line();
    return headers_;
  }

 private:
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void skip_blanks() {
    while (peek() == ' ' || peek() == '\t') ++pos_;
  }
  void skip_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  void scan_line() {
    std::size_t start = pos_;
    skip_blanks();
    if (depth_ > 0 || peek() != '[') return scan_rest_of_line();
    header h{start, 0, read_header_path()};
    skip_comment();  // the rest of a header line can only be ']' and a comment
    if (peek() == '\n') ++pos_;
    h.end = pos_;
    headers_.push_back(std::move(h));
  }

  // Consumes the line and its '\n', skipping strings (which may span lines) and comments, and
  // counting brackets so that the lines of a multi-line array are never taken for headers.
  void scan_rest_of_line() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++pos_;
        return;
      }
      if (c == '#') {
        skip_comment();
      } else if (c == '"' || c == '\'') {
        skip_string(c);
      } else {
        if (c == '[' || c == '{') ++depth_;
        if ((c == ']' || c == '}') && depth_ > 0) --depth_;
        ++pos_;
      }
    }
  }

  void skip_string(char quote) {
    bool multi = peek(1) == quote && peek(2) == quote;
    pos_ += multi ? 3 : 1;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (quote == '"' && c == '\\') {
        pos_ += 2;
      } else if (c == quote && !multi) {
        ++pos_;
        return;
      } else if (c == quote) {
        std::size_t run = 0;  // """a""""" ends with a run of up to five quotes
        while (peek(run) == quote) ++run;
        pos_ += run;
        if (run >= 3) return;
      } else if (c == '\n' && !multi) {
        return;
      } else {
        ++pos_;
      }
    }
  }

  std::vector<std::string> read_header_path() {
    ++pos_;
    if (peek() == '[') ++pos_;
    std::vector<std::string> path;
    while (true) {
      skip_blanks();
      path.push_back(read_key());
      skip_blanks();
      if (peek() != '.') return path;
      ++pos_;
    }
  }

  // Escapes in quoted keys are only unwrapped, not decoded: matching "tool" and "testudo" needs no more.
  std::string read_key() {
    char quote = peek();
    std::string key;
    if (quote != '"' && quote != '\'') {
      while (is_bare_key_char(peek())) key += text_[pos_++];
      return key;
    }
    ++pos_;
    while (pos_ < text_.size() && peek() != quote && peek() != '\n') {
      if (quote == '"' && peek() == '\\') ++pos_;
      if (pos_ < text_.size()) key += text_[pos_++];
    }
    ++pos_;
    return key;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<header> headers_;
};

bool is_testudo(const header& h) {
  return h.path.size() >= 2 && h.path[0] == "tool" && h.path[1] == "testudo";
}

bool is_note_line(std::string_view line) {
  auto first = line.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos || line[first] == '#';
}

// Where the trailing run of blank and comment-only lines of [begin, end) starts (end if none):
// such lines usually introduce the table that follows, so they stay with it.
std::size_t trailing_notes(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t notes = end;
  for (std::size_t line = begin; line < end;) {
    auto nl = text.find('\n', line);
    std::size_t next = nl == std::string_view::npos || nl >= end ? end : nl + 1;
    if (!is_note_line(text.substr(line, next - line)))
      notes = end;
    else if (notes == end)
      notes = line;
    line = next;
  }
  return notes;
}

struct text_range {
  std::size_t begin, end;
};

// The byte ranges of the [tool.testudo...] tables: each from its header to the next header.
std::vector<text_range> testudo_ranges(std::string_view text) {
  auto headers = header_scanner(text).scan();
  std::vector<text_range> out;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (!is_testudo(headers[i])) continue;
    bool last = i + 1 == headers.size();
    std::size_t end = last ? text.size() : headers[i + 1].begin;
    if (last || !is_testudo(headers[i + 1])) end = trailing_notes(text, headers[i].end, end);
    out.push_back({headers[i].begin, end});
  }
  return out;
}

// `text` with the ranges cut out and `block` put where the first one was (appended if none).
std::string splice(std::string_view text, const std::vector<text_range>& ranges, std::string_view block) {
  if (ranges.empty()) {
    std::string out(text);
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (!out.empty() && !out.ends_with("\n\n") && !out.ends_with("\n\r\n")) out += '\n';
    return out + std::string(block);
  }
  std::string out(text.substr(0, ranges.front().begin));
  out += block;
  std::size_t pos = ranges.front().end;
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    out += text.substr(pos, ranges[i].begin - pos);
    pos = ranges[i].end;
  }
  return out + std::string(text.substr(pos));
}

// New lines match the file's own line endings.
std::string with_line_endings_of(std::string_view text, std::string block) {
  auto nl = text.find('\n');
  if (nl == std::string_view::npos || nl == 0 || text[nl - 1] != '\r') return block;
  std::string out;
  for (char c : block) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

std::string updated_pyproject(const std::string& path, const project_config& config) {
  std::string text = fs::exists(path) ? read_text(path) : std::string();
  parse_toml(text, path);  // never rewrite a file that could not be read back
  auto ranges = testudo_ranges(text);
  // Keys of [tool.testudo] written as dotted keys or an inline table are not in any range.
  toml::table rest = parse_toml(splice(text, ranges, ""), path);
  if (auto left = rest["tool"]["testudo"].node())
    fail(path, left->source(),
         "[tool.testudo] is partly written as dotted keys or an inline table, which "
         "testudo cannot rewrite in place; move those keys under a [tool.testudo] header");
  std::string result = splice(text, ranges, with_line_endings_of(text, render(config, nested_prefix)));
  parse_toml(result, path);
  return result;
}

}  // namespace

const app_config& project_config::app(std::string_view requested) const {
  std::string origin = file.empty() ? "no configuration file" : file;
  if (apps.empty() && aerich_section)
    throw configuration_error(fmt::format(
        "{}: [tool.aerich] is set, but its tortoise_orm points at Python code testudo cannot load; add "
        "[tool.testudo.apps.<name>] with models = \"<library or JSON>\" (the models shared library or a "
        "describe JSON file)",
        origin));
  if (apps.empty() && file.empty())
    throw configuration_error(
        "no configuration found (no testudo.toml, and no pyproject.toml with [tool.testudo]); "
        "run `testudo init -t <models library or JSON>` or pass --models");
  if (apps.empty())
    throw configuration_error(
        fmt::format("{}: no apps are configured; add [{}apps.<name>] with models = "
                    "\"<library or JSON>\"",
                    origin, prefix_for(file)));
  std::vector<std::string_view> names;
  for (const auto& [label, entry] : apps) names.push_back(label);
  if (!requested.empty()) {
    if (auto it = apps.find(std::string(requested)); it != apps.end()) return it->second;
    throw configuration_error(
        fmt::format("{}: there is no app '{}'; configured apps: {} (pass one of them to --app)", origin,
                    requested, fmt::join(names, ", ")));
  }
  if (apps.size() == 1) return apps.begin()->second;
  if (auto it = apps.find("models"); it != apps.end()) return it->second;
  throw configuration_error(fmt::format("{}: several apps are configured ({}); choose one with --app", origin,
                                        fmt::join(names, ", ")));
}

std::string project_config::url_for(const app_config& app) const {
  if (auto it = connections.find(app.default_connection); it != connections.end()) return it->second;
  std::vector<std::string_view> names;
  for (const auto& [name, url] : connections) names.push_back(name);
  std::string configured =
      names.empty() ? "none are configured" : fmt::format("configured: {}", fmt::join(names, ", "));
  throw configuration_error(fmt::format(
      "{}: app '{}' uses connection '{}', which is not configured ({}); add {} = \"<db URL>\" under "
      "[{}connections], set {}apps.{}.default_connection, or pass --db-url",
      file.empty() ? "no configuration file" : file, app.name, app.default_connection, configured,
      toml_key(app.default_connection), prefix_for(file), prefix_for(file), toml_key(app.name)));
}

project_config load_config(const std::string& explicit_file, const std::string& dir) {
  if (!explicit_file.empty()) {
    std::string file = resolve(dir, explicit_file);
    if (auto problem = detail::not_a_file(file); !problem.empty())
      throw configuration_error(fmt::format("config file {} {}; check the -c/--config path", file, problem));
    if (!fs::is_regular_file(file))
      throw configuration_error(
          fmt::format("config file {} does not exist; check the -c/--config path", file));
    return read_config_file(file);
  }
  if (std::string native = resolve(dir, "testudo.toml"); fs::is_regular_file(native))
    return read_config_file(native);
  std::string pyproject = resolve(dir, "pyproject.toml");
  if (!fs::is_regular_file(pyproject)) return {};
  toml::table doc = parse_toml(read_text(pyproject), pyproject);
  return has_our_section(doc) ? config_reader(pyproject).read(doc) : project_config{};
}

void save_config(const project_config& config, const std::string& path) {
  write_text(path, is_pyproject(path) ? updated_pyproject(path, config) : render(config, ""));
}

}  // namespace testudo
