// Values round-trip through each driver: bound as parameters, read back typed and as value.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <limits>
#include <nlohmann/json.hpp>

#include "support/backend.hpp"
#include "support/heap.hpp"
#include "testudo/db/value.hpp"
#include "testudo/dialect/dialect.hpp"
#include "testudo/errors.hpp"

using namespace testudo;
using testudo::test::column_type;

namespace {

// Inserts `v` into a one-column table of `type`, reads it back and returns the cursor's row.
struct round_trip {
  std::unique_ptr<connection> conn = test::open_connection();
  std::unique_ptr<row_cursor> rows;

  round_trip(std::string_view table, std::string_view type, std::initializer_list<value> values) {
    test::recreate_table(*conn, table, fmt::format("id {}, v {}", column_type("pk"), type));
    for (const auto& v : values)
      conn->execute(fmt::format("INSERT INTO {} (v) VALUES ({})", table, conn->placeholder(1)), {v});
    rows = conn->query(fmt::format("SELECT v FROM {} ORDER BY id", table));
  }
  row_cursor& next() {
    REQUIRE(rows->next());
    return *rows;
  }
};

}  // namespace

TEST_CASE("server answers with its version") {
  auto conn = test::open_connection();
  CHECK(conn->kind() == test::current_backend());
  CHECK_FALSE(conn->server_version().empty());
  CHECK(conn->is_healthy());
}

TEST_CASE("64-bit integers at their limits") {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  round_trip rt("t_values_int", column_type("bigint"), {value{lo}, value{hi}, value{std::int64_t{0}}, value{std::int64_t{-1}}});
  for (auto expected : {lo, hi, std::int64_t{0}, std::int64_t{-1}}) {
    auto& row = rt.next();
    CHECK(row.get_int64(0) == expected);
    CHECK(row.get(0) == value{expected});
  }
  CHECK_FALSE(rt.rows->next());
}

TEST_CASE("decimals keep every digit and their scale") {
  const char* texts[] = {"12345678901234.567891", "-0.000001", "0.100000", "99999999999999999999.999999"};
  round_trip rt("t_values_decimal", column_type("decimal"),
                {value{decimal{texts[0]}}, value{decimal{texts[1]}}, value{decimal{texts[2]}}, value{decimal{texts[3]}}});
  for (auto text : texts) CHECK(rt.next().get_decimal(0).text == text);
}

TEST_CASE("floating point numbers") {
  round_trip rt("t_values_double", column_type("double"), {value{0.1}, value{-2.5e300}, value{1.0 / 3}});
  for (double expected : {0.1, -2.5e300, 1.0 / 3}) {
    auto& row = rt.next();
    CHECK(row.get_double(0) == expected);
    CHECK(row.get(0) == value{expected});
  }
}

TEST_CASE("UTF-8 text and the empty string and NULL stay distinct") {
  const std::string unicode = "Grüße, 世界 🐢 \"quoted\" 'single' \\ back";
  round_trip rt("t_values_text", column_type("text"), {value{unicode}, value{std::string{}}, value{null}});
  auto& a = rt.next();
  CHECK(a.get_text(0) == unicode);
  CHECK(a.get(0) == value{unicode});
  auto& b = rt.next();
  CHECK_FALSE(b.is_null(0));
  CHECK(b.get_text(0).empty());
  auto& c = rt.next();
  CHECK(c.is_null(0));
  CHECK(c.get(0) == value{null});
}

TEST_CASE("binary data with every byte value") {
  blob all(256);
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  round_trip rt("t_values_blob", column_type("blob"), {value{all}, value{blob{}}});
  auto& row = rt.next();
  CHECK(row.get_blob(0) == all);
  CHECK(row.get(0) == value{all});
  CHECK(rt.next().get_blob(0).empty());
}

// libpq hands bytea over as text: hex by default, octal escapes under bytea_output = 'escape'.
TEST_CASE("PostgreSQL: binary data reads the same in bytea's escape output format") {
  blob all(256);
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_bytea_escape", fmt::format("id {}, v {}", column_type("pk"), column_type("blob")));
  conn->execute("INSERT INTO t_values_bytea_escape (v) VALUES ($1)", {value{all}});
  conn->execute("SET bytea_output = 'escape'");
  auto rows = conn->query("SELECT v FROM t_values_bytea_escape");
  REQUIRE(rows->next());
  CHECK(rows->get_text(0).starts_with("\\000\\001"));  // the escape format, not "\\x0001..."
  CHECK(rows->get_blob(0) == all);
  CHECK(rows->get(0) == value{all});
}

