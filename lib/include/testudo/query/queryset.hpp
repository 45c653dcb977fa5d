// QuerySet: a lazy, reusable description of a query over one model, and the results it yields.
//
//   auto recent = objects<Order>().filter(col(&Order::status) == "pending")
//                     .order_by({"-created_at"}).limit(20).all();
//   for (const User& u : objects<User>())  // in chunks: constant memory however many rows
//     ...
// Each builder call returns a new queryset; the SQL runs only at a terminal call (all, first,
// count, values, update, iteration, ...). Everything but the typing lives in the library (see
// detail::query_core), so this header stays cheap to include.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "testudo/errors.hpp"
#include "testudo/query/expression.hpp"

namespace testudo {

class database;
enum class access;  // orm/database.hpp

// One row of values()/aggregate(): values by name, in the order asked for.
class record {
 public:
  record(std::shared_ptr<const std::vector<std::string>> names, std::vector<value> values)
      : names_(std::move(names)), values_(std::move(values)) {}
  // Throws field_error naming the columns there are.
  const value& operator[](std::string_view name) const;
  template <class T>
  T get(std::string_view name) const {
    return value_traits<T>::from_value((*this)[name]);
  }
  const std::vector<std::string>& names() const noexcept { return *names_; }
  const std::vector<value>& values() const noexcept { return values_; }

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<value> values_;
};

namespace detail {

struct query_spec;
class relation_store;

// Where all() puts the objects it makes (a std::vector<M> behind a type-erased face).
class object_sink {
 public:
  virtual ~object_sink() = default;
  virtual void* append() = 0;
  virtual void* at(std::size_t index) = 0;
  virtual std::size_t size() const noexcept = 0;
};

// The objects of an iteration, a batch at a time (see query_core::stream).
class object_stream {
 public:
  virtual ~object_stream() = default;
  // The next object, valid until the following call; nullptr after the last one.
  virtual const void* next() = 0;
};

// The untyped query a queryset<M> wraps: a shared, immutable spec edited copy-on-write.
class query_core {
 public:
  explicit query_core(const model_meta& meta);
  const model_meta& meta() const noexcept;

  query_core filter(const q& condition) const;
  query_core exclude(const q& condition) const;
  query_core order_by(std::vector<std::string> fields) const;
  query_core limit(std::int64_t n) const;
  query_core offset(std::int64_t n) const;
  // What get() runs: filtered by `condition`, at most two rows (enough to tell one from several),
  // in one copy of the spec.
  query_core for_get(const q& condition) const;
  query_core distinct() const;
  query_core only(std::vector<std::string> fields) const;
  query_core select_related(std::vector<std::string> relations) const;
  query_core prefetch_related(std::vector<std::string> relations) const;
  query_core annotate(std::vector<named_expr> annotations) const;
  query_core group_by(std::vector<std::string> fields) const;
  query_core select_for_update(bool nowait, bool skip_locked) const;
  query_core using_db(database& db) const;
  // Ordered by the model's Meta.ordering, else the primary key, when no order was given.
  query_core ordered_by_default() const;
  bool ordered() const noexcept;
  // The database this query runs on: using_db()'s, else route()'s for a read (or `a`).
  database& db() const;
  database& db(access a) const;

  std::unique_ptr<object_stream> stream() const;
  std::shared_ptr<const relation_store> fetch(object_sink& sink) const;
  std::int64_t count() const;
  bool exists() const;
  std::vector<record> values(const std::vector<std::string>& fields) const;
  std::vector<std::vector<value>> values_list(const std::vector<std::string>& fields) const;
  std::vector<value> values_flat(const std::string& field) const;
  // The rows of `fields` (stored fields of the model) read into `scratch`, an object of the
  // model, as objects are hydrated; `row_done(context)` takes each row from it.
  void read_fields(const std::vector<std::string>& fields, void* scratch, void (*row_done)(void* context), void* context) const;
  record aggregate(const std::vector<named_expr>& aggregates) const;
  std::int64_t update(const std::vector<named_expr>& assignments) const;
  std::int64_t remove() const;
  std::string explain() const;
  std::string sql() const;
  const query_spec& spec() const noexcept { return *spec_; }

