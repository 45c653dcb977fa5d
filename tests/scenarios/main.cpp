// Runs the migration scenarios against the backend named by --backend=sqlite|postgres|mysql.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <string_view>

#include "support/backend.hpp"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--backend=")) testudo::test::select_backend(arg.substr(10));
  }
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  return context.run();
}
