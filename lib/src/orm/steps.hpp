// Internal: the calls of objects.cpp that testudo::aio awaits, in steps, so that the awaitable form
// runs the statements on its worker connection and the signals and validation (user code) on the
// caller's thread, as the sync calls do around their lease.
#pragma once

#include "query/plan.hpp"
#include "testudo/orm/objects.hpp"

namespace testudo::detail {

void emit(const model_meta& meta, signal which, const void* object, bool flag);
// Defaults, timestamps, pre_save and validation; returns whether the object is to be inserted.
bool before_save(const model_meta& meta, void* object, const save_options& options);
// The INSERT, or the UPDATE (then the INSERT when it matched no row) on `conn`; returns whether a
// row was created (post_save's flag).
bool write_saved(const model_meta& meta, void* object, const save_options& options, bool inserting, database& db,
                 connection& conn);
// The same writes as statements, for a caller that runs them itself (testudo::aio through
// PostgreSQL's pipeline), each numbered for the dialect:
// the INSERT of `object`, and how its generated key comes back: as a row (RETURNING, then
// take_returned_key) or, when `key_from_connection` allows, from the connection (last_insert_id).
struct insert_statement {
  statement st;
  bool generated = false;  // the key is the database's to generate
  bool returning = false;
};
insert_statement plan_insert(const model_meta& meta, const void* object, database& db, bool key_from_connection);
void take_returned_key(const model_meta& meta, void* object, row_cursor& rows);
// save()'s UPDATE; when it matched no row, insert_instead readies the INSERT that follows (or
// throws does_not_exist for force_update).
statement save_update_statement(const model_meta& meta, const void* object, const save_options& options, database& db);
void insert_instead(const model_meta& meta, void* object, const save_options& options);
statement delete_statement(const model_meta& meta, const void* object, database& db);
// raw_objects' rows into `sink`, by column name.
void read_raw_rows(const model_meta& meta, object_sink& sink, row_cursor& rows);
// remove_object's DELETE, between pre_delete and post_delete.
void delete_row(const model_meta& meta, const void* object, database& db, connection& conn);
// raw_objects on `conn`.
void read_raw(const model_meta& meta, object_sink& sink, std::string_view sql, const std::vector<value>& params,
              database& db, connection& conn);

}  // namespace testudo::detail
