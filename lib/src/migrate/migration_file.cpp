// Migration files: names, checksums, the native .sql format and reading/writing an app's folder.
#include "testudo/migrate/migration_file.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include "testudo/errors.hpp"
#include "util/inputs.hpp"

namespace testudo {
namespace {

namespace fs = std::filesystem;
constexpr auto npos = std::string_view::npos;

constexpr std::string_view native_extension = ".sql";
constexpr std::string_view first_line = "-- testudo migration";
constexpr std::string_view marker_prefix = "-- +testudo";
constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view blanks = " \t\r\n\f\v";
constexpr std::string_view checksum_prefix = "sha256:";
constexpr std::string_view name_shape = "<N>_<YYYYmmddHHMMSS>_<name>";
constexpr std::size_t state_line_width = 76;  // base64 characters per line, as MIME does

// ---------------------------------------------------------------------------------------------
// Text helpers

std::string_view rtrim(std::string_view s) {
  auto end = s.find_last_not_of(blanks);
  return end == npos ? std::string_view{} : s.substr(0, end + 1);
}

std::string_view trim(std::string_view s) {
  auto start = s.find_first_not_of(blanks);
  return start == npos ? std::string_view{} : rtrim(s.substr(start));
}

bool is_blank(std::string_view s) { return rtrim(s).empty(); }

std::string_view without_bom(std::string_view s) {
  if (s.starts_with(bom)) s.remove_prefix(bom.size());
  return s;
}

bool all_of(std::string_view s, bool (*pred)(char)) { return std::all_of(s.begin(), s.end(), pred); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
bool is_base64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' || c == '/' || c == '=';
}

// Lines without their '\n' (a CRLF line keeps its '\r'); views into `text`.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == npos ? std::string_view{} : text.substr(nl + 1);
  }
  return lines;
}

// The file name without its folder: messages carry the path, the name carries the number.
std::string_view base_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  return slash == npos ? path : path.substr(slash + 1);
}

// ---------------------------------------------------------------------------------------------
// Checksums

// The checksum of a migration, fed its SQL in pieces of any size (a data migration is hashed
// as it is read, never copied): sha256 over "up\n<up>\ndown\n<down>\ntransaction:<mode>", each
// section normalised as editors leave what the SQL does alone (LESSONS.md 5): no leading BOM,
// CRLF and lone CR as LF, trailing whitespace trimmed.
class checksum_builder {
 public:
  checksum_builder() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
    out_ = "up\n";
  }

  // The next bytes of the current section. Byte by byte where a BOM or a CR needs looking at,
  // else the run up to its last non-blank byte at once (hashing is most of what listing costs).
  void feed(std::string_view piece) {
    for (; at_start_ && !piece.empty(); piece.remove_prefix(1)) take(piece.front());
    if (piece.empty()) return;  // nothing to end a CR's wait for its LF
    if (piece.find('\r') != npos) {
      for (char c : piece) normalise(c);
      return;
    }
    if (after_cr_ && piece.starts_with('\n')) piece.remove_prefix(1);  // the LF of a CRLF split between pieces
    after_cr_ = false;
    auto last = piece.find_last_not_of(blanks);
    if (last == npos) {
      held_blanks_ += piece;
      return;
    }
    out_ += held_blanks_;
    out_ += piece.substr(0, last + 1);
    held_blanks_.assign(piece.substr(last + 1));
    if (out_.size() >= flush_size) flush();
  }

  // Ends the up section: what is fed next is the down section.
  void start_down() {
    end_section();
    out_ += "\ndown\n";
  }

  std::string finish(bool run_in_transaction) {
    end_section();
    out_ += run_in_transaction ? "\ntransaction:true" : "\ntransaction:false";
    flush();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &size);
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex(checksum_prefix);
    for (unsigned i = 0; i < size; ++i) {
      hex += digits[digest[i] >> 4];
      hex += digits[digest[i] & 0xF];
    }
    return hex;
  }

 private:
  static constexpr std::size_t flush_size = std::size_t{1} << 16;

  // A section's first bytes wait until they are known not to be a BOM.
  void take(char c) {
    if (!at_start_) return normalise(c);
    start_ += c;
    if (bom.starts_with(start_) && start_.size() < bom.size()) return;
    at_start_ = false;
    if (start_ != bom)
      for (char held : start_) normalise(held);
    start_.clear();
  }

  void normalise(char c) {
    if (after_cr_ && c == '\n') {  // the LF of a CRLF: the CR stood for both
      after_cr_ = false;
      return;
    }
    after_cr_ = c == '\r';
    emit(after_cr_ ? '\n' : c);
  }

  // Whitespace waits until something follows it: at the end of a section it is trimmed.
  void emit(char c) {
    if (blanks.find(c) != npos) {
      held_blanks_ += c;
      return;
    }
    out_ += held_blanks_;
    held_blanks_.clear();
    out_ += c;
    if (out_.size() >= flush_size) flush();
  }

  void end_section() {
    for (char held : start_) normalise(held);  // a section shorter than a BOM
    start_.clear();
    held_blanks_.clear();
    at_start_ = true;
    after_cr_ = false;
  }

  void flush() {
    EVP_DigestUpdate(ctx_.get(), out_.data(), out_.size());
    out_.clear();
  }

  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
  std::string out_, start_, held_blanks_;
  bool at_start_ = true, after_cr_ = false;
};

