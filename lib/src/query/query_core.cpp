// query_core: queryset building (copy-on-write specs) and the sync terminals, each its statement
// prepared (query/plan.hpp), a connection taken, the statement run and its rows finished.
#include <fmt/format.h>
#include <optional>

#include "orm/decimal_storage.hpp"
#include "query/execute.hpp"
#include "query/plan.hpp"
#include "testudo/errors.hpp"
#include "testudo/orm/database.hpp"

namespace testudo {

const value& record::operator[](std::string_view name) const {
  for (std::size_t i = 0; i < names_->size(); ++i)
    if ((*names_)[i] == name) return values_[i];
  std::string known;
  for (const auto& n : *names_) known += (known.empty() ? "" : ", ") + n;
  throw field_error(fmt::format("this row has no value '{}'; it has: {}", name, known));
}

namespace detail {

query_core::query_core(const model_meta& meta) {
  auto spec = std::make_shared<query_spec>();
  spec->meta = &meta;
  spec_ = std::move(spec);
}

const model_meta& query_core::meta() const noexcept { return *spec_->meta; }

query_spec& query_core::edit(query_core& copy) const {
  auto spec = std::make_shared<query_spec>(*spec_);
  auto& ref = *spec;
  copy.spec_ = std::move(spec);
  return ref;
}

#define TESTUDO_EDIT(body) \
  query_core copy(*this);  \
  auto& s = edit(copy);    \
  body;                    \
  return copy

query_core query_core::filter(const q& condition) const {
  if (condition.empty()) return *this;
  TESTUDO_EDIT(s.where.push_back(condition.node()));
}
query_core query_core::exclude(const q& condition) const {
  if (condition.empty()) return *this;
  TESTUDO_EDIT(s.where.push_back((~condition).node()));
}
query_core query_core::order_by(std::vector<std::string> fields) const { TESTUDO_EDIT(s.order = std::move(fields)); }
query_core query_core::limit(std::int64_t n) const {
  if (n < 0) throw params_error(fmt::format("limit({}): a limit cannot be negative", n));
  TESTUDO_EDIT(s.limit = n);
}
query_core query_core::offset(std::int64_t n) const {
  if (n < 0) throw params_error(fmt::format("offset({}): an offset cannot be negative", n));
  TESTUDO_EDIT(s.offset = n);
}
query_core query_core::for_get(const q& condition) const {
  TESTUDO_EDIT(if (!condition.empty()) s.where.push_back(condition.node()); s.limit = 2);
}
query_core query_core::distinct() const { TESTUDO_EDIT(s.distinct = true); }
query_core query_core::only(std::vector<std::string> fields) const { TESTUDO_EDIT(s.only = std::move(fields)); }
query_core query_core::select_related(std::vector<std::string> relations) const {
  TESTUDO_EDIT(s.select_related.insert(s.select_related.end(), relations.begin(), relations.end()));
}
query_core query_core::prefetch_related(std::vector<std::string> relations) const {
  TESTUDO_EDIT(s.prefetch.insert(s.prefetch.end(), relations.begin(), relations.end()));
}
query_core query_core::annotate(std::vector<named_expr> annotations) const {
  for (const auto& a : annotations)
    if (spec_->meta->field(a.name))
      throw field_error(fmt::format("annotate(): '{}' is already a field of {}; pick another name", a.name, spec_->meta->full_name()));
  TESTUDO_EDIT(s.annotations.insert(s.annotations.end(), annotations.begin(), annotations.end()));
}
query_core query_core::group_by(std::vector<std::string> fields) const { TESTUDO_EDIT(s.group_by = std::move(fields)); }
query_core query_core::select_for_update(bool nowait, bool skip_locked) const {
  TESTUDO_EDIT(s.for_update = true; s.nowait = nowait; s.skip_locked = skip_locked);
}
query_core query_core::using_db(database& db) const { TESTUDO_EDIT(s.db = &db); }
query_core query_core::ordered_by_default() const {
  if (ordered()) return *this;
  TESTUDO_EDIT(s.order = {s.meta->pk().name});
}
#undef TESTUDO_EDIT

bool query_core::ordered() const noexcept { return !spec_->order.empty() || !spec_->meta->ordering.empty(); }
database& query_core::db() const { return db(access::read); }
database& query_core::db(access a) const {
  if (spec_->db) return *spec_->db;
  return route(*spec_->meta, spec_->for_update ? access::write : a);  // a locking read is for a write
}

namespace {

// A statement made by `again()` (pure), with the decimal storage it assumed confirmed on `conn`,
// the connection it is about to run on: made again after a schema change.
template <class Prepared, class Again>
void confirm_on(connection& conn, decimal_storage& decimals, Prepared& prepared, const Again& again) {
  while (decimals.needs_confirm() && !decimals.confirm(conn)) prepared = again();
}

// The sync run of a terminal: its statement prepared before the connection is taken and confirmed
// on it, then `run(conn, prepared)`.
template <class Prepare, class Run>
decltype(auto) run_prepared(database& db, const Prepare& prepare, const Run& run) {
  decimal_storage decimals(db);
  auto again = [&] { return prepare(db.sql_dialect(), decimals); };
  auto prepared = again();
  database::lease conn(db);
  confirm_on(*conn, decimals, prepared, again);
  return run(*conn, prepared);
}

std::unique_ptr<row_cursor> rows_of(database& db, connection& conn, const prepared_select& p) {
  return run_numbered(db, conn, p.plan->sql, p.params);
}

void prefetch(database& db, store_impl& store, const model_meta& meta, const std::vector<const void*>& objects,
              const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    const model_meta* owner_meta = &meta;
    std::vector<const void*> owners = objects;
    for (const auto& part : split_path(path)) {
      auto level = prefetch_step(store, *owner_meta, path, part);
      auto keys = prefetch_keys(*level.l, owners);
      for (std::size_t start = 0; start < keys.to_load.size(); start += prefetch_chunk) {
        auto chunk = std::span<const value>(keys.to_load).subspan(start, std::min(prefetch_chunk, keys.to_load.size() - start));
        run_prepared(
            db, [&](const dialect& d, decimal_storage& decimals) { return prepare_prefetch(level.rel, d, decimals, chunk); },
            [&](connection& conn, const prepared_select& p) { finish_prefetch(*rows_of(db, conn, p), *p.plan, *level.l); });
      }
      owners = prefetch_reached(*level.l, keys.owner_ids);
      owner_meta = level.rel.to;
    }
  }
}

// The objects of a spec into `sink`, with what select_related/prefetch_related fetch.
std::shared_ptr<const relation_store> fetch_objects(const query_spec& spec, database& database, object_sink& sink) {
  check_lock(spec, database);
  // Only queries with related objects need a store (not made for the plain get() and all()).
  auto store = spec.select_related.empty() && spec.prefetch.empty() ? nullptr : std::make_shared<store_impl>();
  run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_objects(spec, d, decimals); },
      [&](connection& conn, const prepared_select& p) { finish_objects(*rows_of(database, conn, p), *p.plan, sink, store.get()); });
  if (!spec.prefetch.empty()) {
    std::vector<const void*> objects;
    for (std::size_t i = 0; i < sink.size(); ++i) objects.push_back(sink.at(i));
    prefetch(database, *store, *spec.meta, objects, spec.prefetch);
  }
  if (!store || store->empty()) return nullptr;
  return store;
}

