// RAII transactions and savepoints over a connection, and an atomic-scope helper.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>

#include "testudo/db/connection.hpp"

namespace testudo {

// Opens a transaction (or a savepoint inside one); rolls back on destruction unless committed.
class transaction {
 public:
  // `write_lock`: take the database's write lock at once (SQLite BEGIN IMMEDIATE), see begin().
  explicit transaction(connection& conn, bool write_lock = false) : conn_(&conn) { conn.begin(write_lock); }
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();

  void commit();
  void rollback();
  bool active() const noexcept { return conn_ != nullptr; }

 private:
  connection* conn_;
};

// Runs fn(conn) inside a transaction: committed when fn returns, rolled back when it throws.
template <class Fn>
decltype(auto) in_transaction(connection& conn, Fn&& fn) {
  transaction tx(conn);
  if constexpr (std::is_void_v<decltype(std::forward<Fn>(fn)(conn))>) {
    std::forward<Fn>(fn)(conn);
    tx.commit();
  } else {
    decltype(auto) result = std::forward<Fn>(fn)(conn);
    tx.commit();
    return result;
  }
}

}  // namespace testudo
