// Test models (app "alltypes") that use every field type and option the declarations offer.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "testudo/model/model.hpp"

namespace alltypes {

using namespace testudo;

struct Owner {
  std::int32_t id{};
  std::string name;
};
TESTUDO_MODEL(Owner, "t_all_owner",
  pk("id", &Owner::id),
  char_field("name", &Owner::name, 50).unique(),
  table_description("owners: it's a \"table\""),
  app("alltypes"));

enum class Color : std::int16_t { red = 1, green = 2 };

struct Everything {
  std::int64_t id{};
  std::int32_t i = 7;
  std::int16_t si{};
  std::optional<std::int64_t> bi;
  std::string c;
  std::optional<std::string> t;
  bool b = false;
  decimal d{"1.5000"};
  double f = 0.25;
  datetime created{};
  datetime touched{};
  std::optional<date> da;
  std::optional<time_of_day> ti;
  std::chrono::microseconds td{};
  std::string u;
  json j{"{}"};
  std::optional<blob> bin;
  std::string size = "s";
  Color color = Color::red;
  std::int32_t owner_id{};
  std::optional<std::int32_t> backup_id;
  std::optional<std::int32_t> fallback_id;
  std::optional<std::int32_t> profile_id;
  std::string src;
};
TESTUDO_MODEL(Everything, "t_all_everything",
  big_int_field("id", &Everything::id).primary_key(),
  int_field("i", &Everything::i).default_value().validate(min_value(0)),
  small_int_field("si", &Everything::si).index(),
  big_int_field("bi", &Everything::bi),
  char_field("c", &Everything::c, 30).unique().description("a char; with 'quotes'"),
  text_field("t", &Everything::t),
  bool_field("b", &Everything::b).default_value(),
  decimal_field("d", &Everything::d, 12, 4).default_value(),
  float_field("f", &Everything::f).default_value(),
  datetime_field("created", &Everything::created).auto_now_add(),
  datetime_field("touched", &Everything::touched).auto_now(),
  date_field("da", &Everything::da),
  time_field("ti", &Everything::ti),
  timedelta_field("td", &Everything::td).default_value(),
  uuid_field("u", &Everything::u).unique(),
  json_field("j", &Everything::j),
  binary_field("bin", &Everything::bin),
  char_enum_field("size", &Everything::size, {{"SMALL", "s"}, {"LARGE", "large"}}).default_value(),
  int_enum_field("color", &Everything::color, {{"RED", 1}, {"GREEN", 2}}),
  foreign_key("owner", &Everything::owner_id, "alltypes.Owner").related_name("things").on_delete(on_delete::restrict),
  foreign_key("backup", &Everything::backup_id, "alltypes.Owner").related_name("backups").null().on_delete(on_delete::set_null),
  foreign_key("fallback", &Everything::fallback_id, "alltypes.Owner").related_name("fallbacks").null().on_delete(on_delete::no_action),
  one_to_one("profile", &Everything::profile_id, "alltypes.Owner").related_name("profile_of").null().on_delete(on_delete::cascade),
  char_field("src", &Everything::src, 10).source_field("custom_column").database_default("'x'"),
  many_to_many("tags", "alltypes.Owner").through("t_all_everything_tag").related_name("tagged"),
  indexes({{"i", "si"}}),
  unique_together({{"c", "b"}}),
  table_description("every field type"),
  app("alltypes"));

}  // namespace alltypes
