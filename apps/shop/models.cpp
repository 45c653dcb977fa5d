// Builds libshop_models.so: the shop's models, exported for `testudo --models`.
#include "models.hpp"

#include <testudo/model/export.hpp>

TESTUDO_EXPORT_MODELS()
