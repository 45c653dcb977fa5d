// Model objects in the database: create, save, remove, get..., bulk operations, relations,
// validation and signals. Plain structs in, plain structs out.
//
//   User u; u.email = "alice@example.com"; u.username = "alice";
//   testudo::create(u);                                 // u.id, created_at, updated_at set
//   auto [tag, created] = testudo::get_or_create<Tag>(q("name", "python"));
//   auto orders = testudo::related<Order>(u, "orders").filter(q("status", "pending")).all();
//   testudo::m2m<Tag>(product, "tags").add({tag});
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "testudo/orm/database.hpp"
#include "testudo/query/queryset.hpp"

namespace testudo {

// Field values by name, for create()/get_or_create() defaults: {{"email", "a@b.c"}, {"age", 3}}.
using field_values = std::vector<std::pair<std::string, value>>;

struct save_options {
  std::vector<std::string> update_fields{};  // UPDATE only these (auto_now fields are added)
  bool force_insert = false;
  bool force_update = false;  // does_not_exist when no row has the primary key
};

struct bulk_options {
  std::size_t batch_size = 0;              // rows per INSERT; 0: as many as the database allows
  bool ignore_conflicts = false;           // rows that violate a unique key are skipped
  std::vector<std::string> update_fields{};  // on a unique conflict (on on_conflict's fields), update these
  std::vector<std::string> on_conflict{};
};

namespace detail {
// The database a call on M uses when it names none (see route()).
template <class M>
database& reads() {
  return route(meta_of<M>(), access::read);
}
template <class M>
database& writes() {
  return route(meta_of<M>(), access::write);
}

enum class signal { pre_save, post_save, pre_delete, post_delete };
using signal_fn = std::function<void(void* object, bool flag)>;
void connect_signal(const model_meta& meta, signal which, signal_fn fn);

void validate_object(const model_meta& meta, const void* object);
// Insert when the object is new (key unset, or force_insert), else update (inserting when no row
// has the key, unless force_update).
void save_object(const model_meta& meta, void* object, const save_options& options, database& db);
void remove_object(const model_meta& meta, const void* object, database& db);
void refresh_object(const model_meta& meta, void* object, database& db);
// Stores values by field name (field_error naming a field that is unknown or a value that does not fit).
void set_fields(const model_meta& meta, void* object, const field_values& values);
q lookup_of(const model_meta& meta, const field_values& values);
void bulk_create_objects(const model_meta& meta, object_sink& objects, const bulk_options& options, database& db);
std::int64_t bulk_update_objects(const model_meta& meta, object_sink& objects, const std::vector<std::string>& fields,
                                 database& db);
value field_value(const model_meta& meta, const void* object, std::string_view field);
// The condition selecting what `relation` of `owner` points at, as seen from `target`.
q related_condition(const model_meta& owner_meta, const void* owner, std::string_view relation, const model_meta& target);

// Many-to-many rows in the through table.
class m2m_core {
 public:
  m2m_core(const model_meta& owner_meta, const void* owner, std::string_view relation, const model_meta& target, database& db);
  void add(const std::vector<value>& keys) const;
  void remove(const std::vector<value>& keys) const;
  void clear() const;
  q condition() const;
  database& db() const noexcept { return *db_; }

