// The executor model of testudo::aio: Boost.Asio, as `testudo::net` (docs/async.md says why Boost's
// and not standalone Asio). testudo uses the subset of Asio 1.18 (Boost 1.74) only: awaitable,
// co_spawn, use_awaitable, async_initiate, post, this_coro::executor.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

// Boost 1.74 looks for coroutines on clang only in <experimental/coroutine>; clang 14 has C++20's
// (the header is there in C++17 mode too: the feature macro says whether the compiler has them).
#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT) && defined(__cpp_impl_coroutine) && __has_include(<coroutine>)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif

#include <boost/asio/detail/config.hpp>
#if !defined(BOOST_ASIO_HAS_CO_AWAIT)
#error "testudo::aio needs C++20 coroutines, which Boost.Asio did not find: compile with -std=c++20 (GCC 10+, clang 14+)"
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
