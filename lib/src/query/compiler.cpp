#include "query/compiler.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "db/decimal_math.hpp"
#include "model/validation.hpp"
#include "testudo/errors.hpp"
#include "orm/decimal_storage.hpp"

namespace testudo::detail {
namespace {

const std::set<std::string, std::less<>> lookup_names = {
    "exact", "iexact", "not", "in", "not_in", "gt", "gte", "lt", "lte", "range", "isnull", "not_isnull",
    "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith", "contained_by"};
const std::set<std::string, std::less<>> date_parts = {"year", "quarter", "month", "week", "day", "hour", "minute", "second"};

bool is_lookup_or_part(std::string_view s) { return lookup_names.contains(s) || date_parts.contains(s); }

std::string join_list(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::string field_list(const model_meta& m) {
  std::vector<std::string> names;
  for (const auto& f : m.fields) names.push_back(f.name);
  return join_list(names, ", ");
}

bool contains_aggregate(const expr_node& n) {
  if (n.type == expr_node::kind::aggregate) return true;
  if (n.type == expr_node::kind::binary) return contains_aggregate(*n.lhs) || contains_aggregate(*n.rhs);
  return false;
}

// A database's decimal at the field's scale: "19.9" (SQLite keeps REALs) → "19.90"; an average
// "0.10500000" → "0.10" (half to even); a REAL printed as "1.5e-05" goes through its double.
std::string quantize(std::string_view text, int places) {
  if (places < 0 || text.empty()) return std::string(text);
  auto dot = text.find('.');
  std::size_t have = dot == std::string_view::npos ? 0 : text.size() - dot - 1;
  bool plain = text.find_first_of("eE") == std::string_view::npos;
  if (plain && have == static_cast<std::size_t>(places)) return std::string(text);  // the usual case
  if (plain)
    if (auto out = round_decimal_text(text, places)) return std::move(*out);
  double d = 0;
  std::from_chars(text.data(), text.data() + text.size(), d);
  return decimal::from_double(d, places).text;
}

}  // namespace

value_kind kind_of(const field_meta& f) {
  bool decimal = f.kind == field_kind::decimal_field;
  return {f.kind, decimal ? f.decimal_places : -1, decimal ? f.max_digits : 0};
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto at = path.find("__", start);
    parts.emplace_back(path.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 2;
  }
  for (const auto& p : parts)
    if (p.empty()) throw field_error(fmt::format("'{}' is not a field path: parts are joined by a double underscore", path));
  return parts;
}

void fill_object(void* object, const row_cursor& row, const std::vector<column_reader>& readers) {
  for (const auto& r : readers) {
    if (r.decimal_places >= 0 && !row.is_null(r.column))
      r.access->set(object, decimal{quantize(row.get_text(r.column), r.decimal_places)});
    else
      r.access->read(object, row, r.column);
  }
}

value read_value(const row_cursor& row, std::size_t c, const value_kind& kind) {
  if (kind.nullable && row.is_null(c)) return null;
  if (!kind.kind) return row.get(c);
  switch (*kind.kind) {
    case field_kind::int_field: case field_kind::small_int_field: case field_kind::big_int_field:
    case field_kind::int_enum: case field_kind::timedelta_field: case field_kind::foreign_key: case field_kind::one_to_one:
      return row.get_int64(c);
    case field_kind::bool_field: return row.get_bool(c);
    case field_kind::float_field: return row.get_double(c);
    case field_kind::decimal_field: return decimal{quantize(row.get_text(c), kind.decimal_places)};
    case field_kind::datetime_field: return row.get_datetime(c);
    case field_kind::date_field: return row.get_date(c);
    case field_kind::time_field: return row.get_time(c);
    case field_kind::json_field: return row.get_json(c);
    case field_kind::binary_field: return row.get_blob(c);
    default: return std::string(row.get_text(c));
  }
}

sql_builder::sql_builder(const query_spec& spec, const dialect& d, decimal_storage& decimals)
    : spec_(spec), d_(d), decimals_(decimals), main_(d_.quote(spec.meta->table)) {}

std::string sql_builder::col(const std::string& ref, const std::string& column) const { return ref + "." + d_.quote(column); }

std::string sql_builder::param(value v) {
  bool exact = std::holds_alternative<decimal>(v);
  params_.push_back(std::move(v));
  return exact ? d_.decimal_param("?") : "?";
}

value_kind sql_builder::column_kind(const model_meta& model, const field_meta& f) {
  auto kind = kind_of(f);
  if (kind.kind == field_kind::decimal_field) {
    kind.text_decimal = decimals_.text(model, f);
    value_dependent_ = value_dependent_ || !d_.schema_cookie().empty();
  }
  return kind;
}

std::string sql_builder::join(const std::string& path, const std::string& table, const std::string& on_column,
                              const std::string& other) {
  if (auto it = aliases_.find(path); it != aliases_.end()) return it->second;
  auto alias = fmt::format("j{}", aliases_.size() + 1);
  joins_.push_back(fmt::format(" LEFT JOIN {} AS {} ON {} = {}", d_.quote(table), alias, col(alias, on_column), other));
  aliases_.emplace(path, alias);
  return alias;
}

sql_builder::resolved sql_builder::resolve(std::string_view path, bool allow_rest) {
  auto parts = split_path(path);
  const model_meta* model = spec_.meta;
  std::string ref = main_, prefix;
  bool nullable = false;
  auto done = [&](resolved r, std::size_t next) {
    r.rest.assign(parts.begin() + static_cast<std::ptrdiff_t>(next), parts.end());
    if (!allow_rest && !r.rest.empty())
      throw field_error(fmt::format("'{}': '{}' is a lookup, which is not allowed here", path, r.rest.front()));
    r.nullable = r.nullable || nullable;
    return r;
  };
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& name = parts[i];
    if (i == 0)
      for (const auto& a : spec_.annotations)
        if (a.name == name) {
          resolved r;
          r.sql = expression(*a.e.node(), &r.kind);
          r.aggregate = contains_aggregate(*a.e.node());
          r.nullable = true;
          return done(std::move(r), 1);
        }
    const field_meta* f = name == "pk" ? &model->pk() : model->field(name);
    if (f && !f->is_relation()) {
      resolved r{col(ref, f->column()), f, column_kind(*model, *f), {}, false, f->null};
      if (r.kind.text_decimal) r.sql = d_.text_decimal_column(r.sql);
      return done(std::move(r), i + 1);
    }
    if (const auto* key = f ? nullptr : model->stored_field(name); key && key->is_relation()) {
      // "customer_id": the key column of the relation "customer"
      resolved r{col(ref, key->column()), key, kind_of(model_named(key->related_model).pk()), {}, false, key->null};
      return done(std::move(r), i + 1);
    }
    auto rel = find_relation(*model, name);
    if (!rel)
      throw field_error(fmt::format("{} has no field or relation '{}' (in '{}'); its fields: {}", model->full_name(), name, path,
                                    field_list(*model)));
    std::string next = i + 1 < parts.size() ? parts[i + 1] : "";
    bool ends = next.empty() || is_lookup_or_part(next);
    const auto& target_pk = rel->to->pk();
    std::string step = prefix + name;
    switch (rel->type) {
      case relation::kind::forward:
        if (ends || next == target_pk.name) {
          resolved r{col(ref, rel->key->column()), rel->key, kind_of(target_pk), {}, false, rel->key->null};
          return done(std::move(r), ends ? i + 1 : i + 2);
        }
        nullable = nullable || rel->key->null;
        ref = join(step, rel->to->table, target_pk.column(), col(ref, rel->key->column()));
        break;
      case relation::kind::reverse:
        ref = join(step, rel->to->table, rel->key->column(), col(ref, model->pk().column()));
        multi_valued_ = multi_valued_ || !rel->single;
        nullable = true;
        if (ends) return done(resolved{col(ref, target_pk.column()), &target_pk, kind_of(target_pk), {}, false, true}, i + 1);
        break;
      case relation::kind::m2m: {
        auto through = join(step + "#through", rel->through, rel->from_column, col(ref, model->pk().column()));
        nullable = multi_valued_ = true;
        if (ends || next == target_pk.name)
          return done(resolved{col(through, rel->to_column), &target_pk, kind_of(target_pk), {}, false, true}, ends ? i + 1 : i + 2);
        ref = join(step, rel->to->table, target_pk.column(), col(through, rel->to_column));
        break;
      }
    }
    model = rel->to;
    prefix = step + "__";
  }
  throw field_error(fmt::format("'{}' names no field", path));
}

std::string sql_builder::expression(const expr_node& n, value_kind* kind) {
  switch (n.type) {
    case expr_node::kind::literal:
      return param(n.literal);
    case expr_node::kind::field: {
      auto r = resolve(n.path, false);
      if (kind) *kind = r.kind;
      return r.sql;
    }
    case expr_node::kind::binary: {
      value_kind ka, kb;
      auto a = expression(*n.lhs, &ka);
      auto b = expression(*n.rhs, &kb);
      if (kind) *kind = ka;
      if (ka.text_decimal || kb.text_decimal) return d_.text_decimal_arithmetic(std::string(1, n.op), a, b);
      return fmt::format("({} {} {})", a, n.op, b);
    }
    case expr_node::kind::aggregate: {
      auto r = resolve(n.path, false);
      std::string arg = r.sql;
      if (n.filter) {
        bool having = false;
        arg = fmt::format("CASE WHEN {} THEN {} END", condition(*n.filter, having), arg);
      }
      auto call = fmt::format("{}{}", n.distinct ? "DISTINCT " : "", arg);
      if (kind) {
        if (n.function == "COUNT") *kind = {field_kind::big_int_field, -1};
        else if (n.function == "AVG" && r.kind.kind != field_kind::decimal_field) *kind = {field_kind::float_field, -1};
        else *kind = r.kind;
      }
      if (r.kind.text_decimal) return d_.text_decimal_aggregate(n.function, call, r.kind.decimal_places);
      if (n.function == "AVG" && r.kind.kind == field_kind::decimal_field)
        return d_.decimal_average(call, r.kind.decimal_places);
      return fmt::format("{}({})", n.function, call);
    }
  }
  return {};
}

std::string sql_builder::condition(const q_node& n, bool& having) {
  switch (n.type) {
    case q_node::kind::all:
    case q_node::kind::any: {
      std::vector<std::string> parts;
      for (const auto& child : n.children) parts.push_back(condition(*child, having));
      return "(" + join_list(parts, n.type == q_node::kind::all ? " AND " : " OR ") + ")";
    }
    case q_node::kind::negate: {
      sql_builder inner(spec_, d_, decimals_);
      bool inner_having = false;
      auto child = inner.condition(*n.children.front(), inner_having);
      value_dependent_ = value_dependent_ || inner.value_dependent_;
      if (inner.multi_valued_ && !inner_having) {
        // Across a reverse or many-to-many relation, "not" means "no related row matches".
        params_.insert(params_.end(), inner.params_.begin(), inner.params_.end());
        steps_.insert(steps_.end(), inner.steps_.begin(), inner.steps_.end());
        subquery_ = true;
        auto pk = col(main_, spec_.meta->pk().column());
        return fmt::format("{} NOT IN (SELECT {} FROM {}{} WHERE {})", pk, pk, main_, join_list(inner.joins_, ""), child);
      }
      // NOT of an unknown (NULL) result would drop the row: negation is the exact complement.
      return fmt::format("NOT COALESCE({}, FALSE)", condition(*n.children.front(), having));
    }
    case q_node::kind::condition:
      return lookup(n, resolve(n.path, true), having);
  }
  return {};
}

std::string sql_builder::lookup(const q_node& n, resolved r, bool& having) {
  having = having || r.aggregate;
  std::string lhs = r.sql;
  std::size_t k = 0;
  bool json = r.field && r.field->kind == field_kind::json_field;
  std::vector<std::string> json_keys;
  if (json && k < r.rest.size() && !lookup_names.contains(r.rest[k])) {  // a key path: data__owner__name
    auto& keys = json_keys;
    while (k < r.rest.size() && !lookup_names.contains(r.rest[k])) keys.push_back(r.rest[k++]);
    auto is_number = [](const value& v) { return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v); };
    bool numeric = n.list ? !n.operands.empty() && is_number(n.operands.front())
                          : n.operand && n.operand->type == expr_node::kind::literal && is_number(n.operand->literal);
    lhs = d_.json_path(lhs, param(d_.json_path_operand(keys)), numeric);
    json = false;
  }
  if (k < r.rest.size() && date_parts.contains(r.rest[k])) lhs = d_.date_part(r.rest[k++], lhs);
  std::string op = k < r.rest.size() ? r.rest[k++] : "exact";
  if (k < r.rest.size() || !lookup_names.contains(op))
    throw field_error(fmt::format("'{}': unknown lookup '{}'; lookups: exact, iexact, not, in, not_in, gt, gte, lt, lte, range, "
                                  "isnull, not_isnull, contains, icontains, startswith, istartswith, endswith, iendswith, "
                                  "and the date parts year, quarter, month, week, day, hour, minute, second",
                                  n.path, k < r.rest.size() ? r.rest[k] : op));
  bool is_list = op == "in" || op == "not_in" || op == "range";
  if (is_list != n.list)
    throw params_error(fmt::format("'{}': {}", n.path, is_list ? "needs a list of values" : "needs one value, not a list"));
  const value* literal = n.operand && n.operand->type == expr_node::kind::literal ? &n.operand->literal : nullptr;
  auto text = [&]() -> std::string {
    if (literal)
      if (auto* s = std::get_if<std::string>(literal)) return *s;
    throw params_error(fmt::format("'{}': {} needs a text value", n.path, op));
  };
  auto is_null_value = literal && std::holds_alternative<null_t>(*literal);
  static const std::set<std::string, std::less<>> compared = {"exact", "not", "gt", "gte", "lt", "lte"};
  // What the plan cache may replay: the SQL of everything else depends on the values.
  if (!json_keys.empty() || op == "isnull" || op == "not_isnull" || (json && (op == "contains" || op == "contained_by")) ||
      is_null_value)
    value_dependent_ = true;
  if (compared.contains(op)) steps_.push_back({});