bool is_checksum(std::string_view s) {
  auto hex = s.substr(std::min(s.size(), checksum_prefix.size()));
  return s.starts_with(checksum_prefix) && hex.size() == 64 && all_of(hex, is_lower_hex);
}

// ---------------------------------------------------------------------------------------------
// File names

struct name_parse {
  std::optional<migration> parsed;
  std::string_view problem;  // why not, when parsed is empty
};

name_parse failed(std::string_view problem) { return {std::nullopt, problem}; }

bool is_valid_time(std::string_view ts) {
  auto part = [&](std::size_t at) { return (ts[at] - '0') * 10 + (ts[at + 1] - '0'); };
  int month = part(4), day = part(6), hour = part(8), minute = part(10), second = part(12);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59;
}

// Names end up in file names and in "-- parent:" lines, which are split on whitespace.
bool is_name_char(char c) { return static_cast<unsigned char>(c) > ' ' && c != '/' && c != '\\' && c != 0x7F; }

name_parse parse_stem(std::string_view stem) {
  auto digits = stem.find_first_not_of("0123456789");
  if (digits == 0 || digits == npos || stem[digits] != '_') return failed("it does not start with the number and '_'");
  if (stem[0] == '0' && digits > 1) return failed("the number has leading zeros");
  migration m;
  if (std::from_chars(stem.data(), stem.data() + digits, m.number).ec != std::errc{})
    return failed("the number is too large");
  auto rest = stem.substr(digits + 1);
  if (rest.size() < 15 || !all_of(rest.substr(0, 14), is_digit) || rest[14] != '_')
    return failed("the number is not followed by a 14-digit YYYYmmddHHMMSS timestamp and '_'");
  if (!is_valid_time(rest.substr(0, 14))) return failed("the timestamp is not a valid date and time");
  m.timestamp = std::string(rest.substr(0, 14));
  m.name = std::string(rest.substr(15));
  if (m.name.empty()) return failed("the name after the timestamp is empty");
  if (!all_of(m.name, is_name_char)) return failed("the name has spaces, control characters or slashes");
  return {std::move(m), {}};
}

name_parse parse_name(std::string_view file_name) {
  auto name = base_name(file_name);
  auto dot = name.find_last_of('.');
  if (dot == npos || dot + 1 == name.size()) return failed("it has no extension");
  return parse_stem(name.substr(0, dot));
}

// ---------------------------------------------------------------------------------------------
// State: compact JSON → zlib → base64, as Aerich's MODELS_STATE (with MIME-width lines)

