// aio test support: a coroutine run to its end on one io_context, on the test's thread.
#pragma once

#include <exception>
#include <utility>

#include <boost/asio/io_context.hpp>

#include "testudo/aio.hpp"

namespace testudo::test {

// Runs the coroutine `make()` returns on an io_context of its own on this thread until every
// coroutine spawned there is done; rethrows what the coroutine threw.
template <class Make>
void run_on_io(Make make) {
  net::io_context io;
  std::exception_ptr failed;
  net::co_spawn(io, make(), [&](std::exception_ptr e) { failed = e; });
  io.run();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace testudo::test