  if (op == "exact") return is_null_value ? lhs + " IS NULL" : lhs + " = " + expression(*n.operand);
  if (op == "not") return is_null_value ? lhs + " IS NOT NULL" : d_.null_safe_differs(lhs, expression(*n.operand));
  if (op == "gt") return lhs + " > " + expression(*n.operand);
  if (op == "gte") return lhs + " >= " + expression(*n.operand);
  if (op == "lt") return lhs + " < " + expression(*n.operand);
  if (op == "lte") return lhs + " <= " + expression(*n.operand);
  if (op == "isnull" || op == "not_isnull") {
    bool want_null = !literal || std::visit([](const auto& v) -> bool {
      using T = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t>) return v != 0;
      else return true;
    }, *literal);
    steps_.push_back({bind_step::rule::none});
    if (op == "not_isnull") want_null = !want_null;
    return lhs + (want_null ? " IS NULL" : " IS NOT NULL");
  }
  if (op == "range") {
    if (n.operands.size() != 2) throw params_error(fmt::format("'{}': range needs exactly two values (low, high)", n.path));
    steps_.push_back({bind_step::rule::items});
    auto low = param(n.operands[0]);
    return fmt::format("{} BETWEEN {} AND {}", lhs, low, param(n.operands[1]));
  }
  if (op == "in" || op == "not_in") {
    auto form = form_of(n.operands, style_of(spec_, d_));
    if (form.items == 0) steps_.push_back({bind_step::rule::none});
    std::string list = form.items == 0 ? "" : in_list(n, lhs, form, op == "not_in");
    if (op == "in") {
      if (form.items == 0) return form.has_null ? lhs + " IS NULL" : "1 = 0";
      return form.has_null ? fmt::format("({} OR {} IS NULL)", list, lhs) : list;
    }
    if (form.items == 0) return form.has_null ? lhs + " IS NOT NULL" : "1 = 1";
    if (form.has_null) return fmt::format("({} AND {} IS NOT NULL)", list, lhs);
    return r.nullable ? fmt::format("({} OR {} IS NULL)", list, lhs) : list;
  }
  if (json && (op == "contains" || op == "contained_by")) {
    steps_.push_back({bind_step::rule::none});
    std::string doc = literal && std::holds_alternative<testudo::json>(*literal) ? std::get<testudo::json>(*literal).text : text();
    return d_.json_contains(lhs, param(doc), op == "contained_by");
  }
  if (op == "contained_by") throw params_error(fmt::format("'{}': contained_by applies to JSON fields", n.path));
  using m = dialect::text_match;
  bool ci = op.front() == 'i';
  std::string_view base = ci ? std::string_view(op).substr(1) : std::string_view(op);
  m match = base == "exact" ? m::exact : base == "contains" ? m::contains : base == "startswith" ? m::starts : m::ends;
  steps_.push_back({bind_step::rule::text_pattern, match, ci});
  return d_.text_match_sql(lhs, param(d_.text_operand(text(), match, ci)), match, ci);
}