TEST_CASE("booleans") {
  round_trip rt("t_values_bool", column_type("bool"), {value{true}, value{false}});
  CHECK(rt.next().get_bool(0));
  CHECK_FALSE(rt.next().get_bool(0));
}

TEST_CASE("dates and times and instants keep microseconds and offsets become UTC") {
  using namespace std::chrono;
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_time",
                       fmt::format("id {}, d {}, t {}, ts {}", column_type("pk"), column_type("date"),
                                   column_type("time"), column_type("datetime")));
  const date leap{year{2024}, February, day{29}};
  const time_of_day noonish{hours{12} + minutes{34} + seconds{56} + microseconds{789012}};
  const datetime instant = sys_days{leap} + hours{23} + minutes{59} + seconds{59} + microseconds{999999};
  auto p = [&](int i) { return conn->placeholder(static_cast<std::size_t>(i)); };
  conn->execute(fmt::format("INSERT INTO t_values_time (d, t, ts) VALUES ({}, {}, {})", p(1), p(2), p(3)),
                {value{leap}, value{noonish}, value{instant}});
  // The same instant written with an offset, as a client in UTC+02:00 would send it.
  conn->execute(fmt::format("INSERT INTO t_values_time (d, t, ts) VALUES ({}, {}, {})", p(1), p(2), p(3)),
                {value{leap}, value{noonish}, value{parse_datetime("2024-03-01 01:59:59.999999+02:00")}});
  auto rows = conn->query("SELECT d, t, ts FROM t_values_time ORDER BY id");
  for (int i = 0; i < 2; ++i) {
    REQUIRE(rows->next());
    CHECK(rows->get_date(0) == leap);
    CHECK(rows->get_time(1) == noonish);
    CHECK(rows->get_datetime(2) == instant);
  }
}

TEST_CASE("JSON documents") {
  const std::string doc = R"({"name": "testudo", "tags": ["orm", "migrations"], "n": 3, "nested": {"ok": true}})";
  round_trip rt("t_values_json", column_type("json"), {value{json{doc}}});
  CHECK(nlohmann::json::parse(rt.next().get_json(0).text) == nlohmann::json::parse(doc));
}

TEST_CASE("execute reports the rows it changed") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_changes", fmt::format("id {}, n {}", column_type("pk"), column_type("bigint")));
  for (std::int64_t i = 0; i < 5; ++i)
    conn->execute(fmt::format("INSERT INTO t_values_changes (n) VALUES ({})", conn->placeholder(1)), {value{i}});
  CHECK(conn->execute(fmt::format("UPDATE t_values_changes SET n = n + 10 WHERE n >= {}", conn->placeholder(1)),
                      {value{std::int64_t{2}}}) == 3);
  CHECK(conn->execute("DELETE FROM t_values_changes") == 5);
}

TEST_CASE("generated keys: RETURNING and last_insert_id") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_keys", fmt::format("id {}, name {}", column_type("pk"), column_type("varchar")));
  auto insert = fmt::format("INSERT INTO t_values_keys (name) VALUES ({})", conn->placeholder(1));
  conn->execute(insert, {value{std::string("a")}});
  auto first = conn->last_insert_id();
  CHECK(first >= 1);
  auto returned = conn->query(insert + " RETURNING id", {value{std::string("b")}});
  REQUIRE(returned->next());
  CHECK(returned->get_int64(0) == first + 1);
  returned.reset();
  CHECK(test::count_rows(*conn, "t_values_keys") == 2);
}

TEST_CASE("a prepared statement is reused with new parameters") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_reuse", fmt::format("id {}, n {}", column_type("pk"), column_type("bigint")));
  auto insert = fmt::format("INSERT INTO t_values_reuse (n) VALUES ({})", conn->placeholder(1));
  for (std::int64_t i = 1; i <= 100; ++i) conn->execute(insert, {value{i}});
  auto rows = conn->query(fmt::format("SELECT SUM(n) FROM t_values_reuse WHERE n > {}", conn->placeholder(1)),
                          {value{std::int64_t{50}}});
  REQUIRE(rows->next());
  CHECK(rows->get_int64(0) == (51 + 100) * 50 / 2);
}

