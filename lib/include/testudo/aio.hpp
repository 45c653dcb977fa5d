// testudo::aio: the ORM awaitable from C++20 coroutines on Boost.Asio (docs/async.md).
//
//   namespace aio = testudo::aio;
//   net::awaitable<void> rename(std::string email) {
//     auto user = co_await aio::objects<User>().filter(q("email", email)).first();  // std::optional<User>
//     if (!user) throw testudo::does_not_exist("no such user");
//     user->username = "alice2";
//     co_await aio::save(*user);
//   }
//   net::co_spawn(io, rename("alice@example.com"), net::detached);
//
// The same builders as testudo::queryset (filter, order_by, limit, ...) and the same exception types,
// thrown at the co_await. A coroutine resumes on its own executor. SQLite and MySQL statements run on
// worker threads, one per borrowed connection; see docs/async.md for what is not awaitable yet.
// The only public header that includes Asio.
#pragma once

#include <cstdint>
#include <memory>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <type_traits>
#include <variant>
#include <vector>

#include "testudo/aio/net.hpp"
#include "testudo/orm/objects.hpp"

namespace testudo::aio {

namespace detail {
using testudo::detail::query_core;
// The library's awaitable terminals over the untyped query (lib/src/aio/query.cpp).
net::awaitable<std::shared_ptr<const testudo::detail::relation_store>> fetch(query_core core,
                                                                            testudo::detail::object_sink& sink);
net::awaitable<std::int64_t> count(query_core core);
net::awaitable<bool> exists(query_core core);
net::awaitable<std::vector<std::vector<value>>> values_list(query_core core, std::vector<std::string> fields);
net::awaitable<std::vector<value>> values_flat(query_core core, std::string field);
net::awaitable<std::vector<record>> values(query_core core, std::vector<std::string> fields);
net::awaitable<record> aggregate(query_core core, std::vector<named_expr> aggregates);
net::awaitable<std::string> explain(query_core core);
net::awaitable<std::int64_t> update(query_core core, std::vector<named_expr> assignments);
net::awaitable<std::int64_t> remove(query_core core);
net::awaitable<std::string> sql(query_core core);
// A loop over a query in chunks, each one SELECT that starts after the last object read (the
// sync loop's chunks: docs/orm.md, "What iterating a queryset guarantees").
class chunks;
std::shared_ptr<chunks> open_chunks(query_core core);
// The next chunk's objects into `sink` (empty); false once the loop is over.
net::awaitable<bool> next_chunk(std::shared_ptr<chunks> loop, testudo::detail::object_sink& sink);
// Exactly one object of `core.for_get(...)` in `items` (limit 2), or get()'s exceptions.
net::awaitable<void> check_one(query_core core, std::size_t found, bool none_is_fine);
// The awaitable save_object/remove_object (lib/src/aio/objects.cpp).
net::awaitable<void> save_object(const model_meta& meta, void* object, save_options options, database& db);
net::awaitable<void> remove_object(const model_meta& meta, const void* object, database& db);
net::awaitable<void> raw_objects(const model_meta& meta, testudo::detail::object_sink& sink, std::string sql,
                                 std::vector<value> params, database& db);
net::awaitable<void> refresh_object(const model_meta& meta, void* object, database& db);
net::awaitable<void> bulk_create_objects(const model_meta& meta, testudo::detail::object_sink& objects,
                                         bulk_options options, database& db);
net::awaitable<std::int64_t> bulk_update_objects(const model_meta& meta, testudo::detail::object_sink& objects,
                                                 std::vector<std::string> fields, database& db);
enum class m2m_op { add, remove, clear };
net::awaitable<void> m2m_change(testudo::detail::m2m_core core, m2m_op op, std::vector<value> keys);

class transaction;  // an aio::atomic scope (lib/src/aio/transaction.cpp)
// A scope on `db` for the calling coroutine: a transaction on a connection of its own, or a
// savepoint when the coroutine is in a scope on `db` already.
net::awaitable<std::shared_ptr<transaction>> begin(database& db);
// `executor` carrying `scope`: what runs on the result is in the scope.
net::any_io_executor in_scope(const net::any_io_executor& executor, std::shared_ptr<transaction> scope);
// Commits the scope, else (`commit` false, or the commit failed: then thrown) rolls it back; the
// outermost gives its connection back to the pool.
net::awaitable<void> end(std::shared_ptr<transaction> scope, bool commit);

// Before run `attempt` of atomic_retrying: refuses inside a scope on `db` (the first run), else
// waits a little longer each time, on a timer (the thread goes on).
net::awaitable<void> before_retry(database& db, int attempt);

template <class Awaitable>
struct awaited;
template <class T, class Executor>
struct awaited<net::awaitable<T, Executor>> {
  using type = T;
};
}  // namespace detail

// Runs the coroutine fn() in a transaction on `db` (Tortoise's `async with in_transaction()`):
// every aio call on `db` made by that coroutine, or by a coroutine it awaits, runs on the
// transaction's connection, whichever thread resumes it. Committed when the coroutine returns;
// rolled back when it throws, and the exception thrown here. Inside a scope on `db`: a savepoint.
// Other coroutines (each co_spawn'ed on the io_context) are not in the scope: each of their
// atomic() scopes has a connection of its own. The sync API's atomic() does not reach into here.
template <class Fn, class T = typename detail::awaited<std::invoke_result_t<Fn&>>::type>
net::awaitable<T> atomic(database& db, Fn fn) {
  auto scope = co_await detail::begin(db);
  std::optional<std::conditional_t<std::is_void_v<T>, std::monostate, T>> result;
  std::exception_ptr failed;
  try {
    auto body = [&]() -> net::awaitable<void> {
      if constexpr (std::is_void_v<T>) {
        co_await fn();
        result.emplace();
      } else {
        result.emplace(co_await fn());
      }
    };
    auto executor = detail::in_scope(co_await net::this_coro::executor, scope);
    co_await net::co_spawn(executor, body, net::use_awaitable);
  } catch (...) {
    failed = std::current_exception();
  }
  co_await detail::end(std::move(scope), !failed);
  if (failed) std::rethrow_exception(failed);
  if constexpr (!std::is_void_v<T>) co_return std::move(*result);
}
// On the default database.
template <class Fn>
auto atomic(Fn fn) {
  return aio::atomic(get_database(), std::move(fn));
}

// atomic(db, fn) run again from the start when the database aborts it with transaction_conflict
// (a deadlock, a Galera certification failure), up to `attempts` runs in all, as the sync
// atomic_retrying: the last conflict is thrown; fn must be safe to repeat; only as the outermost
// scope on `db` (transaction_management_error inside one). Between runs it waits on a timer.
template <class Fn, class T = typename detail::awaited<std::invoke_result_t<Fn&>>::type>
net::awaitable<T> atomic_retrying(database& db, int attempts, Fn fn) {
  for (int attempt = 1;; ++attempt) {
    co_await detail::before_retry(db, attempt);
    try {
      if constexpr (std::is_void_v<T>) {
        co_await aio::atomic(db, fn);
        co_return;
      } else {
        co_return co_await aio::atomic(db, fn);
      }
    } catch (const transaction_conflict&) {
      if (attempt >= attempts) throw;
    }
  }
}

// A queryset's objects a chunk at a time (queryset::iterate()): `while (auto u = co_await
// users.next()) ...`. A chunk is one awaited SELECT (1,000 rows, then 2,000, 4,000, then 8,000 at
// most in memory), read after the last object handed out, so the loop body may await any call on
// the same database, and nothing is held between chunks (leaving the loop early costs nothing).
template <class M>
class stream {
 public:
  explicit stream(std::shared_ptr<detail::chunks> loop) : loop_(std::move(loop)) {}
  // The next object, or std::nullopt after the last one.
  net::awaitable<std::optional<M>> next() {
    if (pos_ == chunk_.size()) {
      chunk_.clear();
      pos_ = 0;
      testudo::detail::vector_sink<M> sink(chunk_);
      if (!co_await detail::next_chunk(loop_, sink)) co_return std::nullopt;
    }
    co_return std::move(chunk_[pos_++]);
  }

