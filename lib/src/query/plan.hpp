// Internal: every query terminal in two pure halves around its statement's run, shared by the sync
// terminals (query_core.cpp) and an awaitable twin:
// - prepare_*: spec → statement text with the dialect's markers, bound parameters and how to read
//   the rows. No connection, no I/O: decimal storage comes from a decimal_storage, which the caller
//   confirms on the connection before running the statement (and prepares again if that fails).
// - finish_*: the rows (or the affected-row count) → the result.
// Plus the relation store that select_related and prefetch_related fill, and prefetch's levels.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "query/compiler.hpp"

namespace testudo::detail {

// ---- the relation store ----

// A key as the relation store compares it: integers as they are, anything else by its text.
using object_key = std::variant<std::int64_t, std::string>;
object_key key_of(value v);

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
                                       const model_meta& expected) const override;
  // A query fetches a handful of relations: a linear search beats hashing a name per many()/one().
  link* get(const model_meta& owner_meta, std::string_view relation) const {
    for (const auto& n : links_)
      if (n->owner == &owner_meta && n->relation == relation) return &n->l;
    return nullptr;
  }
  link& add(const model_meta& owner_meta, std::string_view relation, link l);
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

// ---- prepared statements ----

// A SELECT and how its rows are read. One whose SQL depends on the query's shape only is compiled
// once per shape and dialect (the plan cache); later runs of that shape only bind their values.
struct select_plan {
  std::string sql;  // with the dialect's parameter markers
  std::vector<column_reader> readers;
  std::vector<bind_step> steps;
  std::size_t extra_column = 0;
  std::vector<value_kind> kinds;        // of the columns of values() and aggregate()
  std::vector<joined_relation> joined;  // select_related (never cached)
};

// A SELECT ready to run: its plan (shared with the cache) and this run's parameters. The plan's SQL
// runs as it is, without a copy (run_numbered over a view and a span).
struct prepared_select {
  std::shared_ptr<const select_plan> plan;
  std::vector<value> params;
};

// The objects of a spec, with select_related's joins (plus `extra` value paths).
prepared_select prepare_objects(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                                const std::vector<std::string>& extra = {});
// Named values (fields, relation paths, annotations); plan->kinds says how to read each column.
prepared_select prepare_values(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                               const std::vector<std::string>& names);
prepared_select prepare_aggregate(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                                  const std::vector<named_expr>& aggregates);
// The other statements, numbered (the dialect's markers).
statement prepare_count(const query_spec& spec, const dialect& d, decimal_storage& decimals);
statement prepare_exists(const query_spec& spec, const dialect& d, decimal_storage& decimals);
// Plain values of `assignments` are converted and validated as save() would.
statement prepare_update(const query_spec& spec, const dialect& d, decimal_storage& decimals,
                         const std::vector<named_expr>& assignments);
statement prepare_remove(const query_spec& spec, const dialect& d, decimal_storage& decimals);
statement prepare_explain(const query_spec& spec, const dialect& d, decimal_storage& decimals);
// The objects' SELECT as sql() shows it.
std::string prepare_sql(const query_spec& spec, const dialect& d, decimal_storage& decimals);

// The fields values()/values_list() read when none are named.
std::vector<std::string> default_value_names(const model_meta& meta);
// Readers of stored `fields` of `meta` into an object of the model (typed values_list).
std::vector<column_reader> field_readers(const model_meta& meta, const std::vector<std::string>& fields);

// ---- finishing ----

// Each row into an object of `sink`; select_related's objects into `store` (needed when
// plan.joined is not empty).
void finish_objects(row_cursor& rows, const select_plan& plan, object_sink& sink, store_impl* store);
std::int64_t finish_count(row_cursor& rows);
bool finish_exists(row_cursor& rows);
std::vector<std::vector<value>> finish_values(row_cursor& rows, const select_plan& plan);
std::vector<value> finish_flat(row_cursor& rows, const select_plan& plan);
// Each row read into `scratch` by `readers`, then handed to `row_done(context)`.
void finish_fields(row_cursor& rows, const std::vector<column_reader>& readers, void* scratch, void (*row_done)(void*),
                   void* context);
record finish_aggregate(row_cursor& rows, const select_plan& plan, const std::vector<named_expr>& aggregates);
std::string finish_explain(row_cursor& rows);

// ---- prefetch_related ----
// Each path is walked relation by relation (prefetch_step); at each level the owners' related
// objects not loaded yet are read in chunks of keys (prefetch_keys, prepare_prefetch,
// finish_prefetch), and the objects reached are the next level's owners (prefetch_reached).

struct prefetch_level {
  relation rel;
  link* l;
};
// The relation `part` of `owner_meta` on `path`, with its link in `store` (made when missing).
prefetch_level prefetch_step(store_impl& store, const model_meta& owner_meta, std::string_view path, std::string_view part);

struct level_keys {
  std::vector<value> to_load;         // of owners whose related objects are not loaded yet
  std::vector<object_key> owner_ids;  // of all owners (for prefetch_reached)
};
// Marks the keys it returns to load as loaded.
level_keys prefetch_keys(link& l, const std::vector<const void*>& owners);
// Keys per IN (...): under every backend's parameter limit.
constexpr std::size_t prefetch_chunk = 10000;
prepared_select prepare_prefetch(const relation& rel, const dialect& d, decimal_storage& decimals, std::span<const value> keys);
void finish_prefetch(row_cursor& rows, const select_plan& plan, link& l);
// The related objects of the owners, each once: the owners of the next level.
std::vector<const void*> prefetch_reached(const link& l, const std::vector<object_key>& owner_ids);

// ---- iteration ----

// The chunks of a loop over a queryset (see plan.cpp): each chunk's spec in turn.
class chunk_window {
 public:
  explicit chunk_window(const query_spec& spec);
  // The next chunk's spec, which starts after the last object read(); nullopt once the loop is over.
  std::optional<query_spec> next();
  // The next window of a loop that streams (dialect::streams_loops), also after the last object
  // read: `keep` rows, and with `peek` one more, which only tells whether another window follows.
  struct stream_window {
    query_spec spec;
    std::int64_t keep;
    bool peek;
  };
  std::optional<stream_window> next_stream();
  // After each chunk of next(), with its number of objects and the last of them (its key values are
  // copied before the objects are reused).
  void read(std::size_t got, const void* last, bool nulls_sort_first);
  // The same for `got` rows of a stream window.
  void streamed(std::size_t got, const void* last, bool nulls_sort_first);

  struct sort_key {
    const field_meta* field;
    bool descending;
  };

 private:
  void advance(std::size_t got, const void* last, bool nulls_sort_first);
  query_spec continued() const;  // the query from after the last object read

  query_spec base_;  // the query in its total order, without its window
  std::optional<std::vector<sort_key>> keys_;
  std::optional<std::int64_t> remaining_;  // rows the query's limit still allows
  std::int64_t offset_, read_ = 0, asked_ = 0;
  std::int64_t size_;                // of the next chunk
  std::int64_t stream_size_;         // of the next stream window
  std::optional<q> after_last_;      // keyset: the rows beyond the last object read
  bool done_ = false;
};

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

}  // namespace testudo::detail