 private:
  std::string through_, owner_column_, target_column_, back_name_;
  value owner_key_;
  database* db_;
};
}  // namespace detail

template <class M>
queryset<M> objects() {
  return queryset<M>();
}
template <class M>
queryset<M> objects(database& db) {
  return queryset<M>().using_db(db);
}

// Checks every field's rules (max_length, validators, enum members, null): validation_error
// naming the field and the rule. save()/create() call it.
template <class M>
void validate(const M& obj) {
  detail::validate_object(detail::meta_of<M>(), &obj);
}

template <class M>
void save(M& obj, const save_options& options = {}, database& db = detail::writes<M>()) {
  detail::save_object(detail::meta_of<M>(), &obj, options, db);
}
template <class M>
M& create(M& obj, database& db = detail::writes<M>()) {
  detail::save_object(detail::meta_of<M>(), &obj, save_options{.force_insert = true}, db);
  return obj;
}
template <class M>
M create(M&& obj, database& db = detail::writes<M>()) {
  create(obj, db);
  return std::move(obj);
}
// A new object from field values (the model's defaults for the rest), inserted.
template <class M>
M create(const field_values& values, database& db = detail::writes<M>()) {
  M obj{};
  detail::set_fields(detail::meta_of<M>(), &obj, values);
  return create(std::move(obj), db);
}
template <class M>
void remove(const M& obj, database& db = detail::writes<M>()) {
  detail::remove_object(detail::meta_of<M>(), &obj, db);
}
template <class M>
void refresh_from_db(M& obj, database& db = detail::reads<M>()) {
  detail::refresh_object(detail::meta_of<M>(), &obj, db);
}

template <class M>
M get(const q& condition, database& db = detail::reads<M>()) {
  return objects<M>(db).get(condition);
}
template <class M>
std::optional<M> get_or_none(const q& condition, database& db = detail::reads<M>()) {
  return objects<M>(db).get_or_none(condition);
}
// The object matching `lookup`, or a new one made of lookup's equalities plus `defaults`;
// .second is true when it was created. Safe against a concurrent insert of the same key.
template <class M>
std::pair<M, bool> get_or_create(const field_values& lookup, const field_values& defaults = {},
                                 database& db = detail::writes<M>()) {
  const auto& meta = detail::meta_of<M>();
  auto condition = detail::lookup_of(meta, lookup);
  if (auto found = objects<M>(db).get_or_none(condition)) return {std::move(*found), false};
  try {
    return atomic(db, [&] {
      M obj{};
      detail::set_fields(meta, &obj, defaults);
      detail::set_fields(meta, &obj, lookup);
      create(obj, db);
      return std::pair<M, bool>{std::move(obj), true};
    });
  } catch (const integrity_error&) {  // someone else created it in between
    if (auto found = objects<M>(db).get_or_none(condition)) return {std::move(*found), false};
    throw;
  }
}
// Updates the object matching `lookup` with `defaults`, or creates it.
template <class M>
std::pair<M, bool> update_or_create(const field_values& lookup, const field_values& defaults = {},
                                    database& db = detail::writes<M>()) {
  const auto& meta = detail::meta_of<M>();
  return atomic(db, [&] {
    auto condition = detail::lookup_of(meta, lookup);
    if (auto found = objects<M>(db).filter(condition).select_for_update().get_or_none()) {
      detail::set_fields(meta, &*found, defaults);
      save(*found, {}, db);
      return std::pair<M, bool>{std::move(*found), false};
    }
    M obj{};
    detail::set_fields(meta, &obj, defaults);
    detail::set_fields(meta, &obj, lookup);
    create(obj, db);
    return std::pair<M, bool>{std::move(obj), true};
  });
}

// Inserts every object in batches; generated keys are written back where the database returns
// them (PostgreSQL, SQLite, MariaDB; not with ignore_conflicts).
template <class M>
void bulk_create(std::vector<M>& objs, const bulk_options& options = {}, database& db = detail::writes<M>()) {
  detail::vector_sink<M> sink(objs);
  detail::bulk_create_objects(detail::meta_of<M>(), sink, options, db);
}
// Writes `fields` of every object in one transaction (one prepared UPDATE, reused per row);
// returns the rows matched (objects whose row exists, changed or not).
template <class M>
std::int64_t bulk_update(std::vector<M>& objs, const std::vector<std::string>& fields, database& db = detail::writes<M>()) {
  detail::vector_sink<M> sink(objs);
  return detail::bulk_update_objects(detail::meta_of<M>(), sink, fields, db);
}
// The objects whose `field` (the primary key by default) is one of `keys`, by key.
template <class M, class K>
std::map<K, M> in_bulk(const std::vector<K>& keys, const std::string& field = "", database& db = detail::reads<M>()) {
  const auto& meta = detail::meta_of<M>();
  const std::string& name = field.empty() ? meta.pk().name : field;
  std::vector<value> wanted;
  for (const auto& k : keys) wanted.push_back(value_traits<K>::to_value(k));
  std::map<K, M> out;
  for (auto& obj : objects<M>(db).filter(q(name + "__in", wanted)).all())
    out.emplace(value_traits<K>::from_value(detail::field_value(meta, &obj, name)), obj);
  return out;
}

// The object a foreign key or one-to-one points at, loaded now (does_not_exist when the key is
// null or dangling): fetch_related<User>(order, "customer").
template <class R, class O>
R fetch_related(const O& owner, std::string_view relation, database& db = detail::reads<R>()) {
  return objects<R>(db).get(detail::related_condition(detail::meta_of<O>(), &owner, relation, detail::meta_of<R>()));
}
// The objects a reverse foreign key or a many-to-many relation holds, as a queryset:
// related<Order>(user, "orders").filter(q("status", "pending")).
// Without a database its calls are routed like objects<R>()'s: update() and remove() write.
template <class R, class O>
queryset<R> related(const O& owner, std::string_view relation) {
  return objects<R>().filter(detail::related_condition(detail::meta_of<O>(), &owner, relation, detail::meta_of<R>()));
}
template <class R, class O>
queryset<R> related(const O& owner, std::string_view relation, database& db) {
  return related<R>(owner, relation).using_db(db);
}

// A many-to-many relation of one object: add/remove/clear rows of the through table.
template <class R>
class m2m_relation {
 public:
  explicit m2m_relation(detail::m2m_core core) : core_(std::move(core)) {}
  void add(std::initializer_list<std::reference_wrapper<const R>> items) const { core_.add(keys(items)); }
  void add(const std::vector<R>& items) const { core_.add(keys(items)); }
  void remove(std::initializer_list<std::reference_wrapper<const R>> items) const { core_.remove(keys(items)); }
  void remove(const std::vector<R>& items) const { core_.remove(keys(items)); }
  void clear() const { core_.clear(); }
  queryset<R> query() const { return objects<R>(core_.db()).filter(core_.condition()); }
  queryset<R> filter(const q& condition) const { return query().filter(condition); }
  result_set<R> all() const { return query().all(); }
  std::int64_t count() const { return query().count(); }