 private:
  std::shared_ptr<detail::chunks> loop_;
  std::vector<M> chunk_;
  std::size_t pos_ = 0;
};

// A queryset whose terminals are awaitable. Each terminal copies what it needs, so the queryset
// may go before the co_await.
template <class M>
class queryset : public testudo::detail::query_builder<queryset<M>> {
  using base = testudo::detail::query_builder<queryset<M>>;
  using base::all_of;
  using base::core_;

 public:
  queryset() : base(detail::query_core(testudo::detail::meta_of<M>())) {}
  explicit queryset(detail::query_core core) : base(std::move(core)) {}

  net::awaitable<result_set<M>> all() const { return fetch_all(core_); }
  net::awaitable<std::optional<M>> first() const { return one_or_none(core_.ordered_by_default().limit(1)); }
  net::awaitable<std::optional<M>> latest(const std::string& field) const {
    return one_or_none(core_.order_by({"-" + field}).limit(1));
  }
  net::awaitable<std::optional<M>> earliest(const std::string& field) const {
    return one_or_none(core_.order_by({field}).limit(1));
  }
  // Exactly one object: does_not_exist / multiple_objects_returned otherwise.
  net::awaitable<M> get(const q& condition = {}) const { return get_one(core_.for_get(condition)); }
  net::awaitable<M> get(std::initializer_list<q> conditions) const { return get(all_of(conditions)); }
  net::awaitable<std::optional<M>> get_or_none(const q& condition = {}) const {
    return get_one_or_none(core_.for_get(condition));
  }
  net::awaitable<std::optional<M>> get_or_none(std::initializer_list<q> conditions) const {
    return get_or_none(all_of(conditions));
  }
  // The sync `for (const M& obj : qs)`, awaited object by object (aio::stream above).
  stream<M> iterate() const { return stream<M>(detail::open_chunks(core_)); }
  net::awaitable<std::int64_t> count() const { return detail::count(core_); }
  net::awaitable<bool> exists() const { return detail::exists(core_); }
  net::awaitable<std::vector<std::vector<value>>> values_list(std::vector<std::string> fields) const {
    return detail::values_list(core_, std::move(fields));
  }
  net::awaitable<std::vector<value>> values_list_flat(std::string field) const {
    return detail::values_flat(core_, std::move(field));
  }
  // values_list(&User::email) → std::vector<std::string>.
  template <class C, class T>
  net::awaitable<std::vector<T>> values_list(T C::*member) const {
    return typed_values<T>(core_, testudo::detail::member_name(member));
  }
  // values(): every field; otherwise the named fields, relation paths or annotations.
  net::awaitable<std::vector<record>> values(std::vector<std::string> fields = {}) const {
    return detail::values(core_, std::move(fields));
  }
  net::awaitable<record> aggregate(std::vector<named_expr> aggregates) const {
    return detail::aggregate(core_, std::move(aggregates));
  }
  net::awaitable<std::string> explain() const { return detail::explain(core_); }
  net::awaitable<std::int64_t> update(std::vector<named_expr> assignments) const {
    return detail::update(core_, std::move(assignments));
  }
  net::awaitable<std::int64_t> remove() const { return detail::remove(core_); }
  net::awaitable<std::string> sql() const { return detail::sql(core_); }

