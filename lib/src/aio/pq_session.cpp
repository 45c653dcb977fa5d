#include "aio/pq_session.hpp"

#include <libpq-fe.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <new>
#include <utility>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "db/drivers.hpp"
#include "db/postgres/pg_common.hpp"
#include "testudo/errors.hpp"

namespace testudo::aio::detail {

namespace pg = testudo::detail::pg;
using testudo::detail::first_line;
using wait_type = net::posix::stream_descriptor::wait_type;

// ---------------------------------------------------------------- rows

namespace {

// A column named in an error message, and a bytea cell for pg::cell_value.
struct column_of {
  const pq_rows* rows;
  std::size_t c;
  std::string operator()() const { return rows->column_name(c); }
  blob bytes() const { return rows->get_blob(c); }
};

int col(std::size_t c) { return static_cast<int>(c); }

}  // namespace

bool pq_rows::next() { return ++row_ < PQntuples(rows_); }
std::size_t pq_rows::column_count() const { return static_cast<std::size_t>(PQnfields(rows_)); }
std::string pq_rows::column_name(std::size_t c) const { return PQfname(rows_, col(c)); }
bool pq_rows::is_null(std::size_t c) const { return PQgetisnull(rows_, row_, col(c)) == 1; }
std::int64_t pq_rows::get_int64(std::size_t c) const { return pg::number<std::int64_t>(get_text(c), column_of{this, c}); }
double pq_rows::get_double(std::size_t c) const { return pg::number<double>(get_text(c), column_of{this, c}); }
bool pq_rows::get_bool(std::size_t c) const { return pg::boolean(get_text(c)); }

std::string_view pq_rows::get_text(std::size_t c) const {
  return {PQgetvalue(rows_, row_, col(c)), static_cast<std::size_t>(PQgetlength(rows_, row_, col(c)))};
}

blob pq_rows::get_blob(std::size_t c) const {
  std::size_t size = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> bytes(
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(rows_, row_, col(c))), &size), PQfreemem);
  if (!bytes) throw std::bad_alloc();  // libpq's one reason to fail on a cell the server sent
  return blob(bytes.get(), bytes.get() + size);
}

value pq_rows::get(std::size_t c) const {
  if (is_null(c)) return null;
  return pg::cell_value(PQftype(rows_, col(c)), get_text(c), column_of{this, c});
}

void pq_result::clear::operator()(pg_result* r) const noexcept { PQclear(r); }

std::int64_t pq_result::affected_rows() const {
  std::string_view count = result_ ? PQcmdTuples(result_.get()) : "";
  return count.empty() ? 0 : pg::number<std::int64_t>(count, [] { return std::string("(affected rows)"); });
}

// ---------------------------------------------------------------- awaiting a statement

namespace {

// The suspended coroutine of a query(), behind an interface: Boost 1.74 has no
// any_completion_handler, and the handler's type is known only where the coroutine suspends.
class waiter {
 public:
  virtual ~waiter() = default;
  // Resumes the coroutine on its own executor, posted: never inside the session's own loops.
  // A post that fails (no memory) has taken the handler, so it ends the process.
  virtual void resume() noexcept = 0;
};

}  // namespace

struct pq_prepared {
  std::string name;
  std::exception_ptr failed;  // why preparing it failed: what the statements relying on it report
};

struct pq_statement {
  pq_statement(std::string_view text, std::span<const value> values) : sql(text), texts(values.size()) {
    params.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) params.push_back(pg::to_param(values[i], texts[i]));
  }
  // Keeps the outcome for the coroutine awaiting it, which is resumed if it has suspended already
  // (it has not when sending failed at once, or the session ended meanwhile).
  void complete(std::exception_ptr failed, pq_result rows) noexcept {
    done = true;
    error = failed;
    result = std::move(rows);
    if (awaiting) std::exchange(awaiting, nullptr)->resume();
  }

  std::string sql;
  std::shared_ptr<pq_prepared> uses;  // the prepared statement it runs, or none (unnamed)
  bool prepares = false;              // and it prepares that statement first
  std::vector<std::string> texts;   // the parameters' text, which `params` points into
  std::vector<const char*> params;  // nullptr for NULL
  bool setup = false;               // the session's own settings: if they fail, the session ends
  pq_result result;                 // the server's answer until its Sync arrives, then the outcome
  bool done = false;
  std::exception_ptr error;
  std::unique_ptr<waiter> awaiting;
};

namespace {

// Resumes the coroutine `handler` belongs to on its own executor, `error` thrown at its co_await.
template <class Handler>
void post_completion(Handler& handler, std::exception_ptr error) noexcept {
  auto executor = net::get_associated_executor(handler);  // before the move below
  net::post(executor, [resumed = std::move(handler), error]() mutable { resumed(error); });
}

template <class Handler>
class waiter_for final : public waiter {
 public:
  explicit waiter_for(Handler&& handler) : handler_(std::move(handler)) {}
  void resume() noexcept override { post_completion(handler_, nullptr); }

