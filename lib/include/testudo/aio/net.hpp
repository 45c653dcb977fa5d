// The executor model of testudo::aio: Boost.Asio, as `testudo::net` (docs/async.md says why Boost's
// and not standalone Asio). testudo uses the subset of Asio 1.18 (Boost 1.74) only: awaitable,
// co_spawn, use_awaitable, async_initiate, post, this_coro::executor.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

// Boost 1.74 looks for coroutines on clang only in <experimental/coroutine>; clang 14 has C++20's.
#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT) && __has_include(<coroutine>)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace testudo {
namespace net = boost::asio;
}  // namespace testudo