std::string zlib_compress(std::string_view bytes) {
  uLongf size = compressBound(bytes.size());
  std::string out(size, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                     bytes.size(), Z_DEFAULT_COMPRESSION);
  if (rc != Z_OK) throw configuration_error(fmt::format("cannot compress the models state: {}", zError(rc)));
  out.resize(size);
  return out;
}

// zlib does not record the uncompressed size: grow the buffer until it fits, up to a bound
// so a corrupt stream cannot claim all memory. The whole input must be the stream.
std::optional<std::string> zlib_decompress(std::string_view bytes) {
  constexpr std::size_t limit = std::size_t{1} << 30;
  for (std::size_t capacity = std::max<std::size_t>(4096, bytes.size() * 8); capacity <= limit; capacity *= 2) {
    std::string out(capacity, '\0');
    uLongf size = capacity;
    uLong consumed = bytes.size();
    int rc = uncompress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                         &consumed);
    if (rc == Z_OK && consumed != bytes.size()) return std::nullopt;  // bytes after the stream: not ours
    if (rc == Z_OK) {
      out.resize(size);
      return out;
    }
    if (rc != Z_BUF_ERROR) return std::nullopt;
  }
  return std::nullopt;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // + the NUL EVP_EncodeBlock writes
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Only canonical padded base64 (characters checked by the caller).
std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > INT_MAX) return std::nullopt;
  auto data_end = text.find_last_not_of('=') + 1;  // find_last_not_of is npos (+1 = 0) for all '='
  std::size_t padding = text.size() - data_end;
  if (padding > 2 || text.substr(0, data_end).find('=') != npos) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - padding);  // EVP_DecodeBlock counts padding as zero bytes
  return out;
}

