// json.dumps as Python writes it, so MODELS_STATE bytes match Aerich's.
#include "testudo/compat/aerich.hpp"

namespace testudo::compat {
namespace {

void write(const snapshot_json& j, std::string& out) {
  if (j.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : j.items()) {
      if (!first) out += ", ";
      first = false;
      out += snapshot_json(key).dump(-1, ' ', true);
      out += ": ";
      write(item, out);
    }
    out += '}';
  } else if (j.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (i) out += ", ";
      write(j[i], out);
    }
    out += ']';
  } else {
    // Scalars: nlohmann's ASCII escaping and shortest float form are Python's too.
    out += j.dump(-1, ' ', true);
  }
}

}  // namespace

std::string python_json_dumps(const snapshot_json& doc) {
  std::string out;
  write(doc, out);
  return out;
}

}  // namespace testudo::compat
