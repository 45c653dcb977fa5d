// The awaitable save, remove and raw: signals and validation here, the statements on a worker connection.
#include "aio/connection.hpp"
#include "orm/steps.hpp"
#include "testudo/aio.hpp"

namespace testudo::aio::detail {
using namespace testudo::detail;

net::awaitable<void> save_object(const model_meta& meta, void* object, save_options options, database& db) {
  bool inserting = before_save(meta, object, options);
  bool created = false;
  co_await on_connection(db, [&](connection& conn) { created = write_saved(meta, object, options, inserting, db, conn); });
  emit(meta, signal::post_save, object, created);
}

net::awaitable<void> remove_object(const model_meta& meta, const void* object, database& db) {
  emit(meta, signal::pre_delete, object, false);
  co_await on_connection(db, [&](connection& conn) { delete_row(meta, object, db, conn); });
  emit(meta, signal::post_delete, object, false);
}

net::awaitable<void> raw_objects(const model_meta& meta, object_sink& sink, std::string sql, std::vector<value> params,
                                 database& db) {
  co_await on_connection(db, [&](connection& conn) { read_raw(meta, sink, sql, params, db, conn); });
}

}  // namespace testudo::aio::detail
