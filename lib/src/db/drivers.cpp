#include "db/drivers.hpp"

#include <fmt/format.h>

#include "testudo/errors.hpp"

namespace testudo::detail {

std::string first_line(std::string_view message) {
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  "})
    if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
  auto line = message.substr(0, message.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '.'))
    line.remove_suffix(1);
  return std::string(line);
}

void throw_connect_error(const db_url& url, std::string_view why, std::string_view hint) {
  std::string where = url.kind == backend::sqlite
                          ? fmt::format("'{}'", url.database)
                          : fmt::format("{}:{} (database '{}', user '{}')", url.host, url.port,
                                        url.database, url.user);
  throw db_connection_error(fmt::format("cannot connect to {} at {}: {}. {}", backend_name(url.kind),
                                        where, first_line(why), hint));
}

}  // namespace testudo::detail
