// Internal: a queryset's spec and its translation into one dialect's SQL with bound parameters.
#pragma once

#include <bit>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "query/nodes.hpp"
#include "query/relations.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/query/queryset.hpp"

namespace testudo::detail {

struct query_spec {
  const model_meta* meta = nullptr;
  database* db = nullptr;
  std::vector<std::shared_ptr<const q_node>> where;  // ANDed
  std::vector<std::string> order;
  std::optional<std::int64_t> limit, offset;
  bool distinct = false;
  std::vector<std::string> only;
  std::vector<std::string> select_related, prefetch;
  std::vector<named_expr> annotations;
  std::vector<std::string> group_by;
  bool for_update = false, nowait = false, skip_locked = false;
  // IN lists of integers or texts as one bound list however short (prefetch_related): one
  // statement per relation, whatever the number of keys, so the driver's cache keeps reusing it
  // (a few statements where the dialect pads key lists instead).
  bool one_list_parameter = false;
};

// What a value column holds, so values() returns the same C++ types on every backend.
struct value_kind {
  std::optional<field_kind> kind;  // none: whatever the driver reports
  int decimal_places = -1;
  int max_digits = 0;  // of a decimal field
  bool text_decimal = false;  // a decimal column that holds text (decimal_storage::text)
  // False for a NOT NULL column reached without an outer join: read without a null test (one
  // driver call per cell instead of two, as hydrating objects does).
  bool nullable = true;
};

// One member read from one column.
struct column_reader {
  const field_access* access;
  std::size_t column;
  int decimal_places = -1;  // decimals are brought to the field's scale (SQLite keeps REALs)
};
void fill_object(void* object, const row_cursor& row, const std::vector<column_reader>& readers);
value read_value(const row_cursor& row, std::size_t column, const value_kind& kind);

// A forward relation fetched by JOIN (select_related): where its columns are in the row.
struct joined_relation {
  std::string path;                 // "customer", "order__customer"
  std::string relation;             // its last step: "customer"
  int owner = -1;                   // index of the joined relation that owns it; -1: the main model
  const model_meta* owner_meta = nullptr;
  const field_meta* key = nullptr;  // the foreign key on the owner
  const model_meta* meta = nullptr;
  std::vector<column_reader> readers;
  std::size_t pk_column = 0;
};

struct statement {
  std::string sql;
  std::vector<value> params;
};

// How one condition's values became its parameters (one step per condition, in the order the
// compiler bound them): a cached plan replays the steps on a later query of the same shape.
struct bind_step {
  enum class rule : std::uint8_t {
    operand,       // the operand's literals as they are
    none,          // nothing (isnull, an empty list, JSON documents)
    items,         // the list's values but NULLs, one parameter each (in, not_in, range)
    padded_items,  // the same, the last one repeated up to a power of two (list_style::padded)
    bound_list,    // the list's values but NULLs as one parameter (dialect::list_operand)
    text_pattern,  // the text through dialect::text_operand(match, ci)
  } how = rule::operand;
  dialect::text_match match = dialect::text_match::exact;
  bool ci = false;
};

// The form an IN list's SQL takes, which depends on its values' types and count only.
struct list_form {
  bool has_null = false;
  bool uniform = false;   // every value but NULLs is an integer, or every one is a text
  bool integers = false;
  bool bound = false;     // one list parameter (many values, or one_list_parameter) instead of one each
  std::size_t items = 0;  // values but NULLs
  bool padded = false;    // bound value by value, the last repeated up to slots()
  std::size_t slots() const noexcept { return padded ? std::bit_ceil(items) : items; }
};
// How a query binds its IN lists: a parameter per value, one list parameter, or a parameter per
// value padded to a power of two (one_list_parameter where dialect::pads_key_lists).
enum class list_style : std::uint8_t { each, one, padded };
list_style style_of(const query_spec& spec, const dialect& d);
list_form form_of(const std::vector<value>& operands, list_style style);
// What an IN list binds: its values but NULLs (a NULL is matched by IS NULL).
std::vector<value> listed_values(const std::vector<value>& operands);
// How a field's column is read (its kind; a decimal's places).
value_kind kind_of(const field_meta& f);

class decimal_storage;  // orm/decimal_storage.hpp

// Compiles a spec without I/O: how decimal columns are stored is `decimals`' answer, which the
// caller confirms on the statement's connection before running it.
class sql_builder {
 public:
  sql_builder(const query_spec& spec, const dialect& d, decimal_storage& decimals);

