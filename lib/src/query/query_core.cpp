// query_core: queryset building (copy-on-write specs) and the sync terminals, each its statement
// prepared (query/plan.hpp), a connection taken, the statement run and its rows finished.
#include <chrono>
#include <fmt/format.h>
#include <optional>

#include "orm/loop_connection.hpp"
#include "query/terminals.hpp"
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

// The sync run of a terminal: its statement prepared before the connection is taken and confirmed
// on it, then run there and finished.
template <class Prepare, class Finish>
decltype(auto) run_prepared(database& db, const terminal<Prepare, Finish>& t) {
  decimal_storage decimals(db);
  auto again = [&] { return t.prepare(db.sql_dialect(), decimals); };
  auto prepared = again();
  database::lease conn(db);
  confirm_on(*conn, decimals, prepared, again);
  return t.run(db, *conn, prepared);
}

}  // namespace

void prefetch_related(const query_spec& spec, database& db, object_sink& sink, store_impl& store) {
  std::vector<const void*> objects;
  for (std::size_t i = 0; i < sink.size(); ++i) objects.push_back(sink.at(i));
  for (const auto& path : spec.prefetch) {
    const model_meta* owner_meta = spec.meta;
    std::vector<const void*> owners = objects;
    for (const auto& part : split_path(path)) {
      auto level = prefetch_step(store, *owner_meta, path, part);
      auto keys = prefetch_keys(*level.l, owners);
      for (std::size_t start = 0; start < keys.to_load.size(); start += prefetch_chunk) {
        auto chunk = std::span<const value>(keys.to_load).subspan(start, std::min(prefetch_chunk, keys.to_load.size() - start));
        run_prepared(db, terminal{[&](const dialect& d, decimal_storage& decimals) {
                                    return prepare_prefetch(level.rel, d, decimals, chunk);
                                  },
                                  [&](row_cursor& rows, const prepared_select& p) { finish_prefetch(rows, *p.plan, *level.l); }});
      }
      owners = prefetch_reached(*level.l, keys.owner_ids);
      owner_meta = level.rel.to;
    }
  }
}

namespace {

// The objects of a spec into `sink`, with what select_related/prefetch_related fetch.
std::shared_ptr<const relation_store> fetch_objects(const query_spec& spec, database& database, object_sink& sink) {
  check_lock(spec, database);
  // Only queries with related objects need a store (not made for the plain get() and all()).
  auto store = spec.select_related.empty() && spec.prefetch.empty() ? nullptr : std::make_shared<store_impl>();
  run_prepared(database, objects_terminal(spec, sink, store.get()));
  if (!spec.prefetch.empty()) prefetch_related(spec, database, sink, *store);
  if (!store || store->empty()) return nullptr;
  return store;
}

// A loop over a queryset, read into the same objects chunk after chunk (chunk_window): where the
// dialect streams loops, from streamed windows `stream_batch` rows at a time until a statement needs
// the loop's connection (which cuts the stream), else (and after that) with a query per chunk.
class loop_stream final : public object_stream {
 public:
  // A locking loop reads in chunks: a window would lock all of its rows, also those never handed out.
  loop_stream(const query_spec& spec, database& db) : db_(db), window_(spec), chunk_(*spec.meta) {
    if (db.sql_dialect().streams_loops() && !spec.for_update) open_window();
  }
  const void* next() override {
    if (pos_ == chunk_.size() && (done_ || !refill())) {
      done_ = true;
      return nullptr;
    }
    return chunk_.at(pos_++);
  }

 private:
  // Opens the next stream window; streaming_ says whether one is open.
  void open_window() {
    auto w = window_.next_stream();
    streaming_ = w.has_value();
    if (!w) return;
    decimal_storage decimals(db_);
    auto again = [&] { return prepare_objects(w->spec, db_.sql_dialect(), decimals); };
    auto prepared = again();
    if (!db_.current() && !held_) held_.emplace(db_, [this] { rows_.reset(); });  // the body's statements take others
    if (auto* conn = stream_connection()) confirm_on(*conn, decimals, prepared, again);
    db_.notify(prepared.plan->sql);  // a hook may run statements (and take held_'s connection over)
    if (auto* conn = stream_connection()) rows_ = conn->resumable_stream(prepared.plan->sql, prepared.params);
    if (!rows_) {  // this connection cannot stream, or a statement of this thread took it: chunks
      held_.reset();
      streaming_ = false;
      return;
    }
    plan_ = std::move(prepared.plan);
    keep_ = w->keep;
    peek_ = w->peek;
    opened_ = std::chrono::steady_clock::now();
  }

  // atomic()'s connection, else the loop's own (nullptr once a statement of this thread took it).
  connection* stream_connection() const {
    if (auto* conn = db_.current()) return conn;
    return held_ ? held_->get() : nullptr;
  }

  bool refill() {
    chunk_.clear();
    pos_ = 0;
    if (streaming_ && std::chrono::steady_clock::now() - opened_ > stream_time) end_stream();  // a slow loop
    while (streaming_) {
      if (read_window()) return true;
      bool cut = !rows_ || rows_->cut();  // else the stream came to its end, and so did the loop
      end_stream();
      if (!cut) return false;
    }
    return next_chunk();
  }

