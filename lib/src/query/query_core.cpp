// query_core: queryset building (copy-on-write specs) and running (objects, values, counts,
// updates), plus select_related/prefetch_related.
#include <fmt/format.h>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "model/validation.hpp"
#include "query/compiler.hpp"
#include "query/execute.hpp"
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

// A key as the relation store compares it: integers as they are, anything else by its text.
using object_key = std::variant<std::int64_t, std::string>;
object_key key_of(value v) {
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return to_display(v);
}

// The objects one relation of one model holds, for every owner it was loaded for: one link per
// (model, relation) however many paths or levels reach it, looked up by the owner's key.
struct link {
  relation::kind type;
  const model_meta* target;
  const field_meta* owner_key;  // forward: the key field on the owner; else the owner's pk
  std::unique_ptr<object_list> storage;
  std::unordered_map<object_key, std::vector<const void*>> by_key;
  std::unordered_set<object_key> loaded;  // owner keys whose related objects are in by_key
};

class store_impl final : public relation_store {
 public:
  const std::vector<const void*>& find(const model_meta& owner_meta, const void* owner, std::string_view relation,
                                       const model_meta& expected) const override {
    const link* l = get(owner_meta, relation);
    if (!l)
      throw field_error(fmt::format("{}.{} was not fetched: add it to select_related() or prefetch_related()",
                                    owner_meta.full_name(), relation));
    if (l->target != &expected)
      throw field_error(fmt::format("{}.{} holds {} objects, not {}", owner_meta.full_name(), relation,
                                    l->target->full_name(), expected.full_name()));
    auto found = l->by_key.find(key_of(l->owner_key->access->get(owner)));
    return found == l->by_key.end() ? empty_ : found->second;
  }
  // A query fetches a handful of relations: a linear search beats hashing a name per many()/one().
  link* get(const model_meta& owner_meta, std::string_view relation) const {
    for (const auto& n : links_)
      if (n->owner == &owner_meta && n->relation == relation) return &n->l;
    return nullptr;
  }
  link& add(const model_meta& owner_meta, std::string_view relation, link l) {
    links_.push_back(std::make_unique<named_link>(named_link{&owner_meta, std::string(relation), std::move(l)}));
    return links_.back()->l;
  }
  bool empty() const noexcept { return links_.empty(); }

 private:
  struct named_link {
    const model_meta* owner;
    std::string relation;
    link l;
  };
  std::vector<std::unique_ptr<named_link>> links_;  // unique_ptr: links stay put as more are added
  std::vector<const void*> empty_;
};

// ---- the plan cache ----
// A SELECT whose SQL depends only on the query's shape is compiled once per shape and dialect;
// later runs of that shape only bind their values, as the compiler's steps say (the hot path of
// get(), first(), all(), filters with patterns, ranges and lists, prefetch_related, values()
// and aggregate()).
struct select_plan {
  std::string sql;  // with the dialect's parameter markers
  std::vector<column_reader> readers;
  std::vector<bind_step> steps;
  std::size_t extra_column = 0;
  std::vector<value_kind> kinds;  // of the columns of values() and aggregate()
};

class plan_cache {
 public:
  std::shared_ptr<const select_plan> find(const std::string& key) const {
    std::shared_lock lock(mutex_);
    auto it = plans_.find(key);
    return it == plans_.end() ? nullptr : it->second;
  }
  void add(std::string key, std::shared_ptr<const select_plan> plan) {
    std::unique_lock lock(mutex_);
    if (plans_.size() >= max_plans) plans_.clear();  // a program with this many shapes builds them dynamically
    plans_.emplace(std::move(key), std::move(plan));
  }

 private:
  static constexpr std::size_t max_plans = 2048;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const select_plan>> plans_;
};

plan_cache& plans() {
  static plan_cache cache;
  return cache;
}

// A name in a key, length first: no two lists of names give the same text.
void add_name(std::string& key, std::string_view name) {
  auto size = name.size();
  key.append(reinterpret_cast<const char*>(&size), sizeof size);
  key += name;
}

void shape_of(const q_node& n, bool one_list_parameter, std::string& key);