TEST_CASE("streaming walks every row in batches") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_stream", fmt::format("id {}, n {}", column_type("pk"), column_type("bigint")));
  auto insert = fmt::format("INSERT INTO t_values_stream (n) VALUES ({})", conn->placeholder(1));
  conn->begin();
  for (std::int64_t i = 0; i < 2500; ++i) conn->execute(insert, {value{i}});
  conn->commit();
  auto rows = conn->stream(fmt::format("SELECT n FROM t_values_stream WHERE n >= {} ORDER BY n", conn->placeholder(1)),
                           std::vector<value>{value{std::int64_t{0}}}, 100);
  if (conn->kind() == backend::mysql)  // unbuffered rows hold the connection until read
    CHECK_THROWS_AS(conn->query("SELECT 1"), operational_error);
  std::int64_t expected = 0;
  while (rows->next()) CHECK(rows->get_int64(0) == expected++);
  CHECK(expected == 2500);
  rows.reset();
  CHECK(conn->transaction_depth() == 0);
  CHECK(test::count_rows(*conn, "t_values_stream") == 2500);  // the connection is usable afterwards
}

// What a loop over a queryset streams where the dialect says so: a statement on the connection
// before the end cuts the rows (never refused, never mixed into them), and the cursor says so.
TEST_CASE("a resumable stream is cut by the next statement on its connection, and says it was") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_resume", fmt::format("id {}, n {}", column_type("pk"), column_type("bigint")));
  auto insert = fmt::format("INSERT INTO t_values_resume (n) VALUES ({})", conn->placeholder(1));
  conn->begin();
  for (std::int64_t i = 0; i < 3000; ++i) conn->execute(insert, {value{i}});
  conn->commit();
  auto sql = fmt::format("SELECT n FROM t_values_resume WHERE n >= {} ORDER BY n", conn->placeholder(1));
  std::vector<value> from{value{std::int64_t{0}}};
  auto rows = conn->resumable_stream(sql, from);
  REQUIRE((rows != nullptr) == testudo::dialect_for(conn->kind()).streams_loops());
  if (!rows) return;
  std::int64_t expected = 0;
  for (int i = 0; i < 10 && rows->next(); ++i) CHECK(rows->get_int64(0) == expected++);
  CHECK_FALSE(rows->cut());
  CHECK(test::count_rows(*conn, "t_values_resume") == 3000);  // runs, and cuts the stream first
  CHECK_FALSE(rows->next());
  CHECK(rows->cut());
  CHECK_FALSE(rows->next());
  rows.reset();
  // Read to its end, a stream was not cut; the connection serves a new one, inside a transaction too.
  conn->begin();
  rows = conn->resumable_stream(sql, from);
  expected = 0;
  while (rows->next()) CHECK(rows->get_int64(0) == expected++);
  CHECK(expected == 3000);
  CHECK_FALSE(rows->cut());
  rows = conn->resumable_stream(sql, from);
  REQUIRE(rows->next());
  conn->execute("DELETE FROM t_values_resume WHERE n >= 1500");  // a write cuts it as well
  CHECK_FALSE(rows->next());
  CHECK(rows->cut());
  conn->rollback();
  CHECK(test::count_rows(*conn, "t_values_resume") == 3000);
}

// A server may stop a statement half way through its rows (KILL QUERY, a statement time limit):
// what was read must not pass for the whole result.
TEST_CASE("rows that the server stops sending half way raise instead of looking complete") {
  auto conn = test::open_connection();
  std::string many;
  switch (conn->kind()) {
    case backend::sqlite: return;  // no server: nothing stops a statement but the caller
    case backend::postgres:
      conn->execute("SET statement_timeout = 50");
      many = "SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g";
      break;
    case backend::mysql:
      conn->execute("SET SESSION max_statement_time = 0.05");
      many = "SELECT seq, REPEAT('x', 100) FROM seq_1_to_5000000";  // MariaDB's sequence engine
      break;
  }
  auto read_all = [](std::unique_ptr<row_cursor> rows) {
    while (rows->next()) {
    }
  };
  CHECK_THROWS_AS(read_all(conn->scan(many)), operational_error);
  CHECK_THROWS_AS(read_all(conn->stream(many)), operational_error);
  if (auto rows = conn->resumable_stream(many)) CHECK_THROWS_AS(read_all(std::move(rows)), operational_error);
  CHECK(conn->query("SELECT 1")->next());  // the connection still serves
}

// A long-lived connection meets endless distinct statement texts (raw SQL with literals): what it
// keeps per text must stay bounded, as its prepared statements are.
TEST_CASE("distinct statements without parameters leave nothing behind on the connection") {
  auto conn = test::open_connection();
  auto run = [&](int from, int to) {
    for (int k = from; k < to; ++k) {
      auto rows = conn->scan(fmt::format("SELECT {} AS n", k));
      REQUIRE(rows->next());
      CHECK(rows->get_int64(0) == k);
    }
  };
  run(0, 1000);  // the driver's own caches fill up first
  auto before = test::heap_in_use();
  run(1000, 11000);
  CHECK(test::heap_in_use() < before + 256 * 1024);
}

