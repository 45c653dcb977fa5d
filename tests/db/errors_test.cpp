// Driver errors map onto testudo's hierarchy with actionable messages.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/backend.hpp"
#include "testudo/errors.hpp"

using namespace testudo;

TEST_CASE("a unique violation is an integrity_error naming the index") {
  auto conn = test::open_connection();
  test::recreate_table(*conn, "t_err_unique", fmt::format("id {}, email {}", test::column_type("pk"), test::column_type("varchar")));
  conn->execute("CREATE UNIQUE INDEX uid_t_err_unique_email ON t_err_unique (email)");
  auto ins = fmt::format("INSERT INTO t_err_unique (email) VALUES ({})", conn->placeholder(1));
  conn->execute(ins, {value{std::string("a@example.com")}});
  try {
    conn->execute(ins, {value{std::string("a@example.com")}});
    FAIL("duplicate accepted");
  } catch (const integrity_error& e) {
    CHECK(e.constraint() == "uid_t_err_unique_email");
    CHECK(e.statement() == ins);
    if (test::current_backend() != backend::sqlite) CHECK((e.sqlstate() == "23505" || e.sqlstate() == "23000"));
  }
}

TEST_CASE("NOT NULL and foreign key violations are integrity errors") {
  auto conn = test::open_connection();
  conn->execute("DROP TABLE IF EXISTS t_err_child");
  test::recreate_table(*conn, "t_err_parent", fmt::format("id {}", test::column_type("pk")));
  conn->execute(fmt::format("CREATE TABLE t_err_child (id {}, parent_id INT NOT NULL, "
                            "CONSTRAINT fk_t_err_child_parent FOREIGN KEY (parent_id) REFERENCES t_err_parent (id))",
                            test::column_type("pk")));
  CHECK_THROWS_AS(conn->execute("INSERT INTO t_err_child (parent_id) VALUES (NULL)"), integrity_error);
  try {
    conn->execute("INSERT INTO t_err_child (parent_id) VALUES (12345)");
    FAIL("dangling foreign key accepted");
  } catch (const integrity_error& e) {
    // SQLite does not say which foreign key failed.
    if (test::current_backend() != backend::sqlite) CHECK(e.constraint() == "fk_t_err_child_parent");
  }
  conn->execute("DROP TABLE t_err_child");
}

TEST_CASE("a syntax error is an operational_error and not an integrity_error") {
  auto conn = test::open_connection();
  try {
    conn->execute("SELEKT 1");
    FAIL("bad SQL accepted");
  } catch (const integrity_error&) {
    FAIL("wrong class");
  } catch (const operational_error& e) {
    CHECK(e.statement() == "SELEKT 1");
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
  CHECK(conn->is_healthy());
}

TEST_CASE("a server that refuses the connection gives one clear line") {
  auto url = parse_db_url(test::test_url());
  if (url.kind == backend::sqlite) {
    url.database = "/nonexistent-dir/x/db.sqlite3";
  } else {
    url.port = 1;  // nothing listens there
  }
  try {
    connect(url);
    FAIL("connected to nothing");
  } catch (const db_connection_error& e) {
    std::string msg = e.what();
    CHECK(msg.starts_with("cannot connect to "));
    CHECK(msg.find('\n') == std::string::npos);
    if (!url.password.empty()) CHECK(msg.find(url.password) == std::string::npos);
  }
}

TEST_CASE("an unknown database is a connection error naming it") {
  if (test::current_backend() == backend::sqlite) return;  // SQLite creates the file
  auto url = parse_db_url(test::test_url());
  url.database = "testudo_no_such_db";
  try {
    connect(url);
    FAIL("connected to a missing database");
  } catch (const db_connection_error& e) {
    CHECK(std::string(e.what()).find("testudo_no_such_db") != std::string::npos);
  }
}

TEST_CASE("wrong credentials are a connection error that says what to check") {
  if (test::current_backend() != backend::mysql) return;  // SQLite has none; the test PostgreSQL trusts local users
  auto url = parse_db_url(test::test_url());
  url.password = "not-the-password";
  try {
    connect(url);
    FAIL("connected with a wrong password");
  } catch (const db_connection_error& e) {
    std::string msg = e.what();
    CHECK(msg.find("Access denied") != std::string::npos);
    CHECK(msg.find("Check the user name and password") != std::string::npos);
    CHECK(msg.find("not-the-password") == std::string::npos);
  }
}

TEST_CASE("waiting too long for another session's lock is a lock_error") {
  auto holder = test::open_connection();
  test::recreate_table(*holder, "t_err_lock", fmt::format("id {}, n {}", test::column_type("pk"), test::column_type("bigint")));
  holder->execute("INSERT INTO t_err_lock (n) VALUES (1)");
  auto waiter = test::open_connection(test::current_backend() == backend::sqlite ? "busy_timeout=100" : "");
  holder->begin(true);
  holder->execute("UPDATE t_err_lock SET n = 2");  // holds the row (and on SQLite the database) lock
  switch (test::current_backend()) {
    case backend::sqlite: CHECK_THROWS_AS(waiter->begin(true), lock_error); break;
    case backend::postgres:
      waiter->execute("SET lock_timeout = '100ms'");
      CHECK_THROWS_AS(waiter->execute("UPDATE t_err_lock SET n = 3"), lock_error);
      break;
    case backend::mysql:
      waiter->execute("SET SESSION innodb_lock_wait_timeout = 1");
      CHECK_THROWS_AS(waiter->execute("UPDATE t_err_lock SET n = 3"), lock_error);
      break;
  }
  holder->rollback();
}
