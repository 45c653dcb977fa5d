// Internal: one PostgreSQL connection over raw libpq driven by an Asio executor — non-blocking
// connect, statements pipelined (libpq pipeline mode), each awaited for its own result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "testudo/aio/net.hpp"
#include "testudo/db/connection.hpp"

// libpq's handles, as libpq-fe.h declares them: users of this header need no libpq include path.
struct pg_conn;
struct pg_result;

namespace testudo::aio::detail {

// The rows of a pq_result, read through the driver-neutral cursor the ORM reads (query/plan.hpp's
// finish_*). It views the result: it must not outlive it.
class pq_rows final : public row_cursor {
 public:
  explicit pq_rows(const pg_result* rows) : rows_(rows) {}
  bool next() override;
  std::size_t column_count() const override;
  std::string column_name(std::size_t column) const override;
  bool is_null(std::size_t column) const override;
  std::int64_t get_int64(std::size_t column) const override;
  double get_double(std::size_t column) const override;
  std::string_view get_text(std::size_t column) const override;
  blob get_blob(std::size_t column) const override;
  bool get_bool(std::size_t column) const override;
  value get(std::size_t column) const override;

 private:
  const pg_result* rows_;
  int row_ = -1;
};

// What one statement returned: its rows (none for a command) and the rows it affected.
class pq_result {
 public:
  pq_result() = default;
  explicit pq_result(pg_result* owned) : result_(owned) {}
  // PQcmdTuples: the rows an INSERT/UPDATE/DELETE/SELECT... touched, 0 for other commands.
  std::int64_t affected_rows() const;
  pq_rows rows() const { return pq_rows(result_.get()); }
  const pg_result* get() const noexcept { return result_.get(); }

 private:
  struct clear {
    void operator()(pg_result* r) const noexcept;
  };
  std::unique_ptr<pg_result, clear> result_;
};

// A statement sent or queued, and what came of it.
struct pq_statement;
// A statement prepared on the session (by the first statement of its text that was sent).
struct pq_prepared;

// One connection, living on one executor: every call, and the destructor, on that executor's thread,
// before its io_context is destroyed. Statements are sent as they come without waiting for earlier
// ones (a Sync after each, so each is its own implicit transaction and a failing one aborts no
// other) and their results are handed out in order. Nothing here blocks the thread, and no thread
// is started: the socket is watched by the executor's reactor.
class pq_session : public std::enable_shared_from_this<pq_session> {
 public:
  // Starts connecting to `url`; statements queued meanwhile are sent once connected, and fail with
  // db_connection_error if connecting does (after the URL's connect_timeout, 10 s by default).
  // libpq looks a host name up with a blocking getaddrinfo: only an IP address (or a name in
  // /etc/hosts) keeps connecting from waiting on a DNS server.
  static std::shared_ptr<pq_session> open(net::any_io_executor executor, const db_url& url);
  ~pq_session();
  pq_session(const pq_session&) = delete;
  pq_session& operator=(const pq_session&) = delete;

  // Runs one statement with `params` as $1, $2, ...; throws its error (testudo's exception for its
  // SQLSTATE) at this co_await only. The session is kept alive by the statements in flight, not by
  // the awaiting coroutine; `sql` and `params` are copied before the first suspension.
  net::awaitable<pq_result> query(std::string_view sql, std::span<const value> params = {});

  // Statements sent or queued whose results have not arrived yet.
  std::size_t in_flight() const noexcept { return unsent_.size() + sent_.size(); }
  // False once connecting failed or the connection was lost: every call then throws that error again.
  bool is_healthy() const noexcept { return !ended_; }
  // With nothing in flight: reads what the server sent meanwhile, without waiting, so that a
  // connection it closed (a restart, an idle timeout) ends the session before a statement is given
  // to it rather than fail that statement.
  void check_idle();

 private:
  struct private_tag {};

 public:
  pq_session(private_tag, net::any_io_executor executor, const db_url& url);

 private:
  // Runs `step` detached on the executor, the session kept alive until it ends.
  void spawn(net::awaitable<void> (pq_session::*step)());
  net::awaitable<void> connect();
  net::awaitable<void> poll_connection();
  [[noreturn]] void refuse(std::string_view why) const;
  void watch_socket();
  void start_pipeline();

  void choose_prepared(pq_statement& st);
  void send(pq_statement& st);
  void send_unsent();
  void pump();
  bool flush_some();
  net::awaitable<void> write_rest();
  net::awaitable<void> read_results();
  void take_results();
  void finish(pq_statement& st);
  void end(std::exception_ptr error);
  void lose_connection();

  net::any_io_executor executor_;
  db_url url_;
  std::unique_ptr<pg_conn, void (*)(pg_conn*)> conn_;
  net::posix::stream_descriptor socket_;
  bool connected_ = false;
  std::exception_ptr ended_;  // what ended the session: connecting failed, the connection was lost
  std::deque<std::shared_ptr<pq_statement>> unsent_;  // queued while connecting
  std::deque<std::shared_ptr<pq_statement>> sent_;    // in the pipeline, oldest first
  bool reading_ = false;
  bool writing_ = false;
  // As the libpqxx driver: statements with parameters are prepared, by their text, up to 256 per
  // session (later texts go unnamed), none with prepared_statements=false (PgBouncer).
  static constexpr std::size_t max_prepared = 256;
  bool prepares_;
  std::unordered_map<std::string, std::shared_ptr<pq_prepared>> prepared_;
  std::size_t names_ = 0;
};

}  // namespace testudo::aio::detail
