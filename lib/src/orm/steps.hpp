// Internal: the calls of objects.cpp that testudo::aio awaits, in steps, so that the awaitable form
// runs the statements on its worker connection and the signals and validation (user code) on the
// caller's thread, as the sync calls do around their lease.
#pragma once

#include "testudo/orm/objects.hpp"

namespace testudo::detail {

void emit(const model_meta& meta, signal which, const void* object, bool flag);
// Defaults, timestamps, pre_save and validation; returns whether the object is to be inserted.
bool before_save(const model_meta& meta, void* object, const save_options& options);
// The INSERT, or the UPDATE (then the INSERT when it matched no row) on `conn`; returns whether a
// row was created (post_save's flag).
bool write_saved(const model_meta& meta, void* object, const save_options& options, bool inserting, database& db,
                 connection& conn);
// remove_object's DELETE, between pre_delete and post_delete.
void delete_row(const model_meta& meta, const void* object, database& db, connection& conn);
// raw_objects on `conn`.
void read_raw(const model_meta& meta, object_sink& sink, std::string_view sql, const std::vector<value>& params,
              database& db, connection& conn);

}  // namespace testudo::detail
