// A storefront binary (TESTUDO_STOREFRONT_PATH) run as its users run it: started on a free port
// with a fresh database of the backend under test, spoken to over HTTP on 127.0.0.1.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/backend.hpp"

extern char** environ;

namespace storefront_tests {

using nlohmann::json;
using namespace std::chrono_literals;

[[noreturn]] inline void sys_fail(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }

// `storefront --port 0 --create-schema --db URL [extra...]`, running until terminate() or the destructor
// (SIGKILL). Its stderr (the request log) goes to ours; its stdout is read for the port.
class storefront_process {
 public:
  explicit storefront_process(const std::string& db_url, const std::vector<std::string>& extra = {}) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) sys_fail("pipe2");
    out_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> args{TESTUDO_STOREFRONT_PATH, "--port", "0", "--create-schema", "--db", db_url};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      errno = rc;
      sys_fail("cannot start " + args[0]);
    }
    try {
      port_ = read_port();
    } catch (...) {
      kill_child();
      ::close(out_);
      throw;
    }
  }
  storefront_process(const storefront_process&) = delete;
  storefront_process& operator=(const storefront_process&) = delete;
  ~storefront_process() {
    kill_child();
    ::close(out_);
  }

  int port() const noexcept { return port_; }

  // SIGTERM, then its exit status (-1 when a signal ended it or it is still running after 30 s).
  int terminate() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    pid_t done = 0;
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while ((done = ::waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(10ms);
    if (done != pid_) return -1;  // the destructor kills it
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  void kill_child() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // The port of its "storefront listening on http://127.0.0.1:PORT" line.
  int read_port() {
    static constexpr std::string_view prefix = "storefront listening on http://127.0.0.1:";
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + 60s;  // ASan start plus schema creation
    while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd fd{out_, POLLIN, 0};
      int ready = ::poll(&fd, 1, 100);
      if (ready < 0 && errno != EINTR) sys_fail("poll");
      if (ready <= 0) continue;
      char buffer[256];
      auto got = ::read(out_, buffer, sizeof buffer);
      if (got <= 0) break;  // it exited
      out.append(buffer, static_cast<std::size_t>(got));
    }
    if (!out.starts_with(prefix)) throw std::runtime_error("storefront did not start; its stdout: " + out);
    return std::stoi(out.substr(prefix.size()));
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

// A running storefront on a database of its own (`name`, after the binary's TESTUDO_STOREFRONT_DB_TAG,
// keeps parallel test processes apart).
struct storefront {
  explicit storefront(std::string_view name, const std::vector<std::string>& extra = {})
      : db_url(testudo::test::fresh_database(TESTUDO_STOREFRONT_DB_TAG + std::string(name))),
        server(db_url, extra),
        client("127.0.0.1", server.port()) {}

  json post(const std::string& path, const json& body, int expected_status) {
    return call(client.Post(path.c_str(), body.dump(), "application/json"), expected_status);
  }
  json get(const std::string& path, int expected_status) { return call(client.Get(path.c_str()), expected_status); }

  // A new user's id.
  int add_user(const std::string& name) {
    return post("/users", {{"email", name + "@example.com"}, {"username", name}, {"password", "secret"}}, 201)["id"].get<int>();
  }

  static json call(const httplib::Result& res, int expected_status) {
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    CHECK_MESSAGE(res->status == expected_status, res->body);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    return json::parse(res->body);
  }

  std::string db_url;
  storefront_process server;
  httplib::Client client;
};

}  // namespace storefront_tests
