// Internal: a connection made the calling thread's connection for a database, as an atomic() scope
// makes its own, for the sync ORM code that testudo::aio runs on a worker with the call's connection.
#pragma once

namespace testudo {
class connection;
class database;
}  // namespace testudo

namespace testudo::detail {

// While it lives, every ORM call of this thread on `db` runs on `conn` (database::lease,
// atomic_scope: a savepoint when `conn` is in a transaction, route()'s reads).
class thread_connection {
 public:
  thread_connection(database& db, connection& conn);
  thread_connection(const thread_connection&) = delete;
  thread_connection& operator=(const thread_connection&) = delete;
  ~thread_connection();

 private:
  connection& conn_;
};

}  // namespace testudo::detail