namespace {
constexpr std::size_t max_listed_values = 1000;
constexpr std::size_t max_cached_list = 32;
}  // namespace

list_style style_of(const query_spec& spec, const dialect& d) {
  if (!spec.one_list_parameter) return list_style::each;
  return d.pads_key_lists() ? list_style::padded : list_style::one;
}

list_form form_of(const std::vector<value>& operands, list_style style) {
  list_form form;
  bool texts = true;
  form.integers = true;
  for (const auto& v : operands) {
    if (std::holds_alternative<null_t>(v)) {
      form.has_null = true;
      continue;
    }
    ++form.items;
    form.integers = form.integers && std::holds_alternative<std::int64_t>(v);
    texts = texts && std::holds_alternative<std::string>(v);
  }
  form.uniform = form.items > 0 && (form.integers || texts);
  form.integers = form.uniform && form.integers;
  form.bound = form.items > max_listed_values || (style == list_style::one && form.uniform);
  form.padded = style == list_style::padded && !form.bound && form.items > 0;
  return form;
}

std::vector<value> listed_values(const std::vector<value>& operands) {
  std::vector<value> items;
  for (const auto& v : operands)
    if (!std::holds_alternative<null_t>(v)) items.push_back(v);
  return items;
}

std::string sql_builder::in_list(const q_node& n, const std::string& lhs, const list_form& form, bool negate) {
  std::string in;
  auto items = listed_values(n.operands);
  if (!form.bound) {
    // Each count is a shape of its own: long lists of varying length would crowd the plan cache.
    // Padded lists of integers or texts have a shape per power of two; others a shape per count.
    value_dependent_ = value_dependent_ || (!(form.padded && form.uniform) && items.size() > max_cached_list);
    steps_.push_back({form.padded ? bind_step::rule::padded_items : bind_step::rule::items});
    std::vector<std::string> marks;
    for (const auto& v : items) marks.push_back(param(v));
    while (marks.size() < form.slots()) marks.push_back(param(items.back()));  // IN ignores repeats
    in = fmt::format("{} IN ({})", lhs, join_list(marks, ", "));
  } else {
    if (!form.uniform)
      throw params_error(fmt::format("'{}': a list of more than {} values must be all integers or all text", n.path, max_listed_values));
    steps_.push_back({bind_step::rule::bound_list});
    in = d_.in_bound_list(lhs, param(d_.list_operand(items)), form.integers);
  }
  return negate ? "NOT (" + in + ")" : in;
}

