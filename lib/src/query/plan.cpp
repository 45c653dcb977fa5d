// The pure halves of the query terminals (see plan.hpp): the plan cache, statements prepared from
// specs, rows turned into results, and prefetch_related's levels.
#include "query/plan.hpp"

#include <utility>

#include <fmt/format.h>
#include <optional>
#include <shared_mutex>

#include "model/validation.hpp"
#include "query/execute.hpp"
#include "testudo/errors.hpp"

namespace testudo::detail {

object_key key_of(value v) {
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return to_display(v);
}

const std::vector<const void*>& store_impl::find(const model_meta& owner_meta, const void* owner, std::string_view relation,
                                                 const model_meta& expected) const {
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

link& store_impl::add(const model_meta& owner_meta, std::string_view relation, link l) {
  links_.push_back(std::make_unique<named_link>(named_link{&owner_meta, std::string(relation), std::move(l)}));
  return links_.back()->l;
}

namespace {

// ---- the plan cache ----
// A SELECT whose SQL depends only on the query's shape is compiled once per shape and dialect;
// later runs of that shape only bind their values, as the compiler's steps say (the hot path of
// get(), first(), all(), filters with patterns, ranges and lists, prefetch_related, values()
// and aggregate()).
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

void shape_of(const q_node& n, list_style style, std::string& key);

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
    if (e.filter) shape_of(*e.filter, list_style::each, key);
  }
  key += ')';
}

// A list's part of the shape: what its SQL depends on (list_form), plus the type of each value
// bound on its own (a decimal takes a cast on MySQL).
void shape_of(const std::vector<value>& list, list_style style, std::string& key) {
  auto form = form_of(list, style);
  key += form.has_null ? 'n' : '.';
  if (form.bound) {
    key += form.integers ? 'I' : 'S';
    return;
  }
  if (form.padded && form.uniform) {  // the count of parameters, not of keys
    key += fmt::format("{}{};", form.integers ? 'I' : 'S', form.slots());
    return;
  }
  if (form.padded) key += fmt::format("P{};", form.slots());
  for (const auto& v : list)
    if (!std::holds_alternative<null_t>(v)) key += static_cast<char>('a' + v.index());
}

void shape_of(const q_node& n, list_style style, std::string& key) {
  key += static_cast<char>('0' + static_cast<int>(n.type));
  add_name(key, n.path);
  key += n.list ? 'L' : '.';
  if (n.list) shape_of(n.operands, style, key);
  if (n.operand) shape_of(*n.operand, key);
  for (const auto& child : n.children) shape_of(*child, style, key);
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
  for (const auto& w : spec.where) shape_of(*w, style_of(spec, d), key);
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
    case bind_step::rule::items:
    case bind_step::rule::padded_items: {
      auto items = listed_values(n.operands);
      auto slots = step.how == bind_step::rule::padded_items ? std::bit_ceil(items.size()) : items.size();
      if (!items.empty() && slots > items.size()) items.resize(slots, value(items.back()));  // a copy: resize may move
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

// A SELECT of a spec: from the cache under `what`, or made by `compile(builder, plan)` (which
// returns the statement and fills the plan's kinds). Cached when the statement proved to depend on
// the shape alone: its steps replayed on the same spec give the very parameters the compiler bound.
template <class Compile>
prepared_select planned(const query_spec& spec, const dialect& d, decimal_storage& decimals, std::string_view what,
                        Compile compile) {
  auto key = shape_key(spec, d, what);
  if (!key.empty())
    if (auto plan = plans().find(key))
      if (auto params = bind(spec, plan->steps, d)) return {std::move(plan), std::move(*params)};
  sql_builder builder(spec, d, decimals);
  select_plan plan;
  auto st = numbered(compile(builder, plan), d);
  plan.sql = std::move(st.sql);
  plan.readers = builder.readers();
  plan.steps = builder.bind_steps();
  plan.extra_column = builder.extra_column();
  plan.joined = builder.joined();
  auto shared = std::make_shared<const select_plan>(std::move(plan));
  if (!key.empty() && !builder.value_dependent() && bind(spec, shared->steps, d) == st.params) plans().add(std::move(key), shared);
  return {std::move(shared), std::move(st.params)};
}

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

// select_related: one link per joined relation, made before the rows are read.
std::vector<link*> joined_links(store_impl& store, const std::vector<joined_relation>& joined) {
  std::vector<link*> links;
  for (const auto& j : joined) {
    link* l = store.get(*j.owner_meta, j.relation);
    if (!l) l = &store.add(*j.owner_meta, j.relation, link{relation::kind::forward, j.meta, j.key, j.meta->make_list(), {}, {}});
    links.push_back(l);
  }
  return links;
}

// The joined objects of one row, each stored once per key.
void keep_joined(const std::vector<link*>& links, const std::vector<joined_relation>& joined, const row_cursor& row,
                 const void* main_object) {
  std::vector<const void*> owners(links.size(), nullptr);
  for (std::size_t i = 0; i < links.size(); ++i) {
    const auto& j = joined[i];
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

link new_link(const relation& rel) {
  return link{rel.type, rel.to, rel.type == relation::kind::forward ? rel.key : &rel.from->pk(), rel.to->make_list(), {}, {}};
}

}  // namespace

// ---- preparing ----

prepared_select prepare_objects(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                                const std::vector<std::string>& extra) {
  return planned(spec, d, decimals, names_key('O', extra), [&](sql_builder& b, select_plan&) { return b.select_objects(extra); });
}

prepared_select prepare_values(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                               const std::vector<std::string>& names) {
  return planned(spec, d, decimals, names_key('V', names),
                 [&](sql_builder& b, select_plan& plan) { return b.select_values(names, plan.kinds); });
}

prepared_select prepare_aggregate(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                                  const std::vector<named_expr>& aggregates) {
  std::string what(1, 'A');
  for (const auto& a : aggregates) shape_of(*a.e.node(), what);
  return planned(spec, d, decimals, what,
                 [&](sql_builder& b, select_plan& p) { return b.select_aggregate(aggregates, p.kinds); });
}

statement prepare_count(const query_spec& spec, const dialect& d, decimal_storage& decimals) {
  return numbered(sql_builder(spec, d, decimals).count(), d);
}

statement prepare_exists(const query_spec& spec, const dialect& d, decimal_storage& decimals) {
  return numbered(sql_builder(spec, d, decimals).exists(), d);
}

statement prepare_update(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                         const std::vector<named_expr>& assignments) {
  return numbered(sql_builder(spec, d, decimals).update(checked_assignments(*spec.meta, assignments)), d);
}

statement prepare_remove(const query_spec& spec, const dialect& d, decimal_storage& decimals) {
  return numbered(sql_builder(spec, d, decimals).remove(), d);
}

statement prepare_explain(const query_spec& spec, const dialect& d, decimal_storage& decimals) {
  auto st = sql_builder(spec, d, decimals).select_objects();
  st.sql = d.explain_prefix() + st.sql;
  return numbered(std::move(st), d);
}

std::string prepare_sql(const query_spec& spec, const dialect& d, decimal_storage& decimals) {
  return numbered(sql_builder(spec, d, decimals).select_objects(), d).sql;
}

std::vector<std::string> default_value_names(const model_meta& meta) {
  std::vector<std::string> names;
  for (const auto& f : meta.fields)
    if (f.access) names.push_back(f.is_relation() ? f.column() : f.name);
  return names;
}

std::vector<column_reader> field_readers(const model_meta& meta, const std::vector<std::string>& fields) {
  std::vector<column_reader> readers;
  for (const auto& name : fields) {
    const auto* f = meta.stored_field(name);
    if (!f) throw field_error(fmt::format("values_list(): {} has no stored field '{}'", meta.full_name(), name));
    readers.push_back({f->access.get(), readers.size(), kind_of(*f).decimal_places});
  }
  return readers;
}

// ---- finishing ----

void finish_objects(row_cursor& rows, const select_plan& plan, object_sink& sink, store_impl* store) {
  if (plan.joined.empty()) {
    while (rows.next()) fill_object(sink.append(), rows, plan.readers);
    return;
  }
  auto links = joined_links(*store, plan.joined);
  while (rows.next()) {
    void* obj = sink.append();
    fill_object(obj, rows, plan.readers);
    keep_joined(links, plan.joined, rows, obj);
  }
}

std::int64_t finish_count(row_cursor& rows) { return rows.next() ? rows.get_int64(0) : 0; }

bool finish_exists(row_cursor& rows) { return rows.next(); }

std::vector<std::vector<value>> finish_values(row_cursor& rows, const select_plan& plan) {
  const auto& kinds = plan.kinds;
  std::vector<std::vector<value>> out;
  while (rows.next()) {
    auto& row = out.emplace_back();
    row.reserve(kinds.size());
    for (std::size_t c = 0; c < kinds.size(); ++c) row.push_back(read_value(rows, c, kinds[c]));
  }
  return out;
}

std::vector<value> finish_flat(row_cursor& rows, const select_plan& plan) {
  std::vector<value> out;
  while (rows.next()) out.push_back(read_value(rows, 0, plan.kinds.front()));
  return out;
}

void finish_fields(row_cursor& rows, const std::vector<column_reader>& readers, void* scratch, void (*row_done)(void*),
                   void* context) {
  while (rows.next()) {
    fill_object(scratch, rows, readers);
    row_done(context);
  }
}

record finish_aggregate(row_cursor& rows, const select_plan& plan, const std::vector<named_expr>& aggregates) {
  auto names = std::make_shared<std::vector<std::string>>();
  std::vector<value> values;
  bool has_row = rows.next();
  for (std::size_t c = 0; c < aggregates.size(); ++c) {
    names->push_back(aggregates[c].name);
    values.push_back(has_row ? read_value(rows, c, plan.kinds[c]) : value{null});
  }
  return record(std::move(names), std::move(values));
}

std::string finish_explain(row_cursor& rows) {
  std::string out;
  while (rows.next()) {
    std::string line;
    for (std::size_t c = 0; c < rows.column_count(); ++c)
      if (!rows.is_null(c)) line += (line.empty() ? "" : " ") + std::string(rows.get_text(c));
    out += line + "\n";
  }
  return out;
}

// ---- prefetch_related ----

prefetch_level prefetch_step(store_impl& store, const model_meta& owner_meta, std::string_view path, std::string_view part) {
  auto rel = find_relation(owner_meta, part);
  if (!rel) throw field_error(fmt::format("prefetch_related('{}'): {} has no relation '{}'", path, owner_meta.full_name(), part));
  link* l = store.get(owner_meta, part);
  if (!l) l = &store.add(owner_meta, part, new_link(*rel));
  return {std::move(*rel), l};
}

level_keys prefetch_keys(link& l, const std::vector<const void*>& owners) {
  level_keys out;
  for (const void* owner : owners) {
    auto k = l.owner_key->access->get(owner);
    if (std::holds_alternative<null_t>(k)) continue;
    auto id = key_of(k);
    if (l.loaded.insert(id).second) out.to_load.push_back(std::move(k));
    out.owner_ids.push_back(std::move(id));
  }
  return out;
}

prepared_select prepare_prefetch(const relation& rel, const dialect& d, decimal_storage& decimals, std::span<const value> keys) {
  query_spec spec;
  spec.meta = rel.to;
  spec.one_list_parameter = true;
  std::string back;  // the column that says which owner a row belongs to
  switch (rel.type) {
    case relation::kind::forward: back = rel.to->pk().name; break;
    case relation::kind::reverse: back = rel.key->name; break;
    case relation::kind::m2m: back = rel.back_name; break;
  }
  spec.where.push_back(q(back + "__in", std::vector<value>(keys.begin(), keys.end())).node());
  spec.order = {rel.to->pk().name};
  if (!rel.to->ordering.empty()) spec.order = rel.to->ordering;
  return prepare_objects(spec, d, decimals, {back});
}

void finish_prefetch(row_cursor& rows, const select_plan& plan, link& l) {
  const auto key_kind = value_kind{};
  while (rows.next()) {
    void* obj = l.storage->append();
    fill_object(obj, rows, plan.readers);
    l.by_key[key_of(read_value(rows, plan.extra_column, key_kind))].push_back(obj);
  }
}

std::vector<const void*> prefetch_reached(const link& l, const std::vector<object_key>& owner_ids) {
  std::vector<const void*> reached;
  std::unordered_set<const void*> seen;
  for (const auto& id : owner_ids)
    if (auto it = l.by_key.find(id); it != l.by_key.end())
      for (const void* obj : it->second)
        if (seen.insert(obj).second) reached.push_back(obj);
  return reached;
}

namespace {

// ---- iteration ----
// A loop over a queryset reads it in chunks (where the dialect does not stream it, and after a
// stream was cut): the first of `first_chunk` objects, each next one twice as big up to
// `largest_chunk` (a short loop reads little, a long one runs few queries). Each chunk is one SELECT
// read to its end before its first object is handed out, so no result stays open between rows: the
// loop may run queries on the same connection, and a pooled connection goes back to the pool between
// chunks. The chunks follow the query's order, then the primary key (so the order is total), and
// each starts after the previous one's last object: by its values of those fields (keyset) when
// they all are fields of the model, else by OFFSET (ordering through a relation or by an annotation).
constexpr std::int64_t first_chunk = 1000, largest_chunk = 8000;
// A streamed loop (MySQL) reads windows of 10,000 rows, then twice as many up to 160,000: few
// statements (each restarts the server's sending), and a loop left early makes the client read
// and drop at most the rest of its window.
constexpr std::int64_t first_stream_window = 10'000, largest_stream_window = 160'000;

using sort_key = chunk_window::sort_key;

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

}  // namespace

chunk_window::chunk_window(const query_spec& spec)
    : base_(spec), keys_(keyset_of(*spec.meta, total_order(spec))), remaining_(spec.limit), offset_(spec.offset.value_or(0)),
      size_(first_chunk), stream_size_(first_stream_window) {
  base_.order = total_order(spec);
  base_.limit.reset();
  base_.offset.reset();
}

query_spec chunk_window::continued() const {
  auto spec = base_;
  if (after_last_)
    spec.where.push_back(after_last_->node());
  else if (offset_ + (keys_ ? 0 : read_) > 0)
    spec.offset = offset_ + (keys_ ? 0 : read_);
  return spec;
}

std::optional<query_spec> chunk_window::next() {
  if (done_) return std::nullopt;
  asked_ = remaining_ ? std::min(size_, *remaining_) : size_;
  size_ = std::min(2 * size_, largest_chunk);
  if (asked_ == 0) {
    done_ = true;
    return std::nullopt;
  }
  auto spec = continued();
  spec.limit = asked_;
  return spec;
}

std::optional<chunk_window::stream_window> chunk_window::next_stream() {
  auto size = std::exchange(stream_size_, std::min(2 * stream_size_, largest_stream_window));
  if (remaining_ && *remaining_ <= size) {  // the last window: no need to look beyond it
    if (*remaining_ == 0) return std::nullopt;
    auto spec = continued();
    spec.limit = *remaining_;
    return stream_window{std::move(spec), *remaining_, false};
  }
  auto spec = continued();
  spec.limit = size + 1;
  return stream_window{std::move(spec), size, true};
}

void chunk_window::read(std::size_t got, const void* last, bool nulls_sort_first) {
  advance(got, last, nulls_sort_first);
  done_ = static_cast<std::int64_t>(got) < asked_;
}

void chunk_window::streamed(std::size_t got, const void* last, bool nulls_sort_first) {
  advance(got, last, nulls_sort_first);
}

void chunk_window::advance(std::size_t got, const void* last, bool nulls_sort_first) {
  auto n = static_cast<std::int64_t>(got);
  read_ += n;
  if (remaining_) *remaining_ -= n;
  if (n > 0 && keys_) after_last_ = after(*keys_, last, nulls_sort_first);
}

}  // namespace testudo::detail
