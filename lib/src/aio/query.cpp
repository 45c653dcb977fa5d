// The awaitable terminals of testudo::aio::queryset: the sync ones' halves (query/terminals.hpp)
// around a worker connection instead of a lease.
#include <fmt/format.h>

#include "aio/connection.hpp"
#include "aio/transaction.hpp"
#include "testudo/aio.hpp"

namespace testudo::aio::detail {
using namespace testudo::detail;

namespace {

// The database a terminal runs on: query_core::db's choice, but a read goes to the model's write
// database while the coroutine is in an aio::atomic scope there, so that a transaction reads its
// own writes (route()'s rule, for a scope that belongs to a coroutine rather than to a thread).
net::awaitable<database*> chosen(const query_core& core, access a) {
  auto executor = co_await net::this_coro::executor;
  if (a == access::read && !core.spec().db) {
    auto& primary = route(core.meta(), access::write);
    if (scope_for(executor, primary)) co_return &primary;
  }
  co_return &core.db(a);
}

}  // namespace

net::awaitable<std::shared_ptr<const relation_store>> fetch(query_core core, object_sink& sink) {
  const auto& spec = core.spec();
  auto& database = *co_await chosen(core, access::read);
  // A lock outlives its statement only inside a transaction: the coroutine's, not the thread's.
  if (spec.for_update && !scope_for(co_await net::this_coro::executor, database))
    throw transaction_management_error(
        "select_for_update() needs a transaction: run it inside aio::atomic(...), or the rows are unlocked as soon as "
        "the SELECT ends");
  auto store = spec.select_related.empty() && spec.prefetch.empty() ? nullptr : std::make_shared<store_impl>();
  co_await run_terminal(database, objects_terminal(spec, sink, store.get()));
  // Its levels in one hop: a statement each, on the worker, one after the other as in the sync call.
  if (!spec.prefetch.empty())
    co_await on_thread_connection(database, [&] { prefetch_related(spec, database, sink, *store); });
  if (!store || store->empty()) co_return nullptr;
  co_return store;
}

class chunks {
 public:
  explicit chunks(query_core core) : core_(std::move(core)), window_(core_.spec()) {}
  const query_core& core() const noexcept { return core_; }
  chunk_window& window() noexcept { return window_; }

 private:
  query_core core_;
  chunk_window window_;
};

std::shared_ptr<chunks> open_chunks(query_core core) {
  const auto& spec = core.spec();
  if (!spec.prefetch.empty() || !spec.select_related.empty())
    throw unsupported_error("select_related/prefetch_related keep related objects in memory: use .all(), not iteration");
  return std::make_shared<chunks>(std::move(core));
}

net::awaitable<bool> next_chunk(std::shared_ptr<chunks> loop, object_sink& sink) {
  auto spec = loop->window().next();
  if (!spec) co_return false;
  auto& database = *co_await chosen(loop->core(), access::read);
  if (spec->for_update && !scope_for(co_await net::this_coro::executor, database))
    throw transaction_management_error("select_for_update() needs a transaction: run the loop inside aio::atomic(...)");
  co_await run_terminal(database, objects_terminal(*spec, sink, nullptr));
  auto got = sink.size();
  loop->window().read(got, got > 0 ? sink.at(got - 1) : nullptr, database.sql_dialect().nulls_sort_first());
  co_return got > 0;
}

net::awaitable<std::int64_t> count(query_core core) {
  auto& database = *co_await chosen(core, access::read);
  co_return co_await run_terminal(database, count_terminal(core.spec()));
}

net::awaitable<bool> exists(query_core core) {
  auto& database = *co_await chosen(core, access::read);
  co_return co_await run_terminal(database, exists_terminal(core.spec()));
}

net::awaitable<std::vector<std::vector<value>>> values_list(query_core core, std::vector<std::string> fields) {
  auto& database = *co_await chosen(core, access::read);
  if (fields.empty()) fields = default_value_names(core.meta());
  co_return co_await run_terminal(database, values_terminal(core.spec(), fields));
}

net::awaitable<std::vector<record>> values(query_core core, std::vector<std::string> fields) {
  auto names = std::make_shared<const std::vector<std::string>>(fields.empty() ? default_value_names(core.meta()) : fields);
  std::vector<record> out;
  for (auto& row : co_await values_list(std::move(core), *names)) out.emplace_back(names, std::move(row));
  co_return out;
}

net::awaitable<record> aggregate(query_core core, std::vector<named_expr> aggregates) {
  auto& database = *co_await chosen(core, access::read);
  co_return co_await run_terminal(database, aggregate_terminal(core.spec(), aggregates));
}

net::awaitable<std::string> explain(query_core core) {
  auto& database = *co_await chosen(core, access::read);
  co_return co_await run_terminal(database, explain_terminal(core.spec()));
}

net::awaitable<std::vector<value>> values_flat(query_core core, std::string field) {
  auto& database = *co_await chosen(core, access::read);
  co_return co_await run_terminal(database, flat_terminal(core.spec(), field));
}

net::awaitable<std::int64_t> update(query_core core, std::vector<named_expr> assignments) {
  auto& database = core.db(access::write);
  co_return co_await run_terminal(database, update_terminal(core.spec(), assignments));
}

net::awaitable<std::int64_t> remove(query_core core) {
  auto& database = core.db(access::write);
  co_return co_await run_terminal(database, remove_terminal(core.spec()));
}

net::awaitable<std::string> sql(query_core core) {
  auto& database = *co_await chosen(core, access::read);
  decimal_storage decimals(database);
  auto again = [&] { return prepare_sql(core.spec(), database.sql_dialect(), decimals); };
  auto text = again();
  if (decimals.needs_confirm()) co_await on_connection(database, [&](connection& conn) { confirm_on(conn, decimals, text, again); });
  co_return text;
}

net::awaitable<void> check_one(query_core core, std::size_t found, bool none_is_fine) {
  if (found == 1 || (found == 0 && none_is_fine)) co_return;
  throw_get_error(core.meta(), found, co_await sql(core));
}

}  // namespace testudo::aio::detail
