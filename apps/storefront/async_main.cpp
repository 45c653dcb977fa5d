// storefront-async: the storefront on a Beast server whose coroutines use the awaitable ORM.
//   storefront-async [--db URL] [--host 127.0.0.1] [--port 8000] [--create-schema] [--threads N]
//                    [--backlog N] [--body-limit BYTES] [--keep-alive-timeout SECONDS]
#include <signal.h>

#include <cstdio>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <testudo/orm.hpp>

#include "async_server.hpp"
#include "async_service.hpp"
#include "cli.hpp"

namespace {

struct options : storefront::common_options {
  unsigned threads = 1;
  int backlog = storefront::async_settings{}.backlog;
  std::uint64_t body_limit = storefront::async_settings{}.body_limit;
  int keep_alive_timeout = static_cast<int>(storefront::async_settings{}.keep_alive_timeout.count());
};

// Runs `io` on `count` threads, this one among them, until it has no more work.
void run_threads(storefront::net::io_context& io, unsigned count) {
  std::vector<std::thread> others;
  for (unsigned i = 1; i < count; ++i) others.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : others) t.join();
}

int run(const options& opts) {
  storefront::open_database(opts);
  storefront::net::io_context io(static_cast<int>(opts.threads));
  storefront::async_settings settings{opts.backlog, opts.body_limit, std::chrono::seconds(opts.keep_alive_timeout)};
  storefront::async_server server(io, storefront::answer, settings);
  int port = server.listen(opts.host, opts.port);
  if (port < 0) {
    std::fprintf(stderr, "storefront: cannot listen on %s:%d\n", opts.host.c_str(), opts.port);
    return 1;
  }
  // SIGINT/SIGTERM stop the server; run() returns once the connections and their ORM calls end.
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int) {
    if (!ec) server.stop();
  });
  storefront::announce(opts, port);
  run_threads(io, opts.threads);
  testudo::close_databases();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The seed's FastAPI storefront example on an async Beast server and testudo::aio"};
  options opts;
  storefront::add_common_options(app, opts);
  app.add_option("--threads", opts.threads, "Threads running the server's coroutines: one serves many connections")
      ->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_option("--backlog", opts.backlog, "Connections that may wait to be accepted (capped by net.core.somaxconn)")
      ->check(CLI::Range(1, 65535))->capture_default_str();
  app.add_option("--body-limit", opts.body_limit, "Bytes of a request body; a larger one is answered 413")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--keep-alive-timeout", opts.keep_alive_timeout, "Seconds an idle connection stays open")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  signal(SIGPIPE, SIG_IGN);  // a database connection the server lost must not end it
  try {
    return run(opts);
  } catch (const testudo::base_orm_error& e) {
    std::fprintf(stderr, "storefront: %s\n", e.what());
    return 1;
  }
}
