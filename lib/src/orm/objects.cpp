// Model objects in the database: save/create/remove/refresh, validation, bulk operations,
// relation helpers, many-to-many rows, signals and raw queries.
#include "testudo/orm/objects.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <fmt/format.h>
#include <mutex>
#include <set>
#include <unordered_map>

#include "model/validation.hpp"
#include "orm/steps.hpp"
#include "query/execute.hpp"
#include "testudo/dialect/dialect.hpp"

namespace testudo::detail {
namespace {

// ---- signals ----
struct signal_table {
  std::mutex mutex;
  std::unordered_map<const model_meta*, std::array<std::vector<signal_fn>, 4>> handlers;
};
signal_table& signals() {
  static signal_table table;
  return table;
}

}  // namespace

void emit(const model_meta& meta, signal which, const void* object, bool flag) {
  std::vector<signal_fn> handlers;
  {
    auto& table = signals();
    std::lock_guard lock(table.mutex);
    auto it = table.handlers.find(&meta);
    if (it == table.handlers.end()) return;
    handlers = it->second[static_cast<std::size_t>(which)];
  }
  for (const auto& fn : handlers) fn(const_cast<void*>(object), flag);
}

namespace {

// ---- helpers ----
bool is_unset(const value& key) {
  if (std::holds_alternative<null_t>(key)) return true;
  if (auto* n = std::get_if<std::int64_t>(&key)) return *n == 0;
  if (auto* s = std::get_if<std::string>(&key)) return s->empty();
  return false;
}

datetime now() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

// A new object's members still at their initial value take the declared default where the two
// differ (default_value(v)): in Tortoise the constructor fills defaults; here M{} fills the
// member initialisers and the insert the rest.
void fill_defaults(const model_meta& meta, void* object) {
  for (const auto& f : meta.fields)
    if (f.replaced_initial && f.access->get(object) == *f.replaced_initial)
      f.access->set(object, std::get<value>(*f.default_value));
}

void stamp(const model_meta& meta, void* object, bool inserting) {
  auto t = now();
  for (const auto& f : meta.fields) {
    if (f.kind != field_kind::datetime_field || !f.access) continue;
    if (f.auto_now) {
      f.access->set(object, t);
    } else if (f.auto_now_add && inserting) {
      auto current = f.access->get(object);  // an explicit creation time is kept
      if (std::holds_alternative<null_t>(current) || std::get<datetime>(current) == datetime{}) f.access->set(object, t);
    }
  }
}

}  // namespace

void connect_signal(const model_meta& meta, signal which, signal_fn fn) {
  auto& table = signals();
  std::lock_guard lock(table.mutex);
  table.handlers[&meta][static_cast<std::size_t>(which)].push_back(std::move(fn));
}

void validate_object(const model_meta& meta, const void* object) {
  for (const auto& f : meta.fields)
    if (f.access) validate_value(meta, f, f.access->get(object));
}

namespace {

std::vector<const field_meta*> stored_fields(const model_meta& meta, bool with_pk) {
  std::vector<const field_meta*> out;
  for (const auto& f : meta.fields)
    if (f.access && (with_pk || !f.primary_key)) out.push_back(&f);
  return out;
}

std::string column_list(const dialect& d, const std::vector<const field_meta*>& fields) {
  std::string out;
  for (const auto* f : fields) out += (out.empty() ? "" : ", ") + d.quote(f->column());
  return out;
}

std::string row_marks(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out + ")";
}

// The INSERT of one object, built once per model, dialect and form (the key generated or given,
// read back with RETURNING or not), numbered for the dialect.
const std::string& insert_sql(const model_meta& meta, const dialect& d, bool generate, bool returning) {
  using key = std::tuple<const model_meta*, backend, bool, bool>;
  static std::mutex mutex;
  static std::map<key, std::string> cache;
  std::lock_guard lock(mutex);
  auto [it, added] = cache.try_emplace(key{&meta, d.kind(), generate, returning});
  if (added) {
    auto fields = stored_fields(meta, !generate);
    statement st{fmt::format("INSERT INTO {} ({}) VALUES {}", d.quote(meta.table), column_list(d, fields), row_marks(fields.size())), {}};
    if (returning) st.sql += " RETURNING " + d.quote(meta.pk().column());
    it->second = numbered(std::move(st), d).sql;
  }
  return it->second;
}

void insert_object(const model_meta& meta, void* object, database& db, connection& conn) {
  auto insert = plan_insert(meta, object, db, true);
  if (insert.returning) {
    auto rows = run_numbered(db, conn, insert.st);
    take_returned_key(meta, object, *rows);
    return;
  }
  execute_numbered(db, conn, insert.st);
  if (insert.generated) meta.pk().access->set(object, conn.last_insert_id());
}

// Fields an UPDATE writes: update_fields (plus auto_now ones), else every stored field.
std::vector<const field_meta*> fields_to_update(const model_meta& meta, const std::vector<std::string>& names) {
  if (names.empty()) return stored_fields(meta, false);
  std::vector<const field_meta*> out;
  for (const auto& name : names) {
    const field_meta* f = meta.stored_field(name);
    if (!f || f->primary_key)
      throw field_error(fmt::format("update_fields: {} has no field '{}' that can be updated", meta.full_name(), name));
    out.push_back(f);
  }
  for (const auto& f : meta.fields)
    if (f.auto_now && std::find(out.begin(), out.end(), &f) == out.end()) out.push_back(&f);
  return out;
}

statement update_statement(const model_meta& meta, const void* object, const std::vector<const field_meta*>& fields,
                           database& db) {
  const auto& d = db.sql_dialect();
  std::string sets;
  statement st;
  for (const auto* f : fields) {
    sets += (sets.empty() ? "" : ", ") + d.quote(f->column()) + " = ?";
    st.params.push_back(f->access->get(object));
  }
  st.sql = fmt::format("UPDATE {} SET {} WHERE {} = ?", d.quote(meta.table), sets, d.quote(meta.pk().column()));
  st.params.push_back(meta.pk().access->get(object));
  return numbered(std::move(st), d);
}

std::int64_t update_row(const model_meta& meta, const void* object, const std::vector<const field_meta*>& fields, database& db,
                        connection& conn) {
  return execute_numbered(db, conn, update_statement(meta, object, fields, db));
}

}  // namespace

insert_statement plan_insert(const model_meta& meta, const void* object, database& db, bool key_from_connection) {
  const auto& d = db.sql_dialect();
  const auto& pk = meta.pk();
  insert_statement out;
  out.generated = pk.generated && is_unset(pk.access->get(object));
  out.returning = out.generated && db.insert_returning() && !(key_from_connection && d.last_insert_id_is_free());
  out.st.sql = insert_sql(meta, d, out.generated, out.returning);
  for (const auto& f : meta.fields)
    if (f.access && (!out.generated || !f.primary_key)) out.st.params.push_back(f.access->get(object));
  return out;
}

void take_returned_key(const model_meta& meta, void* object, row_cursor& rows) {
  if (rows.next()) meta.pk().access->set(object, rows.get_int64(0));
}

statement save_update_statement(const model_meta& meta, const void* object, const save_options& options, database& db) {
  return update_statement(meta, object, fields_to_update(meta, options.update_fields), db);
}

void insert_instead(const model_meta& meta, void* object, const save_options& options) {
  // The UPDATE matched no row (every backend counts rows matched): there is none with this key.
  const auto& pk = meta.pk();
  if (options.force_update)
    throw does_not_exist(fmt::format("{}: save(force_update) found no row with {} = {}", meta.full_name(), pk.name,
                                     to_display(pk.access->get(object))));
  stamp(meta, object, true);
}

statement delete_statement(const model_meta& meta, const void* object, database& db) {
  const auto& d = db.sql_dialect();
  return numbered({fmt::format("DELETE FROM {} WHERE {} = ?", d.quote(meta.table), d.quote(meta.pk().column())),
                   {meta.pk().access->get(object)}},
                  d);
}

void read_raw_rows(const model_meta& meta, object_sink& sink, row_cursor& rows) {
  std::vector<column_reader> readers;
  for (std::size_t c = 0; c < rows.column_count(); ++c) {
    auto name = rows.column_name(c);
    if (const auto* f = meta.stored_field(name))
      readers.push_back({f->access.get(), c, f->kind == field_kind::decimal_field ? f->decimal_places : -1});
  }
  while (rows.next()) fill_object(sink.append(), rows, readers);
}

bool before_save(const model_meta& meta, void* object, const save_options& options) {
  if (options.force_insert && options.force_update) throw params_error("save(): force_insert and force_update exclude each other");
  bool inserting = options.force_insert || (!options.force_update && is_unset(meta.pk().access->get(object)));
  if (inserting) fill_defaults(meta, object);
  stamp(meta, object, inserting);
  emit(meta, signal::pre_save, object, inserting);
  validate_object(meta, object);
  return inserting;
}

bool write_saved(const model_meta& meta, void* object, const save_options& options, bool inserting, database& db,
                 connection& conn) {
  if (inserting) {
    insert_object(meta, object, db, conn);
    return true;
  }
  if (execute_numbered(db, conn, save_update_statement(meta, object, options, db)) > 0) return false;
  insert_instead(meta, object, options);
  insert_object(meta, object, db, conn);
  return true;
}

void save_object(const model_meta& meta, void* object, const save_options& options, database& db) {
  bool inserting = before_save(meta, object, options);
  bool created = [&] {
    database::lease conn(db);
    return write_saved(meta, object, options, inserting, db, *conn);
  }();
  emit(meta, signal::post_save, object, created);
}

void delete_row(const model_meta& meta, const void* object, database& db, connection& conn) {
  execute_numbered(db, conn, delete_statement(meta, object, db));
}

void remove_object(const model_meta& meta, const void* object, database& db) {
  emit(meta, signal::pre_delete, object, false);
  {
    database::lease conn(db);
    delete_row(meta, object, db, *conn);
  }
  emit(meta, signal::post_delete, object, false);
}

namespace {
// A sink that writes the one row it gets into an existing object.
class into_object final : public object_sink {
 public:
  explicit into_object(void* object) : object_(object) {}
  void* append() override {
    if (++count_ > 1) throw multiple_objects_returned("refresh_from_db: more than one row has this primary key");
    return object_;
  }
  void* at(std::size_t) override { return object_; }
  std::size_t size() const noexcept override { return count_; }

