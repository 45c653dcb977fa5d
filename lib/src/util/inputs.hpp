// Small checks on what comes from outside: paths the user gave, text a server sent.
#pragma once

#include <string>
#include <string_view>

namespace testudo::detail {

// What stands at `path` when it cannot be read as a file although something is there: "is a
// directory, not a file", "is a symbolic link to 'x', which does not exist", "is not a regular
// file"; "" for a regular file (also through links) and for nothing at all, which callers
// report in their own words.
std::string not_a_file(const std::string& path);

// `text` with each byte that is not part of valid UTF-8 replaced by U+FFFD, so that it can be
// stored in a UTF-8 column (a server's message may quote the bytes of a statement verbatim).
std::string valid_utf8(std::string_view text);

// Appends code point `cp` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// Upper case, except inside '...' and "..." where case is data (ENUM('a','b'), quoted type names).
std::string upper_outside_quotes(std::string_view sql);

}  // namespace testudo::detail