 private:
  explicit query_core(std::shared_ptr<const query_spec> spec) : spec_(std::move(spec)) {}
  query_spec& edit(query_core& copy) const;
  std::shared_ptr<const query_spec> spec_;
};

// Objects of model R reachable from one owner through a prefetched or select_related relation.
class relation_store {
 public:
  virtual ~relation_store() = default;
  // Throws field_error when `relation` was not fetched for `owner_meta`, or holds other objects.
  virtual const std::vector<const void*>& find(const model_meta& owner_meta, const void* owner,
                                               std::string_view relation, const model_meta& expected) const = 0;
};

template <class M>
class vector_sink final : public object_sink {
 public:
  explicit vector_sink(std::vector<M>& out) : out_(out) {}
  void* append() override { return &out_.emplace_back(); }
  void* at(std::size_t index) override { return &out_[index]; }
  std::size_t size() const noexcept override { return out_.size(); }

 private:
  std::vector<M>& out_;
};

template <class M>
const model_meta& meta_of() {
  return testudo_model_meta(static_cast<const M*>(nullptr));
}

}  // namespace detail

// A view of related objects (const R&) kept by a result_set.
template <class R>
class related_range {
 public:
  explicit related_range(const std::vector<const void*>& items) : items_(&items) {}
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = R;
    using difference_type = std::ptrdiff_t;
    using pointer = const R*;
    using reference = const R&;
    iterator() = default;
    explicit iterator(std::vector<const void*>::const_iterator it) : it_(it) {}
    const R& operator*() const { return *static_cast<const R*>(*it_); }
    const R* operator->() const { return static_cast<const R*>(*it_); }
    iterator& operator++() { ++it_; return *this; }
    iterator operator++(int) { auto old = *this; ++it_; return old; }
    bool operator==(const iterator&) const = default;

   private:
    std::vector<const void*>::const_iterator it_;
  };
  iterator begin() const { return iterator(items_->begin()); }
  iterator end() const { return iterator(items_->end()); }
  std::size_t size() const noexcept { return items_->size(); }
  bool empty() const noexcept { return items_->empty(); }
  const R& operator[](std::size_t i) const { return *static_cast<const R*>((*items_)[i]); }

 private:
  const std::vector<const void*>* items_;
};

// What all() returns: the objects, plus what select_related/prefetch_related fetched with them.
//   auto orders = objects<Order>().prefetch_related({"lines__product"}).all();
//   for (const Order& o : orders)
//     for (const OrderLine& line : orders.many<OrderLine>(o, "lines"))
//       std::cout << orders.one<Product>(line, "product")->name;
template <class M>
class result_set {
 public:
  result_set() = default;
  result_set(std::vector<M> items, std::shared_ptr<const detail::relation_store> related)
      : items_(std::move(items)), related_(std::move(related)) {}

  auto begin() const noexcept { return items_.begin(); }
  auto end() const noexcept { return items_.end(); }
  auto begin() noexcept { return items_.begin(); }
  auto end() noexcept { return items_.end(); }
  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  const M& operator[](std::size_t i) const { return items_[i]; }
  M& operator[](std::size_t i) { return items_[i]; }
  const std::vector<M>& items() const& noexcept { return items_; }
  std::vector<M> items() && noexcept { return std::move(items_); }
  operator const std::vector<M>&() const& noexcept { return items_; }  // NOLINT(google-explicit-constructor)

  // The objects a reverse foreign key or many-to-many relation of `owner` holds.
  template <class R, class O>
  related_range<R> many(const O& owner, std::string_view relation) const {
    return related_range<R>(find<R>(owner, relation));
  }
  // The object a foreign key or one-to-one of `owner` points at; nullptr when the key is null.
  template <class R, class O>
  const R* one(const O& owner, std::string_view relation) const {
    const auto& items = find<R>(owner, relation);
    return items.empty() ? nullptr : static_cast<const R*>(items.front());
  }

 private:
  template <class R, class O>
  const std::vector<const void*>& find(const O& owner, std::string_view relation) const {
    if (!related_)
      throw field_error("nothing was prefetched: add select_related()/prefetch_related() to the query");
    return related_->find(detail::meta_of<O>(), &owner, relation, detail::meta_of<R>());
  }
  std::vector<M> items_;
  std::shared_ptr<const detail::relation_store> related_;
};

