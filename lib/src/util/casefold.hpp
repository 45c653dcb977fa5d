// Unicode lower case for SQLite's case-insensitive lookups (SQLite's lower() and LIKE know only
// ASCII): the driver folds each scanned value, the dialect folds the user's operand once.
#pragma once

#include <string>
#include <string_view>

namespace testudo::detail {

// `text` lower-cased code point by code point (towlower in C.UTF-8); bytes that are not UTF-8
// are kept. Returns `text` itself when nothing in it changes (lower-case ASCII, the common case
// of a scan), else a view of `buffer`, which it overwrites.
std::string_view casefold(std::string_view text, std::string& buffer);

// Whether casefold(text) equals, contains, starts or ends with `folded` (already folded). ASCII
// text is compared as it is, folding byte by byte; other text is folded into `buffer` first.
enum class fold_match { exact, contains, starts, ends };
bool folded_match(std::string_view text, std::string_view folded, fold_match how, std::string& buffer);

}  // namespace testudo::detail
