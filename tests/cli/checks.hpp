// Assertions on a CLI run that print the whole run (exit code, stdout, stderr) when they fail.
#pragma once

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "cli/process.hpp"

namespace testudo::test {

inline bool has(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

inline std::string show(const cli_result& r) {
  return fmt::format("exit code {} (signal {}{})\n--- stdout ---\n{}--- stderr ---\n{}", r.exit_code, r.signal,
                     r.timed_out ? ", timed out" : "", r.out, r.err);
}

// Occurrences of `needle` in `text`.
inline std::size_t occurrences(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace testudo::test

#define CHECK_EXIT(r, code) CHECK_MESSAGE((r).exit_code == (code), ::testudo::test::show(r))
#define REQUIRE_EXIT(r, code) REQUIRE_MESSAGE((r).exit_code == (code), ::testudo::test::show(r))
#define CHECK_OUT(r, text) CHECK_MESSAGE(::testudo::test::has((r).out, text), "expected on stdout: " << (text) << "\n" << ::testudo::test::show(r))
#define CHECK_ERR(r, text) CHECK_MESSAGE(::testudo::test::has((r).err, text), "expected on stderr: " << (text) << "\n" << ::testudo::test::show(r))
#define CHECK_NOT_ERR(r, text) CHECK_MESSAGE(!::testudo::test::has((r).err, text), "not expected on stderr: " << (text) << "\n" << ::testudo::test::show(r))
