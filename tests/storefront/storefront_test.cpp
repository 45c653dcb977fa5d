// The storefront example as its users meet it, over real HTTP: these cases run against the httplib
// binary and against storefront-async (tests/storefront/CMakeLists.txt builds them twice).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "storefront_app.hpp"

using namespace storefront_tests;
using nlohmann::json;
using namespace std::chrono_literals;

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
  // The query string is decoded: %XX and '+' (a space in a form-encoded value), as Starlette does.
  add_order(frank, "B-2", 2, "on hold");
  app.client.set_url_encode(false);  // the targets go as written ('+' would be sent as %2B)
  for (std::string query : {"?status=on%20hold", "?status=on+hold", "?st%61tus=on%20hold"}) {
    auto held = app.get("/users/" + std::to_string(frank) + "/orders" + query, 200);
    REQUIRE_MESSAGE(held.size() == 1, query);
    CHECK(held[0]["order_number"] == "B-2");
  }
  app.client.set_url_encode(true);
  app.post("/users/999999/orders", {{"order_number", "Z-1"}, {"total", 1}}, 404);
  app.post("/users/" + std::to_string(erin) + "/orders", {{"order_number", "A-1"}, {"total", 1}}, 409);
}

TEST_CASE("SIGTERM stops the server with exit status 0") {
  storefront app("storefront_stop");
  app.add_user("grace");
  CHECK(app.server.terminate() == 0);
}