// A loop over a queryset: one chunk at a time (chunk_window), each read into the same objects.
class chunked_stream final : public object_stream {
 public:
  chunked_stream(const query_spec& spec, database& db) : db_(db), window_(spec), chunk_(*spec.meta) {}
  const void* next() override {
    if (pos_ == chunk_.size()) {
      auto spec = window_.next(chunk_.size() > 0 ? chunk_.at(chunk_.size() - 1) : nullptr, db_.sql_dialect().nulls_sort_first());
      if (!spec) return nullptr;
      chunk_.clear();
      pos_ = 0;
      fetch_objects(*spec, db_, chunk_);
      window_.read(chunk_.size());
      if (chunk_.size() == 0) return nullptr;
    }
    return chunk_.at(pos_++);
  }

 private:
  database& db_;
  chunk_window window_;
  chunk_sink chunk_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<object_stream> query_core::stream() const {
  if (!spec_->prefetch.empty() || !spec_->select_related.empty())
    throw unsupported_error("select_related/prefetch_related keep related objects in memory: use .all(), not iteration");
  auto& database = db();
  check_lock(*spec_, database);
  return std::make_unique<chunked_stream>(*spec_, database);
}

std::shared_ptr<const relation_store> query_core::fetch(object_sink& sink) const {
  return fetch_objects(*spec_, db(), sink);
}

std::int64_t query_core::count() const {
  auto& database = db();
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_count(*spec_, d, decimals); },
      [&](connection& conn, const statement& st) { return finish_count(*run_numbered(database, conn, st)); });
}