bool sql_builder::has_aggregates() const {
  for (const auto& a : spec_.annotations)
    if (contains_aggregate(*a.e.node())) return true;
  return false;
}

namespace {
bool refers_to_aggregate(const q_node& n, const query_spec& spec) {
  if (n.type != q_node::kind::condition) {
    for (const auto& child : n.children)
      if (refers_to_aggregate(*child, spec)) return true;
    return false;
  }
  auto first = n.path.substr(0, n.path.find("__"));
  for (const auto& a : spec.annotations)
    if (a.name == first && contains_aggregate(*a.e.node())) return true;
  return false;
}
}  // namespace

statement sql_builder::finish_select(const std::string& columns, const std::vector<std::string>& group_columns, bool ordered) {
  std::vector<std::string> where, having;
  for (const auto& w : spec_.where) {
    bool h = false;
    if (!refers_to_aggregate(*w, spec_)) where.push_back(condition(*w, h));
  }
  std::string group;
  if (!spec_.group_by.empty()) {
    std::vector<std::string> cols;
    for (const auto& g : spec_.group_by) cols.push_back(resolve(g, false).sql);
    group = " GROUP BY " + join_list(cols, ", ");
  } else if (has_aggregates() && !group_columns.empty()) {
    // Ordering by a plain field of the model must not break the grouping (PostgreSQL refuses).
    auto grouped = group_columns;
    for (const auto& o : spec_.order) {
      const auto* f = spec_.meta->field(o.starts_with('-') ? std::string_view(o).substr(1) : std::string_view(o));
      if (f && f->access && std::find(grouped.begin(), grouped.end(), col(main_, f->column())) == grouped.end())
        grouped.push_back(col(main_, f->column()));
    }
    group = " GROUP BY " + join_list(grouped, ", ");
  }
  for (const auto& w : spec_.where) {
    bool h = true;
    if (refers_to_aggregate(*w, spec_)) having.push_back(condition(*w, h));
  }
  std::string order;
  if (ordered) {
    std::vector<std::string> terms;
    for (const auto& o : spec_.order.empty() ? spec_.meta->ordering : spec_.order) {
      bool desc = o.starts_with('-');
      terms.push_back(resolve(desc ? std::string_view(o).substr(1) : std::string_view(o), false).sql + (desc ? " DESC" : " ASC"));
    }
    if (!terms.empty()) order = " ORDER BY " + join_list(terms, ", ");
  }
  std::string limit = spec_.limit ? param(*spec_.limit) : "";
  std::string offset = spec_.offset ? param(*spec_.offset) : "";
  std::string paging = ordered ? d_.limit_offset(limit, offset) : "";
  std::string lock = spec_.for_update ? d_.for_update(spec_.nowait, spec_.skip_locked) : "";
  std::string sql = fmt::format("SELECT {}{} FROM {}{}", spec_.distinct ? "DISTINCT " : "", columns, main_, join_list(joins_, ""));
  if (!where.empty()) sql += " WHERE " + join_list(where, " AND ");
  sql += group;
  if (!having.empty()) sql += " HAVING " + join_list(having, " AND ");
  return {sql + order + paging + lock, std::move(params_)};
}

