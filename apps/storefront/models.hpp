// The seed document's store models (users, categories, products, tags, orders, order lines),
// used by the storefront HTTP example and the ORM tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <testudo/model/model.hpp>

namespace storefront {

using testudo::datetime;
using testudo::decimal;

struct TimestampMixin {
  datetime created_at{};
  datetime updated_at{};
};
TESTUDO_ABSTRACT_MODEL(TimestampMixin,
  datetime_field("created_at", &TimestampMixin::created_at).auto_now_add(),
  datetime_field("updated_at", &TimestampMixin::updated_at).auto_now());

struct User : TimestampMixin {
  std::int32_t id{};
  std::string email;
  std::string username;
  std::string password_hash;
  std::string role = "user";
  bool is_active = true;
  std::optional<std::string> bio;
};
TESTUDO_MODEL_EXTENDS(User, TimestampMixin, "users",
  pk("id", &User::id),
  char_field("email", &User::email, 255).unique().index(),
  char_field("username", &User::username, 100).unique(),
  char_field("password_hash", &User::password_hash, 255),
  char_field("role", &User::role, 20).default_value(),
  bool_field("is_active", &User::is_active).default_value(),
  text_field("bio", &User::bio),
  indexes({{"email", "is_active"}, {"role"}}));

struct Category {
  std::int32_t id{};
  std::string name;
  std::string slug;
  std::optional<std::int32_t> parent_id;
};
TESTUDO_MODEL(Category, "categories",
  pk("id", &Category::id),
  char_field("name", &Category::name, 100).unique(),
  char_field("slug", &Category::slug, 100).unique(),
  foreign_key("parent", &Category::parent_id, "models.Category").null().related_name("children"));

struct Tag {
  std::int32_t id{};
  std::string name;
};
TESTUDO_MODEL(Tag, "tags",
  pk("id", &Tag::id),
  char_field("name", &Tag::name, 50).unique());

struct Product : TimestampMixin {
  std::int32_t id{};
  std::string name;
  std::string description;
  decimal price{"0"};
  std::int32_t stock = 0;
  bool is_available = true;
  std::int32_t category_id{};
};
TESTUDO_MODEL_EXTENDS(Product, TimestampMixin, "products",
  pk("id", &Product::id),
  char_field("name", &Product::name, 255).index(),
  text_field("description", &Product::description).default_value(),
  decimal_field("price", &Product::price, 10, 2),
  int_field("stock", &Product::stock).default_value().validate(testudo::min_value(0)),
  bool_field("is_available", &Product::is_available).default_value(),
  foreign_key("category", &Product::category_id, "models.Category").related_name("products"),
  many_to_many("tags", "models.Tag").related_name("products"));

struct Order : TimestampMixin {
  std::int32_t id{};
  std::string order_number;
  std::int32_t customer_id{};
  std::string status = "pending";
  decimal total{"0"};
};
TESTUDO_MODEL_EXTENDS(Order, TimestampMixin, "orders",
  pk("id", &Order::id),
  char_field("order_number", &Order::order_number, 50).unique(),
  foreign_key("customer", &Order::customer_id, "models.User").related_name("orders"),
  char_field("status", &Order::status, 20).default_value(),
  // The seed declares default=0, an int: the describe JSON carries 0, not the decimal "0".
  decimal_field("total", &Order::total, 10, 2).default_value(std::int64_t{0}));

struct OrderLine {
  std::int32_t id{};
  std::int32_t order_id{};
  std::int32_t product_id{};
  std::int32_t quantity{};
  decimal unit_price{"0"};
};
TESTUDO_MODEL(OrderLine, "order_lines",
  pk("id", &OrderLine::id),
  foreign_key("order", &OrderLine::order_id, "models.Order").related_name("lines"),
  foreign_key("product", &OrderLine::product_id, "models.Product").related_name("order_lines"),
  int_field("quantity", &OrderLine::quantity),
  decimal_field("unit_price", &OrderLine::unit_price, 10, 2));

}  // namespace storefront
