// What only storefront-async promises: one thread serves many keep-alive clients at once.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storefront_app.hpp"

using namespace storefront_tests;
using nlohmann::json;

namespace {

constexpr int clients = 64;
constexpr int requests = 20;  // per client, on one connection

// One client's session: its user, then orders added and listed in turn, each answer checked.
// Returns what went wrong, empty when nothing did (doctest's asserts stay on the test's thread).
std::string client_session(int port, int n) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  // The test is about answers, not latency: 64 clients on one server thread of a sanitized build on
  // a loaded CI machine may wait beyond httplib's defaults (300 ms to connect, 5 s to read).
  client.set_connection_timeout(std::chrono::seconds(30));
  client.set_read_timeout(std::chrono::seconds(60));
  client.set_write_timeout(std::chrono::seconds(60));
  std::string name = "client" + std::to_string(n);
  json user_body = {{"email", name + "@example.com"}, {"username", name}, {"password", "pw"}};
  auto res = client.Post("/users", user_body.dump(), "application/json");
  if (!res || res->status != 201)
    return name + ": POST /users failed: " + (res ? std::to_string(res->status) + " " + res->body : httplib::to_string(res.error()));
  std::string orders = "/users/" + std::to_string(json::parse(res->body)["id"].get<int>()) + "/orders";
  int added = 0;
  for (int i = 1; i < requests; ++i) {
    if (i % 2 == 1) {
      json order = {{"order_number", name + "-" + std::to_string(i)}, {"total", i}};
      res = client.Post(orders.c_str(), order.dump(), "application/json");
      if (!res || res->status != 201 || json::parse(res->body)["total"] != i) return name + ": POST order failed";
      ++added;
    } else {
      res = client.Get(orders.c_str());
      if (!res || res->status != 200 || json::parse(res->body).size() != static_cast<std::size_t>(added))
        return name + ": GET orders saw " + (res ? res->body : httplib::to_string(res.error()));
    }
  }
  return {};
}

}  // namespace

TEST_CASE("one server thread answers 64 keep-alive clients of 20 requests each, all correctly") {
  storefront app("storefront_many_clients", {"--threads", "1"});
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int n = 0; n < clients; ++n) {
    threads.emplace_back([&, n] {
      auto failure = client_session(app.server.port(), n);
      std::lock_guard lock(mutex);
      if (!failure.empty()) failures.push_back(failure);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& failure : failures) FAIL_CHECK(failure);
  CHECK(failures.empty());
  CHECK(app.server.terminate() == 0);  // every connection ended, so the graceful stop is prompt
}

TEST_CASE("a body beyond --body-limit is a 413, and the client goes on on a new connection") {
  storefront app("storefront_body_limit", {"--body-limit", "100"});
  json big = {{"email", std::string(200, 'a') + "@example.com"}, {"username", "big"}, {"password", "x"}};
  CHECK(app.post("/users", big, 413) == json{{"detail", "Request body too large"}});
  CHECK(app.add_user("small") > 0);
}
