// Loads a snapshot of models from a models shared library (dlopen) or a describe JSON file.
#pragma once

#include <string_view>

#include "testudo/model/describe.hpp"

namespace testudo {

// The describe JSON of `app` from `path`: a shared library built with TESTUDO_EXPORT_MODELS(), a
// JSON file in that library's output shape, or a plain describe snapshot ({"app.Model": ...}).
// Throws configuration_error saying what is wrong and how to fix it.
snapshot_json load_models(std::string_view path, std::string_view app = "models");

}  // namespace testudo