std::string encoded_state(const snapshot_json& state) {
  auto encoded = base64_encode(zlib_compress(state.dump()));
  std::string lines;
  for (std::size_t at = 0; at < encoded.size(); at += state_line_width) {
    if (at > 0) lines += '\n';
    lines += "-- " + encoded.substr(at, state_line_width);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Native format: parsing

// "-- +testudo <name>" at the very start of a line opens a section; nullopt for other lines.
std::optional<std::string_view> marker_name(std::string_view line) {
  line = rtrim(line);
  if (!line.starts_with(marker_prefix)) return std::nullopt;
  auto rest = line.substr(marker_prefix.size());
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t') return std::nullopt;
  return trim(rest);
}

struct header_entry {
  std::string_view key, value;
};

std::optional<header_entry> split_header(std::string_view line) {
  line = rtrim(line);
  if (!line.starts_with("-- ")) return std::nullopt;
  auto body = line.substr(3);
  auto colon = body.find(':');
  if (colon == npos) return std::nullopt;
  return header_entry{trim(body.substr(0, colon)), trim(body.substr(colon + 1))};
}

bool is_header_key(std::string_view key) {
  return key == "parent" || key == "checksum" || key == "run-in-transaction";
}

// Where a section's SQL lies in the text: bytes [begin, end). The layout puts a blank line between
// sections, so a section's trailing blank lines are not part of its SQL; neither is the line
// break (LF or CRLF) that ends its last line.
struct sql_span {
  std::size_t begin = 0, end = 0;
};

struct native_layout {
  migration head;  // without SQL; with the state when it was decoded
  sql_span up, down;
  bool has_state = false;
};

// Reads a native file line by line, so that a file need not be in memory to be listed. The
// errors are those of a whole-text check, in the same order: sections (unknown, twice), the
// header, missing up/down sections, the state. Without `decode_state` the state's lines are only
// checked for their shape: decoding, parsing and checking it is most of the work of listing.
class native_parser {
 public:
  native_parser(std::string_view file, bool decode_state) : file_(file), decode_state_(decode_state) {
    parse_file_name();
  }

  // The next line (without its '\n'; a CRLF line keeps its '\r'), starting at byte `offset`
  // after any BOM.
  void line(std::string_view text, std::size_t offset) {
    ++lines_;
    if (lines_ == 1) {
      if (rtrim(text) != first_line) fail_first_line();
      return;
    }
    if (auto name = marker_name(text)) return open_section(*name);
    if (current_ == sections_.end()) return preamble_line(text);
    if (current_->first == "state") return state_line(text);
    section_line(spans_[current_->first], text, offset);
  }

  native_layout finish() {
    if (lines_ == 0) fail_first_line();
    if (preamble_error_) std::rethrow_exception(preamble_error_);
    native_layout out;
    out.up = required_span("up", "upgrade");
    out.down = required_span("down", "downgrade");
    if (auto state = sections_.find("state"); state != sections_.end()) {
      if (bad_state_line_)
        fail(*bad_state_line_,
             "the state line is not '-- <base64>'. Restore it from version control or regenerate the migration");
      out.has_state = true;
      if (decode_state_) m_.state = decoded_state(state->second + 1, encoded_state_);
    }
    out.head = std::move(m_);
    return out;
  }

 private:
  struct open_span {
    std::optional<std::size_t> begin, end;  // set by the first line, and by each non-blank line
  };

  [[noreturn]] void fail(std::size_t line, std::string_view what) const {
    throw configuration_error(fmt::format("{}:{}: {}.", file_, line, what));
  }

  [[noreturn]] void fail_first_line() const {
    fail(1, "the first line is not '-- testudo migration'. Restore it; testudo only reads files that start with it");
  }

  void parse_file_name() {
    auto name = parse_name(file_);
    if (!name.parsed)
      throw configuration_error(fmt::format("{}: the file name is not {}.<ext>: {}. Rename it (e.g. "
                                            "1_20261124190000_add_x.sql) or move it out of the migrations folder.",
                                            file_, name_shape, name.problem));
    m_.number = name.parsed->number;
    m_.timestamp = std::move(name.parsed->timestamp);
    m_.name = std::move(name.parsed->name);
  }

  void open_section(std::string_view name) {
    if (name != "up" && name != "down" && name != "state")
      fail(lines_, fmt::format("unknown section '-- +testudo {}'. Sections are up, down and state", name));
    auto [it, added] = sections_.emplace(std::string(name), lines_ - 1);
    if (!added)
      fail(lines_, fmt::format("second '-- +testudo {}' section (the first is at line {}). Merge them into one", name,
                               it->second + 1));
    current_ = it;
  }

  void section_line(open_span& span, std::string_view text, std::size_t offset) {
    if (!span.begin) span.begin = offset;
    if (!is_blank(text)) span.end = offset + text.size() - (text.ends_with('\r') ? 1 : 0);
  }

  sql_span required_span(const std::string& name, std::string_view what) {
    if (!sections_.contains(name))
      fail(lines_, fmt::format("the file has no '-- +testudo {}' section. Add that line above the {} SQL", name, what));
    const auto& span = spans_[name];
    return span.end ? sql_span{*span.begin, *span.end} : sql_span{};
  }

  // Lines between the first line and the first section: the header block (every line a known
  // "-- key: value", so a typo cannot pass unnoticed), then after a blank line free comments.
  // An error here is reported once the sections are known to be sound (see finish).
  void preamble_line(std::string_view text) {
    if (preamble_error_) return;
    try {
      check_preamble_line(text);
    } catch (const configuration_error&) {
      preamble_error_ = std::current_exception();
    }
  }

  void check_preamble_line(std::string_view text) {
    if (is_blank(text)) {
      in_header_ = false;
      return;
    }
    auto entry = split_header(text);
    if (entry && is_header_key(entry->key))
      apply_header(lines_, *entry);
    else if (in_header_ && entry)
      fail(lines_, fmt::format("unknown header '{}'. The header keys are parent, checksum and run-in-transaction",
                               entry->key));
    else if (in_header_)
      fail(lines_, "the header holds only '-- key: value' lines. End it with a blank line before other comments");
    else if (!rtrim(text).starts_with("--"))
      fail(lines_, "SQL outside a section. Put it under '-- +testudo up' or '-- +testudo down'");
  }

  void apply_header(std::size_t line, const header_entry& entry) {
    if (!seen_keys_.emplace(entry.key).second)
      fail(line, fmt::format("a second '{}' header line. Keep one", entry.key));
    if (entry.key == "parent")
      parse_parent(line, entry.value);
    else if (entry.key == "run-in-transaction")
      parse_transaction_mode(line, entry.value);
    else if (!is_checksum(entry.value))
      fail(line, fmt::format("the checksum '{}' is not sha256:<64 lowercase hex digits>. Correct it or delete the line",
                             entry.value));
  }

  void parse_parent(std::size_t line, std::string_view value) {
    if (value == "none") return;
    auto space = value.find_first_of(" \t");
    auto name = value.substr(0, space);
    auto checksum = space == npos ? std::string_view{} : trim(value.substr(space));
    if (!parse_name(name).parsed || (space != npos && !is_checksum(checksum)))
      fail(line, fmt::format("bad parent '{}'. Write '-- parent: {}.<ext> sha256:<64 hex digits>' "
                             "(the predecessor's file name and checksum) or '-- parent: none'",
                             value, name_shape));
    m_.parent = std::string(name);
    if (space != npos) m_.parent_checksum = std::string(checksum);
  }

  void parse_transaction_mode(std::size_t line, std::string_view value) {
    if (value != "true" && value != "false")
      fail(line, fmt::format("run-in-transaction is '{}'. Write true or false", value));
    m_.run_in_transaction = value == "true";
  }

  void state_line(std::string_view text) {
    auto line = rtrim(text);
    if (line.empty() || bad_state_line_) return;
    auto payload = line.starts_with("-- ") ? trim(line.substr(3)) : std::string_view{};
    if (payload.empty() || !all_of(payload, is_base64)) bad_state_line_ = lines_;
    else if (decode_state_) encoded_state_ += payload;
  }

  snapshot_json decoded_state(std::size_t line, std::string_view encoded) const {
    constexpr std::string_view fix = "Restore it from version control or regenerate the migration";
    if (encoded.empty()) fail(line, fmt::format("the state section is empty. {}", fix));
    auto compressed = base64_decode(encoded);
    if (!compressed) fail(line, fmt::format("the state is not valid base64 (truncated or misplaced '='). {}", fix));
    auto json = zlib_decompress(*compressed);
    if (!json) fail(line, fmt::format("the state does not decompress (corrupt zlib data). {}", fix));
    auto source = fmt::format("{}:{}: the state", file_, line);
    auto state = read_snapshot(*json, source);
    if (!state.is_object()) fail(line, fmt::format("the state is not a JSON object. {}", fix));
    check_snapshot(state, source);
    return state;
  }

  std::string_view file_;
  bool decode_state_;
  std::size_t lines_ = 0;  // lines seen so far
  std::map<std::string, std::size_t, std::less<>> sections_;  // name → index of its marker line
  std::map<std::string, std::size_t, std::less<>>::iterator current_ = sections_.end();
  std::map<std::string, open_span, std::less<>> spans_;
  bool in_header_ = true;
  std::exception_ptr preamble_error_;
  std::set<std::string, std::less<>> seen_keys_;
  std::string encoded_state_;
  std::optional<std::size_t> bad_state_line_;
  migration m_;
};

// Feeds `text` (a whole file, after any BOM) to `parser` line by line.
native_layout parse_lines(native_parser& parser, std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    auto nl = std::min(text.find('\n', at), text.size());
    parser.line(text.substr(at, nl - at), at);
    at = nl + 1;
  }
  return parser.finish();
}

std::string cut(std::string_view text, sql_span span) { return std::string(text.substr(span.begin, span.end - span.begin)); }

// ---------------------------------------------------------------------------------------------
// Native format: rendering

// A line that parse() would take for a marker cannot be kept verbatim: refuse it rather than
// write a file that reads back differently.
void check_section_sql(const migration& m, std::string_view section, std::string_view sql) {
  for (auto line : split_lines(sql)) {
    if (marker_name(line))
      throw configuration_error(fmt::format(
          "{}: the {} SQL has the line '{}', which would start a new section. Indent it or reword it.",
          m.file_name(), section, rtrim(line)));
  }
}

void check_renderable(const migration& m) {
  check_section_sql(m, "up", m.up_sql);
  check_section_sql(m, "down", m.down_sql);
  auto bad = [&](std::string_view what) {
    throw configuration_error(fmt::format("{}: cannot write the migration: {}.", m.file_name(), what));
  };
  if (m.parent && !parse_name(*m.parent).parsed) bad(fmt::format("the parent '{}' is not {}.<ext>", *m.parent, name_shape));
  if (m.parent_checksum && !m.parent) bad("it has a parent checksum but no parent");
  if (m.parent_checksum && !is_checksum(*m.parent_checksum))
    bad(fmt::format("the parent checksum '{}' is not sha256:<64 lowercase hex digits>", *m.parent_checksum));
  if (m.state && !m.state->is_object()) bad("the state is not a JSON object");
}

std::string parent_value(const migration& m) {
  if (!m.parent) return "none";
  return m.parent_checksum ? *m.parent + " " + *m.parent_checksum : *m.parent;
}

std::string section(std::string_view name, std::string_view body) {
  return fmt::format("{} {}\n{}", marker_prefix, name, body.empty() ? std::string{} : std::string(body) + "\n");
}

// ---------------------------------------------------------------------------------------------
// Reading files

// A migration file open for reading, line by line or by byte range, with the errors every
// reader gives; never all of it in memory unless asked (read_text).
class input_file {
 public:
  explicit input_file(std::string path) : path_(std::move(path)) {
    if (auto problem = detail::not_a_file(path_); !problem.empty())
      throw configuration_error(fmt::format("{}: the migration file {}. Restore the file it points to, or remove the "
                                            "link", path_, problem));
    file_.reset(std::fopen(path_.c_str(), "rb"));
    if (!file_) unreadable();
  }

  // The next line without its '\n', valid until the next call; nullopt at the end of the file.
  std::optional<std::string_view> line() {
    auto n = ::getline(&line_.data, &line_.capacity, file_.get());
    if (n < 0) {
      if (std::ferror(file_.get())) unreadable();
      return std::nullopt;
    }
    line_offset_ = next_offset_;
    next_offset_ += static_cast<std::size_t>(n);
    std::string_view text(line_.data, static_cast<std::size_t>(n));
    if (text.ends_with('\n')) text.remove_suffix(1);
    return text;
  }

  // Where the line line() returned last starts.
  std::size_t offset() const noexcept { return line_offset_; }

  std::size_t size() const {
    struct stat info {};
    if (::fstat(::fileno(file_.get()), &info) != 0) unreadable();
    return static_cast<std::size_t>(info.st_size);
  }

  // Bytes [begin, end) to `take`, in pieces of at most 64 KiB.
  template <class Take>
  void read_span(sql_span span, Take&& take) {
    if (span.begin == span.end) return;
    if (::fseeko(file_.get(), static_cast<off_t>(span.begin), SEEK_SET) != 0) unreadable();
    std::string piece(std::min<std::size_t>(span.end - span.begin, std::size_t{1} << 16), '\0');
    for (auto left = span.end - span.begin; left > 0;) {
      auto n = std::fread(piece.data(), 1, std::min(left, piece.size()), file_.get());
      if (n == 0 && std::ferror(file_.get())) unreadable();
      if (n == 0)
        throw configuration_error(fmt::format("{}: the file became shorter while it was read (edited meanwhile?). "
                                              "Run the command again", path_));
      take(std::string_view(piece.data(), n));
      left -= n;
    }
  }

 private:
  [[noreturn]] void unreadable() const {
    throw configuration_error(fmt::format("{}: cannot read the file. Check its permissions.", path_));
  }

  struct line_buffer {  // getline's, which grows it
    char* data = nullptr;
    std::size_t capacity = 0;
    ~line_buffer() { std::free(data); }
  };

  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, std::fclose};
  line_buffer line_;
  std::size_t line_offset_ = 0, next_offset_ = 0;
};

