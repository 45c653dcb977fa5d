// The storefront's routes apart from any HTTP server (see api.hpp).
#include "api.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

namespace storefront::api {
namespace {

json parse_body(std::string_view text) {
  auto body = json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw http_error(400, "The body must be a JSON object");
  return body;
}

http_error missing_field(const std::string& name, std::string_view type) {
  return http_error(400, "Field '" + name + "' is required and must be a " + std::string(type));
}

std::string string_field(const json& body, const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) throw missing_field(name, "string");
  return it->get<std::string>();
}

// A JSON number as decimal text: integers as written, others in plain notation, the shortest that
// reads back the same (nlohmann would print 1e-05, which is no decimal).
testudo::decimal decimal_field(const json& body, const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_number()) throw missing_field(name, "number");
  if (!it->is_number_float()) return testudo::decimal{it->dump()};
  char text[400];  // always enough: the longest double in plain notation, 5e-324, takes 326
  auto end = std::to_chars(text, text + sizeof text, it->get<double>(), std::chars_format::fixed).ptr;
  return testudo::decimal{std::string(text, end)};
}

// The seed's hash_password: SHA-256 of the password's bytes, in lowercase hex.
std::string hash_password(std::string_view password) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(password.data(), password.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

// A 422 as FastAPI words a path parameter that fails validation (pydantic 2's error entry).
http_error invalid_user_id(const std::string& text, const char* type, const std::string& msg, json ctx = nullptr) {
  json error = {{"type", type}, {"loc", {"path", "user_id"}}, {"msg", msg}, {"input", text}};
  if (!ctx.is_null()) error["ctx"] = std::move(ctx);
  return http_error(422, json::array({std::move(error)}));
}

// Whether a unique violation on users is the one of `field`. PostgreSQL and MySQL report the
// constraint (users_email_key, email); SQLite's is an autoindex named after no column, but its
// message lists the columns (users.email).
bool duplicate_of(const testudo::integrity_error& e, std::string_view field) {
  const std::string& constraint = e.constraint();
  bool named = constraint.find("email") != std::string::npos || constraint.find("username") != std::string::npos;
  return std::string_view(named ? constraint.c_str() : e.what()).find(field) != std::string_view::npos;
}

}  // namespace

response json_response(int status, const json& body) { return {status, body.dump()}; }

response detail_response(int status, std::string_view detail) { return json_response(status, {{"detail", detail}}); }

// A generated key is never below 1, and a number the key cannot hold must not reach the database.
// Beyond int64 is still a number, so it fails the bound rather than the parse.
std::int32_t path_id(const std::string& text) {
  using key = decltype(User::id);
  constexpr auto max = std::numeric_limits<key>::max();
  std::string_view digits = text;
  bool negative = digits.starts_with('-');
  if (negative) digits.remove_prefix(1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw invalid_user_id(text, "int_parsing", "Input should be a valid integer, unable to parse string as an integer");
  key id = 0;
  bool too_large = std::from_chars(digits.data(), digits.data() + digits.size(), id).ec != std::errc{};
  if (!negative && too_large)
    throw invalid_user_id(text, "less_than_equal", "Input should be less than or equal to " + std::to_string(max),
                          {{"le", max}});
  if (negative || id < 1)
    throw invalid_user_id(text, "greater_than_equal", "Input should be greater than or equal to 1", {{"ge", 1}});
  return id;
}

User new_user(std::string_view text) {
  auto body = parse_body(text);
  User user;
  user.email = string_field(body, "email");
  user.username = string_field(body, "username");
  user.password_hash = hash_password(string_field(body, "password"));
  return user;
}

Order new_order(std::string_view text) {
  auto body = parse_body(text);
  Order order;
  order.order_number = string_field(body, "order_number");
  order.total = decimal_field(body, "total");
  if (body.contains("status")) order.status = string_field(body, "status");
  return order;
}

http_error user_not_found() { return http_error(404, "User not found"); }

void throw_duplicate_user(const testudo::integrity_error& e) {
  if (duplicate_of(e, "email")) throw http_error(409, "Email already registered");
  if (duplicate_of(e, "username")) throw http_error(409, "Username taken");
  throw;
}

json user_json(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"username", user.username}, {"role", user.role}};
}

json order_json(const Order& order) {
  return {{"id", order.id}, {"order_number", order.order_number}, {"total", order.total.to_double()}};
}

json created_order_json(const Order& order) {
  auto out = order_json(order);
  out["status"] = order.status;
  return out;
}

response error_response(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const http_error& e) {
    return json_response(e.status(), {{"detail", e.detail()}});
  } catch (const testudo::does_not_exist& e) {
    return detail_response(404, e.what());
  } catch (const testudo::integrity_error& e) {
    return detail_response(409, e.what());
  } catch (const testudo::validation_error& e) {
    return detail_response(422, e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "storefront: %s\n", e.what());
    return detail_response(500, "Internal server error");
  }
}

}  // namespace storefront::api
