// The storefront's routes on cpp-httplib: its request/response glue and the sync ORM calls.
#include "service.hpp"

#include <string>

#include <testudo/orm.hpp>

#include "api.hpp"
#include "models.hpp"

namespace storefront {
namespace {

void send(httplib::Response& res, const api::response& answer) {
  res.status = answer.status;
  res.set_content(answer.body, "application/json");
}

User find_user(std::int32_t id) {
  try {
    return testudo::get<User>(testudo::q("id", id));
  } catch (const testudo::does_not_exist&) {
    throw api::user_not_found();
  }
}

std::int32_t path_id(const httplib::Request& req) { return api::path_id(req.matches[1]); }

void create_user(const httplib::Request& req, httplib::Response& res) {
  User user = api::new_user(req.body);
  try {
    testudo::create(user);
  } catch (const testudo::integrity_error& e) {
    api::throw_duplicate_user(e);
  }
  send(res, api::json_response(201, api::user_json(user)));
}

void get_user(const httplib::Request& req, httplib::Response& res) {
  send(res, api::json_response(200, api::user_json(find_user(path_id(req)))));
}

void list_orders(const httplib::Request& req, httplib::Response& res) {
  auto orders = api::orders_query(testudo::objects<Order>(), path_id(req), req.get_param_value("status"));
  send(res, api::json_response(200, api::orders_json(orders.all())));
}

void create_order(const httplib::Request& req, httplib::Response& res) {
  Order order = api::new_order(req.body);
  order.customer_id = find_user(path_id(req)).id;  // a 404 rather than a foreign key violation
  testudo::create(order);
  send(res, api::json_response(201, api::created_order_json(order)));
}

}  // namespace

void add_routes(httplib::Server& server) {
  server.Post("/users", create_user);
  // Any {user_id} segment reaches the handler, which answers 422 for one that is no valid id.
  server.Get(R"(/users/([^/]+))", get_user);
  server.Get(R"(/users/([^/]+)/orders)", list_orders);
  server.Post(R"(/users/([^/]+)/orders)", create_order);
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
    send(res, api::error_response(error));
  });
  // httplib's own errors (no such route, bad HTTP) come without a body: give them one too.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) send(res, api::detail_response(res.status, res.status == 404 ? "Not Found" : "Bad request"));
  });
}

}  // namespace storefront