std::string read_text(const std::string& path) {
  input_file in(path);
  std::string text;
  text.reserve(in.size());
  in.read_span({0, in.size()}, [&](std::string_view piece) { text += piece; });
  return text;
}

// ---------------------------------------------------------------------------------------------
// Native format

class native_sql_format final : public migration_format {
 public:
  std::string_view extension() const override { return native_extension; }

  // "<digits>_…sql": such a file is meant as a migration, so a bad rest of its name is an
  // error (parse) rather than a silently skipped file; seed.sql or README.md are not ours.
  bool recognises(std::string_view file_name) const override {
    auto name = base_name(file_name);
    auto digits = name.find_first_not_of("0123456789");
    return name.ends_with(native_extension) && digits != 0 && digits != npos && name[digits] == '_';
  }

  migration parse(std::string_view text, std::string_view file_name) const override {
    native_parser parser(file_name, true);
    auto body = without_bom(text);
    auto layout = parse_lines(parser, body);
    layout.head.up_sql = cut(body, layout.up);
    layout.head.down_sql = cut(body, layout.down);
    return std::move(layout.head);
  }

  // Line by line, then the SQL sections by their byte ranges: a file is hashed as it is read,
  // and only the wanted SQL is kept.
  read_migration read(const std::string& path, wanted_sql wanted) const override {
    input_file in(path);
    native_parser parser(path, wanted.state);
    while (auto text = in.line()) {
      auto offset = in.offset();
      if (offset == 0 && text->starts_with(bom)) {
        text->remove_prefix(bom.size());
        offset = bom.size();
      }
      parser.line(*text, offset);
    }
    auto layout = parser.finish();
    read_migration out{std::move(layout.head), {}, layout.has_state};
    checksum_builder sum;
    auto section = [&](sql_span span, bool keep, std::string& sql) {
      if (keep) sql.reserve(span.end - span.begin);
      in.read_span(span, [&](std::string_view piece) {
        sum.feed(piece);
        if (keep) sql += piece;
      });
    };
    section(layout.up, wanted.up, out.file.up_sql);
    sum.start_down();
    section(layout.down, wanted.down, out.file.down_sql);
    out.checksum = sum.finish(out.file.run_in_transaction);
    return out;
  }

