// The storefront's routes on the Beast server: target parsing and the awaitable ORM calls.
#include "async_service.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <testudo/aio.hpp>

namespace storefront {
namespace {

namespace aio = testudo::aio;
using boost::beast::http::verb;

// The first value of `name` in a query string, decoded as cpp-httplib decodes it for the threaded
// server (its own parser, so both servers see the same ?status=); empty when it is not there.
std::string query_param(std::string_view query, const std::string& name) {
  httplib::Params params;
  httplib::detail::parse_query_text(std::string(query), params);
  auto it = params.find(name);
  return it == params.end() ? std::string{} : it->second;
}

// A request target's decoded path segments ("/users/7/orders": users, 7, orders) and raw query.
struct target {
  std::vector<std::string> segments;
  std::string_view query;
};

target split(std::string_view text) {
  target out;
  auto mark = text.find('?');
  if (mark != std::string_view::npos) out.query = text.substr(mark + 1);
  std::string path = httplib::detail::decode_url(std::string(text.substr(0, mark)), false);
  for (std::size_t start = 1; start <= path.size();) {
    auto end = std::min(path.find('/', start), path.size());
    out.segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

net::awaitable<User> find_user(std::int32_t id) {
  std::optional<User> user = co_await aio::get_or_none<User>(testudo::q("id", id));
  if (!user) throw api::user_not_found();
  co_return std::move(*user);
}

net::awaitable<api::response> create_user(const http_request& req) {
  User user = api::new_user(req.body());
  try {
    co_await aio::create(user);
  } catch (const testudo::integrity_error& e) {
    api::throw_duplicate_user(e);
  }
  co_return api::json_response(201, api::user_json(user));
}

net::awaitable<api::response> get_user(const std::string& id) {
  User user = co_await find_user(api::path_id(id));
  co_return api::json_response(200, api::user_json(user));
}

net::awaitable<api::response> list_orders(const std::string& id, std::string_view query) {
  auto orders = api::orders_query(aio::objects<Order>(), api::path_id(id), query_param(query, "status"));
  auto found = co_await orders.all();
  co_return api::json_response(200, api::orders_json(found));
}

net::awaitable<api::response> create_order(const http_request& req, const std::string& id) {
  Order order = api::new_order(req.body());
  User customer = co_await find_user(api::path_id(id));  // a 404 rather than a foreign key violation
  order.customer_id = customer.id;
  co_await aio::create(order);
  co_return api::json_response(201, api::created_order_json(order));
}

// The routes of service.cpp: any non-empty {user_id} segment reaches its handler, which answers
// 422 for one that is no valid id; anything else is FastAPI's 404.
net::awaitable<api::response> route(const http_request& req) {
  auto raw = req.target();  // Boost 1.74's Beast has its own string_view
  auto [segments, query] = split(std::string_view(raw.data(), raw.size()));
  bool users = !segments.empty() && segments[0] == "users";
  bool id = segments.size() >= 2 && !segments[1].empty();
  verb method = req.method();
  if (users && segments.size() == 1 && method == verb::post) co_return co_await create_user(req);
  if (users && id && segments.size() == 2 && method == verb::get) co_return co_await get_user(segments[1]);
  if (users && id && segments.size() == 3 && segments[2] == "orders") {
    if (method == verb::get) co_return co_await list_orders(segments[1], query);
    if (method == verb::post) co_return co_await create_order(req, segments[1]);
  }
  co_return api::detail_response(404, "Not Found");
}

}  // namespace

net::awaitable<api::response> answer(const http_request& req) {
  try {
    co_return co_await route(req);
  } catch (...) {
    co_return api::error_response(std::current_exception());
  }
}

}  // namespace storefront
