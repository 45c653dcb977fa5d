// Model metadata declared beside a plain struct (TESTUDO_MODEL), and the registry of all models.
//
//   struct Tag { std::int32_t id{}; std::string name; };
//   TESTUDO_MODEL(Tag, "tags",
//     pk("id", &Tag::id),
//     char_field("name", &Tag::name, 50).unique());
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <typeinfo>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "testudo/model/field.hpp"

namespace testudo {

// Objects of one model's C++ type, made by code that has only the metadata (prefetch, joins).
class object_list {
 public:
  virtual ~object_list() = default;
  // Appends a default-constructed object; addresses of earlier objects stay valid.
  virtual void* append() = 0;
  virtual std::size_t size() const noexcept = 0;
};

struct model_meta {
  std::string app = "models";
  std::string name;                 // the class name, "User"
  std::string table;                // Meta.table; the lower-cased class name when not given
  bool abstract = false;
  std::optional<std::string> description;  // Meta.table_description (the table comment)
  std::vector<std::vector<std::string>> unique_together;
  std::vector<std::vector<std::string>> indexes;
  std::vector<std::string> ordering;      // "-created_at" style
  std::vector<std::string> renamed_from;  // earlier class names or tables: the diff renames the table
  std::vector<field_meta> fields;         // inherited first, then declaration order
  const std::type_info* cpp_type = nullptr;  // the struct the model was declared on
  std::unique_ptr<object_list> (*make_list)() = nullptr;

  std::string full_name() const { return app + "." + name; }
  const field_meta* field(std::string_view field_name) const;
  // The field a value is stored through, by its name or its column ("customer" or "customer_id"
  // for a foreign key); nullptr for unknown names and many-to-many relations.
  const field_meta* stored_field(std::string_view name_or_column) const;
  const field_meta& pk() const;
};

// Model-level options, passed to TESTUDO_MODEL after the fields.
struct model_option {
  std::function<void(model_meta&)> apply;
};

namespace declare {
model_option app(std::string label);
model_option table_description(std::string text);
model_option indexes(std::vector<std::vector<std::string>> groups);
model_option unique_together(std::vector<std::vector<std::string>> groups);
model_option ordering(std::vector<std::string> fields);
model_option renamed_from(std::string old_name);
}  // namespace declare

namespace detail {

// Shifts an object pointer from a derived model to its base (mixin) before member access.
template <class Derived, class Base>
class rebased_access final : public field_access {
 public:
  explicit rebased_access(std::shared_ptr<const field_access> base) : base_(std::move(base)) {}
  value get(const void* object) const override {
    return base_->get(static_cast<const Base*>(static_cast<const Derived*>(object)));
  }
  void set(void* object, const value& v) const override {
    base_->set(static_cast<Base*>(static_cast<Derived*>(object)), v);
  }
  void read(void* object, const row_cursor& row, std::size_t column) const override {
    base_->read(static_cast<Base*>(static_cast<Derived*>(object)), row, column);
  }
  const void* address(const void* object) const override {
    return base_->address(static_cast<const Base*>(static_cast<const Derived*>(object)));
  }

 private:
  std::shared_ptr<const field_access> base_;
};

// "ns::User" → "User".
std::string class_name(std::string_view spelled);
// Reads defaults from `initial`, a default-constructed object of the model: default_value()
// takes the member's value; default_value(v) must fit the member (configuration_error naming the
// field otherwise) and, where it differs, marks the initial value an insert replaces. `scratch`
// is another object of the model, for the conversion.
void resolve_defaults(model_meta& meta, const void* initial, void* scratch);
// Completes (default table name) and checks one model on its own: one pk, unique field names,
// valid options. Throws configuration_error naming the model and field.
void check_model(model_meta& meta);

inline void apply_decl(model_meta& meta, field_decl&& decl) { meta.fields.push_back(std::move(decl).meta()); }
inline void apply_decl(model_meta& meta, model_option&& option) { option.apply(meta); }

template <class M>
class typed_object_list final : public object_list {
 public:
  void* append() override { return &items_.emplace_back(); }
  std::size_t size() const noexcept override { return items_.size(); }