namespace detail {

// The builders of a queryset, shared by testudo::queryset and testudo::aio::queryset (whose
// terminals are awaitable): each returns a new queryset of the same kind, `Derived`.
template <class Derived>
class query_builder {
 public:
  Derived filter(const q& condition) const { return Derived(core_.filter(condition)); }
  Derived filter(std::initializer_list<q> conditions) const { return Derived(core_.filter(all_of(conditions))); }
  Derived filter(std::string_view path, expr operand) const { return filter(q(path, std::move(operand))); }
  Derived exclude(const q& condition) const { return Derived(core_.exclude(condition)); }
  Derived exclude(std::initializer_list<q> conditions) const { return Derived(core_.exclude(all_of(conditions))); }
  // "field", "-field" (descending), "relation__field", or an annotation's name.
  Derived order_by(std::vector<std::string> fields) const { return Derived(core_.order_by(std::move(fields))); }
  Derived limit(std::int64_t n) const { return Derived(core_.limit(n)); }
  Derived offset(std::int64_t n) const { return Derived(core_.offset(n)); }
  Derived distinct() const { return Derived(core_.distinct()); }
  // Loads only these fields (and the primary key); the others keep their C++ defaults.
  Derived only(std::vector<std::string> fields) const { return Derived(core_.only(std::move(fields))); }
  // Fetches forward relations in the same query (JOIN); read them with result_set::one.
  Derived select_related(std::vector<std::string> relations) const {
    return Derived(core_.select_related(std::move(relations)));
  }
  // Fetches relations ("lines__product") with one query per level; read with many()/one().
  Derived prefetch_related(std::vector<std::string> relations) const {
    return Derived(core_.prefetch_related(std::move(relations)));
  }
  Derived annotate(std::vector<named_expr> annotations) const { return Derived(core_.annotate(std::move(annotations))); }
  Derived group_by(std::vector<std::string> fields) const { return Derived(core_.group_by(std::move(fields))); }
  // Locks the rows until the transaction ends (needs an atomic() scope).
  Derived select_for_update(bool nowait = false, bool skip_locked = false) const {
    return Derived(core_.select_for_update(nowait, skip_locked));
  }
  Derived using_db(database& db) const { return Derived(core_.using_db(db)); }

  const query_core& core() const noexcept { return core_; }

 protected:
  explicit query_builder(query_core core) : core_(std::move(core)) {}
  static q all_of(std::initializer_list<q> conditions) {
    q out;
    for (const auto& c : conditions) out = out & c;
    return out;
  }
  query_core core_;
};

}  // namespace detail

template <class M>
class queryset : public detail::query_builder<queryset<M>> {
  using base = detail::query_builder<queryset<M>>;
  using base::all_of;
  using base::core_;

 public:
  queryset() : base(detail::query_core(detail::meta_of<M>())) {}
  explicit queryset(detail::query_core core) : base(std::move(core)) {}

  // Runs the query and keeps every object (and what was prefetched) in memory.
  result_set<M> all() const {
    std::vector<M> items;
    detail::vector_sink<M> sink(items);
    auto related = core_.fetch(sink);
    return result_set<M>(std::move(items), std::move(related));
  }
  std::optional<M> first() const { return one_or_none(core_.ordered_by_default().limit(1)); }
  // Exactly one object: does_not_exist / multiple_objects_returned otherwise.
  M get(const q& condition = {}) const;
  M get(std::initializer_list<q> conditions) const { return get(all_of(conditions)); }
  std::optional<M> get_or_none(const q& condition = {}) const;
  std::optional<M> get_or_none(std::initializer_list<q> conditions) const { return get_or_none(all_of(conditions)); }
  std::optional<M> latest(const std::string& field) const { return one_or_none(core_.order_by({"-" + field}).limit(1)); }
  std::optional<M> earliest(const std::string& field) const { return one_or_none(core_.order_by({field}).limit(1)); }