  std::string render(const migration& m) const override {
    check_renderable(m);
    std::string out = fmt::format("{}\n-- parent: {}\n-- checksum: {}\n-- run-in-transaction: {}\n\n", first_line,
                                  parent_value(m), m.checksum(), m.run_in_transaction);
    out += section("up", m.up_sql) + "\n" + section("down", m.down_sql);
    if (m.state) out += "\n" + section("state", encoded_state(*m.state));
    return out;
  }
};

// ---------------------------------------------------------------------------------------------
// Folders

// Every format testudo reads: the native one, then those registered (Aerich's .py).
std::vector<const migration_format*>& formats() {
  static std::vector<const migration_format*> known{&native_format()};
  return known;
}

const migration_format* format_for(std::string_view file_name) {
  for (const auto* format : formats())
    if (format->recognises(file_name)) return format;
  return nullptr;
}

const migration_format& format_of(const migration_head& m) { return m.format ? *m.format : native_format(); }

[[noreturn]] void folder_error(const std::string& dir, std::string_view what, const std::error_code& ec) {
  throw configuration_error(fmt::format("{}: {}: {}. Check the path and its permissions.", dir, what, ec.message()));
}

}  // namespace

std::string pack_state(std::string_view text) { return base64_encode(zlib_compress(text)); }