void shape_of(const expr_node& e, std::string& key) {
  key += static_cast<char>('0' + static_cast<int>(e.type));
  if (e.type == expr_node::kind::literal) key += static_cast<char>('a' + e.literal.index());
  add_name(key, e.path);
  key += e.op;
  if (e.lhs) shape_of(*e.lhs, key);
  if (e.rhs) shape_of(*e.rhs, key);
  if (e.type == expr_node::kind::aggregate) {
    add_name(key, e.function);
    key += e.distinct ? 'D' : '.';
    if (e.filter) shape_of(*e.filter, false, key);
  }
  key += ')';
}

// A list's part of the shape: what its SQL depends on (list_form), plus the type of each value
// bound on its own (a decimal takes a cast on MySQL).
void shape_of(const std::vector<value>& list, bool one_list_parameter, std::string& key) {
  auto form = form_of(list, one_list_parameter);
  key += form.has_null ? 'n' : '.';
  if (form.bound) {
    key += form.integers ? 'I' : 'S';
    return;
  }
  for (const auto& v : list)
    if (!std::holds_alternative<null_t>(v)) key += static_cast<char>('a' + v.index());
}

void shape_of(const q_node& n, bool one_list_parameter, std::string& key) {
  key += static_cast<char>('0' + static_cast<int>(n.type));
  add_name(key, n.path);
  key += n.list ? 'L' : '.';
  if (n.list) shape_of(n.operands, one_list_parameter, key);
  if (n.operand) shape_of(*n.operand, key);
  for (const auto& child : n.children) shape_of(*child, one_list_parameter, key);
  key += ')';
}

// The cache key of a spec and `what` its SELECT reads (objects with extra columns, named values,
// aggregates), or "" when its SELECT is not cached (annotations and related objects need the
// compiler's other outputs).
std::string shape_key(const query_spec& spec, const dialect& d, std::string_view what) {
  if (!spec.annotations.empty() || !spec.select_related.empty() || !spec.group_by.empty()) return {};
  std::string key = fmt::format("{}|{}|{}{}{}{}{}{}|", static_cast<int>(d.kind()), static_cast<const void*>(spec.meta),
                                spec.limit ? 'l' : '.', spec.offset ? 'o' : '.', spec.distinct ? 'd' : '.',
                                spec.for_update ? 'u' : '.', spec.nowait ? 'n' : '.', spec.skip_locked ? 's' : '.');
  for (const auto& w : spec.where) shape_of(*w, spec.one_list_parameter, key);
  for (const auto* names : {&spec.order, &spec.only}) {
    key += '|';
    for (const auto& name : *names) add_name(key, name);
  }
  key += '|';
  key += what;
  return key;
}

// An expression's literals in the order the compiler binds them.
void collect(const expr_node& e, std::vector<value>& out) {
  if (e.type == expr_node::kind::literal) out.push_back(e.literal);
  if (e.lhs) collect(*e.lhs, out);
  if (e.rhs) collect(*e.rhs, out);
}

