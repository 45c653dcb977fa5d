#include "util/casefold.hpp"
#include "util/inputs.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

namespace testudo::detail {
namespace {

bool folds_as_itself(unsigned char byte) { return byte < 0x80 && !(byte >= 'A' && byte <= 'Z'); }


char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool is_ascii(std::string_view text) {
  unsigned char any = 0;
  for (char c : text) any |= static_cast<unsigned char>(c);  // one branch for the whole text
  return any < 0x80;
}

// Whether `text` at `at`, lower-cased, starts with `folded` (the caller checked the length).
bool ascii_folded_at(std::string_view text, std::size_t at, std::string_view folded) {
  for (std::size_t i = 0; i < folded.size(); ++i)
    if (ascii_lower(text[at + i]) != folded[i]) return false;
  return true;
}

// The length of the UTF-8 sequence `byte` starts, or 0 for a byte that starts none.
std::size_t sequence_length(unsigned char byte) {
  return byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
}

}  // namespace

std::string_view casefold(std::string_view text, std::string& buffer) {
  auto first = std::find_if_not(text.begin(), text.end(), [](char c) { return folds_as_itself(static_cast<unsigned char>(c)); });
  if (first == text.end()) return text;
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  buffer.assign(text.begin(), first);
  for (auto i = static_cast<std::size_t>(first - text.begin()); i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {  // ASCII: no call into the locale
      buffer += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + ('a' - 'A') : byte);
      ++i;
      continue;
    }
    std::size_t n = sequence_length(byte);
    if (n < 2 || i + n > text.size() || !utf8) {  // not UTF-8: keep the byte as it is
      buffer += static_cast<char>(byte);
      ++i;
      continue;
    }
    char32_t cp = byte & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    append_utf8(buffer, static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), utf8)));
    i += n;
  }
  return buffer;
}

bool folded_match(std::string_view text, std::string_view folded, fold_match how, std::string& buffer) {
  if (!is_ascii(text)) {
    auto t = casefold(text, buffer);
    switch (how) {
      case fold_match::exact: return t == folded;
      case fold_match::contains: return t.find(folded) != std::string_view::npos;
      case fold_match::starts: return t.starts_with(folded);
      case fold_match::ends: return t.ends_with(folded);
    }
  }
  if (folded.size() > text.size()) return false;
  switch (how) {
    case fold_match::exact: return folded.size() == text.size() && ascii_folded_at(text, 0, folded);
    case fold_match::starts: return ascii_folded_at(text, 0, folded);
    case fold_match::ends: return ascii_folded_at(text, text.size() - folded.size(), folded);
    case fold_match::contains:
      for (std::size_t at = 0; at + folded.size() <= text.size(); ++at)
        if (ascii_folded_at(text, at, folded)) return true;
      return false;
  }
  return false;
}

}  // namespace testudo::detail
