// Read replicas on a real PostgreSQL hot standby (.ci/standby; port TESTUDO_STANDBY_PORT): which
// server answered is asked of the server itself (pg_is_in_recovery()), and a replica that lags
// (replay paused) shows that reads went to it while atomic() still reads its own writes.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "orm/fixture.hpp"

using namespace testudo;
using test::orm_fixture;
using test::user_named;
using storefront::User;

namespace {

// `primary_url` with the standby's port: the same database, as the standby replays it.
std::string standby_url(const std::string& primary_url) {
  const char* env = std::getenv("TESTUDO_STANDBY_PORT");
  auto port = std::string(env && *env ? env : "55433");
  auto at = primary_url.find(fmt::format(":{}/", parse_db_url(primary_url).port));
  REQUIRE(at != std::string::npos);
  return primary_url.substr(0, at + 1) + port + primary_url.substr(primary_url.find('/', at));
}

bool in_recovery(database& db) {
  database::lease conn(db);
  auto rows = conn->query("SELECT pg_is_in_recovery()");
  return rows->next() && rows->get_bool(0);
}

// Waits (up to 30 s) until `ready` holds: the standby replays asynchronously.
template <class Fn>
bool eventually(Fn ready) {
  for (int i = 0; i < 300; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}


// The standby with its replay paused for a scope: it lags the primary until the scope ends.
struct paused_replay {
  explicit paused_replay(database& standby) : db(standby) { run("SELECT pg_wal_replay_pause()"); }
  ~paused_replay() { run("SELECT pg_wal_replay_resume()"); }
  void run(const char* sql) {
    database::lease conn(db);
    conn->query(sql);
  }
  database& db;
};

struct with_standby : orm_fixture {
  with_standby() : orm_fixture("standby") {
    // The fixture's CREATE DATABASE reaches the standby only once it is replayed: connect when it has.
    REQUIRE(eventually([&] {
      try {
        standby = database::open(standby_url(url));
        return true;
      } catch (const db_connection_error&) {
        return false;
      }
    }));
    REQUIRE(eventually([&] {
      database::lease conn(*standby);
      auto rows = conn->query("SELECT to_regclass('users') IS NOT NULL");
      return rows->next() && rows->get_bool(0);
    }));
    standby->on_statement([this](std::string_view) { ++standby_statements; });
    set_router(replica_router(db, {standby}));
  }
  ~with_standby() { standby->on_statement(nullptr); }
  std::shared_ptr<database> standby;
  std::atomic<int> standby_statements{0};
};

}  // namespace

TEST_CASE("hot standby: reads are answered by the standby, writes and atomic() blocks by the primary") {
  with_standby fx;
  const auto& users = detail::meta_of<User>();
  CHECK(in_recovery(route(users, access::read)));
  CHECK_FALSE(in_recovery(route(users, access::write)));
  atomic([&] { CHECK_FALSE(in_recovery(route(users, access::read))); });

  fx.take_count();
  auto ann = create(user_named("ann"));
  CHECK(fx.take_count() == 1);  // the INSERT ran on the primary
  CHECK(eventually([&] { return get_or_none<User>(q("id", ann.id)).has_value(); }));
  CHECK(fx.standby_statements > 0);
  CHECK(fx.take_count() == 0);  // and no read did
}

TEST_CASE("hot standby: a lagging standby does not break read-your-writes inside atomic()") {
  with_standby fx;
  paused_replay lag(*fx.standby);
  auto ben = create(user_named("ben"));
  CHECK_FALSE(get_or_none<User>(q("id", ben.id)).has_value());  // the standby has not replayed it
  atomic([&] {
    auto cleo = create(user_named("cleo"));
    CHECK(get_or_none<User>(q("id", ben.id)).has_value());
    CHECK(get_or_none<User>(q("id", cleo.id)).has_value());
    CHECK(objects<User>().count() == 2);
  });
  CHECK(objects<User>().count() == 0);
}