// The parameters of a spec of a cached shape, bound as the compiler did: each condition (tree
// order) by its step, then limit and offset. False when the steps do not fit the conditions.
bool bind(const q_node& n, const std::vector<bind_step>& steps, std::size_t& next, const dialect& d, std::vector<value>& out) {
  if (n.type != q_node::kind::condition) {
    for (const auto& child : n.children)
      if (!bind(*child, steps, next, d, out)) return false;
    return true;
  }
  if (next == steps.size()) return false;
  const auto& step = steps[next++];
  switch (step.how) {
    case bind_step::rule::operand:
      if (n.operand) collect(*n.operand, out);
      return true;
    case bind_step::rule::none:
      return true;
    case bind_step::rule::items: {
      auto items = listed_values(n.operands);
      out.insert(out.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
      return true;
    }
    case bind_step::rule::bound_list:
      out.emplace_back(d.list_operand(listed_values(n.operands)));
      return true;
    case bind_step::rule::text_pattern: {
      const auto* text = n.operand && n.operand->type == expr_node::kind::literal ? std::get_if<std::string>(&n.operand->literal) : nullptr;
      if (!text) return false;
      out.emplace_back(d.text_operand(*text, step.match, step.ci));
      return true;
    }
  }
  return false;
}

std::optional<std::vector<value>> bind(const query_spec& spec, const std::vector<bind_step>& steps, const dialect& d) {
  std::vector<value> out;
  std::size_t next = 0;
  for (const auto& w : spec.where)
    if (!bind(*w, steps, next, d, out)) return std::nullopt;
  if (next != steps.size()) return std::nullopt;
  if (spec.limit) out.emplace_back(*spec.limit);
  if (spec.offset) out.emplace_back(*spec.offset);
  return out;
}

// What a statement reads, for its cache key.
std::string names_key(char kind, const std::vector<std::string>& names) {
  std::string key(1, kind);
  for (const auto& name : names) add_name(key, name);
  return key;
}

// A SELECT of a spec without related objects: from the cache under `what`, or made by
// `compile(builder, plan)` (which returns the statement and fills the plan's kinds). Cached when
// the statement proved to depend on the shape alone: its steps replayed on the same spec give the
// very parameters the compiler bound.
template <class Compile>
std::pair<std::shared_ptr<const select_plan>, std::vector<value>> planned(const query_spec& spec, database& database,
                                                                          std::string_view what, Compile compile) {
  const auto& d = database.sql_dialect();
  auto key = shape_key(spec, d, what);
  if (!key.empty())
    if (auto plan = plans().find(key))
      if (auto params = bind(spec, plan->steps, d)) return {std::move(plan), std::move(*params)};
  sql_builder builder(spec, database);
  select_plan plan;
  auto st = numbered(compile(builder, plan), d);
  plan.sql = std::move(st.sql);
  plan.readers = builder.readers();
  plan.steps = builder.bind_steps();
  plan.extra_column = builder.extra_column();
  auto shared = std::make_shared<const select_plan>(std::move(plan));
  if (!key.empty() && !builder.value_dependent() && bind(spec, shared->steps, d) == st.params) plans().add(std::move(key), shared);
  return {std::move(shared), std::move(st.params)};
}

// The objects' SELECT of a spec (plus `extra` value paths).
std::pair<std::shared_ptr<const select_plan>, std::vector<value>> plan_select(const query_spec& spec, database& database,
                                                                              const std::vector<std::string>& extra = {}) {
  return planned(spec, database, names_key('O', extra), [&](sql_builder& b, select_plan&) { return b.select_objects(extra); });
}

// The SELECT of named values of a spec.
std::pair<std::shared_ptr<const select_plan>, std::vector<value>> plan_values(const query_spec& spec, database& database,
                                                                              const std::vector<std::string>& names) {
  return planned(spec, database, names_key('V', names),
                 [&](sql_builder& b, select_plan& plan) { return b.select_values(names, plan.kinds); });
}

// Prefetch chunks: keys per IN (...) stay under every backend's parameter limit.
constexpr std::size_t prefetch_chunk = 10000;

link new_link(const relation& rel) {
  return link{rel.type, rel.to, rel.type == relation::kind::forward ? rel.key : &rel.from->pk(), rel.to->make_list(), {}, {}};
}

// The keys of `owners` (null keys left out), as values and as `link::by_key` holds them.
std::pair<std::vector<value>, std::vector<object_key>> owner_keys(const link& l, const std::vector<const void*>& owners) {
  std::pair<std::vector<value>, std::vector<object_key>> out;
  for (const void* owner : owners) {
    auto k = l.owner_key->access->get(owner);
    if (std::holds_alternative<null_t>(k)) continue;
    out.second.push_back(key_of(k));
    out.first.push_back(std::move(k));
  }
  return out;
}

// One level of a prefetch path: loads into `l` the related objects of those `owners` it holds
// none for yet (one query per chunk of keys; none when an earlier path or level loaded them all),
// and returns the related objects of all `owners`, each once: the owners of the next level.
std::vector<const void*> fetch_level(database& db, const relation& rel, link& l, const std::vector<const void*>& owners) {
  auto [values, owner_ids] = owner_keys(l, owners);
  std::vector<value> keys;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (l.loaded.insert(owner_ids[i]).second) keys.push_back(std::move(values[i]));
  for (std::size_t start = 0; start < keys.size(); start += prefetch_chunk) {
    std::vector<value> chunk(keys.begin() + static_cast<std::ptrdiff_t>(start),
                             keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), start + prefetch_chunk)));
    query_spec spec;
    spec.meta = rel.to;
    spec.db = &db;
    spec.one_list_parameter = true;
    std::string back;  // the column that says which owner a row belongs to
    switch (rel.type) {
      case relation::kind::forward: back = rel.to->pk().name; break;
      case relation::kind::reverse: back = rel.key->name; break;
      case relation::kind::m2m: back = rel.back_name; break;
    }
    spec.where.push_back(q(back + "__in", chunk).node());
    spec.order = {rel.to->pk().name};
    if (!rel.to->ordering.empty()) spec.order = rel.to->ordering;
    auto [plan, params] = plan_select(spec, db, {back});
    database::lease conn(db);
    auto rows = run_numbered(db, *conn, plan->sql, params);
    const auto key_kind = value_kind{};
    while (rows->next()) {
      void* obj = l.storage->append();
      fill_object(obj, *rows, plan->readers);
      l.by_key[key_of(read_value(*rows, plan->extra_column, key_kind))].push_back(obj);
    }
  }
  std::vector<const void*> reached;
  std::unordered_set<const void*> seen;
  for (const auto& id : owner_ids)
    if (auto it = l.by_key.find(id); it != l.by_key.end())
      for (const void* obj : it->second)
        if (seen.insert(obj).second) reached.push_back(obj);
  return reached;
}

