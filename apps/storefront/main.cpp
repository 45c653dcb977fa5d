// storefront: the seed's FastAPI example as one binary.
//   storefront [--db URL] [--host 127.0.0.1] [--port 8000] [--create-schema] [--threads N] [--backlog N]
//              [--keep-alive-requests N] [--keep-alive-timeout SECONDS]
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <testudo/orm.hpp>

#include "cli.hpp"
#include "service.hpp"

namespace {

struct options : storefront::common_options {
  storefront::server_settings server;
};

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
  std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
}

// Serves until SIGINT/SIGTERM. Those signals are blocked in every thread (main() blocks them
// before any thread starts) and taken by a watcher with sigwait, so the server is stopped from an
// ordinary thread rather than a signal handler.
int serve(httplib::Server& server, const sigset_t& signals) {
  std::atomic<bool> listening_done = false;
  std::thread watcher([&] {
    int caught = 0;
    sigwait(&signals, &caught);
    // A signal that comes before the accept loop runs would be lost by stop(): wait for it.
    while (!listening_done && !server.is_running()) std::this_thread::yield();
    server.stop();
  });
  bool ok = server.listen_after_bind();
  listening_done = true;
  pthread_kill(watcher.native_handle(), SIGTERM);  // ends the watcher when no signal came
  watcher.join();
  return ok ? 0 : 1;
}

int run(const options& opts, const sigset_t& signals) {
  storefront::open_database(opts);

  httplib::Server server;
  storefront::add_routes(server);
  server.set_logger(log_request);
  int port = storefront::bind(server, opts.host, opts.port, opts.server);
  if (port < 0) {
    std::fprintf(stderr, "storefront: cannot listen on %s:%d\n", opts.host.c_str(), opts.port);
    return 1;
  }
  storefront::announce(opts, port);
  int status = serve(server, signals);
  testudo::close_databases();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The seed's FastAPI storefront example over testudo's ORM"};
  options opts;
  storefront::add_common_options(app, opts);
  app.add_option("--threads", opts.server.threads,
                 "Worker threads: each serves one connection while it stays open, so at least the number of clients")
      ->check(CLI::Range(1, 10000))->capture_default_str();
  app.add_option("--backlog", opts.server.backlog, "Connections that may wait to be accepted (capped by net.core.somaxconn)")
      ->check(CLI::Range(1, 65535))->capture_default_str();
  app.add_option("--keep-alive-requests", opts.server.keep_alive_requests, "Requests per connection before it is closed")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--keep-alive-timeout", opts.server.keep_alive_timeout, "Seconds an idle connection stays open")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: they all inherit it
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer must not end the server
  try {
    return run(opts, signals);
  } catch (const testudo::base_orm_error& e) {
    std::fprintf(stderr, "storefront: %s\n", e.what());
    return 1;
  }
}
