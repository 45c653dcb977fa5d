// TESTUDO_EXPORT_MODELS(): the versioned C entry point through which a models library hands its
// describe JSON to the testudo CLI (dlopen). Put it in exactly one source file of the library.
#pragma once

#include "testudo/model/model.hpp"

// Version of the entry point's contract; the loader refuses any other.
#define TESTUDO_MODELS_ABI 1

namespace testudo::detail {
// {"abi": 1, "apps": {"<app>": {describe...}}} or {"abi": 1, "error": "..."}; never throws.
const char* export_models_json() noexcept;
}  // namespace testudo::detail

#define TESTUDO_EXPORT_MODELS()                                                                \
  extern "C" __attribute__((visibility("default"))) const char* testudo_describe_models_v1() { \
    return ::testudo::detail::export_models_json();                                            \
  }
