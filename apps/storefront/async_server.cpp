// The Beast HTTP/1.1 server of storefront-async (async_server.hpp).
#include "async_server.hpp"

#include <cstdio>
#include <utility>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace storefront {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// A connection's stream and state, touched only on its strand (the stream's executor).
struct async_server::connection {
  explicit connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool busy = false;      // between a request read and its answer written
  bool stopping = false;  // stop() came: no further request
};

namespace {

http::response<http::string_body> to_http(const api::response& answer, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(answer.status), version};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = answer.body;
  res.prepare_payload();
  return res;
}

// Errors after which the client is owed no answer: it left, went quiet, or stop() came.
bool quiet_end(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
         ec == net::error::connection_reset || ec == net::error::eof;
}

}  // namespace

async_server::async_server(net::io_context& io, request_handler handler, async_settings settings)
    : io_(io), handler_(std::move(handler)), settings_(settings), acceptor_(net::make_strand(io)) {}

int async_server::listen(const std::string& host, int port) {
  beast::error_code ec;
  tcp::resolver resolver(io_);
  auto found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || found.empty()) return -1;
  tcp::endpoint endpoint = found.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(settings_.backlog, ec);
  if (ec) return -1;
  net::co_spawn(acceptor_.get_executor(), accept_loop(), net::detached);
  return acceptor_.local_endpoint().port();
}

void async_server::stop() {
  net::post(acceptor_.get_executor(), [this] { acceptor_.close(); });
  std::lock_guard lock(mutex_);
  stopped_ = true;
  for (const auto& conn : connections_) {
    net::post(conn->stream.get_executor(), [conn] {
      conn->stopping = true;
      if (!conn->busy) conn->stream.cancel();  // the pending read ends with operation_aborted
    });
  }
}

net::awaitable<void> async_server::accept_loop() {
  for (;;) {
    // Each connection on a strand: with --threads > 1 its coroutine and stop()'s cancel never run at once.
    tcp::socket socket(net::make_strand(io_));
    beast::error_code ec;
    co_await acceptor_.async_accept(socket, net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (!ec) start_session(std::move(socket));
  }
}

void async_server::start_session(tcp::socket socket) {
  beast::error_code ec;
  // An answer is written in one go, but a client's next request must not wait for a delayed ACK.
  socket.set_option(tcp::no_delay(true), ec);
  auto conn = std::make_shared<connection>(std::move(socket));
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  connections_.insert(conn);
  net::co_spawn(conn->stream.get_executor(), session(conn), net::detached);
}

net::awaitable<void> async_server::session(std::shared_ptr<connection> conn) {
  try {
    while (!conn->stopping && co_await serve_one(*conn)) {
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "storefront: connection: %s\n", e.what());
  }
  beast::error_code ec;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::lock_guard lock(mutex_);
  connections_.erase(conn);
}

// Reads one request and writes its answer; whether the connection stays open for another.
net::awaitable<bool> async_server::serve_one(connection& conn) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(settings_.body_limit);
  conn.stream.expires_after(settings_.keep_alive_timeout);
  beast::error_code ec;
  co_await http::async_read(conn.stream, conn.buffer, parser, net::redirect_error(net::use_awaitable, ec));
  if (ec && quiet_end(ec)) co_return false;
  conn.busy = true;
  api::response answer;
  bool keep_alive = false;
  if (ec == http::error::body_limit) {
    answer = api::detail_response(413, "Request body too large");
  } else if (ec) {
    answer = api::detail_response(400, "Bad request");
  } else {
    const http_request& req = parser.get();
    answer = co_await handler_(req);
    keep_alive = req.keep_alive() && !conn.stopping;  // "Connection: close" once stop() came
    std::fprintf(stderr, "%s %s %d\n", std::string(req.method_string()).c_str(), std::string(req.target()).c_str(),
                 answer.status);
  }
  auto res = to_http(answer, parser.get().version(), keep_alive);
  conn.stream.expires_after(settings_.keep_alive_timeout);  // a client that reads nothing is dropped too
  co_await http::async_write(conn.stream, res, net::redirect_error(net::use_awaitable, ec));
  conn.busy = false;
  co_return !ec && keep_alive;
}

}  // namespace storefront
