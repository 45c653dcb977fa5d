// The settings storefront::bind gives the server (what main() serves with), checked on the sockets
// themselves: the server runs in this process, so its accepted sockets are among our descriptors.
#include <doctest/doctest.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "service.hpp"

namespace {

// The storefront's routes served on a free port of 127.0.0.1 until destroyed.
class local_server {
 public:
  local_server() {
    storefront::add_routes(server_);
    port_ = storefront::bind(server_, "127.0.0.1", 0, storefront::server_settings{});
    if (port_ <= 0) throw std::runtime_error("storefront::bind failed");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  local_server(const local_server&) = delete;
  local_server& operator=(const local_server&) = delete;
  ~local_server() {
    while (!server_.is_running()) std::this_thread::yield();  // stop() before the loop runs is lost
    server_.stop();
    thread_.join();
  }
  int port() const noexcept { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

int local_port(int fd, bool peer) {
  sockaddr_in addr{};
  socklen_t size = sizeof addr;
  int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &size)
                : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  return rc == 0 && addr.sin_family == AF_INET ? ntohs(addr.sin_port) : -1;
}

// A plain TCP client, to see what the server does with one connection.
class raw_client {
 public:
  explicit raw_client(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;
  ~raw_client() { ::close(fd_); }

  // One keep-alive request and its whole answer (headers and body), or what came before EOF.
  std::string exchange(const std::string& path) {
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    if (::write(fd_, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
      throw std::runtime_error("write failed");
    std::string answer;
    while (!complete(answer)) {
      char buffer[4096];
      auto got = ::read(fd_, buffer, sizeof buffer);
      if (got <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(got));
    }
    return answer;
  }

  // The server's end of this connection, found among this process's descriptors.
  int accepted_socket() const {
    int mine = local_port(fd_, false);
    DIR* fds = ::opendir("/proc/self/fd");
    int found = -1;
    while (dirent* entry = fds ? ::readdir(fds) : nullptr) {
      int fd = std::atoi(entry->d_name);
      if (fd != fd_ && local_port(fd, true) == mine) found = fd;
    }
    if (fds) ::closedir(fds);
    return found;
  }

 private:
  static bool complete(const std::string& answer) {
    auto end = answer.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    auto length = answer.find("Content-Length: ");
    std::size_t body = length < end ? std::stoul(answer.substr(length + 16)) : 0;
    return answer.size() >= end + 4 + body;
  }

  int fd_;
};

}  // namespace

TEST_CASE("accepted connections have TCP_NODELAY: an answer's body is not held back for the client's ACK") {
  local_server server;
  raw_client client(server.port());
  CHECK(client.exchange("/nowhere").starts_with("HTTP/1.1 404"));
  int accepted = client.accepted_socket();
  REQUIRE(accepted >= 0);
  int nodelay = 0;
  socklen_t size = sizeof nodelay;
  REQUIRE(::getsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &nodelay, &size) == 0);
  CHECK(nodelay == 1);
}

TEST_CASE("a keep-alive connection serves many requests without being closed") {
  local_server server;
  raw_client client(server.port());
  for (int i = 0; i < 50; ++i) {
    auto answer = client.exchange("/nowhere");
    REQUIRE_MESSAGE(answer.starts_with("HTTP/1.1 404"), "request " << i + 1 << ": " << answer);
    CHECK_MESSAGE(answer.find("Connection: close") == std::string::npos, "request " << i + 1);
  }
}
