// The storefront's routes apart from any HTTP server: body and path parsing, the JSON answers and
// the exception → (status, JSON) mapping, shared by the httplib server and the Beast one.
#pragma once

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <testudo/orm.hpp>

#include "models.hpp"

namespace storefront::api {

using nlohmann::json;

// An answer decided by a handler (FastAPI's HTTPException): its status and detail, a message or,
// for a request that fails validation, FastAPI's list of errors.
class http_error : public std::runtime_error {
 public:
  http_error(int status, json detail) : std::runtime_error(detail.dump()), status_(status), detail_(std::move(detail)) {}
  int status() const noexcept { return status_; }
  const json& detail() const noexcept { return detail_; }

 private:
  int status_;
  json detail_;
};

// What a server sends: a status and a JSON body (Content-Type application/json).
struct response {
  int status = 200;
  std::string body;
};

response json_response(int status, const json& body);
response detail_response(int status, std::string_view detail);

// The {user_id} of a path, checked as FastAPI checks `user_id: int = Path(ge=1, le=<the key's
// maximum>)`; an http_error 422 in FastAPI's words otherwise.
std::int32_t path_id(const std::string& text);

// The user and order a POST body describes (an http_error 400 for a malformed one); the order's
// customer is for the caller to set.
User new_user(std::string_view body);
Order new_order(std::string_view body);

// The 404 of a {user_id} that names no user.
http_error user_not_found();

// A unique violation on creating a user as its 409 ("Email already registered", "Username
// taken"); any other integrity error is rethrown as it is. Call it from a catch block.
[[noreturn]] void throw_duplicate_user(const testudo::integrity_error& e);

json user_json(const User& user);
json order_json(const Order& order);
json created_order_json(const Order& order);  // order_json and its status

// The newest 50 orders of `customer`, of `status` when it is not empty: one query for the sync
// queryset and the awaitable one, which share their builders.
template <class Queryset>
Queryset orders_query(Queryset orders, std::int32_t customer, const std::string& status) {
  orders = orders.filter(testudo::col(&Order::customer_id) == customer);
  if (!status.empty()) orders = orders.filter(testudo::col(&Order::status) == status);
  return orders.order_by({"-created_at"}).limit(50);
}

template <class Orders>
json orders_json(const Orders& orders) {
  json out = json::array();
  for (const Order& order : orders) out.push_back(order_json(order));
  return out;
}

// What a handler threw, as its answer (Tortoise's add_exception_handlers, with HTTP statuses). A
// 500 says no more than "Internal server error": its detail goes to stderr, the server's log.
response error_response(const std::exception_ptr& error);

}  // namespace storefront::api
