// Runs the testudo binary as a user would: an argument vector (no shell), a working directory,
// environment additions and optional stdin; captures stdout, stderr and how it ended.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace testudo::test {

struct cli_call {
  std::vector<std::string> args;             // after the program name
  std::filesystem::path cwd;                 // where it runs
  std::map<std::string, std::string> env;    // added to (or replacing in) the inherited environment
  std::optional<std::string> input;          // stdin; none: /dev/null (never a terminal)
  // Run on a pseudo-terminal instead (stdin, stdout and stderr all on it, so the CLI may ask):
  // `input` is ignored, answer with cli_process::send; what it prints arrives as stdout (with
  // "\r\n" turned into "\n"), stderr stays empty.
  bool terminal = false;
};

struct cli_result {
  int exit_code = -1;  // the exit status; -1 when a signal ended it
  int signal = 0;      // the signal that ended it, 0 when it exited
  bool timed_out = false;
  std::string out, err;
};

// One running testudo process; killed (SIGKILL) and reaped by the destructor if still running.
class cli_process {
 public:
  explicit cli_process(const cli_call& call);
  cli_process(cli_process&& other) noexcept;
  cli_process& operator=(cli_process&&) = delete;
  cli_process(const cli_process&) = delete;
  ~cli_process();

  pid_t pid() const noexcept { return pid_; }
  // Reads its output until `needle` shows up on stdout or stderr; false on timeout or exit.
  bool wait_for_output(std::string_view needle, std::chrono::milliseconds timeout);
  // Types `text` on its terminal (only for a call with `terminal`); false when it cannot be written.
  bool send(std::string_view text);
  void kill9();
  // Reads everything it writes until it ends (SIGKILL after `timeout`), then reaps it.
  cli_result wait(std::chrono::milliseconds timeout = std::chrono::seconds(120));

 private:
  bool pump(int timeout_ms);  // one poll round; false once both pipes (or the terminal) are closed
  void start_on_terminal(std::vector<char*>& argv, std::vector<char*>& envp, const std::string& cwd);
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;  // with a terminal: out_fd_ is its master side, err_fd_ unused
  bool terminal_ = false;
  std::string out_, err_;
};

// Runs the CLI to completion.
cli_result run_cli(const cli_call& call);

// One exchange on a terminal: wait until `prompt` is printed, then type `answer`.
struct tty_answer {
  std::string prompt, answer;
};

// Runs the CLI on a pseudo-terminal (the call's `terminal` is implied), answering each prompt in
// turn. A prompt that never shows up (within 30 s) ends the run: it is killed, `timed_out` is set
// and the output so far is returned, so the caller's checks on it fail.
cli_result run_cli_on_tty(cli_call call, const std::vector<tty_answer>& answers);

// The binary under test.
const std::string& cli_path();

}  // namespace testudo::test
