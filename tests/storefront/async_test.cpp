// What only storefront-async promises: one thread serves many keep-alive clients at once.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

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

// Runs the client sessions at once against `app`; what went wrong fails the test.
void serve_clients(storefront& app) {
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

}  // namespace

TEST_CASE("one server thread answers 64 keep-alive clients of 20 requests each, all correctly") {
  storefront app("storefront_many_clients", {"--threads", "1"});
  serve_clients(app);
}

TEST_CASE("four server threads answer 64 keep-alive clients of 20 requests each, all correctly") {
  storefront app("storefront_many_clients_threads", {"--threads", "4"});
  serve_clients(app);
}

TEST_CASE("a body beyond --body-limit is a 413, and the client goes on on a new connection") {
  storefront app("storefront_body_limit", {"--body-limit", "100"});
  json big = {{"email", std::string(200, 'a') + "@example.com"}, {"username", "big"}, {"password", "x"}};
  CHECK(app.post("/users", big, 413) == json{{"detail", "Request body too large"}});
  CHECK(app.add_user("small") > 0);
}

TEST_CASE("a request that is not HTTP is a 400 that ends its connection, and an idle connection ends after --keep-alive-timeout") {
  storefront app("storefront_bad_request", {"--keep-alive-timeout", "1"});
  boost::asio::io_context io;
  const boost::asio::ip::tcp::endpoint server(boost::asio::ip::address_v4::loopback(), app.server.port());
  // Reads what the server sends until it ends the connection.
  auto read_to_end = [](boost::asio::ip::tcp::socket& socket) {
    std::string got;
    boost::system::error_code ec;
    boost::asio::read(socket, boost::asio::dynamic_buffer(got), ec);
    CHECK(ec == boost::asio::error::eof);
    return got;
  };

  boost::asio::ip::tcp::socket garbled(io);
  garbled.connect(server);
  boost::asio::write(garbled, boost::asio::buffer(std::string_view("NOT HTTP AT ALL\r\n\r\n")));
  auto answer = read_to_end(garbled);
  CHECK(answer.rfind("HTTP/1.1 400 ", 0) == 0);
  CHECK(answer.find(R"({"detail":"Bad request"})") != std::string::npos);

  boost::asio::ip::tcp::socket idle(io);
  idle.connect(server);
  auto opened = std::chrono::steady_clock::now();
  CHECK(read_to_end(idle).empty());  // closed by the server, nothing said
  auto lasted = std::chrono::steady_clock::now() - opened;
  CHECK(lasted >= std::chrono::milliseconds(900));
  CHECK(lasted < std::chrono::seconds(30));

  CHECK(app.add_user("after") > 0);  // the server goes on
}