void prefetch(database& db, store_impl& store, const model_meta& meta, const std::vector<const void*>& objects,
              const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    const model_meta* owner_meta = &meta;
    std::vector<const void*> owners = objects;
    for (const auto& part : split_path(path)) {
      auto rel = find_relation(*owner_meta, part);
      if (!rel) throw field_error(fmt::format("prefetch_related('{}'): {} has no relation '{}'", path, owner_meta->full_name(), part));
      link* l = store.get(*owner_meta, part);
      if (!l) l = &store.add(*owner_meta, part, new_link(*rel));
      owners = fetch_level(db, *rel, *l, owners);
      owner_meta = rel->to;
    }
  }
}

// select_related: one link per joined relation, made before the rows are read.
std::vector<link*> joined_links(store_impl& store, const sql_builder& builder) {
  std::vector<link*> links;
  for (const auto& j : builder.joined()) {
    link* l = store.get(*j.owner_meta, j.relation);
    if (!l) l = &store.add(*j.owner_meta, j.relation, link{relation::kind::forward, j.meta, j.key, j.meta->make_list(), {}, {}});
    links.push_back(l);
  }
  return links;
}

// The joined objects of one row, each stored once per key.
void keep_joined(const std::vector<link*>& links, const sql_builder& builder, const row_cursor& row, const void* main_object) {
  std::vector<const void*> owners(links.size(), nullptr);
  for (std::size_t i = 0; i < links.size(); ++i) {
    const auto& j = builder.joined()[i];
    const void* owner = j.owner < 0 ? main_object : owners[static_cast<std::size_t>(j.owner)];
    if (!owner || row.is_null(j.pk_column)) continue;
    auto key = key_of(j.key->access->get(owner));
    auto& bucket = links[i]->by_key[key];
    if (bucket.empty()) {
      void* obj = links[i]->storage->append();
      fill_object(obj, row, j.readers);
      bucket.push_back(obj);
      links[i]->loaded.insert(std::move(key));  // a later prefetch through this relation need not load it
    }
    owners[i] = bucket.front();
  }
}

