// Internal: the checks a value must pass before it is written to a field, shared by every write
// path (save/create/bulk on objects, queryset update on literal values).
#pragma once

#include <string>

#include "testudo/model/model.hpp"

namespace testudo::detail {

// "Product.stock": how errors name a field.
std::string field_label(const model_meta& meta, const field_meta& f);

// Null on a non-null field, char lengths, enum members, decimal digits and the field's
// validators: validation_error naming the field and the rule.
void validate_value(const model_meta& meta, const field_meta& f, const value& v);

// A value as its field stores it: a double meant for a decimal field is rounded to the field's
// scale, half to even, as Tortoise quantizes (0.1 + 0.2 → "0.30"); anything else is unchanged.
value stored_form(const field_meta& f, const value& v);

// Stores stored_form(f, v) in the member of `f`: field_error naming the field when the value does not fit the
// member's type ("abc" for an integer, 2^40 for an int32_t).
void store_value(const model_meta& meta, const field_meta& f, void* object, const value& v);

// A value written to `f` without an object (queryset update): converted to the member's C++ type
// as save() would store it (field_error when it cannot be), then validated as save() validates it.
value checked_value(const model_meta& meta, const field_meta& f, const value& v);

}  // namespace testudo::detail