 private:
  void* object_;
  std::size_t count_ = 0;
};
}  // namespace

void refresh_object(const model_meta& meta, void* object, database& db) {
  const auto& pk = meta.pk();
  auto key = pk.access->get(object);
  into_object sink(object);
  query_core(meta).using_db(db).filter(q(pk.name, key)).fetch(sink);
  if (sink.size() == 0)
    throw does_not_exist(fmt::format("{}: refresh_from_db found no row with {} = {}", meta.full_name(), pk.name, to_display(key)));
}

void set_fields(const model_meta& meta, void* object, const field_values& values) {
  for (const auto& [name, v] : values) {
    const field_meta* f = meta.stored_field(name);
    if (!f) throw field_error(fmt::format("{} has no field '{}' to set", meta.full_name(), name));
    store_value(meta, *f, object, v);
  }
}

q lookup_of(const model_meta&, const field_values& values) {
  q out;
  for (const auto& [name, v] : values) out = out & q(name, expr(v));
  return out;
}

void bulk_create_objects(const model_meta& meta, object_sink& objects, const bulk_options& options, database& db) {
  const std::size_t n = objects.size();
  if (n == 0) return;
  const auto& pk = meta.pk();
  std::size_t with_key = 0;
  for (std::size_t i = 0; i < n; ++i) {
    fill_defaults(meta, objects.at(i));
    stamp(meta, objects.at(i), true);
    validate_object(meta, objects.at(i));
    with_key += !is_unset(pk.access->get(objects.at(i)));
  }
  if (with_key != 0 && with_key != n)
    throw params_error(fmt::format("bulk_create: {} of {} {} objects have a primary key; give all or none of them one",
                                   with_key, n, meta.name));
  bool generate = with_key == 0 && pk.generated;
  const auto& d = db.sql_dialect();
  auto fields = stored_fields(meta, !generate);
  auto columns_of = [&](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto* f : fields_to_update(meta, names)) out.push_back(f->column());
    return out;
  };
  std::vector<std::string> conflict;
  for (const auto& name : options.on_conflict) {
    const auto* f = meta.field(name);
    if (!f) throw field_error(fmt::format("bulk_create on_conflict: {} has no field '{}'", meta.full_name(), name));
    conflict.push_back(f->column());
  }
  auto update_columns = options.update_fields.empty() ? std::vector<std::string>{} : columns_of(options.update_fields);
  auto suffix = d.on_conflict(options.ignore_conflicts, conflict, update_columns);
  bool plain = !options.ignore_conflicts && update_columns.empty();
  bool returning = generate && plain && db.insert_returning();
  // Every backend takes at least 32766 parameters per statement.
  std::size_t rows_per_batch = std::max<std::size_t>(1, 30000 / fields.size());
  if (options.batch_size) rows_per_batch = std::min(rows_per_batch, options.batch_size);
  atomic_scope scope(db);
  for (std::size_t start = 0; start < n; start += rows_per_batch) {
    std::size_t end = std::min(n, start + rows_per_batch);
    statement st;
    st.sql = fmt::format("{} INTO {} ({}) VALUES ", d.insert_keyword(options.ignore_conflicts), d.quote(meta.table), column_list(d, fields));
    for (std::size_t i = start; i < end; ++i) {
      st.sql += (i == start ? "" : ", ") + row_marks(fields.size());
      for (const auto* f : fields) st.params.push_back(f->access->get(objects.at(i)));
    }
    st.sql += suffix;
    if (returning) {
      st.sql += " RETURNING " + d.quote(pk.column());
      auto rows = run_query(db, scope.conn(), st);
      for (std::size_t i = start; i < end && rows->next(); ++i) pk.access->set(objects.at(i), rows->get_int64(0));
    } else {
      run_execute(db, scope.conn(), st);
      if (generate && plain) {  // MySQL: one multi-row INSERT gets consecutive keys from the first
        auto first = scope.conn().last_insert_id();
        for (std::size_t i = start; i < end; ++i) pk.access->set(objects.at(i), first + static_cast<std::int64_t>(i - start));
      }
    }
  }
  scope.commit();
}