// The objects of a spec into `sink`, with what select_related/prefetch_related fetch.
std::shared_ptr<const relation_store> fetch_objects(const query_spec& spec, database& database, object_sink& sink) {
  check_lock(spec, database);
  // Only queries with related objects need a store (not made for the plain get() and all()).
  auto store = spec.select_related.empty() && spec.prefetch.empty() ? nullptr : std::make_shared<store_impl>();
  if (spec.select_related.empty()) {
    auto [plan, params] = plan_select(spec, database);
    database::lease conn(database);
    auto rows = run_numbered(database, *conn, plan->sql, params);
    while (rows->next()) fill_object(sink.append(), *rows, plan->readers);
  } else {
    sql_builder builder(spec, database);
    auto st = builder.select_objects();
    auto links = joined_links(*store, builder);
    database::lease conn(database);
    auto rows = run_query(database, *conn, st);
    while (rows->next()) {
      void* obj = sink.append();
      fill_object(obj, *rows, builder.readers());
      keep_joined(links, builder, *rows, obj);
    }
  }
  if (!spec.prefetch.empty()) {
    std::vector<const void*> objects;
    for (std::size_t i = 0; i < sink.size(); ++i) objects.push_back(sink.at(i));
    prefetch(database, *store, *spec.meta, objects, spec.prefetch);
  }
  if (!store || store->empty()) return nullptr;
  return store;
}

// ---- iteration ----
// A loop over a queryset reads it in chunks: the first of `first_chunk` objects, each next one
// twice as big up to `largest_chunk` (a short loop reads little, a long one runs few queries;
// MySQL in particular pays a round trip and its pipeline's restart per chunk). Each chunk is one
// SELECT read to its end before its first object is handed out, so no result stays open between
// rows: the loop may run queries on the same connection (MySQL could not while a result streams)
// and a pooled connection goes back to the pool between chunks. The chunks follow the query's
// order, then the primary key (so the order is total), and each starts after the previous one's
// last object: by its values of those fields (keyset) when they all are fields of the model,
// else by OFFSET (ordering through a relation or by an annotation).
constexpr std::int64_t first_chunk = 1000, largest_chunk = 8000;

struct sort_key {
  const field_meta* field;
  bool descending;
};

// The order of an iteration: the query's (or Meta.ordering), then the primary key.
std::vector<std::string> total_order(const query_spec& spec) {
  auto order = spec.order.empty() ? spec.meta->ordering : spec.order;
  const auto& pk = spec.meta->pk();
  for (const auto& term : order) {
    auto name = std::string_view(term).substr(term.starts_with('-') ? 1 : 0);
    if (name == "pk" || spec.meta->stored_field(name) == &pk) return order;
  }
  order.push_back(pk.name);
  return order;
}

// The fields of `order`; nullopt when one is not a field of the model.
std::optional<std::vector<sort_key>> keyset_of(const model_meta& meta, const std::vector<std::string>& order) {
  std::vector<sort_key> keys;
  for (const auto& term : order) {
    bool descending = term.starts_with('-');
    auto name = std::string_view(term).substr(descending ? 1 : 0);
    const field_meta* f = name == "pk" ? &meta.pk() : meta.stored_field(name);
    if (!f) return std::nullopt;
    keys.push_back({f, descending});
  }
  return keys;
}

// The rows that come after the object `last` in the order of `keys`, NULLs placed where the
// database sorts them: (k1 after v1) OR (k1 = v1 AND k2 after v2) OR ...
q after(const std::vector<sort_key>& keys, const void* last, bool nulls_sort_first) {
  q out, equal_so_far;
  for (const auto& k : keys) {
    auto path = k.field->is_relation() ? k.field->column() : k.field->name;
    auto v = k.field->access->get(last);
    bool is_null = std::holds_alternative<null_t>(v);
    bool nulls_before = nulls_sort_first != k.descending;  // NULLs lead in this term's direction
    q beyond;
    if (!is_null) {
      beyond = q(path + (k.descending ? "__lt" : "__gt"), v);
      if (!nulls_before && k.field->null) beyond = beyond | q(path + "__isnull", true);
    } else if (nulls_before) {
      beyond = q(path + "__isnull", false);
    }
    if (!beyond.empty()) out = out | (equal_so_far & beyond);
    equal_so_far = equal_so_far & (is_null ? q(path + "__isnull", true) : q(path, v));
  }
  return out;
}

// Where one chunk's objects live. The next chunk is read into the same objects (as a single
// object was reused row by row before chunks): their strings keep their buffers, which saves
// about half an allocation per row.
class chunk_sink final : public object_sink {
 public:
  explicit chunk_sink(const model_meta& meta) : storage_(meta.make_list()) {}
  void* append() override {
    if (used_ == items_.size()) items_.push_back(storage_->append());
    return items_[used_++];
  }
  void* at(std::size_t index) override { return items_[index]; }
  std::size_t size() const noexcept override { return used_; }
  void clear() noexcept { used_ = 0; }

