// The unit tests: no database server needed. Aerich's file format is enabled as the CLI does.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "testudo/compat/aerich.hpp"

int main(int argc, char** argv) {
  testudo::compat::enable_aerich_format();
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  return context.run();
}
