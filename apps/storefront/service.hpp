// The storefront's HTTP routes: the seed's FastAPI example over testudo's ORM.
//
//   POST /users                 {email, username, password} → 201 {id, email, username, role}
//   GET  /users/{id}            → 200 {id, email, username, role} | 404
//   GET  /users/{id}/orders     ?status=... → the newest 50 orders [{id, order_number, total}]
//   POST /users/{id}/orders     {order_number, total[, status]} → 201
//
// Errors are JSON {"detail": ...}: 400 malformed request, 404 not found, 409 duplicate,
// 422 invalid field, 500 anything else.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace storefront {

// How the server meets many keep-alive clients. cpp-httplib gives each connection a worker thread
// for as long as it stays open, so `threads` bounds the clients served at once (the others wait
// unanswered in a queue); the database pool (?maxsize= in the URL) separately bounds the queries
// running at once. The library's own defaults (Nagle on, backlog 5, a connection closed after 5
// requests, 8 threads) cap a keep-alive client at one answer per delayed ACK (~40 ms).
struct server_settings {
  std::size_t threads = 256;
  int backlog = 4096;                      // pending connections; the kernel caps it at somaxconn
  std::size_t keep_alive_requests = 10000;  // per connection, then it is closed
  int keep_alive_timeout = 5;               // seconds an idle connection keeps its thread
};

// Applies `settings` and binds host:port (0: a free port) with TCP_NODELAY, so that an answer
// written in two parts (headers, body) is not held back waiting for the client's ACK.
// Returns the port bound, or -1.
int bind(httplib::Server& server, const std::string& host, int port, const server_settings& settings);

// Adds the routes and the JSON error responses to `server`. The ORM calls go to the registered
// default database, from as many server threads at once as there are.
void add_routes(httplib::Server& server);

}  // namespace storefront