std::int64_t bulk_update_objects(const model_meta& meta, object_sink& objects, const std::vector<std::string>& fields,
                                 database& db) {
  if (fields.empty()) throw params_error("bulk_update needs the fields to write");
  auto columns = fields_to_update(meta, fields);
  std::int64_t changed = 0;
  atomic_scope scope(db);
  auto t = now();
  for (std::size_t i = 0; i < objects.size(); ++i) {
    for (const auto* f : columns)
      if (f->auto_now) f->access->set(objects.at(i), t);
    validate_object(meta, objects.at(i));
    changed += update_row(meta, objects.at(i), columns, db, scope.conn());  // one prepared UPDATE, reused per row
  }
  scope.commit();
  return changed;
}

value field_value(const model_meta& meta, const void* object, std::string_view field) {
  const field_meta* f = meta.stored_field(field);
  if (!f) throw field_error(fmt::format("{} has no stored field '{}'", meta.full_name(), field));
  return f->access->get(object);
}

namespace {
relation relation_to(const model_meta& owner_meta, std::string_view name, const model_meta& target) {
  auto rel = find_relation(owner_meta, name);
  if (!rel) throw field_error(fmt::format("{} has no relation '{}'", owner_meta.full_name(), name));
  if (rel->to != &target)
    throw field_error(fmt::format("{}.{} holds {} objects, not {}", owner_meta.full_name(), name, rel->to->full_name(), target.full_name()));
  return *rel;
}
}  // namespace

