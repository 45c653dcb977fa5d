// What every fuzz target shares: the input as text, and the rule that a testudo error (a clear
// message for bad input) is an acceptable outcome while anything else — a crash, a sanitizer
// report, another exception type, a hang — is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "testudo/errors.hpp"

namespace testudo::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `parse`; only testudo's own errors are caught, so libFuzzer reports any other exception.
template <class F>
void expect_clear_error(F&& parse) {
  try {
    parse();
  } catch (const base_orm_error&) {
  }
}

}  // namespace testudo::fuzz
