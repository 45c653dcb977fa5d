#include "cli/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

extern char** environ;

namespace testudo::test {
namespace {

using clock = std::chrono::steady_clock;

[[noreturn]] void sys_fail(const char* what) {
  throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

struct pipe_pair {
  int read = -1, write = -1;
};

pipe_pair make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) sys_fail("pipe2");  // no other child inherits our ends
  return {fds[0], fds[1]};
}

// In a forked child: runs the binary in `cwd`, or says why not and exits 126/127.
[[noreturn]] void exec_child(std::vector<char*>& argv, std::vector<char*>& envp, const std::string& cwd) {
  if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
  ::execve(argv[0], argv.data(), envp.data());
  constexpr char failed[] = "test harness: cannot execute the testudo binary (rebuilt meanwhile?): ";
  [[maybe_unused]] auto n = ::write(2, failed, sizeof failed - 1);
  n = ::write(2, argv[0], std::strlen(argv[0]));
  ::_exit(127);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// The inherited environment minus the variables that would point the CLI at another database,
// plus the call's own.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  static const std::set<std::string, std::less<>> dropped = {"TESTUDO_DB_URL", "DATABASE_URL"};
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string_view entry = *e;
    auto name = entry.substr(0, entry.find('='));
    if (dropped.contains(name) || extra.contains(std::string(name))) continue;
    out.emplace_back(entry);
  }
  for (const auto& [name, value] : extra) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

const std::string& cli_path() {
  static const std::string path = TESTUDO_CLI_PATH;
  return path;
}

cli_process::cli_process(const cli_call& call) {
  // Everything the child needs is built before fork: between fork and exec only system calls.
  std::vector<std::string> argv_strings{cli_path()};
  argv_strings.insert(argv_strings.end(), call.args.begin(), call.args.end());
  auto env_strings = child_environment(call.env);
  auto argv = pointers(argv_strings);
  auto envp = pointers(env_strings);
  std::string cwd = call.cwd.string();

  if (call.terminal) {
    start_on_terminal(argv, envp, cwd);
    return;
  }
  auto out = make_pipe(), err = make_pipe();
  pipe_pair in;
  if (call.input) in = make_pipe();
  pid_ = ::fork();
  if (pid_ < 0) sys_fail("fork");
  if (pid_ == 0) {
    int stdin_fd = call.input ? in.read : ::open("/dev/null", O_RDONLY);
    if (stdin_fd < 0 || ::dup2(stdin_fd, 0) < 0 || ::dup2(out.write, 1) < 0 || ::dup2(err.write, 2) < 0) ::_exit(126);
    exec_child(argv, envp, cwd);
  }
  close_fd(out.write);
  close_fd(err.write);
  close_fd(in.read);
  out_fd_ = out.read;
  err_fd_ = err.read;
  if (call.input) {
    // Small inputs only (below the pipe's buffer); SIGPIPE is ignored by main(), so a child that
    // exits without reading cannot kill the test.
    std::string_view rest = *call.input;
    while (!rest.empty()) {
      auto n = ::write(in.write, rest.data(), rest.size());
      if (n <= 0) break;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    close_fd(in.write);
  }
}

void cli_process::start_on_terminal(std::vector<char*>& argv, std::vector<char*>& envp, const std::string& cwd) {
  // A terminal of a known size with the usual line discipline (canonical input, echo): what a
  // user at a shell prompt has.
  winsize size{};
  size.ws_row = 50;
  size.ws_col = 200;
  int master = -1;
  pid_ = ::forkpty(&master, nullptr, nullptr, &size);
  if (pid_ < 0) sys_fail("forkpty");
  if (pid_ == 0) {
    // stdin, stdout and stderr are the terminal's slave side (forkpty made it the controlling one).
    exec_child(argv, envp, cwd);
  }
  ::fcntl(master, F_SETFD, FD_CLOEXEC);  // no later child inherits it
  out_fd_ = master;
  terminal_ = true;
}

bool cli_process::send(std::string_view text) {
  if (!terminal_ || out_fd_ < 0) return false;
  while (!text.empty()) {
    auto n = ::write(out_fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

cli_process::cli_process(cli_process&& other) noexcept
    : pid_(other.pid_), out_fd_(other.out_fd_), err_fd_(other.err_fd_), terminal_(other.terminal_),
      out_(std::move(other.out_)), err_(std::move(other.err_)) {
  other.pid_ = -1;
  other.out_fd_ = other.err_fd_ = -1;
}

cli_process::~cli_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  close_fd(out_fd_);
  close_fd(err_fd_);
}

bool cli_process::pump(int timeout_ms) {
  pollfd fds[2];
  nfds_t n = 0;
  if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
  if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
  if (n == 0) return false;
  int ready = ::poll(fds, n, timeout_ms);
  if (ready < 0 && errno != EINTR) sys_fail("poll");
  for (nfds_t i = 0; ready > 0 && i < n; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buffer[8192];
    auto got = ::read(fds[i].fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    bool is_out = fds[i].fd == out_fd_;
    if (got <= 0) {
      close_fd(is_out ? out_fd_ : err_fd_);
      continue;
    }
    (is_out ? out_ : err_).append(buffer, static_cast<std::size_t>(got));
  }
  return out_fd_ >= 0 || err_fd_ >= 0;
}

bool cli_process::wait_for_output(std::string_view needle, std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  while (out_.find(needle) == std::string::npos && err_.find(needle) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0 || !pump(static_cast<int>(std::min<long long>(left, 100)))) return false;
  }
  return true;
}

void cli_process::kill9() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
}

cli_result cli_process::wait(std::chrono::milliseconds timeout) {
  cli_result result;
  auto deadline = clock::now() + timeout;
  for (bool killed = false;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) {
      if (killed) break;
      result.timed_out = killed = true;
      kill9();
      deadline = clock::now() + std::chrono::seconds(10);  // read what it wrote before it died
      continue;
    }
    if (!pump(static_cast<int>(std::min<long long>(left, 100)))) break;
  }
  int status = 0;
  while (pid_ > 0 && ::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) sys_fail("waitpid");
  }
  pid_ = -1;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (terminal_) std::erase(out_, '\r');  // the terminal's "\r\n" line ends
  result.out = std::move(out_);
  result.err = std::move(err_);
  return result;
}

cli_result run_cli(const cli_call& call) { return cli_process(call).wait(); }

cli_result run_cli_on_tty(cli_call call, const std::vector<tty_answer>& answers) {
  call.terminal = true;
  cli_process process(call);
  for (const auto& [prompt, answer] : answers) {
    if (!process.wait_for_output(prompt, std::chrono::seconds(30))) {
      process.kill9();
      auto r = process.wait(std::chrono::seconds(10));
      r.timed_out = true;
      return r;
    }
    process.send(answer);
  }
  return process.wait();
}

}  // namespace testudo::test