q related_condition(const model_meta& owner_meta, const void* owner, std::string_view relation_name, const model_meta& target) {
  auto rel = relation_to(owner_meta, relation_name, target);
  switch (rel.type) {
    case relation::kind::forward: return q(target.pk().name, expr(rel.key->access->get(owner)));
    case relation::kind::reverse: return q(rel.key->name, expr(owner_meta.pk().access->get(owner)));
    case relation::kind::m2m: return q(rel.back_name, expr(owner_meta.pk().access->get(owner)));
  }
  return {};
}

m2m_core::m2m_core(const model_meta& owner_meta, const void* owner, std::string_view relation_name, const model_meta& target,
                   database& db)
    : owner_key_(owner_meta.pk().access->get(owner)), db_(&db) {
  auto rel = relation_to(owner_meta, relation_name, target);
  if (rel.type != relation::kind::m2m)
    throw field_error(fmt::format("{}.{} is not a many-to-many relation", owner_meta.full_name(), relation_name));
  if (is_unset(owner_key_))
    throw operational_error(fmt::format("{}.{}: save the {} before adding relations to it", owner_meta.full_name(), relation_name,
                                        owner_meta.name));
  through_ = rel.through, owner_column_ = rel.from_column, target_column_ = rel.to_column, back_name_ = rel.back_name;
}