// scan() is how the ORM reads: MySQL runs a statement whose last result was big over the text
// protocol, unbuffered (the first time and for small results over the binary protocol). Every
// value must read the same whichever way it came, and as query() reads it.
TEST_CASE("scan reads every type as query does, the first time and once the statement is known to be big") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_scan",
                       fmt::format("id {}, n {}, d {}, f {}, s {}, b {}, ok {}, day {}, t {}, ts {}, doc {}",
                                   column_type("pk"), column_type("bigint"), column_type("decimal"), column_type("double"),
                                   column_type("text"), column_type("blob"), column_type("bool"), column_type("date"),
                                   column_type("time"), column_type("datetime"), column_type("json")));
  auto p = [&](int i) { return conn->placeholder(static_cast<std::size_t>(i)); };
  auto insert = fmt::format("INSERT INTO t_values_scan (n, d, f, s, b, ok, day, t, ts, doc) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                            p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(8), p(9), p(10));
  conn->begin();
  for (std::int64_t i = 0; i < 2100; ++i) {  // more than MySQL's many_rows: its second scan streams
    auto maybe = [&](value v) { return i % 7 == 3 ? value{null} : v; };  // NULLs in every column
    conn->execute(insert, {maybe(value{i * 1'000'000'007 - 5}), maybe(value{decimal{fmt::format("{}.{:06}", i * 31, i)}}),
                           maybe(value{1.0 / static_cast<double>(i + 3)}), maybe(value{fmt::format("é{}'\\", i)}),
                           maybe(value{blob{static_cast<std::uint8_t>(i), 0, 255}}), maybe(value{i % 2 == 0}),
                           maybe(value{parse_date("2024-02-29")}), maybe(value{parse_time("23:59:58.123456")}),
                           maybe(value{parse_datetime("2024-02-29 12:00:00.000001")}),
                           maybe(value{json{fmt::format(R"({{"i": {}}})", i)}})});
  }
  conn->commit();
  auto read_all = [](std::unique_ptr<row_cursor> rows) {
    std::vector<std::vector<value>> out;
    while (rows->next()) {
      auto& row = out.emplace_back();
      for (std::size_t c = 0; c < rows->column_count(); ++c) row.push_back(rows->get(c));
    }
    return out;
  };
  auto select = fmt::format("SELECT n, d, f, s, b, ok, day, t, ts, doc FROM t_values_scan WHERE id > {} ORDER BY id", p(1));
  const std::vector<value> from{value{std::int64_t{0}}};
  auto expected = read_all(conn->query(select, from));
  REQUIRE(expected.size() == 2100);
  for (int run = 0; run < 3; ++run) {
    CAPTURE(run);
    auto got = read_all(conn->scan(select, from));
    REQUIRE(got.size() == expected.size());
    for (std::size_t r = 0; r < got.size(); ++r) CHECK_MESSAGE(got[r] == expected[r], "row " << r);
  }
  CHECK(read_all(conn->scan("SELECT n, d, f, s, b, ok, day, t, ts, doc FROM t_values_scan ORDER BY id")) == expected);
  CHECK(conn->query("SELECT 1")->next());  // read through, the connection is free again
}

TEST_CASE("scan of more statements than a connection keeps prepared") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_values_scan_many", fmt::format("id {}, n {}", column_type("pk"), column_type("bigint")));
  conn->begin();
  for (std::int64_t i = 0; i < 2000; ++i)  // MySQL's many_rows: the second run of each text streams
    conn->execute(fmt::format("INSERT INTO t_values_scan_many (n) VALUES ({})", conn->placeholder(1)), {value{i}});
  conn->commit();
  // 300 texts, each run twice (the second time as a big statement), so the oldest are dropped.
  int wrong = 0;
  for (int round = 0; round < 2; ++round)
    for (std::int64_t k = 0; k < 300; ++k) {
      auto rows = conn->scan(fmt::format("SELECT n + {} FROM t_values_scan_many WHERE n >= {} ORDER BY n", k, conn->placeholder(1)),
                             std::vector<value>{value{std::int64_t{0}}});
      std::int64_t expected = k;
      while (rows->next()) wrong += rows->get_int64(0) != expected++;
      wrong += expected != k + 2000;
    }
  CHECK(wrong == 0);
}
