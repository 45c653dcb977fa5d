// The storefront's routes as coroutines over the awaitable ORM (testudo::aio), for async_server.
#pragma once

#include "async_server.hpp"

namespace storefront {

// The answer to `req`, the routes of service.hpp with the same statuses and bodies: its ORM calls
// run on testudo::aio's workers while the coroutine waits, so the calling thread serves others.
net::awaitable<api::response> answer(const http_request& req);

}  // namespace storefront
