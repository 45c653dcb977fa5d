// The storefront's HTTP server settings (see server_settings in service.hpp).
#include <sys/socket.h>

#include "service.hpp"

namespace storefront {

int bind(httplib::Server& server, const std::string& host, int port, const server_settings& settings) {
  std::size_t threads = settings.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(settings.keep_alive_requests);
  server.set_keep_alive_timeout(settings.keep_alive_timeout);
  // Set on the listening socket; Linux gives it to every accepted one.
  server.set_tcp_nodelay(true);
  // The library listens with a compiled-in backlog of 5. Keep its socket options and note the
  // socket, to listen on it again with ours: listen() on a listening socket changes its backlog.
  int listener = -1;
  server.set_socket_options([&listener](socket_t sock) {
    httplib::default_socket_options(sock);
    listener = sock;
  });
  int bound = port == 0 ? server.bind_to_any_port(host) : server.bind_to_port(host, port) ? port : -1;
  if (bound < 0 || ::listen(listener, settings.backlog) != 0) return -1;
  return bound;
}

}  // namespace storefront
