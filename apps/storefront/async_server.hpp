// An HTTP/1.1 server on Boost.Beast: an accept loop and one coroutine per keep-alive connection,
// answering each request with a handler coroutine's JSON response.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <testudo/aio/net.hpp>

#include "api.hpp"

namespace storefront {

namespace net = testudo::net;
using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using request_handler = std::function<net::awaitable<api::response>(const http_request&)>;

struct async_settings {
  int backlog = 4096;                        // pending connections; the kernel caps it at somaxconn
  std::uint64_t body_limit = 1024 * 1024;    // bytes of a request body: beyond, a 413 and the connection closes
  std::chrono::seconds keep_alive_timeout{5};  // an idle connection (or a slow client) is closed after it
};

class async_server {
 public:
  async_server(net::io_context& io, request_handler handler, async_settings settings);

  // Binds host:port (0: a free port) and starts accepting. Returns the port bound, or -1.
  int listen(const std::string& host, int port);

  // From any thread: accepts no more, ends the idle connections and the others once their answer
  // is written, so that io_context::run returns when the ORM calls in flight are done.
  void stop();

 private:
  struct connection;

  net::awaitable<void> accept_loop();
  void start_session(net::ip::tcp::socket socket);
  net::awaitable<void> session(std::shared_ptr<connection> conn);
  net::awaitable<bool> serve_one(connection& conn);

  net::io_context& io_;
  request_handler handler_;
  async_settings settings_;
  net::ip::tcp::acceptor acceptor_;  // on a strand of its own, so that stop() may close it from any thread
  std::mutex mutex_;                 // guards connections_ and stopped_
  std::set<std::shared_ptr<connection>> connections_;
  bool stopped_ = false;
};

}  // namespace storefront