bool query_core::exists() const {
  auto& database = db();
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_exists(*spec_, d, decimals); },
      [&](connection& conn, const statement& st) { return finish_exists(*run_numbered(database, conn, st)); });
}

std::vector<std::vector<value>> query_core::values_list(const std::vector<std::string>& fields) const {
  auto& database = db();
  const auto& names = fields.empty() ? default_value_names(*spec_->meta) : fields;
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_values(*spec_, d, decimals, names); },
      [&](connection& conn, const prepared_select& p) { return finish_values(*rows_of(database, conn, p), *p.plan); });
}

void query_core::read_fields(const std::vector<std::string>& fields, void* scratch, void (*row_done)(void*), void* context) const {
  auto& database = db();
  auto readers = field_readers(*spec_->meta, fields);
  run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_values(*spec_, d, decimals, fields); },
      [&](connection& conn, const prepared_select& p) {
        finish_fields(*rows_of(database, conn, p), readers, scratch, row_done, context);
      });
}

std::vector<value> query_core::values_flat(const std::string& field) const {
  auto& database = db();
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_values(*spec_, d, decimals, {field}); },
      [&](connection& conn, const prepared_select& p) { return finish_flat(*rows_of(database, conn, p), *p.plan); });
}

std::vector<record> query_core::values(const std::vector<std::string>& fields) const {
  auto names = std::make_shared<const std::vector<std::string>>(fields.empty() ? default_value_names(*spec_->meta) : fields);
  std::vector<record> out;
  for (auto& row : values_list(*names)) out.emplace_back(names, std::move(row));
  return out;
}

record query_core::aggregate(const std::vector<named_expr>& aggregates) const {
  auto& database = db();
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_aggregate(*spec_, d, decimals, aggregates); },
      [&](connection& conn, const prepared_select& p) {
        return finish_aggregate(*rows_of(database, conn, p), *p.plan, aggregates);
      });
}

std::int64_t query_core::update(const std::vector<named_expr>& assignments) const {
  auto& database = db(access::write);
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_update(*spec_, d, decimals, assignments); },
      [&](connection& conn, const statement& st) { return execute_numbered(database, conn, st); });
}

std::int64_t query_core::remove() const {
  auto& database = db(access::write);
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_remove(*spec_, d, decimals); },
      [&](connection& conn, const statement& st) { return execute_numbered(database, conn, st); });
}

std::string query_core::sql() const {
  auto& database = db();
  decimal_storage decimals(database);
  auto again = [&] { return prepare_sql(*spec_, database.sql_dialect(), decimals); };
  auto sql = again();
  if (decimals.needs_confirm()) {
    database::lease conn(database);
    confirm_on(*conn, decimals, sql, again);
  }
  return sql;
}

std::string query_core::explain() const {
  auto& database = db();
  return run_prepared(
      database, [&](const dialect& d, decimal_storage& decimals) { return prepare_explain(*spec_, d, decimals); },
      [&](connection& conn, const statement& st) { return finish_explain(*run_numbered(database, conn, st)); });
}

void throw_get_error(const model_meta& meta, std::size_t found, const query_core& core) {
  if (found == 0) throw does_not_exist(fmt::format("{}: no object matches the query ({})", meta.full_name(), core.sql()));
  throw multiple_objects_returned(fmt::format("{}: more than one object matches the query ({})", meta.full_name(), core.sql()));
}

}  // namespace detail
}  // namespace testudo