 private:
  Handler handler_;
};

// Suspends the calling coroutine until `st` is complete. An exception out of an initiation would
// reach Boost 1.74's coroutine machinery, which terminates: the coroutine gets it instead.
net::awaitable<void> completion_of(pq_statement& st) {
  // A pointer, not the shared_ptr: GCC 12 released a shared_ptr captured by the initiation lambda
  // twice (reproduced apart with Boost 1.74's use_awaitable, whose initiate is a coroutine taking
  // the lambda by value).
  auto* waiting = &st;
  return net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr)>(
      [waiting](auto handler) {
        try {
          waiting->awaiting = std::make_unique<waiter_for<decltype(handler)>>(std::move(handler));
        } catch (...) {
          post_completion(handler, std::current_exception());
        }
      },
      net::use_awaitable);
}

std::string_view sqlstate_of(const pg_result* r) {
  const char* sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return sqlstate ? sqlstate : "";  // none for libpq's own errors
}

bool succeeded(const pg_result* r) {
  auto status = PQresultStatus(r);
  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY;
}

// What went wrong with a statement whose result is `r`, or nullptr.
std::exception_ptr error_of(const pg_result* r, const std::string& sql) {
  if (succeeded(r)) return nullptr;
  auto status = PQresultStatus(r);
  if (status != PGRES_FATAL_ERROR)
    return std::make_exception_ptr(operational_error(fmt::format("PostgreSQL: unexpected result {}", PQresStatus(status)),
                                                     {.sqlstate = {}, .native_code = 0, .statement = sql, .statement_index = {}}));
  try {
    pg::throw_statement_error(sqlstate_of(r), PQresultErrorMessage(r), sql, false);
  } catch (...) {
    return std::current_exception();
  }
}

// The session settings of the libpqxx driver: instants come back as UTC text, and the URL's schema
// and statement_timeout apply.
std::shared_ptr<pq_statement> setup_statement(const db_url& url) {
  std::string sql = "SELECT set_config('TimeZone', 'UTC', false)";
  std::vector<value> settings;
  auto set = [&](std::string_view name, std::string text) {
    settings.emplace_back(std::move(text));
    sql += fmt::format(", set_config('{}', ${}, false)", name, settings.size());
  };
  if (auto schema = url.option("schema"); !schema.empty()) set("search_path", pg::quote_ident(schema));
  if (auto timeout = url.option("statement_timeout"); !timeout.empty()) set("statement_timeout", timeout);
  auto st = std::make_shared<pq_statement>(sql, settings);
  st->setup = true;
  return st;
}

}  // namespace

// ---------------------------------------------------------------- the session

std::shared_ptr<pq_session> pq_session::open(net::any_io_executor executor, const db_url& url) {
  auto session = std::make_shared<pq_session>(private_tag{}, executor, url);
  session->spawn(&pq_session::connect);
  return session;
}

pq_session::pq_session(private_tag, net::any_io_executor executor, const db_url& url)
    : executor_(executor), url_(url), conn_(nullptr, PQfinish), socket_(executor),
      prepares_(url.option("prepared_statements") != "false") {}

pq_session::~pq_session() {
  socket_.release();  // libpq closes its socket itself, in PQfinish
  // Statements still in flight here mean that the coroutines driving the session were destroyed
  // unfinished, which only destroying their io_context does: their awaiters can never be resumed,
  // so they go unresumed too (their handlers own them), and with them the cycle statement →
  // handler → coroutine frame → statement.
  for (auto* queue : {&unsent_, &sent_})
    for (auto& st : *queue) st->awaiting.reset();
}

net::awaitable<pq_result> pq_session::query(std::string_view sql, std::span<const value> params) {
  if (ended_) std::rethrow_exception(ended_);
  auto st = std::make_shared<pq_statement>(sql, params);
  if (connected_) {
    send(*st);
    sent_.push_back(st);
    pump();
  } else {
    unsent_.push_back(st);
  }
  if (!st->done) co_await completion_of(*st);
  if (st->error) std::rethrow_exception(st->error);
  co_return std::move(st->result);
}

// A server ending an idle connection sends its reason (an ErrorResponse), then closes: libpq reads
// one of them per PQconsumeInput, and reports the close only on a read that finds nothing else, so
// the socket is peeked until it is empty (nothing more to say) or closed.
void pq_session::check_idle() {
  if (!connected_ || ended_ || in_flight() != 0) return;
  for (;;) {
    char next = 0;
    auto peeked = ::recv(PQsocket(conn_.get()), &next, 1, MSG_PEEK | MSG_DONTWAIT);
    if (peeked < 0 && errno == EINTR) continue;
    if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (peeked <= 0 || PQconsumeInput(conn_.get()) != 1) return lose_connection();
  }
}

