// main() of the suites run once per backend: --backend=sqlite|postgres|mysql picks the database.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>
#include <string_view>

#include "support/backend.hpp"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--backend=")) testudo::test::select_backend(arg.substr(10));
  }
  std::signal(SIGPIPE, SIG_IGN);  // a child process that exits before reading its stdin must not kill the suite
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  return context.run();
}