 private:
  template <class Items>
  static std::vector<value> keys(const Items& items) {
    const auto& meta = detail::meta_of<R>();
    std::vector<value> out;
    for (const R& item : items) out.push_back(meta.pk().access->get(&item));
    return out;
  }
  detail::m2m_core core_;
};
template <class R, class O>
m2m_relation<R> m2m(const O& owner, std::string_view relation, database& db = detail::writes<O>()) {
  return m2m_relation<R>(detail::m2m_core(detail::meta_of<O>(), &owner, relation, detail::meta_of<R>(), db));
}

// Signals: hooks run around save() and remove() of model M (not around bulk or queryset calls).
template <class M>
void on_pre_save(std::function<void(M& obj, bool creating)> fn) {
  detail::connect_signal(detail::meta_of<M>(), detail::signal::pre_save,
                         [fn = std::move(fn)](void* o, bool flag) { fn(*static_cast<M*>(o), flag); });
}
template <class M>
void on_post_save(std::function<void(const M& obj, bool created)> fn) {
  detail::connect_signal(detail::meta_of<M>(), detail::signal::post_save,
                         [fn = std::move(fn)](void* o, bool flag) { fn(*static_cast<const M*>(o), flag); });
}
template <class M>
void on_pre_delete(std::function<void(const M& obj)> fn) {
  detail::connect_signal(detail::meta_of<M>(), detail::signal::pre_delete,
                         [fn = std::move(fn)](void* o, bool) { fn(*static_cast<const M*>(o)); });
}
template <class M>
void on_post_delete(std::function<void(const M& obj)> fn) {
  detail::connect_signal(detail::meta_of<M>(), detail::signal::post_delete,
                         [fn = std::move(fn)](void* o, bool) { fn(*static_cast<const M*>(o)); });
}
// Drops every signal handler of every model (tests).
void disconnect_all_signals();

// Runs raw SQL (placeholders of the database: ? or $1) and reads the rows into M by column name.
template <class M>
std::vector<M> raw(std::string_view sql, const std::vector<value>& params = {}, database& db = detail::reads<M>());

namespace detail {
void raw_objects(const model_meta& meta, object_sink& sink, std::string_view sql, const std::vector<value>& params,
                 database& db);
}
template <class M>
std::vector<M> raw(std::string_view sql, const std::vector<value>& params, database& db) {
  std::vector<M> out;
  detail::vector_sink<M> sink(out);
  detail::raw_objects(detail::meta_of<M>(), sink, sql, params, db);
  return out;
}

}  // namespace testudo
