// Transactions the database aborts to break a conflict (a deadlock here; on Galera a certification
// failure, reported the same way): the error type says "run it again", and atomic_retrying does.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "orm/fixture.hpp"

using namespace testudo;
using test::orm_fixture;
using test::user_named;
using storefront::User;

namespace {


// Two threads wait for each other here, at most `limit` (SQLite's writers queue instead of
// deadlocking, so there the first one goes on alone).
class rendezvous {
 public:
  void arrive(std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    std::unique_lock lock(mutex_);
    if (++arrived_ == 2) cv_.notify_all();
    else cv_.wait_for(lock, limit, [&] { return arrived_ == 2; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int arrived_ = 0;
};

// Each of two threads updates one user, meets the other, then updates the other user: on
// PostgreSQL and MySQL one of them is chosen as the deadlock victim.
template <class Run>
void cross_updates(const User& a, const User& b, Run run) {
  rendezvous meet;
  auto worker = [&](std::int32_t first, std::int32_t second, const char* tag) {
    int attempt = 0;
    run([&] {
      objects<User>().filter(q("id", first)).update({{"bio", tag}});
      if (++attempt == 1) meet.arrive();
      objects<User>().filter(q("id", second)).update({{"bio", tag}});
    });
  };
  std::thread t1(worker, a.id, b.id, "one"), t2(worker, b.id, a.id, "two");
  t1.join();
  t2.join();
}

}  // namespace

TEST_CASE("a deadlock aborts one transaction with transaction_conflict, and its writes are gone") {
  orm_fixture fx("conflict_error");
  auto a = create(user_named("a")), b = create(user_named("b"));
  std::atomic<int> conflicts{0}, committed{0};
  cross_updates(a, b, [&](auto body) {
    try {
      atomic(body);
      ++committed;
    } catch (const transaction_conflict&) {
      ++conflicts;
    }
  });
  bool deadlocks = test::current_backend() != backend::sqlite;
  CHECK(conflicts == (deadlocks ? 1 : 0));
  CHECK(committed == (deadlocks ? 1 : 2));
  // Both rows carry the survivor's tag: nothing of the victim's transaction is left.
  CHECK(get<User>(q("id", a.id)).bio == get<User>(q("id", b.id)).bio);
}

TEST_CASE("atomic_retrying runs a transaction the database aborted again, until it commits") {
  orm_fixture fx("conflict_retry");
  auto a = create(user_named("a")), b = create(user_named("b"));
  std::atomic<int> runs{0};
  cross_updates(a, b, [&](auto body) {
    atomic_retrying(*fx.db, 3, [&] {
      ++runs;
      body();
    });
  });
  CHECK(runs == (test::current_backend() != backend::sqlite ? 3 : 2));  // the victim ran twice
  CHECK(get<User>(q("id", a.id)).bio == get<User>(q("id", b.id)).bio);

  atomic([&] {
    CHECK_THROWS_AS(atomic_retrying(*fx.db, 3, [] {}), transaction_management_error);
  });
}