void m2m_core::add(const std::vector<value>& keys) const {
  if (keys.empty()) return;
  const auto& d = db_->sql_dialect();
  atomic_scope scope(*db_);
  // Rows already there stay single: read them first (the through table need not be unique).
  statement existing{fmt::format("SELECT {} FROM {} WHERE {} = ?", d.quote(target_column_), d.quote(through_), d.quote(owner_column_)),
                     {owner_key_}};
  std::set<std::string> have;
  for (auto rows = run_query(*db_, scope.conn(), existing); rows->next();) have.insert(to_display(rows->get(0)));
  statement insert{fmt::format("INSERT INTO {} ({}, {}) VALUES ", d.quote(through_), d.quote(owner_column_), d.quote(target_column_)), {}};
  for (const auto& key : keys) {
    if (is_unset(key)) throw operational_error(fmt::format("{}: save the related objects before adding them", through_));
    if (!have.insert(to_display(key)).second) continue;
    insert.sql += (insert.params.empty() ? "" : ", ") + std::string("(?, ?)");
    insert.params.push_back(owner_key_);
    insert.params.push_back(key);
  }
  if (!insert.params.empty()) run_execute(*db_, scope.conn(), insert);
  scope.commit();
}

void m2m_core::remove(const std::vector<value>& keys) const {
  if (keys.empty()) return;
  const auto& d = db_->sql_dialect();
  statement st{fmt::format("DELETE FROM {} WHERE {} = ? AND {} IN ", d.quote(through_), d.quote(owner_column_), d.quote(target_column_)),
               {owner_key_}};
  st.sql += row_marks(keys.size());
  st.params.insert(st.params.end(), keys.begin(), keys.end());
  database::lease conn(*db_);
  run_execute(*db_, *conn, st);
}

void m2m_core::clear() const {
  const auto& d = db_->sql_dialect();
  statement st{fmt::format("DELETE FROM {} WHERE {} = ?", d.quote(through_), d.quote(owner_column_)), {owner_key_}};
  database::lease conn(*db_);
  run_execute(*db_, *conn, st);
}

q m2m_core::condition() const { return q(back_name_, expr(owner_key_)); }

void raw_objects(const model_meta& meta, object_sink& sink, std::string_view sql, const std::vector<value>& params, database& db) {
  database::lease conn(db);
  read_raw(meta, sink, sql, params, db, *conn);
}

void read_raw(const model_meta& meta, object_sink& sink, std::string_view sql, const std::vector<value>& params,
              database& db, connection& conn) {
  auto rows = run_numbered(db, conn, statement{std::string(sql), params});  // the caller's own markers
  read_raw_rows(meta, sink, *rows);
}

}  // namespace testudo::detail

namespace testudo {
void disconnect_all_signals() {
  auto& table = detail::signals();
  std::lock_guard lock(table.mutex);
  table.handlers.clear();
}
}  // namespace testudo
