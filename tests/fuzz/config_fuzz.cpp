// Config files: testudo.toml, or pyproject.toml with [tool.testudo] / [tool.aerich] (the first
// byte of the input picks the file name, the rest is its content).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz.hpp"
#include "testudo/migrate/config.hpp"

namespace {

const std::filesystem::path& work_dir() {
  static const auto dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("testudo-fuzz-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto file = work_dir() / (data[0] % 2 ? "pyproject.toml" : "testudo.toml");
  std::ofstream(file, std::ios::binary | std::ios::trunc) << testudo::fuzz::text_of(data + 1, size - 1);
  testudo::fuzz::expect_clear_error([&] {
    auto config = testudo::load_config(file.string());
    for (const auto& entry : config.apps) {
      (void)config.app(entry.first);
      testudo::fuzz::expect_clear_error([&] { (void)config.url_for(entry.second); });
    }
    (void)config.app("");
  });
  std::filesystem::remove(file);
  return 0;
}
