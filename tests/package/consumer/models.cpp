// The models library: the model's declaration is all it needs (testudo_add_models adds the entry point).
#include "tag_model.hpp"
