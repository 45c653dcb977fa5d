// The example shop's models: plain structs, each with its metadata declared beside it.
// They match the seed's shop (and Aerich's reference sample, models.v1.py) field for field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <testudo/model/model.hpp>

namespace shop {

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
  std::string username;
  std::string email;
  std::string role = "customer";
  bool is_active = true;
};
TESTUDO_MODEL_EXTENDS(User, TimestampMixin, "users",
  pk("id", &User::id),
  char_field("username", &User::username, 50).unique(),
  char_field("email", &User::email, 255),
  char_field("role", &User::role, 20).default_value(),
  bool_field("is_active", &User::is_active).default_value(),
  indexes({{"email", "is_active"}, {"role"}}));

struct Category : TimestampMixin {
  std::int32_t id{};
  std::string name;
  std::string slug;
  std::optional<std::int32_t> parent_id;
};
TESTUDO_MODEL_EXTENDS(Category, TimestampMixin, "categories",
  pk("id", &Category::id),
  char_field("name", &Category::name, 100),
  char_field("slug", &Category::slug, 100).unique(),
  foreign_key("parent", &Category::parent_id, "models.Category")
      .related_name("children").null().on_delete(testudo::on_delete::set_null));

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
  std::optional<std::string> description;
  decimal price;
  std::int32_t stock = 0;
  std::int32_t category_id{};
  std::int32_t x = 0;
};
TESTUDO_MODEL_EXTENDS(Product, TimestampMixin, "products",
  pk("id", &Product::id),
  char_field("name", &Product::name, 255),
  text_field("description", &Product::description),
  decimal_field("price", &Product::price, 10, 2),
  int_field("stock", &Product::stock).default_value(),
  foreign_key("category", &Product::category_id, "models.Category").related_name("products"),
  many_to_many("tags", "models.Tag").related_name("products").through("product_tags"),
  int_field("x", &Product::x).default_value().description("added by add_x"));

struct Order : TimestampMixin {
  std::int32_t id{};
  std::int32_t user_id{};
  std::string status = "new";
  decimal total{"0"};
};
TESTUDO_MODEL_EXTENDS(Order, TimestampMixin, "orders",
  pk("id", &Order::id),
  foreign_key("user", &Order::user_id, "models.User").related_name("orders"),
  char_field("status", &Order::status, 20).default_value(),
  // Tortoise's default=0 is an int: the describe JSON (and Aerich's snapshot) carries 0, not "0".
  decimal_field("total", &Order::total, 12, 2).default_value(std::int64_t{0}));

struct OrderLine {
  std::int32_t id{};
  std::int32_t order_id{};
  std::int32_t product_id{};
  std::int32_t quantity{};
  decimal unit_price;
};
TESTUDO_MODEL(OrderLine, "order_lines",
  pk("id", &OrderLine::id),
  foreign_key("order", &OrderLine::order_id, "models.Order").related_name("lines").on_delete(testudo::on_delete::cascade),
  foreign_key("product", &OrderLine::product_id, "models.Product")
      .related_name("order_lines").on_delete(testudo::on_delete::restrict),
  int_field("quantity", &OrderLine::quantity),
  decimal_field("unit_price", &OrderLine::unit_price, 10, 2));

}  // namespace shop