statement sql_builder::select_objects(const std::vector<std::string>& extra) {
  std::vector<std::string> columns;
  auto add = [&](std::string sql) {
    columns.push_back(std::move(sql));
    return columns.size() - 1;
  };
  for (const auto& name : spec_.only)
    if (!spec_.meta->field(name)) throw field_error(fmt::format("only(): {} has no field '{}'", spec_.meta->full_name(), name));
  for (const auto& f : spec_.meta->fields) {
    if (!f.access) continue;
    if (!spec_.only.empty() && !f.primary_key && std::find(spec_.only.begin(), spec_.only.end(), f.name) == spec_.only.end()) continue;
    readers_.push_back({f.access.get(), add(col(main_, f.column())), kind_of(f).decimal_places});
  }
  auto group_columns = columns;
  for (const auto& path : spec_.select_related) {
    int owner = -1;
    const model_meta* owner_meta = spec_.meta;
    std::string ref = main_, prefix;
    for (const auto& part : split_path(path)) {
      auto rel = find_relation(*owner_meta, part);
      if (!rel || rel->type != relation::kind::forward)
        throw field_error(fmt::format("select_related('{}'): {}.{} is not a foreign key or one-to-one; use prefetch_related for "
                                      "reverse and many-to-many relations", path, owner_meta->full_name(), part));
      std::string step = prefix + part;
      auto known = std::find_if(joined_.begin(), joined_.end(), [&](const joined_relation& j) { return j.path == step; });
      ref = join(step, rel->to->table, rel->to->pk().column(), col(ref, rel->key->column()));
      if (known == joined_.end()) {
        joined_relation j{step, part, owner, owner_meta, rel->key, rel->to, {}, 0};
        for (const auto& f : rel->to->fields) {
          if (!f.access) continue;
          auto at = add(col(ref, f.column()));
          if (f.primary_key) j.pk_column = at;
          j.readers.push_back({f.access.get(), at, kind_of(f).decimal_places});
        }
        joined_.push_back(std::move(j));
        owner = static_cast<int>(joined_.size() - 1);
      } else {
        owner = static_cast<int>(known - joined_.begin());
      }
      owner_meta = rel->to;
      prefix = step + "__";
    }
  }
  for (const auto& e : extra) extra_column_ = add(resolve(e, false).sql);
  return finish_select(join_list(columns, ", "), group_columns, true);
}