void pq_session::spawn(net::awaitable<void> (pq_session::*step)()) {
  net::co_spawn(executor_, [self = shared_from_this(), step]() -> net::awaitable<void> {
    try {
      co_await (self.get()->*step)();
    } catch (...) {  // connecting failed, or no memory: the statements learn why, and the session is done
      self->end(std::current_exception());
    }
  }, net::detached);
}

// ---------------------------------------------------------------- connecting

net::awaitable<void> pq_session::connect() {
  co_await poll_connection();
  start_pipeline();
  send_unsent();
}

net::awaitable<void> pq_session::poll_connection() {
  conn_.reset(PQconnectStart(pg::conninfo(url_).c_str()));
  if (!conn_) throw std::bad_alloc();  // libpq's one reason to return no connection at all
  if (PQstatus(conn_.get()) == CONNECTION_BAD) refuse(PQerrorMessage(conn_.get()));
  // libpq enforces connect_timeout only in a blocking connect: here a timer ends the wait.
  net::steady_timer deadline(executor_, std::chrono::seconds(pg::connect_seconds(url_)));
  deadline.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    boost::system::error_code ignored;
    if (!ec && !self->connected_) self->socket_.cancel(ignored);
  });
  // libpq's protocol: start as if PQconnectPoll had asked to write, then wait for what it asks.
  for (auto polled = PGRES_POLLING_WRITING; polled != PGRES_POLLING_OK; polled = PQconnectPoll(conn_.get())) {
    if (polled == PGRES_POLLING_FAILED) refuse(PQerrorMessage(conn_.get()));
    watch_socket();
    boost::system::error_code ec;
    co_await socket_.async_wait(polled == PGRES_POLLING_READING ? wait_type::wait_read : wait_type::wait_write,
                                net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted) refuse("timeout expired");
  }
}

void pq_session::refuse(std::string_view why) const {
  testudo::detail::throw_connect_error(url_, why, pg::connect_hint(url_, why));
}

// libpq may replace its socket at any step of connecting (the next address, a retry without SSL),
// even by one with the same number: the reactor is told about the current one afresh each time.
void pq_session::watch_socket() {
  socket_.release();
  socket_.assign(PQsocket(conn_.get()));
}

void pq_session::start_pipeline() {
  auto* conn = conn_.get();
  if (PQsetnonblocking(conn, 1) != 0 || PQenterPipelineMode(conn) != 1) refuse(PQerrorMessage(conn));
  connected_ = true;
  unsent_.push_front(setup_statement(url_));
}

// ---------------------------------------------------------------- the pipeline

// Whether `st` runs a prepared statement, and prepares it first: a text seen before runs the
// statement prepared for it, unless preparing that failed (then it is prepared again).
void pq_session::choose_prepared(pq_statement& st) {
  if (!prepares_ || st.params.empty() || st.setup) return;
  auto it = prepared_.find(st.sql);
  if (it != prepared_.end() && !it->second->failed) {
    st.uses = it->second;
    return;
  }
  if (it == prepared_.end()) {
    if (prepared_.size() >= max_prepared) return;
    it = prepared_.emplace(st.sql, nullptr).first;
  }
  it->second = std::make_shared<pq_prepared>(pq_prepared{fmt::format("testudo_p{}", ++names_), nullptr});
  st.uses = it->second;
  st.prepares = true;
}

// Puts `st` in the pipeline with a Sync of its own (after its Prepare, if it has one: a Prepare
// that fails makes the server skip the rest up to the Sync). A statement libpq will not send (more
// than 65535 parameters, say) fails alone.
void pq_session::send(pq_statement& st) {
  auto* conn = conn_.get();
  auto n = static_cast<int>(st.params.size());
  choose_prepared(st);
  bool queued = !st.uses ? PQsendQueryParams(conn, st.sql.c_str(), n, nullptr, st.params.data(), nullptr, nullptr, 0) == 1
                : (!st.prepares || PQsendPrepare(conn, st.uses->name.c_str(), st.sql.c_str(), n, nullptr) == 1) &&
                      PQsendQueryPrepared(conn, st.uses->name.c_str(), n, st.params.data(), nullptr, nullptr, 0) == 1;
  if (!queued && PQstatus(conn) == CONNECTION_OK)
    throw operational_error(fmt::format("PostgreSQL client: {}", first_line(PQerrorMessage(conn))),
                            {.sqlstate = {}, .native_code = 0, .statement = st.sql, .statement_index = {}});
  // Without its Sync, a statement would hold back the results of those after it.
  if (!queued || PQpipelineSync(conn) != 1) {
    lose_connection();
    std::rethrow_exception(ended_);
  }
}

