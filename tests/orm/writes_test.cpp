// What every write path checks before the database sees a value: queryset update() on plain
// values, create from field values, get_or_create / update_or_create defaults, bulk_create and
// bulk_update all run the validators save() runs (Tortoise validates every written value).
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "orm/fixture.hpp"

using namespace testudo;
using test::orm_fixture;

namespace checks {

enum class Level : std::int16_t { low = 1, high = 2 };

// One field per kind of rule (only these tests use it).
struct Member {
  std::int32_t id{};
  std::string name;
  std::string role = "user";
  Level level = Level::low;
  std::int32_t stock = 0;
  std::optional<std::string> note;
};
TESTUDO_MODEL(Member, "check_members",
  pk("id", &Member::id),
  char_field("name", &Member::name, 255).unique(),
  char_enum_field("role", &Member::role, {{"USER", "user"}, {"ADMIN", "admin"}}),
  int_enum_field("level", &Member::level, {{"LOW", 1}, {"HIGH", 2}}),
  int_field("stock", &Member::stock).validate(min_value(0)),
  text_field("note", &Member::note),
  app("checks"));

}  // namespace checks

using checks::Member;

namespace {

struct checks_fixture : orm_fixture {
  explicit checks_fixture(std::string_view name) : orm_fixture(name) { generate_schemas(*db, false, "checks"); }
};

Member member(const std::string& name) {
  Member m;
  m.name = name;
  return create(std::move(m));
}

// `write` must throw validation_error for `field` breaking `rule`.
void refuses(const std::function<void()>& write, const std::string& field, const std::string& rule) {
  try {
    write();
    FAIL("written: " << field << " breaking " << rule);
  } catch (const validation_error& e) {
    CHECK(e.field() == field);
    CHECK(e.rule() == rule);
  }
}

// Sets one field of `m` by name, past any check (what a caller's code may do to an object).
void assign(Member& m, const std::string& field, const value& v) {
  detail::meta_of<Member>().stored_field(field)->access->set(&m, v);
}

// The values of the issue, each breaking one rule of Member.
struct bad_value {
  std::string field;
  value v;
  std::string rule;
};
std::vector<bad_value> bad_values() {
  return {{"role", std::string("guest"), "enum"},
          {"level", std::int64_t{3}, "enum"},
          {"stock", std::int64_t{-1}, "min_value"},
          {"name", std::string(300, 'n'), "max_length"}};
}

}  // namespace

TEST_CASE("update() validates plain values as save() does, and writes none of them") {
  checks_fixture fx("writes_update");
  auto alice = member("alice");
  for (const auto& bad : bad_values()) {
    CAPTURE(bad.field);
    refuses([&] { objects<Member>().filter(q("id", alice.id)).update({{bad.field, bad.v}}); }, "Member." + bad.field, bad.rule);
    // A valid assignment in the same call is not written either: the check runs before the UPDATE.
    refuses([&] { objects<Member>().update({{"note", "x"}, {bad.field, bad.v}}); }, "Member." + bad.field, bad.rule);
  }
  refuses([&] { objects<Member>().update({{"name", null}}); }, "Member.name", "null");
  auto row = get<Member>(q("id", alice.id));
  CHECK(row.name == "alice");
  CHECK(row.role == "user");
  CHECK(row.level == checks::Level::low);
  CHECK(row.stock == 0);
  CHECK_FALSE(row.note.has_value());

  // Limits are allowed, and a value is stored in the member's type, as save() stores it.
  CHECK(objects<Member>().update({{"role", "admin"}, {"level", 2}, {"stock", "0"}, {"name", std::string(255, 'n')}}) == 1);
  row = get<Member>(q("id", alice.id));
  CHECK(row.role == "admin");
  CHECK(row.level == checks::Level::high);
  CHECK(row.name.size() == 255);
  CHECK(objects<Member>().filter(q("stock", 0)).count() == 1);
  CHECK_THROWS_AS(objects<Member>().update({{"stock", "many"}}), field_error);  // not a number at all
  CHECK_THROWS_AS(objects<Member>().update({{"level", std::int64_t{1} << 40}}), field_error);  // beyond the member

  // An F expression has its value only in the database: testudo does not check it.
  CHECK(objects<Member>().update({{"stock", f("stock") + 5}}) == 1);
  CHECK(get<Member>(q("id", alice.id)).stock == 5);
}

TEST_CASE("update() on the storefront: a negative stock and a 300-character email are refused") {
  orm_fixture fx("writes_update_store");
  storefront::Category c;
  c.name = c.slug = "c";
  create(c);
  storefront::Product p;
  p.name = "pen";
  p.price = decimal{"1.00"};
  p.category_id = c.id;
  p.stock = 3;
  create(p);
  refuses([&] { objects<storefront::Product>().filter(q("id", p.id)).update({{"stock", -1}}); }, "Product.stock", "min_value");
  CHECK(get<storefront::Product>(q("id", p.id)).stock == 3);

  storefront::User u;
  u.email = "a@example.com";
  u.username = "a";
  u.password_hash = "h";
  create(u);
  refuses([&] { objects<storefront::User>().update({{"email", std::string(300, 'e')}}); }, "User.email", "max_length");
  CHECK(get<storefront::User>(q("id", u.id)).email == "a@example.com");
}

TEST_CASE("create, get_or_create, update_or_create, bulk_create and bulk_update validate every value") {
  checks_fixture fx("writes_paths");
  auto alice = member("alice");
  for (const auto& bad : bad_values()) {
    CAPTURE(bad.field);
    const std::string field = "Member." + bad.field;
    refuses([&] { create<Member>({{"name", "new"}, {bad.field, bad.v}}); }, field, bad.rule);
    if (bad.field != "name") {
      refuses([&] { get_or_create<Member>({{"name", "new"}}, {{bad.field, bad.v}}); }, field, bad.rule);
      refuses([&] { update_or_create<Member>({{"name", "new"}}, {{bad.field, bad.v}}); }, field, bad.rule);  // creates
      refuses([&] { update_or_create<Member>({{"name", "alice"}}, {{bad.field, bad.v}}); }, field, bad.rule);  // updates
    } else {  // the lookup itself carries the value
      refuses([&] { get_or_create<Member>({{"name", bad.v}}); }, field, bad.rule);
      refuses([&] { update_or_create<Member>({{"name", bad.v}}); }, field, bad.rule);
    }
    std::vector<Member> fresh(2);
    fresh[0].name = "b1";
    fresh[1].name = "b2";
    assign(fresh[1], bad.field, bad.v);
    refuses([&] { bulk_create(fresh); }, field, bad.rule);
    std::vector<Member> existing{get<Member>(q("id", alice.id))};
    assign(existing[0], bad.field, bad.v);
    refuses([&] { bulk_update(existing, {bad.field}); }, field, bad.rule);
  }
  CHECK(objects<Member>().count() == 1);  // nothing was created
  auto row = get<Member>(q("id", alice.id));
  CHECK(row.name == "alice");
  CHECK(row.role == "user");
  CHECK(row.level == checks::Level::low);
  CHECK(row.stock == 0);
}