std::optional<std::string> unpack_state(std::string_view base64) {
  auto compressed = base64_decode(base64);
  return compressed ? zlib_decompress(*compressed) : std::nullopt;
}

std::string migration_head::file_name() const {
  return fmt::format("{}_{}_{}{}", number, timestamp, name, format_of(*this).extension());
}

void register_migration_format(const migration_format& format) {
  auto& known = formats();
  if (std::find(known.begin(), known.end(), &format) == known.end()) known.push_back(&format);
}

std::string migration::checksum() const {
  checksum_builder sum;
  sum.feed(up_sql);
  sum.start_down();
  sum.feed(down_sql);
  return sum.finish(run_in_transaction);
}

const migration_format& native_format() {
  static const native_sql_format format;
  return format;
}

std::optional<migration> parse_file_name(std::string_view file_name) { return parse_name(file_name).parsed; }

std::vector<listed_migration> list_migrations(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    if (ec) folder_error(dir, "cannot open the migrations folder", ec);
    return {};  // no migrations yet
  }
  if (!fs::is_directory(dir, ec))
    throw configuration_error(fmt::format("{} is a file, not a folder: the migrations of an app live in a folder of "
                                          "that name. Move the file away, or point --location elsewhere", dir));
  std::vector<std::pair<std::string, listed_migration>> found;  // file name → migration, to sort by name too
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    const auto* format = format_for(name);
    std::error_code kind_error;  // a broken link is left to the reader, which names it
    if (!format || it->is_directory(kind_error)) continue;
    listed_migration listed;
    listed.path = (fs::path(dir) / name).string();
    auto read = format->read(listed.path, {});
    static_cast<migration_head&>(listed) = std::move(read.file);
    listed.format = format;
    listed.checksum = std::move(read.checksum);
    listed.has_state = read.has_state;
    found.emplace_back(name, std::move(listed));
  }
  if (ec) folder_error(dir, "cannot list the migrations folder", ec);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.number, a.first) < std::tie(b.second.number, b.first);
  });
  std::vector<listed_migration> migrations;
  for (auto& entry : found) migrations.push_back(std::move(entry.second));
  return migrations;
}

