// The awaitable save, remove, raw, bulk and many-to-many calls: signals and validation here, the
// statements through PostgreSQL's pipeline or on a worker connection (the sync code of those
// without either runs there whole, on a worker).
#include "aio/connection.hpp"
#include "orm/steps.hpp"
#include "testudo/aio.hpp"

namespace testudo::aio::detail {
using namespace testudo::detail;

namespace {

net::awaitable<pq_result> pipelined(pq_route& route, database& db, const statement& st) {
  return detail::pipelined(route, db, st.sql, st.params);
}

// write_saved's statements through the pipeline, in the same steps.
net::awaitable<bool> write_saved(pq_route& route, const model_meta& meta, void* object, const save_options& options,
                                 bool inserting, database& db) {
  if (!inserting) {
    auto update = save_update_statement(meta, object, options, db);
    if ((co_await pipelined(route, db, update)).affected_rows() > 0) co_return false;
    insert_instead(meta, object, options);
  }
  // No connection to ask for the key afterwards: it comes back as a row (pq_route_for's condition).
  auto insert = plan_insert(meta, object, db, false);
  auto answer = co_await pipelined(route, db, insert.st);
  if (insert.returning) {
    auto rows = answer.rows();
    take_returned_key(meta, object, rows);
  }
  co_return true;
}

}  // namespace

net::awaitable<void> save_object(const model_meta& meta, void* object, save_options options, database& db) {
  bool inserting = before_save(meta, object, options);
  bool created = false;
  if (auto* route = pq_route_for(co_await net::this_coro::executor, db))
    created = co_await write_saved(*route, meta, object, options, inserting, db);
  else
    co_await on_connection(db, [&](connection& conn) { created = testudo::detail::write_saved(meta, object, options, inserting, db, conn); });
  emit(meta, signal::post_save, object, created);
}

net::awaitable<void> remove_object(const model_meta& meta, const void* object, database& db) {
  emit(meta, signal::pre_delete, object, false);
  if (auto* route = pq_route_for(co_await net::this_coro::executor, db))
    co_await pipelined(*route, db, delete_statement(meta, object, db));
  else
    co_await on_connection(db, [&](connection& conn) { delete_row(meta, object, db, conn); });
  emit(meta, signal::post_delete, object, false);
}

net::awaitable<void> raw_objects(const model_meta& meta, object_sink& sink, std::string sql, std::vector<value> params,
                                 database& db) {
  if (auto* route = pq_route_for(co_await net::this_coro::executor, db)) {
    auto answer = co_await detail::pipelined(*route, db, sql, params);  // the caller's own markers
    auto rows = answer.rows();
    read_raw_rows(meta, sink, rows);
  } else {
    co_await on_connection(db, [&](connection& conn) { read_raw(meta, sink, sql, params, db, conn); });
  }
}

net::awaitable<void> refresh_object(const model_meta& meta, void* object, database& db) {
  co_await on_thread_connection(db, [&] { testudo::detail::refresh_object(meta, object, db); });
}

net::awaitable<void> bulk_create_objects(const model_meta& meta, object_sink& objects, bulk_options options,
                                         database& db) {
  co_await on_thread_connection(db, [&] { testudo::detail::bulk_create_objects(meta, objects, options, db); });
}

net::awaitable<std::int64_t> bulk_update_objects(const model_meta& meta, object_sink& objects,
                                                 std::vector<std::string> fields, database& db) {
  std::int64_t matched = 0;
  co_await on_thread_connection(db, [&] { matched = testudo::detail::bulk_update_objects(meta, objects, fields, db); });
  co_return matched;
}

net::awaitable<void> m2m_change(m2m_core core, m2m_op op, std::vector<value> keys) {
  co_await on_thread_connection(core.db(), [&] {
    switch (op) {
      case m2m_op::add: return core.add(keys);
      case m2m_op::remove: return core.remove(keys);
      case m2m_op::clear: return core.clear();
    }
  });
}

}  // namespace testudo::aio::detail
