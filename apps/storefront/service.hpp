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

namespace storefront {

// Adds the routes and the JSON error responses to `server`. The ORM calls go to the registered
// default database, from as many server threads at once as there are.
void add_routes(httplib::Server& server);

}  // namespace storefront
