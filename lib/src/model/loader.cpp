#include "testudo/model/loader.hpp"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>

#include "testudo/errors.hpp"
#include "util/inputs.hpp"
#include "testudo/model/export.hpp"

namespace testudo {
namespace detail {

const char* export_models_json() noexcept {
  static std::string text;
  try {
    snapshot_json apps = snapshot_json::object();
    std::set<std::string> labels;
    auto models = registered_models();
    for (auto* m : models) labels.insert(m->app);
    for (const auto& label : labels) apps[label] = describe_models(models, label);
    text = snapshot_json{{"abi", TESTUDO_MODELS_ABI}, {"apps", std::move(apps)}}.dump();
  } catch (const std::exception& e) {
    text = snapshot_json{{"abi", TESTUDO_MODELS_ABI}, {"error", e.what()}}.dump();
  }
  return text.c_str();
}

}  // namespace detail

namespace {

[[noreturn]] void fail(std::string_view path, std::string_view what, std::string_view fix) {
  throw configuration_error(fmt::format("models '{}': {}. {}", path, what, fix));
}

std::string source_of(std::string_view path) { return fmt::format("models '{}'", path); }

snapshot_json parse(std::string_view path, const std::string& text) { return read_snapshot(text, source_of(path)); }

// Picks the app out of {"abi", "apps"} or out of a plain {"app.Model": ...} snapshot.
snapshot_json select_app(std::string_view path, snapshot_json doc, std::string_view app) {
  if (!doc.is_object()) fail(path, "the JSON is not an object", "Expected a describe snapshot.");
  if (doc.empty()) fail(path, "the file describes no models", "Expected a describe snapshot {\"app.Model\": {...}}.");
  if (doc.contains("error")) {
    auto& error = doc["error"];
    fail(path, fmt::format("the library could not describe its models: {}", error.is_string() ? error.get<std::string>() : error.dump()),
         "Fix the model declarations and rebuild.");
  }
  if (doc.contains("abi")) {
    if (doc["abi"] != TESTUDO_MODELS_ABI)
      fail(path, fmt::format("model ABI {} is not {}", doc["abi"].dump(), TESTUDO_MODELS_ABI),
           "Rebuild the models library against this testudo.");
    auto& apps = doc["apps"];
    if (!apps.is_object()) fail(path, "its \"apps\" is not an object", "Rebuild the models library.");
    if (!apps.contains(std::string(app))) {
      std::vector<std::string> known;
      for (auto& [name, _] : apps.items()) known.push_back(name);
      fail(path, fmt::format("no app '{}'", app), fmt::format("Apps it declares: {}.", fmt::join(known, ", ")));
    }
    return std::move(apps[std::string(app)]);
  }
  // The models of other apps are dropped in place: copying thousands of models one by one into
  // an ordered_json (which finds each key by linear search) took longer than parsing them.
  auto prefix = std::string(app) + ".";
  for (auto it = doc.begin(); it != doc.end();)
    it = std::string_view(it.key()).starts_with(prefix) ? std::next(it) : doc.erase(it);
  if (doc.empty()) fail(path, fmt::format("no model of app '{}'", app), "Pass --app with an app the file describes.");
  return doc;
}

// dlopen maps the file as its headers describe it: a library cut short (a build still being
// written, a partial copy) would map pages past the end of the file, and touching them is SIGBUS.
// So the headers are checked against the file's size first.
void check_elf(std::string_view path) {
  std::ifstream in{std::string(path), std::ios::binary};
  auto size = static_cast<std::uint64_t>(std::filesystem::file_size(std::string(path)));
  auto truncated = [&](std::string_view what) {
    fail(path, fmt::format("the shared library is truncated ({} bytes; {})", size, what),
         "Wait for the build to finish, or rebuild the models library.");
  };
  auto read_at = [&](std::uint64_t offset, void* out, std::size_t n) {
    in.seekg(static_cast<std::streamoff>(offset));
    return static_cast<bool>(in.read(static_cast<char*>(out), static_cast<std::streamsize>(n)));
  };
  ElfW(Ehdr) header{};
  if (size < sizeof header || !read_at(0, &header, sizeof header)) truncated("the ELF header is incomplete");
  if (header.e_ident[EI_CLASS] != (sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32) || header.e_phentsize != sizeof(ElfW(Phdr)))
    fail(path, "the shared library is not built for this machine (ELF class)", "Rebuild it here.");
  auto ends = [&](std::uint64_t offset, std::uint64_t count, std::uint64_t entry) {
    return offset <= size && count * entry <= size - offset;
  };
  if (!ends(header.e_phoff, header.e_phnum, header.e_phentsize)) truncated("the program headers are cut off");
  if (!ends(header.e_shoff, header.e_shnum, header.e_shentsize)) truncated("the section headers are cut off");
  for (std::uint64_t i = 0; i < header.e_phnum; ++i) {
    ElfW(Phdr) segment{};
    if (!read_at(header.e_phoff + i * sizeof segment, &segment, sizeof segment)) truncated("a program header is unreadable");
    if (segment.p_type == PT_LOAD && !ends(segment.p_offset, 1, segment.p_filesz)) truncated("a segment is cut off");
  }
}

snapshot_json load_library(std::string_view path) {
  check_elf(path);
  // RTLD_LOCAL: the library's own copy of testudo stays private to it.
  // An absolute path: a bare "libx.so" would make dlopen search the system's library folders.
  void* handle = dlopen(std::filesystem::absolute(std::string(path)).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) fail(path, fmt::format("cannot load the shared library ({})", dlerror()),
                    "Check that it is built for this machine and that its dependencies are found (ldd).");
  using entry = const char* (*)();
  auto fn = reinterpret_cast<entry>(dlsym(handle, "testudo_describe_models_v1"));
  if (!fn) {
    bool newer = dlsym(handle, "testudo_describe_models_v2") != nullptr;
    dlclose(handle);
    fail(path, newer ? "it was built with a newer testudo (entry point v2)" : "it exports no testudo_describe_models_v1",
         newer ? "Upgrade this testudo." : "Add TESTUDO_EXPORT_MODELS() to one source file of the library and rebuild.");
  }
  std::string text = fn();  // copied before dlclose: the buffer lives in the library
  dlclose(handle);
  return parse(path, text);
}

}  // namespace

namespace {

snapshot_json checked(std::string_view path, snapshot_json models) {
  check_snapshot(models, source_of(path));
  return models;
}

snapshot_json load_any(std::string_view path, std::string_view app) {
  if (auto problem = detail::not_a_file(std::string(path)); !problem.empty())
    fail(path, fmt::format("it {}", problem), "Point --models (or the config's models) at the models library or describe JSON file.");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::string(path), ec))
    fail(path, "no such file", "Build the models library first, or point --models (or the config's models) at it.");
  std::ifstream in{std::string(path), std::ios::binary};
  char magic[4] = {};
  in.read(magic, 4);
  if (std::string_view(magic, 4) == "\x7f" "ELF") return checked(path, select_app(path, load_library(path), app));
  auto name = std::filesystem::path(std::string(path)).filename().string();
  if (name.ends_with(".so") || name.find(".so.") != std::string::npos || name.ends_with(".dylib"))
    fail(path, "not a shared library (no ELF header)",
         "Point --models at the built models library, or at a describe JSON file.");
  in.clear();  // a file shorter than the magic number set failbit, which would read it as empty
  in.seekg(0);
  std::stringstream text;
  text << in.rdbuf();
  return checked(path, select_app(path, parse(path, text.str()), app));
}

}  // namespace

snapshot_json load_models(std::string_view path, std::string_view app) {
  // A describe taken the way Aerich takes it carries Aerich's own model, which no diff may see.
  return without_aerich_model(load_any(path, app));
}

}  // namespace testudo
