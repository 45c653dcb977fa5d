// The consumer's one model, shared by the program and its models library (testudo_add_models).
#pragma once

#include <cstdint>
#include <string>
#include <testudo/orm.hpp>

struct Tag {
  std::int32_t id{};
  std::string name;
};
TESTUDO_MODEL(Tag, "tags", pk("id", &Tag::id), char_field("name", &Tag::name, 50).unique());
