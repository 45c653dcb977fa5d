#include "testudo/db/transaction.hpp"

#include "testudo/errors.hpp"

namespace testudo {

transaction::~transaction() {
  if (!conn_) return;
  try {
    conn_->rollback();
  } catch (...) {
    // Nothing to report from a destructor: the server ends the transaction with the link anyway.
  }
}

void transaction::commit() {
  if (!conn_) throw transaction_management_error("transaction already finished: commit() after commit/rollback");
  auto* conn = std::exchange(conn_, nullptr);
  conn->commit();
}

void transaction::rollback() {
  if (!conn_) throw transaction_management_error("transaction already finished: rollback() after commit/rollback");
  auto* conn = std::exchange(conn_, nullptr);
  conn->rollback();
}

}  // namespace testudo
