// testudo_aio_bench: 10,000 gets by key at once, awaited by coroutines on one io_context thread
// (testudo::aio) against the same gets from a pool of threads calling the sync API, on a database
// pool of the same size (docs/async.md, "Figures").
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>
#include <testudo/aio.hpp>
#include <testudo/orm.hpp>

#include "storefront/models.hpp"

namespace {

using storefront::User;
constexpr int gets = 10000;   // per iteration, all in flight at once
constexpr int users = 1000;   // the keys they read, in turn

// A database of `users` users on a pool of `connections` (the URL's maxsize).
struct seeded {
  seeded(const std::string& url, int connections)
      : db(testudo::database::open(fmt::format("{}{}minsize={}&maxsize={}", url,
                                               url.find('?') == std::string::npos ? "?" : "&", connections,
                                               connections))) {
    testudo::generate_schemas(*db);
    testudo::objects<User>(*db).remove();
    std::vector<User> rows(users);
    for (int i = 0; i < users; ++i) {
      rows[i].email = fmt::format("u{}@example.com", i);
      rows[i].username = fmt::format("u{}", i);
      rows[i].password_hash = "x";
    }
    testudo::atomic(*db, [&] { testudo::bulk_create(rows, {}, *db); });
    ids = testudo::objects<User>(*db).order_by({"id"}).values_list(&User::id);
  }
  std::shared_ptr<testudo::database> db;
  std::vector<std::int32_t> ids;
};

// Every get checks the user it read, so that a wrong answer cannot pass for a fast one.
void check(const User& u, std::int32_t id) {
  if (u.id != id) throw std::logic_error(fmt::format("asked for user {}, got {}", id, u.id));
}

void aio_coroutines(benchmark::State& state, seeded& s) {
  for (auto _ : state) {
    testudo::net::io_context io;
    for (int i = 0; i < gets; ++i) {
      auto id = s.ids[static_cast<std::size_t>(i % users)];
      testudo::net::co_spawn(io, [&s, id]() -> testudo::net::awaitable<void> {
        check(co_await testudo::aio::get<User>(testudo::q("id", id), *s.db), id);
      }, [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
    }
    io.run();
  }
  state.SetItemsProcessed(state.iterations() * gets);
}

void sync_threads(benchmark::State& state, seeded& s, int threads) {
  for (auto _ : state) {
    std::atomic<int> next = 0;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        for (int i; (i = next++) < gets;) {
          auto id = s.ids[static_cast<std::size_t>(i % users)];
          check(testudo::get<User>(testudo::q("id", id), *s.db), id);
        }
      });
    for (auto& t : pool) t.join();
  }
  state.SetItemsProcessed(state.iterations() * gets);
}

// <backend>/get_10k/<variant>: the two variants of a backend print next to each other.
void add(const std::string& backend, seeded& s, int connections) {
  auto name = [&](const char* variant) { return fmt::format("{}/get_10k/{}", backend, variant); };
  benchmark::RegisterBenchmark(name("aio_1_thread").c_str(), [&s](benchmark::State& st) { aio_coroutines(st, s); })
      ->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(fmt::format("{}_{}_threads", name("sync"), connections).c_str(),
                               [&s, connections](benchmark::State& st) { sync_threads(st, s, connections); })
      ->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  int connections = 4;
  if (const char* n = std::getenv("TESTUDO_BENCH_CONNECTIONS")) connections = std::max(1, std::atoi(n));

  auto dir = std::filesystem::temp_directory_path() / fmt::format("testudo_aio_bench_{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::optional<seeded> sqlite, postgres, mysql;
  sqlite.emplace("sqlite://" + (dir / "bench.sqlite3").string(), connections);
  add("sqlite", *sqlite, connections);
  if (const char* url = std::getenv("TESTUDO_BENCH_POSTGRES_URL")) add("postgres", postgres.emplace(url, connections), connections);
  if (const char* url = std::getenv("TESTUDO_BENCH_MYSQL_URL")) add("mysql", mysql.emplace(url, connections), connections);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  sqlite.reset();
  std::filesystem::remove_all(dir);
}
