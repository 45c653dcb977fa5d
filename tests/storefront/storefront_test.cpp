// The storefront example as its users meet it: the real binary, started on a free port with a
// fresh database of the backend under test, spoken to over HTTP on 127.0.0.1.
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

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

[[noreturn]] void sys_fail(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }

// `storefront --port 0 --create-schema --db URL`, running until terminate() or the destructor
// (SIGKILL). Its stderr (the request log) goes to ours; its stdout is read for the port.
class storefront_process {
 public:
  explicit storefront_process(const std::string& db_url) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) sys_fail("pipe2");
    out_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> args{TESTUDO_STOREFRONT_PATH, "--port", "0", "--create-schema", "--db", db_url};
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

// A running storefront on a database of its own (`name` keeps parallel test processes apart).
struct storefront {
  explicit storefront(std::string_view name)
      : db_url(testudo::test::fresh_database(name)), server(db_url), client("127.0.0.1", server.port()) {}

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

}  // namespace

TEST_CASE("POST /users creates a user and stores the password as its SHA-256") {
  storefront app("storefront_create");
  auto user = app.post("/users", {{"email", "alice@example.com"}, {"username", "alice"}, {"password", "secret"}}, 201);
  CHECK(user["id"].get<int>() > 0);
  CHECK(user["email"] == "alice@example.com");
  CHECK(user["username"] == "alice");
  CHECK(user["role"] == "user");
  CHECK_FALSE(user.contains("password"));
  CHECK_FALSE(user.contains("password_hash"));

  auto conn = testudo::connect(app.db_url);
  auto rows = conn->query("SELECT password_hash FROM users WHERE id = " + conn->placeholder(1),
                          {testudo::value{user["id"].get<std::int64_t>()}});
  REQUIRE(rows->next());
  CHECK(rows->get_text(0) == "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
}

TEST_CASE("a duplicate email or username is a 409 saying which") {
  storefront app("storefront_duplicates");
  app.add_user("alice");
  auto email = app.post("/users", {{"email", "alice@example.com"}, {"username", "alice2"}, {"password", "x"}}, 409);
  CHECK(email == json{{"detail", "Email already registered"}});
  auto username = app.post("/users", {{"email", "other@example.com"}, {"username", "alice"}, {"password", "x"}}, 409);
  CHECK(username == json{{"detail", "Username taken"}});
}

TEST_CASE("a malformed body is a 400, a value the model rejects a 422") {
  storefront app("storefront_malformed");
  auto res = app.client.Post("/users", "{\"email\": ", "application/json");
  CHECK(storefront::call(res, 400)["detail"].is_string());
  auto missing = app.post("/users", {{"email", "bob@example.com"}, {"username", "bob"}}, 400);
  CHECK(missing["detail"] == "Field 'password' is required and must be a string");
  app.post("/users", {{"email", "bob@example.com"}, {"username", 7}, {"password", "x"}}, 400);
  auto too_long = app.post("/users", {{"email", "bob@example.com"}, {"username", std::string(101, 'b')}, {"password", "x"}}, 422);
  CHECK(too_long["detail"].get<std::string>().find("username") != std::string::npos);
}

TEST_CASE("GET /users/{id} finds the user or answers 404") {
  storefront app("storefront_get");
  app.add_user("carol");
  int id = app.add_user("dave");
  auto user = app.get("/users/" + std::to_string(id), 200);
  CHECK(user["id"] == id);
  CHECK(user["email"] == "dave@example.com");
  CHECK(app.get("/users/999999", 404) == json{{"detail", "User not found"}});
  CHECK(app.get("/users/2147483647", 404) == json{{"detail", "User not found"}});  // the key's largest
  CHECK(app.get("/nowhere", 404) == json{{"detail", "Not Found"}});
}

TEST_CASE("a {user_id} that is no key is a 422 in FastAPI's words, never a query") {
  storefront app("storefront_bad_ids");
  auto error = [](const char* type, const char* input, const std::string& msg) {
    return json{{"type", type}, {"loc", {"path", "user_id"}}, {"msg", msg}, {"input", input}};
  };
  auto not_an_integer = error("int_parsing", "abc", "Input should be a valid integer, unable to parse string as an integer");
  CHECK(app.get("/users/abc", 422) == json{{"detail", {not_an_integer}}});
  auto below = error("greater_than_equal", "-1", "Input should be greater than or equal to 1");
  below["ctx"] = {{"ge", 1}};
  CHECK(app.get("/users/-1", 422) == json{{"detail", {below}}});
  CHECK(app.get("/users/0", 422)["detail"][0]["type"] == "greater_than_equal");
  // Beyond int64, and beyond the 32-bit key within int64: numbers the key cannot hold.
  auto above = error("less_than_equal", "99999999999999999999", "Input should be less than or equal to 2147483647");
  above["ctx"] = {{"le", 2147483647}};
  CHECK(app.get("/users/99999999999999999999", 422) == json{{"detail", {above}}});
  CHECK(app.get("/users/2147483648", 422)["detail"][0]["type"] == "less_than_equal");
  CHECK(app.get("/users/1.5", 422)["detail"][0]["type"] == "int_parsing");
  CHECK(app.get("/users/abc/orders", 422)["detail"][0]["type"] == "int_parsing");
  CHECK(app.post("/users/-1/orders", {{"order_number", "X-1"}, {"total", 1}}, 422)["detail"][0]["type"] ==
        "greater_than_equal");
}

TEST_CASE("GET /users/{id}/orders filters by status, newest first, totals as numbers") {
  storefront app("storefront_orders");
  int erin = app.add_user("erin");
  int frank = app.add_user("frank");
  auto add_order = [&](int user, const std::string& number, double total, const std::string& status) {
    auto order = app.post("/users/" + std::to_string(user) + "/orders",
                          {{"order_number", number}, {"total", total}, {"status", status}}, 201);
    std::this_thread::sleep_for(5ms);  // distinct created_at, so "newest first" is one order
    return order;
  };
  auto first = add_order(erin, "A-1", 19.99, "pending");
  add_order(erin, "A-2", 5, "shipped");
  auto third = add_order(erin, "A-3", 120.5, "pending");
  add_order(frank, "B-1", 1, "pending");
  CHECK(first["status"] == "pending");

  auto pending = app.get("/users/" + std::to_string(erin) + "/orders?status=pending", 200);
  REQUIRE(pending.size() == 2);
  CHECK(pending[0] == json{{"id", third["id"]}, {"order_number", "A-3"}, {"total", 120.5}});
  CHECK(pending[1] == json{{"id", first["id"]}, {"order_number", "A-1"}, {"total", 19.99}});
  CHECK(pending[0]["total"].is_number());

  auto all = app.get("/users/" + std::to_string(erin) + "/orders", 200);
  REQUIRE(all.size() == 3);
  CHECK(all[1]["order_number"] == "A-2");
  CHECK(all[1]["total"] == 5.0);
  CHECK(app.get("/users/999999/orders", 200) == json::array());
  app.post("/users/999999/orders", {{"order_number", "Z-1"}, {"total", 1}}, 404);
  app.post("/users/" + std::to_string(erin) + "/orders", {{"order_number", "A-1"}, {"total", 1}}, 409);
}

TEST_CASE("SIGTERM stops the server with exit status 0") {
  storefront app("storefront_stop");
  app.add_user("grace");
  CHECK(app.server.terminate() == 0);
}