 private:
  std::unique_ptr<object_list> storage_;
  std::vector<void*> items_;
  std::size_t used_ = 0;
};

class chunked_stream final : public object_stream {
 public:
  chunked_stream(const query_spec& spec, database& db)
      : base_(spec), db_(db), keys_(keyset_of(*spec.meta, total_order(spec))), remaining_(spec.limit),
        offset_(spec.offset.value_or(0)), chunk_(*spec.meta) {
    base_.order = total_order(spec);
    base_.limit.reset();
    base_.offset.reset();
  }
  const void* next() override {
    if (pos_ == chunk_.size()) {
      if (done_) return nullptr;
      load();
      if (chunk_.size() == 0) return nullptr;
    }
    return chunk_.at(pos_++);
  }

 private:
  void load() {
    auto spec = base_;
    std::int64_t n = remaining_ ? std::min(size_, *remaining_) : size_;
    size_ = std::min(2 * size_, largest_chunk);
    if (read_ > 0 && keys_)  // the key values are copied into the condition before the objects are reused
      spec.where.push_back(after(*keys_, chunk_.at(chunk_.size() - 1), db_.sql_dialect().nulls_sort_first()).node());
    else if (offset_ + (keys_ ? 0 : read_) > 0)
      spec.offset = offset_ + (keys_ ? 0 : read_);
    spec.limit = n;
    chunk_.clear();
    pos_ = 0;
    if (n > 0) fetch_objects(spec, db_, chunk_);
    auto got = static_cast<std::int64_t>(chunk_.size());
    read_ += got;
    if (remaining_) *remaining_ -= got;
    done_ = got < n || n == 0;
  }

  query_spec base_;  // the query in its total order, without its window
  database& db_;
  std::optional<std::vector<sort_key>> keys_;
  std::optional<std::int64_t> remaining_;  // rows the query's limit still allows
  std::int64_t offset_, read_ = 0;
  std::int64_t size_ = first_chunk;  // of the next chunk
  chunk_sink chunk_;
  std::size_t pos_ = 0;
  bool done_ = false;
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
  auto st = sql_builder(*spec_, database).count();
  database::lease conn(database);
  auto rows = run_query(database, *conn, st);
  return rows->next() ? rows->get_int64(0) : 0;
}

bool query_core::exists() const {
  auto& database = db();
  auto st = sql_builder(*spec_, database).exists();
  database::lease conn(database);
  return run_query(database, *conn, st)->next();
}

namespace {
std::vector<std::string> default_value_names(const model_meta& meta) {
  std::vector<std::string> names;
  for (const auto& f : meta.fields)
    if (f.access) names.push_back(f.is_relation() ? f.column() : f.name);
  return names;
}
}  // namespace

std::vector<std::vector<value>> query_core::values_list(const std::vector<std::string>& fields) const {
  auto& database = db();
  auto [plan, params] = plan_values(*spec_, database, fields.empty() ? default_value_names(*spec_->meta) : fields);
  const auto& kinds = plan->kinds;
  database::lease conn(database);
  auto rows = run_numbered(database, *conn, plan->sql, params);
  std::vector<std::vector<value>> out;
  while (rows->next()) {
    auto& row = out.emplace_back();
    row.reserve(kinds.size());
    for (std::size_t c = 0; c < kinds.size(); ++c) row.push_back(read_value(*rows, c, kinds[c]));
  }
  return out;
}

void query_core::read_fields(const std::vector<std::string>& fields, void* scratch, void (*row_done)(void*), void* context) const {
  auto& database = db();
  std::vector<column_reader> readers;
  for (const auto& name : fields) {
    const auto* f = spec_->meta->stored_field(name);
    if (!f) throw field_error(fmt::format("values_list(): {} has no stored field '{}'", spec_->meta->full_name(), name));
    readers.push_back({f->access.get(), readers.size(), kind_of(*f).decimal_places});
  }
  auto [plan, params] = plan_values(*spec_, database, fields);
  database::lease conn(database);
  auto rows = run_numbered(database, *conn, plan->sql, params);
  while (rows->next()) {
    fill_object(scratch, *rows, readers);
    row_done(context);
  }
}