statement sql_builder::select_values(const std::vector<std::string>& names, std::vector<value_kind>& kinds) {
  // Aggregates are per object (Tortoise): group by the primary key and the other values asked for.
  std::vector<std::string> columns, group_columns{col(main_, spec_.meta->pk().column())};
  for (const auto& name : names) {
    auto r = resolve(name, false);
    r.kind.nullable = r.nullable;
    kinds.push_back(r.kind);
    if (!r.aggregate && std::find(group_columns.begin(), group_columns.end(), r.sql) == group_columns.end())
      group_columns.push_back(r.sql);
    columns.push_back(std::move(r.sql));
  }
  return finish_select(join_list(columns, ", "), group_columns, true);
}

statement sql_builder::select_aggregate(const std::vector<named_expr>& aggregates, std::vector<value_kind>& kinds) {
  if (spec_.limit || spec_.offset || spec_.distinct)
    throw unsupported_error("aggregate() over a sliced or distinct queryset is not supported: filter instead, or aggregate in SQL");
  std::vector<std::string> columns;
  for (const auto& a : aggregates) {
    value_kind kind;
    columns.push_back(expression(*a.e.node(), &kind));
    kinds.push_back(kind);
  }
  return finish_select(join_list(columns, ", "), {}, false);
}

statement sql_builder::count() {
  bool window = spec_.limit || spec_.offset;
  if (window || spec_.distinct || has_aggregates() || !spec_.group_by.empty()) {
    auto pk = col(main_, spec_.meta->pk().column());
    auto inner = finish_select(pk + " AS testudo_pk", {pk}, window);
    return {"SELECT COUNT(*) FROM (" + inner.sql + ") AS testudo_sub", std::move(inner.params)};
  }
  return finish_select("COUNT(*)", {}, false);
}