  // SELECT of the model's objects (only/select_related honoured), plus `extra` value paths.
  statement select_objects(const std::vector<std::string>& extra = {});
  const std::vector<column_reader>& readers() const noexcept { return readers_; }
  const std::vector<joined_relation>& joined() const noexcept { return joined_; }
  std::size_t extra_column() const noexcept { return extra_column_; }
  // Whether the SQL depends on the values and not only on the query's shape (NULL operands,
  // isnull, JSON paths and documents) or on the live table (decimals whose storage was read from
  // it): such statements are not reused from the plan cache.
  bool value_dependent() const noexcept { return value_dependent_; }
  // How the conditions' values were bound, one step per condition (tree order).
  const std::vector<bind_step>& bind_steps() const noexcept { return steps_; }

  // SELECT of named values (fields, relation paths, annotations); kinds says how to read them.
  statement select_values(const std::vector<std::string>& names, std::vector<value_kind>& kinds);
  statement select_aggregate(const std::vector<named_expr>& aggregates, std::vector<value_kind>& kinds);
  statement count();
  statement exists();
  statement update(const std::vector<named_expr>& assignments);
  statement remove();

 private:
  struct resolved {
    std::string sql;
    const field_meta* field = nullptr;  // the field the column stores (a key field for relations)
    value_kind kind;
    std::vector<std::string> rest;      // lookups after the field
    bool aggregate = false;
    bool nullable = false;
  };
  resolved resolve(std::string_view path, bool allow_rest);
  std::string join(const std::string& path, const std::string& table, const std::string& on_column,
                   const std::string& other);
  std::string param(value v);
  // The kind of a field's column, with whether a decimal column holds text.
  value_kind column_kind(const model_meta& model, const field_meta& f);
  std::string condition(const q_node& n, bool& having);
  std::string lookup(const q_node& n, resolved r, bool& having);
  std::string expression(const expr_node& n, value_kind* kind = nullptr);
  bool has_aggregates() const;
  // `lhs IN (...)` of a list's values but NULLs: bound one by one, or as one list parameter.
  std::string in_list(const q_node& n, const std::string& lhs, const list_form& form, bool negate);
  std::string col(const std::string& ref, const std::string& column) const;
  // WHERE/GROUP BY/HAVING/ORDER/LIMIT of a SELECT whose column list is `columns`.
  statement finish_select(const std::string& columns, const std::vector<std::string>& group_columns, bool ordered);
  // A WHERE for UPDATE/DELETE: direct when the filter needs no join or window, else pk IN (...).
  std::string target_rows(std::vector<value>& params);

  const query_spec& spec_;
  const dialect& d_;
  decimal_storage& decimals_;
  std::string main_;                       // the quoted main table
  std::vector<std::string> joins_;
  std::map<std::string, std::string, std::less<>> aliases_;  // relation path → alias
  std::vector<value> params_;
  std::vector<bind_step> steps_;
  std::vector<column_reader> readers_;
  std::vector<joined_relation> joined_;
  std::size_t extra_column_ = 0;
  bool multi_valued_ = false;  // joined a reverse or many-to-many relation
  bool subquery_ = false;      // the WHERE holds a subquery over the main table
  bool value_dependent_ = false;
};

// "price__gte" → {"price", "gte"}.
std::vector<std::string> split_path(std::string_view path);

}  // namespace testudo::detail