std::vector<value> query_core::values_flat(const std::string& field) const {
  auto& database = db();
  auto [plan, params] = plan_values(*spec_, database, {field});
  database::lease conn(database);
  auto rows = run_numbered(database, *conn, plan->sql, params);
  std::vector<value> out;
  while (rows->next()) out.push_back(read_value(*rows, 0, plan->kinds.front()));
  return out;
}

std::vector<record> query_core::values(const std::vector<std::string>& fields) const {
  auto names = std::make_shared<const std::vector<std::string>>(fields.empty() ? default_value_names(*spec_->meta) : fields);
  std::vector<record> out;
  for (auto& row : values_list(*names)) out.emplace_back(names, std::move(row));
  return out;
}

record query_core::aggregate(const std::vector<named_expr>& aggregates) const {
  auto& database = db();
  std::string what(1, 'A');
  for (const auto& a : aggregates) shape_of(*a.e.node(), what);
  auto [plan, params] = planned(*spec_, database, what,
                                [&](sql_builder& b, select_plan& p) { return b.select_aggregate(aggregates, p.kinds); });
  const auto& kinds = plan->kinds;
  database::lease conn(database);
  auto rows = run_numbered(database, *conn, plan->sql, params);
  auto names = std::make_shared<std::vector<std::string>>();
  std::vector<value> values;
  bool has_row = rows->next();
  for (std::size_t c = 0; c < aggregates.size(); ++c) {
    names->push_back(aggregates[c].name);
    values.push_back(has_row ? read_value(*rows, c, kinds[c]) : value{null});
  }
  return record(std::move(names), std::move(values));
}

namespace {
// Plain values are converted and validated as save() would (Tortoise validates every value of an
// update); an expression (F, arithmetic) has its value only in the database, which checks it.
std::vector<named_expr> checked_assignments(const model_meta& meta, const std::vector<named_expr>& assignments) {
  std::vector<named_expr> out;
  out.reserve(assignments.size());
  for (const auto& a : assignments) {
    const field_meta* f = meta.stored_field(a.name);
    if (f && a.e.node()->type == expr_node::kind::literal)
      out.push_back({a.name, expr(checked_value(meta, *f, a.e.node()->literal))});
    else
      out.push_back(a);  // unknown names are the compiler's to refuse
  }
  return out;
}
}  // namespace

std::int64_t query_core::update(const std::vector<named_expr>& assignments) const {
  auto& database = db(access::write);
  auto st = sql_builder(*spec_, database).update(checked_assignments(*spec_->meta, assignments));
  database::lease conn(database);
  return run_execute(database, *conn, st);
}

std::int64_t query_core::remove() const {
  auto& database = db(access::write);
  auto st = sql_builder(*spec_, database).remove();
  database::lease conn(database);
  return run_execute(database, *conn, st);
}

std::string query_core::sql() const {
  auto& database = db();
  return numbered(sql_builder(*spec_, database).select_objects(), database.sql_dialect()).sql;
}

std::string query_core::explain() const {
  auto& database = db();
  auto st = sql_builder(*spec_, database).select_objects();
  st.sql = database.sql_dialect().explain_prefix() + st.sql;
  database::lease conn(database);
  auto rows = run_query(database, *conn, st);
  std::string out;
  while (rows->next()) {
    std::string line;
    for (std::size_t c = 0; c < rows->column_count(); ++c)
      if (!rows->is_null(c)) line += (line.empty() ? "" : " ") + std::string(rows->get_text(c));
    out += line + "\n";
  }
  return out;
}

void throw_get_error(const model_meta& meta, std::size_t found, const query_core& core) {
  if (found == 0) throw does_not_exist(fmt::format("{}: no object matches the query ({})", meta.full_name(), core.sql()));
  throw multiple_objects_returned(fmt::format("{}: more than one object matches the query ({})", meta.full_name(), core.sql()));
}

}  // namespace detail
}  // namespace testudo