migration load_migration(const listed_migration& listed, wanted_sql wanted) {
  auto read = format_of(listed).read(listed.path, wanted);
  if (read.checksum != listed.checksum)
    throw configuration_error(fmt::format("{}: the file was edited while testudo was running (checksum {} when it was "
                                          "read first, {} now), so none of it was run. Run the command again",
                                          listed.path, listed.checksum, read.checksum));
  read.file.format = listed.format;
  return std::move(read.file);
}

std::vector<migration> read_migrations(const std::string& dir) {
  std::vector<migration> migrations;
  for (const auto& listed : list_migrations(dir)) migrations.push_back(load_migration(listed, {true, true, true}));
  return migrations;
}

read_migration migration_format::read(const std::string& path, wanted_sql wanted) const {
  read_migration out{parse(read_text(path), path), {}};
  out.checksum = out.file.checksum();
  out.has_state = out.file.state.has_value();
  if (!wanted.up) std::string().swap(out.file.up_sql);
  if (!wanted.down) std::string().swap(out.file.down_sql);
  if (!wanted.state) out.file.state.reset();
  return out;
}

void write_migration(const std::string& dir, const migration& m) {
  auto name = m.file_name();
  if (!parse_file_name(name))
    throw configuration_error(fmt::format("cannot write migration '{}': its name is not {}{}: {}.", name, name_shape,
                                          format_of(m).extension(), parse_name(name).problem));
  auto text = format_of(m).render(m);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) folder_error(dir, "cannot create the migrations folder", ec);
  auto path = (fs::path(dir) / name).string();
  // "x" creates exclusively: an existing file (maybe edited, maybe applied) is never replaced,
  // even by a concurrent writer.
  std::FILE* file = std::fopen(path.c_str(), "wbx");
  if (!file && errno == EEXIST)
    throw configuration_error(fmt::format("{}: the file already exists and testudo never overwrites a migration. "
                                          "Delete it first or choose another name.", path));
  if (!file) folder_error(path, "cannot create the file", std::error_code(errno, std::generic_category()));
  bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  written = std::fclose(file) == 0 && written;
  if (!written) {
    fs::remove(path, ec);  // a half-written migration would be worse than none
    folder_error(path, "cannot write the file", std::error_code(EIO, std::generic_category()));
  }
}

}  // namespace testudo