  std::int64_t count() const { return core_.count(); }
  bool exists() const { return core_.exists(); }
  // values(): every field; otherwise the named fields, relation paths or annotations.
  std::vector<record> values(const std::vector<std::string>& fields = {}) const { return core_.values(fields); }
  std::vector<std::vector<value>> values_list(const std::vector<std::string>& fields) const {
    return core_.values_list(fields);
  }
  // values_list(field, flat=True)
  std::vector<value> values_list_flat(const std::string& field) const { return core_.values_flat(field); }
  // The same, typed by a member: values_list(&User::email) → std::vector<std::string>.
  template <class C, class T>
  std::vector<T> values_list(T C::*member) const {
    auto values = core_.values_flat(detail::member_name(member));
    std::vector<T> out;
    out.reserve(values.size());
    for (auto& v : values) {
      if constexpr (std::is_same_v<T, std::string>) {
        if (auto* s = std::get_if<std::string>(&v)) {
          out.push_back(std::move(*s));  // no second copy of each text
          continue;
        }
      }
      out.push_back(value_traits<T>::from_value(v));
    }
    return out;
  }
  // Several members: values_list(&OrderLine::id, &OrderLine::quantity) →
  // std::vector<std::tuple<std::int32_t, std::int32_t>>, read as objects are (typed reads, no
  // value per cell; decimals at their field's scale).
  template <class C1, class T1, class C2, class T2, class... Cs, class... Ts>
  std::vector<std::tuple<T1, T2, Ts...>> values_list(T1 C1::*first, T2 C2::*second, Ts Cs::*... rest) const {
    static_assert(std::is_base_of_v<C1, M> && std::is_base_of_v<C2, M> && (std::is_base_of_v<Cs, M> && ...),
                  "values_list(&M::a, &M::b, ...) takes members of the queryset's model");
    struct reading {
      M scratch{};
      std::tuple<T1 M::*, T2 M::*, Ts M::*...> members;
      std::vector<std::string> names;
      bool repeats = false;  // a member asked for twice is copied, not moved twice
      std::vector<std::tuple<T1, T2, Ts...>> rows;
    } r{{}, {first, second, rest...}, {detail::member_name(first), detail::member_name(second), detail::member_name(rest)...}, false, {}};
    for (std::size_t i = 0; i < r.names.size(); ++i)
      for (std::size_t j = 0; j < i; ++j) r.repeats = r.repeats || r.names[i] == r.names[j];
    auto take_row = [](void* context) {
      auto& state = *static_cast<reading*>(context);
      std::apply([&](auto... member) {
        if (state.repeats) state.rows.emplace_back(state.scratch.*member...);
        else state.rows.emplace_back(std::move(state.scratch.*member)...);
      }, state.members);
    };
    core_.read_fields(r.names, &r.scratch, take_row, &r);
    return std::move(r.rows);
  }
  record aggregate(const std::vector<named_expr>& aggregates) const { return core_.aggregate(aggregates); }
  // UPDATE of every matching row (respecting limit/offset/order); returns the rows matched
  // (also those that already held the values), the same on every backend.
  std::int64_t update(const std::vector<named_expr>& assignments) const { return core_.update(assignments); }
  // DELETE of every matching row (respecting limit/offset/order); returns rows deleted.
  std::int64_t remove() const { return core_.remove(); }
  std::string explain() const { return core_.explain(); }
  std::string sql() const { return core_.sql(); }

  // Iteration a batch of rows at a time, one batch in memory; the loop may run other queries
  // (docs/orm.md, "What iterating a queryset guarantees", says how, per backend).
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = M;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(std::shared_ptr<detail::object_stream> s) : stream_(std::move(s)) { ++*this; }
    const M& operator*() const { return *current_; }
    const M* operator->() const { return current_; }
    iterator& operator++() {
      current_ = static_cast<const M*>(stream_->next());
      if (!current_) stream_.reset();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const noexcept { return stream_ == nullptr; }

   private:
    std::shared_ptr<detail::object_stream> stream_;
    const M* current_ = nullptr;
  };
  iterator begin() const { return iterator(std::shared_ptr<detail::object_stream>(core_.stream())); }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  static std::optional<M> one_or_none(const detail::query_core& core) {
    std::vector<M> items;
    detail::vector_sink<M> sink(items);
    core.fetch(sink);
    if (items.empty()) return std::nullopt;
    return std::move(items.front());
  }
};

namespace detail {
[[noreturn]] void throw_get_error(const model_meta& meta, std::size_t found, const query_core& core);
// The same, for the SELECT `sql` (as query_core::sql() shows it).
[[noreturn]] void throw_get_error(const model_meta& meta, std::size_t found, std::string_view sql);
}

template <class M>
M queryset<M>::get(const q& condition) const {
  auto core = core_.for_get(condition);
  std::vector<M> items;
  detail::vector_sink<M> sink(items);
  core.fetch(sink);
  if (items.size() != 1) detail::throw_get_error(detail::meta_of<M>(), items.size(), core);
  return std::move(items.front());
}

template <class M>
std::optional<M> queryset<M>::get_or_none(const q& condition) const {
  auto core = core_.for_get(condition);
  std::vector<M> items;
  detail::vector_sink<M> sink(items);
  core.fetch(sink);
  if (items.size() > 1) detail::throw_get_error(detail::meta_of<M>(), items.size(), core);
  if (items.empty()) return std::nullopt;
  return std::move(items.front());
}

}  // namespace testudo