 private:
  static net::awaitable<result_set<M>> fetch_all(detail::query_core core) {
    std::vector<M> items;
    testudo::detail::vector_sink<M> sink(items);
    auto related = co_await detail::fetch(std::move(core), sink);
    co_return result_set<M>(std::move(items), std::move(related));
  }
  static net::awaitable<std::vector<M>> objects_of(detail::query_core core) {
    std::vector<M> items;
    testudo::detail::vector_sink<M> sink(items);
    co_await detail::fetch(std::move(core), sink);
    co_return items;
  }
  static net::awaitable<std::optional<M>> one_or_none(detail::query_core core) {
    auto items = co_await objects_of(std::move(core));
    if (items.empty()) co_return std::nullopt;
    co_return std::move(items.front());
  }
  static net::awaitable<M> get_one(detail::query_core core) {
    auto items = co_await objects_of(core);
    co_await detail::check_one(std::move(core), items.size(), false);
    co_return std::move(items.front());
  }
  static net::awaitable<std::optional<M>> get_one_or_none(detail::query_core core) {
    auto items = co_await objects_of(core);
    co_await detail::check_one(std::move(core), items.size(), true);
    if (items.empty()) co_return std::nullopt;
    co_return std::move(items.front());
  }
  template <class T>
  static net::awaitable<std::vector<T>> typed_values(detail::query_core core, std::string field) {
    auto values = co_await detail::values_flat(std::move(core), std::move(field));
    std::vector<T> out;
    out.reserve(values.size());
    for (auto& v : values) out.push_back(value_traits<T>::from_value(v));
    co_return out;
  }
};

template <class M>
queryset<M> objects() {
  return queryset<M>();
}
template <class M>
queryset<M> objects(database& db) {
  return queryset<M>().using_db(db);
}

// As testudo::save/create/remove; `obj` must live until the co_await ends.
template <class M>
net::awaitable<void> save(M& obj, save_options options = {}, database& db = testudo::detail::writes<M>()) {
  return detail::save_object(testudo::detail::meta_of<M>(), &obj, std::move(options), db);
}
template <class M>
net::awaitable<void> create(M& obj, database& db = testudo::detail::writes<M>()) {
  return detail::save_object(testudo::detail::meta_of<M>(), &obj, save_options{.force_insert = true}, db);
}
// A new object from field values (the model's defaults for the rest), inserted.
template <class M>
net::awaitable<M> create(field_values values, database& db = testudo::detail::writes<M>()) {
  M obj{};
  testudo::detail::set_fields(testudo::detail::meta_of<M>(), &obj, values);
  co_await aio::create(obj, db);
  co_return obj;
}
template <class M>
net::awaitable<void> remove(const M& obj, database& db = testudo::detail::writes<M>()) {
  return detail::remove_object(testudo::detail::meta_of<M>(), &obj, db);
}

template <class M>
net::awaitable<M> get(const q& condition, database& db = testudo::detail::reads<M>()) {
  return aio::objects<M>(db).get(condition);
}
template <class M>
net::awaitable<std::optional<M>> get_or_none(const q& condition, database& db = testudo::detail::reads<M>()) {
  return aio::objects<M>(db).get_or_none(condition);
}
template <class M>
net::awaitable<void> refresh_from_db(M& obj, database& db = testudo::detail::reads<M>()) {
  return detail::refresh_object(testudo::detail::meta_of<M>(), &obj, db);
}

// As testudo::get_or_create: the object matching `lookup`, or a new one made of lookup's equalities
// plus `defaults` (.second: created), safe against a concurrent insert of the same key.
template <class M>
net::awaitable<std::pair<M, bool>> get_or_create(field_values lookup, field_values defaults = {},
                                                 database& db = testudo::detail::writes<M>()) {
  const auto& meta = testudo::detail::meta_of<M>();
  auto condition = testudo::detail::lookup_of(meta, lookup);
  if (auto found = co_await aio::get_or_none<M>(condition, db)) co_return std::pair<M, bool>{std::move(*found), false};
  M obj{};
  testudo::detail::set_fields(meta, &obj, defaults);
  testudo::detail::set_fields(meta, &obj, lookup);
  std::exception_ptr clash;
  try {
    // A savepoint inside a transaction: the failed INSERT leaves the enclosing one usable.
    co_await aio::atomic(db, [&]() -> net::awaitable<void> { co_await aio::create(obj, db); });
    co_return std::pair<M, bool>{std::move(obj), true};
  } catch (const integrity_error&) {  // someone else created it in between
    clash = std::current_exception();
  }
  if (auto found = co_await aio::get_or_none<M>(condition, db)) co_return std::pair<M, bool>{std::move(*found), false};
  std::rethrow_exception(clash);
}
// As testudo::update_or_create: the object matching `lookup` updated with `defaults`, or created.
template <class M>
net::awaitable<std::pair<M, bool>> update_or_create(field_values lookup, field_values defaults = {},
                                                    database& db = testudo::detail::writes<M>()) {
  co_return co_await aio::atomic(db, [&]() -> net::awaitable<std::pair<M, bool>> {
    const auto& meta = testudo::detail::meta_of<M>();
    auto locked = aio::objects<M>(db).filter(testudo::detail::lookup_of(meta, lookup)).select_for_update();
    if (auto found = co_await locked.get_or_none()) {
      testudo::detail::set_fields(meta, &*found, defaults);
      co_await aio::save(*found, {}, db);
      co_return std::pair<M, bool>{std::move(*found), false};
    }
    M obj{};
    testudo::detail::set_fields(meta, &obj, defaults);
    testudo::detail::set_fields(meta, &obj, lookup);
    co_await aio::create(obj, db);
    co_return std::pair<M, bool>{std::move(obj), true};
  });
}

// As testudo::bulk_create / bulk_update (no signals, as there); `objs` must live until the co_await ends.
template <class M>
net::awaitable<void> bulk_create(std::vector<M>& objs, bulk_options options = {},
                                 database& db = testudo::detail::writes<M>()) {
  testudo::detail::vector_sink<M> sink(objs);
  co_await detail::bulk_create_objects(testudo::detail::meta_of<M>(), sink, std::move(options), db);
}
template <class M>
net::awaitable<std::int64_t> bulk_update(std::vector<M>& objs, std::vector<std::string> fields,
                                         database& db = testudo::detail::writes<M>()) {
  testudo::detail::vector_sink<M> sink(objs);
  co_return co_await detail::bulk_update_objects(testudo::detail::meta_of<M>(), sink, std::move(fields), db);
}
// As testudo::in_bulk: the objects whose `field` (the primary key by default) is one of `keys`, by key.
template <class M, class K>
net::awaitable<std::map<K, M>> in_bulk(std::vector<K> keys, std::string field = "",
                                       database& db = testudo::detail::reads<M>()) {
  const auto& meta = testudo::detail::meta_of<M>();
  const std::string name = field.empty() ? meta.pk().name : field;
  std::vector<value> wanted;
  for (const auto& k : keys) wanted.push_back(value_traits<K>::to_value(k));
  auto found = aio::objects<M>(db).filter(q(name + "__in", wanted));
  std::map<K, M> out;
  for (auto& obj : co_await found.all())
    out.emplace(value_traits<K>::from_value(testudo::detail::field_value(meta, &obj, name)), obj);
  co_return out;
}

// Relations, as the sync ones: fetch_related<User>(order, "customer") awaits to the User;
// related<Order>(user, "orders") is an aio queryset; m2m<Tag>(product, "tags") adds and removes.
template <class R, class O>
net::awaitable<R> fetch_related(const O& owner, std::string_view relation, database& db = testudo::detail::reads<R>()) {
  return aio::objects<R>(db).get(testudo::detail::related_condition(testudo::detail::meta_of<O>(), &owner, relation,
                                                               testudo::detail::meta_of<R>()));
}
template <class R, class O>
queryset<R> related(const O& owner, std::string_view relation) {
  return aio::objects<R>().filter(testudo::detail::related_condition(testudo::detail::meta_of<O>(), &owner, relation,
                                                                testudo::detail::meta_of<R>()));
}
template <class R, class O>
queryset<R> related(const O& owner, std::string_view relation, database& db) {
  return related<R>(owner, relation).using_db(db);
}

template <class R>
class m2m_relation {
 public:
  explicit m2m_relation(testudo::detail::m2m_core core) : core_(std::move(core)) {}
  // The items must have been saved; adding one linked already adds no second row.
  net::awaitable<void> add(std::vector<R> items) const { return change(detail::m2m_op::add, items); }
  net::awaitable<void> remove(std::vector<R> items) const { return change(detail::m2m_op::remove, items); }
  net::awaitable<void> clear() const { return detail::m2m_change(core_, detail::m2m_op::clear, {}); }
  queryset<R> query() const { return aio::objects<R>(core_.db()).filter(core_.condition()); }
  queryset<R> filter(const q& condition) const { return query().filter(condition); }
  net::awaitable<result_set<R>> all() const { return query().all(); }
  net::awaitable<std::int64_t> count() const { return query().count(); }

 private:
  net::awaitable<void> change(detail::m2m_op op, const std::vector<R>& items) const {
    const auto& meta = testudo::detail::meta_of<R>();
    std::vector<value> keys;
    for (const R& item : items) keys.push_back(meta.pk().access->get(&item));
    return detail::m2m_change(core_, op, std::move(keys));
  }
  testudo::detail::m2m_core core_;
};
template <class R, class O>
m2m_relation<R> m2m(const O& owner, std::string_view relation, database& db = testudo::detail::writes<O>()) {
  return m2m_relation<R>(testudo::detail::m2m_core(testudo::detail::meta_of<O>(), &owner, relation,
                                                   testudo::detail::meta_of<R>(), db));
}

// As testudo::raw: the rows of `sql` (the database's own parameter markers) read into M by column name.
template <class M>
net::awaitable<std::vector<M>> raw(std::string sql, std::vector<value> params = {},
                                   database& db = testudo::detail::reads<M>()) {
  std::vector<M> out;
  testudo::detail::vector_sink<M> sink(out);
  co_await detail::raw_objects(testudo::detail::meta_of<M>(), sink, std::move(sql), std::move(params), db);
  co_return out;
}

}  // namespace testudo::aio
