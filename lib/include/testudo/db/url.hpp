// Database URLs in Tortoise's db_url forms: parsing, validation and a password-free rendering.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace testudo {

enum class backend { sqlite, postgres, mysql };

// "sqlite", "postgres" or "mysql".
std::string_view backend_name(backend b) noexcept;

struct db_url {
  backend kind = backend::sqlite;
  std::string user;
  std::string password;
  std::string host;
  std::uint16_t port = 0;       // 0 for SQLite
  std::string database;         // SQLite: the file path or ":memory:"
  std::map<std::string, std::string, std::less<>> options;  // validated query options, decoded

  std::size_t min_size = 1;     // pool bounds: ?minsize= / ?maxsize=
  std::size_t max_size = 5;
  std::optional<std::chrono::seconds> connect_timeout;
  bool create_missing = true;   // SQLite: create the file when absent (read-only commands must not)

  bool is_memory() const noexcept { return kind == backend::sqlite && database == ":memory:"; }
  // An option's value, or `fallback` when the URL does not set it.
  std::string option(std::string_view name, std::string_view fallback = {}) const;
  // The URL as the user wrote it, with the password replaced by "***": safe for logs and errors.
  std::string redacted() const;
};

// Parses `url`; throws configuration_error naming the malformed part and how to fix it.
db_url parse_db_url(std::string_view url);

}  // namespace testudo