 private:
  std::deque<M> items_;
};

template <class M>
model_meta make_model(bool abstract, std::string_view spelled, std::string table, std::vector<field_meta> inherited,
                      auto&&... decls) {
  model_meta meta;
  meta.abstract = abstract;
  meta.name = class_name(spelled);
  meta.table = std::move(table);
  meta.fields = std::move(inherited);
  meta.cpp_type = &typeid(M);
  meta.make_list = [] () -> std::unique_ptr<object_list> { return std::make_unique<typed_object_list<M>>(); };
  (apply_decl(meta, std::forward<decltype(decls)>(decls)), ...);
  const M initial{};
  auto scratch = meta.make_list();
  resolve_defaults(meta, &initial, scratch->append());
  check_model(meta);
  return meta;
}

// The fields of an abstract base, re-pointed at the derived model.
template <class Derived, class Base>
std::vector<field_meta> inherit(const model_meta& base) {
  static_assert(std::is_base_of_v<Base, Derived>, "a model can only extend one of its base classes");
  auto fields = base.fields;
  for (auto& f : fields)
    if (f.access) f.access = std::make_shared<rebased_access<Derived, Base>>(f.access);
  return fields;
}

using meta_function = const model_meta& (*)();
// Called once per model at load time; the registry builds nothing until asked.
bool register_model(meta_function fn);

}  // namespace detail

// Tortoise's names for a many-to-many relation `f` of `owner` to `target`: the through table, its
// column pointing at the owner (backward_key) and at the target (forward_key), and the name of
// the relation seen from the target.
struct m2m_names {
  std::string related_name, forward_key, backward_key, through;
};
m2m_names many_to_many_names(const model_meta& owner, const field_meta& f, const model_meta& target);
// The name a foreign key of `owner` gets on its target when it has no related_name.
std::string default_related_name(const model_meta& owner);

// Every non-abstract model linked into this program (or shared library), in registration order.
std::vector<const model_meta*> registered_models();

}  // namespace testudo

// Declares a model: TESTUDO_MODEL(Type, "table", fields..., options...). Use it at namespace
// scope right after the struct. Inside, the declaration functions (pk, char_field, …) need no
// prefix.
#define TESTUDO_MODEL(Type, Table, ...) TESTUDO_MODEL_IMPL(Type, Table, {}, __VA_ARGS__)

// Like TESTUDO_MODEL for a model that extends the abstract model Base (its fields come first).
#define TESTUDO_MODEL_EXTENDS(Type, Base, Table, ...) \
  TESTUDO_MODEL_IMPL(Type, Table, (::testudo::detail::inherit<Type, Base>(testudo_model_meta(static_cast<const Base*>(nullptr)))), __VA_ARGS__)

// An abstract model (a mixin such as TimestampMixin): fields for others to extend; no table.
#define TESTUDO_ABSTRACT_MODEL(Type, ...)                                                    \
  inline const ::testudo::model_meta& testudo_model_meta(const Type*) {                     \
    static const ::testudo::model_meta meta = [] {                                           \
      using namespace ::testudo::declare;                                                    \
      return ::testudo::detail::make_model<Type>(true, #Type, std::string(), {}, __VA_ARGS__); \
    }();                                                                                     \
    return meta;                                                                             \
  }

#define TESTUDO_MODEL_IMPL(Type, Table, Inherited, ...)                          \
  inline const ::testudo::model_meta& testudo_model_meta(const Type*) {                     \
    static const ::testudo::model_meta meta = [] {                                           \
      using namespace ::testudo::declare;                                                    \
      return ::testudo::detail::make_model<Type>(false, #Type, Table, Inherited, __VA_ARGS__); \
    }();                                                                                     \
    return meta;                                                                             \
  }                                                                                          \
  inline const bool testudo_model_registered_##Type = ::testudo::detail::register_model(     \
      [] () -> const ::testudo::model_meta& { return testudo_model_meta(static_cast<const Type*>(nullptr)); })