void pq_session::send_unsent() {
  while (!unsent_.empty()) {
    auto st = std::move(unsent_.front());
    unsent_.pop_front();
    try {
      send(*st);
      sent_.push_back(std::move(st));
    } catch (...) {
      st->complete(std::current_exception(), {});
    }
  }
  pump();
}

// After statements were put in the pipeline: what the socket does not take yet is written once it
// does, and their results are read as they come.
void pq_session::pump() {
  if (flush_some() && !writing_) {
    writing_ = true;
    spawn(&pq_session::write_rest);
  }
  if (!ended_ && !reading_ && !sent_.empty()) {
    reading_ = true;
    spawn(&pq_session::read_results);
  }
}

// Writes what libpq holds; true while some is left. While the socket is full, libpq reads what
// the server sent (so that neither side blocks the other): results the socket will not announce
// again, taken here.
bool pq_session::flush_some() {
  if (ended_) return false;
  int left = PQflush(conn_.get());
  take_results();
  if (left < 0) lose_connection();
  return left == 1 && !ended_;
}

net::awaitable<void> pq_session::write_rest() {
  for (bool more = true; more;) {
    boost::system::error_code ec;
    co_await socket_.async_wait(wait_type::wait_write, net::redirect_error(net::use_awaitable, ec));
    if (ended_) break;
    if (ec && ec != net::error::operation_aborted) lose_connection();  // aborted: see take_results
    more = flush_some();
  }
  writing_ = false;
}

// Runs while statements are in the pipeline: an idle session keeps no wait open, so it never keeps
// its io_context's run() from returning.
net::awaitable<void> pq_session::read_results() {
  while (!ended_ && !sent_.empty()) {
    boost::system::error_code ec;
    co_await socket_.async_wait(wait_type::wait_read, net::redirect_error(net::use_awaitable, ec));
    if (ended_ || ec == net::error::operation_aborted) continue;  // see take_results
    if (ec || PQconsumeInput(conn_.get()) != 1) lose_connection();
    take_results();
  }
  reading_ = false;
}

// Hands out the outcomes libpq holds complete. For each statement: its result, a NULL that ends
// its results, then its Sync's PGRES_PIPELINE_SYNC, which completes it.
void pq_session::take_results() {
  auto* conn = conn_.get();
  while (!ended_ && !sent_.empty() && PQstatus(conn) == CONNECTION_OK && !PQisBusy(conn)) {
    pq_result got(PQgetResult(conn));
    if (!got.get()) continue;
    if (PQresultStatus(got.get()) != PGRES_PIPELINE_SYNC) {
      // The statement's result, after its Prepare's; the first error stays (the Prepare's, not
      // the PGRES_PIPELINE_ABORTED of the statement the server then skipped).
      auto& kept = sent_.front()->result;
      if (!kept.get() || succeeded(kept.get())) kept = std::move(got);
      continue;
    }
    auto st = std::move(sent_.front());
    sent_.pop_front();
    finish(*st);
  }
  if (!ended_ && PQstatus(conn) == CONNECTION_BAD) lose_connection();
  // The last results may have come in while libpq wrote (flush_some): then the reader waits for
  // data that will not come, and would keep run() from returning. It wakes and stops.
  if (sent_.empty() && reading_) {
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  }
}

void pq_session::finish(pq_statement& st) {
  auto error = error_of(st.result.get(), st.sql);
  // Preparing a statement fails for what running it would (a syntax error, a missing table): the
  // statements sent meanwhile to run it report that, not that it does not exist.
  if (error && st.uses) {
    if (st.prepares) st.uses->failed = error;
    else if (st.uses->failed) error = st.uses->failed;
  }
  // After an error that leaves the connection unusable (pg::breaks_connection, as for the libpqxx
  // driver) the session ends, so that the pool stops picking it.
  if (error && (st.setup || pg::breaks_connection(sqlstate_of(st.result.get())))) end(error);
  st.complete(error, error ? pq_result{} : std::move(st.result));
}

// Every statement in flight fails with `error`, and so does every later call.
void pq_session::end(std::exception_ptr error) {
  if (ended_) return;
  ended_ = error;
  boost::system::error_code ignored;
  socket_.cancel(ignored);  // the reader and the writer wake, and stop
  for (auto* queue : {&unsent_, &sent_})
    for (auto& st : std::exchange(*queue, {})) st->complete(error, {});
}

void pq_session::lose_connection() {
  end(std::make_exception_ptr(db_connection_error(
      fmt::format("lost the connection to PostgreSQL: {}", first_line(PQerrorMessage(conn_.get()))))));
}

}  // namespace testudo::aio::detail
