#include "testudo/schema/ddl.hpp"

namespace testudo {

std::vector<std::string> create_schema(const snapshot_json& snapshot, const dialect& d, bool if_not_exists) {
  std::vector<std::string> out;
  for (const auto& table : tables_from_snapshot(snapshot))
    for (auto& statement : d.create_table(table, if_not_exists)) out.push_back(std::move(statement));
  return out;
}

std::string to_script(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) out += s + ";\n";
  return out;
}

}  // namespace testudo
