// What every write path checks before the database sees a value, and the defaults it fills in:
// queryset update() on plain values, create from field values, get_or_create / update_or_create
// defaults, bulk_create and bulk_update all run the validators save() runs (Tortoise validates
// every written value); a default is declared once and reaches objects, inserts and the schema.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "orm/fixture.hpp"
#include "testudo/model/describe.hpp"

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

// Defaults: from the member's initialiser (default_value()), or declared apart from it.
struct Ticket {
  std::int32_t id{};
  std::string title;
  std::string status;               // no initial value that is a member: the declared default applies
  std::int32_t points = 1;          // an initial value the declared default overrides on insert
  std::string priority = "normal";  // the initialiser is the default
  bool urgent = true;
};
TESTUDO_MODEL(Ticket, "check_tickets",
  pk("id", &Ticket::id),
  char_field("title", &Ticket::title, 50),
  char_enum_field("status", &Ticket::status, {{"OPEN", "open"}, {"DONE", "done"}}).default_value(std::string("open")),
  int_field("points", &Ticket::points).default_value(std::int64_t{3}),
  char_field("priority", &Ticket::priority, 10).default_value(),
  bool_field("urgent", &Ticket::urgent).default_value(),
  app("checks"));

}  // namespace checks

using checks::Member;
using checks::Ticket;

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

namespace {
Ticket ticket(const std::string& title) {
  Ticket t;
  t.title = title;
  return t;
}

void has_defaults(const Ticket& t) {
  CAPTURE(t.title);
  CHECK(t.status == "open");
  CHECK(t.points == 3);
  CHECK(t.priority == "normal");
  CHECK(t.urgent);
}
}  // namespace

TEST_CASE("inserts fill declared defaults into members still at their initial value") {
  checks_fixture fx("writes_defaults");
  auto created = create(ticket("create"));  // status "" was a validation error, points stayed 1
  has_defaults(created);
  has_defaults(get<Ticket>(q("id", created.id)));

  auto saved = ticket("save");
  save(saved);
  has_defaults(get<Ticket>(q("id", saved.id)));

  std::vector<Ticket> bulk{ticket("bulk1"), ticket("bulk2")};
  bulk_create(bulk);
  for (const auto& t : objects<Ticket>().filter(q("title__startswith", "bulk")).all()) has_defaults(t);

  has_defaults(create<Ticket>({{"title", "fields"}}));
  has_defaults(get_or_create<Ticket>({{"title", "goc"}}).first);
  has_defaults(update_or_create<Ticket>({{"title", "uoc"}}).first);

  // Values the caller gave are kept.
  auto given = ticket("given");
  given.status = "done";
  given.points = 5;
  given.priority = "high";
  given.urgent = false;
  create(given);
  auto row = get<Ticket>(q("id", given.id));
  CHECK(row.status == "done");
  CHECK(row.points == 5);
  CHECK(row.priority == "high");
  CHECK_FALSE(row.urgent);
  CHECK(objects<Ticket>().count() == 8);
}

TEST_CASE("a default written once in the struct reaches the describe JSON and the table's DEFAULT") {
  checks_fixture fx("writes_default_once");
  auto snapshot = describe_models({&detail::meta_of<Ticket>()}, "checks");
  std::map<std::string, snapshot_json> defaults;
  for (const auto& f : snapshot["checks.Ticket"]["data_fields"]) defaults[f["name"].get<std::string>()] = f["default"];
  CHECK(defaults["priority"] == "normal");  // from the member initialiser
  CHECK(defaults["urgent"] == true);
  CHECK(defaults["status"] == "open");  // declared apart from the member
  CHECK(defaults["points"] == 3);
  CHECK(defaults["title"].is_null());  // an initialiser-less member declares nothing

  {  // A row inserted by other code gets the same defaults from the database.
    database::lease conn(*fx.db);
    conn->execute("INSERT INTO check_tickets (title) VALUES ('raw')");
  }
  has_defaults(get<Ticket>(q("title", "raw")));

  // Declarations that cannot work say so when the model is declared.
  using namespace declare;
  auto declared = [](auto&& decl) {
    return detail::make_model<Ticket>(false, "Bad", "bad", {}, pk("id", &Ticket::id), std::forward<decltype(decl)>(decl));
  };
  CHECK_THROWS_WITH_AS(declared(int_field("points", &Ticket::points).default_value(std::string("many"))),
                       doctest::Contains("model models.Bad, field points: default_value 'many' does not fit the member"),
                       configuration_error);
  CHECK_THROWS_AS(declared(many_to_many("tags", "models.Tag").default_value()), configuration_error);
}