statement sql_builder::exists() {
  auto pk = col(main_, spec_.meta->pk().column());
  auto inner = finish_select(pk + " AS testudo_pk", {pk}, spec_.limit || spec_.offset);
  return {"SELECT 1 FROM (" + inner.sql + ") AS testudo_sub LIMIT 1", std::move(inner.params)};
}

std::string sql_builder::target_rows(std::vector<value>& params) {
  const auto pk = col(main_, spec_.meta->pk().column());
  sql_builder trial(spec_, d_, decimals_);
  std::vector<std::string> where;
  bool having = false;
  for (const auto& w : spec_.where) where.push_back(trial.condition(*w, having));
  if (trial.joins_.empty() && !trial.subquery_ && !having && !spec_.limit && !spec_.offset && !spec_.distinct) {
    params = std::move(trial.params_);
    return where.empty() ? "" : " WHERE " + join_list(where, " AND ");
  }
  // Joins or a window: select the keys first (wrapped, since MySQL may not read the table it
  // changes in a direct subquery, nor take LIMIT inside IN).
  sql_builder inner(spec_, d_, decimals_);
  auto rows = inner.finish_select(pk + " AS testudo_pk", {pk}, spec_.limit || spec_.offset);
  params = std::move(rows.params);
  return fmt::format(" WHERE {} IN (SELECT testudo_pk FROM ({}) AS testudo_sub)", pk, rows.sql);
}

statement sql_builder::update(const std::vector<named_expr>& assignments) {
  if (assignments.empty()) throw params_error("update() needs at least one field to set");
  std::vector<value> where_params;
  auto where = target_rows(where_params);
  std::vector<std::string> sets;
  for (const auto& a : assignments) {
    const field_meta* f = spec_.meta->stored_field(a.name);
    if (!f)
      throw field_error(fmt::format("update(): {} has no field '{}' to set", spec_.meta->full_name(), a.name));
    const auto& node = *a.e.node();
    auto rhs = node.type == expr_node::kind::literal ? param(stored_form(*f, node.literal)) : expression(node);
    sets.push_back(d_.quote(f->column()) + " = " + rhs);
  }
  if (!joins_.empty()) throw field_error("update(): values may only use fields of the row itself (no relations)");
  params_.insert(params_.end(), where_params.begin(), where_params.end());
  return {fmt::format("UPDATE {} SET {}{}", main_, join_list(sets, ", "), where), std::move(params_)};
}

statement sql_builder::remove() {
  std::vector<value> params;
  auto where = target_rows(params);
  return {"DELETE FROM " + main_ + where, std::move(params)};
}

}  // namespace testudo::detail