  // The next batch of the open window (the next window once this one is read, when its extra row
  // says that one follows); false when none came.
  bool read_window() {
    if (rows_ && keep_ == 0 && peek_ && rows_->next()) {
      rows_.reset();
      open_window();
    }
    if (!rows_) return false;
    std::int64_t got = 0;
    for (; got < std::min(stream_batch, keep_) && rows_->next(); ++got) fill_object(chunk_.append(), *rows_, plan_->readers);
    if (got == 0) return false;
    keep_ -= got;
    window_.streamed(static_cast<std::size_t>(got), chunk_.at(chunk_.size() - 1), db_.sql_dialect().nulls_sort_first());
    return true;
  }

  // Chunks go on after the last object read (the rows left in the window are dropped).
  void end_stream() {
    rows_.reset();
    held_.reset();
    streaming_ = false;
  }

  bool next_chunk() {
    auto spec = window_.next();
    if (!spec) return false;
    fetch_objects(*spec, db_, chunk_);
    window_.read(chunk_.size(), chunk_.size() > 0 ? chunk_.at(chunk_.size() - 1) : nullptr, db_.sql_dialect().nulls_sort_first());
    return chunk_.size() > 0;
  }

  // Objects per batch of a stream, and how long a window may stay open: a loop whose body is slow
  // (or a very long one) gives way to chunks, so the server does not keep a statement running, its
  // snapshot and its locks, for as long as the body takes.
  static constexpr std::int64_t stream_batch = 100;
  static constexpr std::chrono::seconds stream_time{1};
  database& db_;
  chunk_window window_;
  chunk_sink chunk_;
  std::size_t pos_ = 0;
  std::optional<loop_connection> held_;  // the stream's connection outside atomic()
  std::unique_ptr<row_cursor> rows_;     // the stream (destroyed before held_ gives its connection back)
  std::shared_ptr<const select_plan> plan_;
  std::int64_t keep_ = 0;  // rows of the open window still to hand out
  bool peek_ = false;      // the window has one row more, which says whether another follows
  std::chrono::steady_clock::time_point opened_;  // of the window
  bool streaming_ = false, done_ = false;
};

}  // namespace

std::unique_ptr<object_stream> query_core::stream() const {
  if (!spec_->prefetch.empty() || !spec_->select_related.empty())
    throw unsupported_error("select_related/prefetch_related keep related objects in memory: use .all(), not iteration");
  auto& database = db();
  check_lock(*spec_, database);
  return std::make_unique<loop_stream>(*spec_, database);
}

std::shared_ptr<const relation_store> query_core::fetch(object_sink& sink) const {
  return fetch_objects(*spec_, db(), sink);
}

std::int64_t query_core::count() const {
  auto& database = db();
  return run_prepared(database, count_terminal(*spec_));
}

bool query_core::exists() const {
  auto& database = db();
  return run_prepared(database, exists_terminal(*spec_));
}

std::vector<std::vector<value>> query_core::values_list(const std::vector<std::string>& fields) const {
  auto& database = db();
  const auto& names = fields.empty() ? default_value_names(*spec_->meta) : fields;
  return run_prepared(database, values_terminal(*spec_, names));
}

void query_core::read_fields(const std::vector<std::string>& fields, void* scratch, void (*row_done)(void*), void* context) const {
  auto& database = db();
  auto readers = field_readers(*spec_->meta, fields);
  run_prepared(database, terminal{[&](const dialect& d, decimal_storage& decimals) {
                                    return prepare_values(*spec_, d, decimals, fields);
                                  },
                                  [&](row_cursor& rows, const prepared_select&) {
                                    finish_fields(rows, readers, scratch, row_done, context);
                                  }});
}

std::vector<value> query_core::values_flat(const std::string& field) const {
  auto& database = db();
  return run_prepared(database, flat_terminal(*spec_, field));
}

std::vector<record> query_core::values(const std::vector<std::string>& fields) const {
  auto names = std::make_shared<const std::vector<std::string>>(fields.empty() ? default_value_names(*spec_->meta) : fields);
  std::vector<record> out;
  for (auto& row : values_list(*names)) out.emplace_back(names, std::move(row));
  return out;
}

record query_core::aggregate(const std::vector<named_expr>& aggregates) const {
  auto& database = db();
  return run_prepared(database, aggregate_terminal(*spec_, aggregates));
}

std::int64_t query_core::update(const std::vector<named_expr>& assignments) const {
  auto& database = db(access::write);
  return run_prepared(database, update_terminal(*spec_, assignments));
}

std::int64_t query_core::remove() const {
  auto& database = db(access::write);
  return run_prepared(database, remove_terminal(*spec_));
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
  return run_prepared(database, explain_terminal(*spec_));
}

void throw_get_error(const model_meta& meta, std::size_t found, const query_core& core) {
  throw_get_error(meta, found, core.sql());
}

void throw_get_error(const model_meta& meta, std::size_t found, std::string_view sql) {
  if (found == 0) throw does_not_exist(fmt::format("{}: no object matches the query ({})", meta.full_name(), sql));
  throw multiple_objects_returned(fmt::format("{}: more than one object matches the query ({})", meta.full_name(), sql));
}

}  // namespace detail
}  // namespace testudo
