// The one exception hierarchy of testudo, mirroring Tortoise's exceptions module.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace testudo {

// Root of every error testudo raises (Tortoise: BaseORMException).
class base_orm_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class field_error : public base_orm_error { using base_orm_error::base_orm_error; };
class params_error : public base_orm_error { using base_orm_error::base_orm_error; };
class configuration_error : public base_orm_error { using base_orm_error::base_orm_error; };
class transaction_management_error : public base_orm_error { using base_orm_error::base_orm_error; };
class unsupported_error : public base_orm_error { using base_orm_error::base_orm_error; };
// A value breaks a field's rule on save: field() names the field ("Product.stock"), rule() the
// rule ("min_value", "max_length", "regex", "enum", "null").
class validation_error : public base_orm_error {
 public:
  explicit validation_error(const std::string& message, std::string field = {}, std::string rule = {})
      : base_orm_error(message), field_(std::move(field)), rule_(std::move(rule)) {}
  const std::string& field() const noexcept { return field_; }
  const std::string& rule() const noexcept { return rule_; }

 private:
  std::string field_, rule_;
};
class incomplete_instance_error : public base_orm_error { using base_orm_error::base_orm_error; };
class no_values_fetched : public base_orm_error { using base_orm_error::base_orm_error; };

// get() found no row or more than one.
class not_exist_or_multiple : public base_orm_error { using base_orm_error::base_orm_error; };
class does_not_exist : public not_exist_or_multiple { using not_exist_or_multiple::not_exist_or_multiple; };
class multiple_objects_returned : public not_exist_or_multiple {
  using not_exist_or_multiple::not_exist_or_multiple;
};

// The database could not be reached, or refused the credentials.
class db_connection_error : public base_orm_error { using base_orm_error::base_orm_error; };

// Where an operational error came from: the database's own codes, and the statement.
struct error_details {
  std::string sqlstate;            // five characters where the driver reports one, else empty
  int native_code = 0;             // sqlite3 extended code, MySQL error number, 0 for PostgreSQL
  std::string statement;           // the SQL that failed, without parameter values
  std::optional<std::size_t> statement_index;  // position inside a script, counted from 0
};

// A statement failed on the database side (Tortoise: OperationalError).
class operational_error : public base_orm_error {
 public:
  operational_error(const std::string& message, error_details details = {})
      : base_orm_error(message), details_(std::move(details)) {}
  const std::string& sqlstate() const noexcept { return details_.sqlstate; }
  int native_code() const noexcept { return details_.native_code; }
  const std::string& statement() const noexcept { return details_.statement; }
  std::optional<std::size_t> statement_index() const noexcept { return details_.statement_index; }
  const error_details& details() const noexcept { return details_; }

 private:
  error_details details_;
};

// Another session holds the lock a statement needs (SQLite busy, PostgreSQL 55P03, MySQL lock
// wait timeout): trying again later may succeed.
class lock_error : public operational_error {
 public:
  using operational_error::operational_error;
};

// The database aborted the whole transaction to resolve a conflict with another one: a deadlock
// (PostgreSQL 40P01, MySQL 1213), a serialization failure (40001, SQLite's busy snapshot), or on
// Galera a certification failure (reported as 1213, often at COMMIT). Nothing of the transaction
// took effect; running it again from the start may succeed (atomic_retrying).
class transaction_conflict : public operational_error {
 public:
  using operational_error::operational_error;
};

// A constraint was violated; constraint() names it (index/constraint name) where it can be known.
class integrity_error : public operational_error {
 public:
  integrity_error(const std::string& message, std::string constraint, error_details details = {})
      : operational_error(message, std::move(details)), constraint_(std::move(constraint)) {}
  const std::string& constraint() const noexcept { return constraint_; }

 private:
  std::string constraint_;
};

}  // namespace testudo
