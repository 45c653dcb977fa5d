#include "testudo/migrate/runner.hpp"


#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <thread>

#include "testudo/db/script.hpp"
#include "testudo/db/transaction.hpp"
#include "testudo/errors.hpp"

namespace testudo {
namespace {

using clock = std::chrono::steady_clock;

std::chrono::milliseconds since(clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
}

double seconds(std::chrono::milliseconds d) { return static_cast<double>(d.count()) / 1000.0; }

bool is_failed(const version_row& r) { return r.status != migration_status::applied; }

// A process that dies while the server runs statement k leaves the row at k-1 done, and the
// server may still finish k: name it, so nobody re-runs it blindly. (A data statement ran in a
// batch whose transaction also held the journal: the row is exact for it.)
std::string in_flight(const version_row& r, std::string_view sql, backend kind) {
  bool interrupted = r.status == migration_status::running || r.status == migration_status::reverting;
  if (!interrupted) return {};
  statement_reader statements(sql, kind);
  auto statement = statements.next();
  for (auto k = r.statements_done; statement && k > 0; --k) statement = statements.next();
  if (!statement || is_data_statement(*statement)) return {};
  return fmt::format(" Statement {} of {} may have completed (the process stopped while it ran): check whether it "
                     "took effect before you finish or undo the rest: {}", r.statements_done + 1,
                     count_statements(sql, kind), *statement);
}

// `sql`: the SQL the row journals (up, or down while reverting), empty if its file is gone.
std::string recovery_hint(const version_row& r, std::string_view sql, backend kind) {
  return fmt::format(
      "Migration {} is recorded as {} after {} statement(s){}.{} The database was not rolled back (the migration ran "
      "without a transaction). Finish or undo those statements by hand, then run `testudo resolve {} --applied` or "
      "`testudo resolve {} --rolled-back`.",
      r.version, status_name(r.status), r.statements_done, r.error ? ": " + *r.error : std::string(),
      in_flight(r, sql, kind), r.version, r.version);
}

// Data statements journaled together in one transaction (see run_journaled).
constexpr std::size_t data_batch = 1000;

std::string lock_wait_failed(const std::string& app, std::chrono::milliseconds timeout) {
  return fmt::format("another process is migrating app '{}' (its lock was not released within {} ms): wait for it, "
                     "or raise --lock-timeout", app, timeout.count());
}

// Only called while this run holds the app lock: whoever writes is no testudo run.
std::string write_lock_wait_failed(const std::string& app, std::chrono::milliseconds timeout) {
  return fmt::format("another connection holds the database's write lock (not a testudo run: this one holds app '{}''s "
                     "migration lock) and did not release it within {} ms: finish or close that connection (an "
                     "application, an sqlite3 shell), or raise --lock-timeout", app, timeout.count());
}

// What gave up waiting for a table lock (`what`, and the statement when there is one to show) says.
std::string lock_wait_failed_for(std::string_view what, std::chrono::milliseconds timeout, std::string_view error,
                                 std::string_view statement = {}) {
  return fmt::format("{} waited more than {} s for a lock another session holds (--lock-timeout): {}\n{}Find the "
                     "transaction or client holding the table (a long query, an idle open transaction) and let it "
                     "finish, then run again", what, seconds(timeout), error,
                     statement.empty() ? std::string() : fmt::format("  statement: {}\n", statement));
}

// The bound on lock waits, in the transaction just opened, where the connection cannot keep it for
// the session (behind a transaction pooler; see run_session).
void bound_lock_waits(connection& conn, const dialect& d, std::chrono::milliseconds timeout) {
  if (conn.keeps_session()) return;
  for (const auto& s : d.lock_wait_limit(timeout.count(), true)) conn.execute(s);
}

// Opens the transaction of one migration with the database's write lock (SQLite: BEGIN IMMEDIATE,
// which stands in for the app lock SQLite lacks). Each try waits the connection's busy_timeout;
// keep trying until the run's lock timeout, then say why rather than "database is locked".
void begin_locked(std::optional<transaction>& tx, connection& conn, const dialect& d, const std::string& app,
                  std::chrono::milliseconds timeout) {
  auto start = clock::now();
  for (;;) {
    try {
      tx.emplace(conn, true);
      break;
    } catch (const lock_error& e) {
      if (since(start) >= timeout) throw operational_error(write_lock_wait_failed(app, timeout), e.details());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  bound_lock_waits(conn, d, timeout);
}

}  // namespace

// The statements of one migration's SQL, read one at a time: a file of a million INSERTs needs no
// list of them. Their number is counted only when a message needs it.
class migrator::statement_stream {
 public:
  statement_stream(std::string_view sql, backend kind) : sql_(sql), kind_(kind), reader_(sql, kind) {}

  // The next statement; index() is its position from then on.
  std::optional<std::string_view> next() {
    auto statement = reader_.next();
    if (statement) index_ = read_++;
    return statement;
  }
  std::size_t index() const noexcept { return index_; }

  std::size_t count() {
    if (!count_) count_ = count_statements(sql_, kind_);
    return *count_;
  }

 private:
  std::string_view sql_;
  backend kind_;
  statement_reader reader_;
  std::size_t read_ = 0, index_ = 0;
  std::optional<std::size_t> count_;
};

// Holds the connection's named lock for the app while a run lasts (see connection::try_lock).
class migrator::app_lock {
 public:
  app_lock(connection& conn, const std::string& app, std::chrono::milliseconds timeout)
      : conn_(conn), name_("testudo:" + app) {
    auto start = clock::now();
    while (!conn_.try_lock(name_)) {
      if (since(start) >= timeout) throw operational_error(lock_wait_failed(app, timeout));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~app_lock() { conn_.unlock(name_); }
  // Refuses to go on once the lock is no longer ours: another run may be migrating by now.
  void check(const std::string& app) const {
    if (!conn_.lock_held(name_))
      throw operational_error(fmt::format("lost app '{}''s migration lock (its lease could not be renewed or the "
                                          "connection holding it ended): stopped before the next migration so "
                                          "that two runs never migrate at once. Run the command again", app));
  }
  app_lock(const app_lock&) = delete;
  app_lock& operator=(const app_lock&) = delete;

 private:
  connection& conn_;
  std::string name_;
};

// The session settings of a run (the dialect's own, and a bound on waiting for other sessions'
// locks), undone when it ends however it ends. Behind a transaction pooler the bound goes into each
// migration's transaction instead (bound_lock_waits): a session setting would stay on a server
// connection the pooler lends to other clients, and miss the transactions it lends to us.
class migrator::run_session {
 public:
  run_session(connection& conn, const dialect& d, std::chrono::milliseconds lock_timeout)
      : conn_(conn), d_(d), per_session_(conn.keeps_session()) {
    for (const auto& s : d_.before_migrations()) conn_.execute(s);
    if (per_session_)
      for (const auto& s : d_.lock_wait_limit(lock_timeout.count(), false)) conn_.execute(s);
  }
  ~run_session() {
    try {
      for (const auto& s : d_.after_migrations()) conn_.execute(s);
      if (per_session_)
        for (const auto& s : d_.lock_wait_reset()) conn_.execute(s);
    } catch (const std::exception&) {  // the session is going away with the error that ended the run
    }
  }
  run_session(const run_session&) = delete;
  run_session& operator=(const run_session&) = delete;

 private:
  connection& conn_;
  const dialect& d_;
  bool per_session_;
};

migrator::migrator(connection& conn, std::string app, std::string dir)
    : conn_(conn), d_(dialect_for(conn.kind())), app_(std::move(app)), dir_(std::move(dir)),
      files_(list_migrations(dir_)), table_(conn, d_) {
  check_files();
}

void migrator::check_files() const {
  std::map<std::int64_t, const listed_migration*> by_number;
  std::map<std::string, const listed_migration*> by_parent;
  for (const auto& m : files_) {
    auto [it, fresh] = by_number.emplace(m.number, &m);
    if (!fresh)
      throw configuration_error(fmt::format(
          "{}: two migration files have number {}: {} and {} (parallel branches?). Keep one as {}, renumber the "
          "other to {} and set its parent line to the first, then check its SQL still applies",
          dir_, m.number, it->second->file_name(), m.file_name(), m.number, files_.back().number + 1));
    if (!m.parent) continue;
    auto [p, first] = by_parent.emplace(*m.parent, &m);
    if (!first)
      throw configuration_error(fmt::format(
          "{}: {} and {} were both made on top of {} (a fork). Renumber the later one after the other and set its "
          "parent line to it, then regenerate it with `testudo migrate` if the models changed in both",
          dir_, p->second->file_name(), m.file_name(), *m.parent));
  }
}

std::vector<version_row> migrator::rows(bool snapshots) {
  if (!table_.exists()) return {};
  // A command checks the snapshots once (downgrade reads the rows for its preview, then to run).
  auto out = table_.rows(app_, snapshots && !snapshots_checked_);
  snapshots_checked_ = snapshots_checked_ || snapshots;
  return out;
}

std::vector<migration_entry> migrator::history() {
  auto applied = rows(false);
  std::vector<migration_entry> out;
  for (const auto& f : files_) {
    migration_entry e{f.file_name(), &f, std::nullopt, false};
    auto row = std::find_if(applied.begin(), applied.end(), [&](const version_row& r) { return r.version == e.version; });
    if (row != applied.end()) {
      e.row = *row;
      e.edited = row->checksum && *row->checksum != f.checksum;
    }
    out.push_back(std::move(e));
  }
  for (const auto& r : applied)
    if (std::none_of(out.begin(), out.end(), [&](const migration_entry& e) { return e.version == r.version; }))
      out.push_back({r.version, nullptr, r, false});
  return out;
}

std::vector<const listed_migration*> migrator::pending() { return pending(rows(false)); }

std::vector<const listed_migration*> migrator::pending(const std::vector<version_row>& applied) const {
  std::vector<const listed_migration*> out;
  for (const auto& f : files_)
    if (std::none_of(applied.begin(), applied.end(), [&](const version_row& r) { return r.version == f.file_name(); }))
      out.push_back(&f);
  return out;
}

snapshot_json migrator::applied_state() {
  auto applied = rows(false);
  if (applied.empty()) return snapshot_json::object();
  return without_aerich_model(table_.snapshot(applied.back()));
}

void migrator::check_runnable(const std::vector<version_row>& applied, bool force) const {
  for (const auto& r : applied)
    if (is_failed(r)) throw operational_error(recovery_hint(r, journaled_sql(r), conn_.kind()));
  if (force) return;
  for (const auto& r : applied) {
    const auto* file = find_file(r.version);
    if (file && r.checksum && *r.checksum != file->checksum)
      throw operational_error(fmt::format(
          "{}/{} was edited after it was applied (checksum {} in the database, {} now). Restore the file, or run "
          "with --force if the change is intended and already reflected in the database",
          dir_, r.version, *r.checksum, file->checksum));
  }
}

std::vector<snapshot_json> migrator::states(const std::vector<const listed_migration*>& files,
                                            const run_options& options) const {
  std::vector<snapshot_json> out;
  for (const auto* m : files) {
    if (m->has_state) {
      out.push_back(std::move(*load_migration(*m, {.state = true}).state));
      continue;
    }
    // An empty snapshot recorded for such a file would make the next `migrate` re-create every table.
    // (A native file without a state section is hand-written: it records no model change.)
    if (m->format && m->format != &native_format() && !options.models_now)
      throw configuration_error(fmt::format("{}/{} carries no models snapshot (an Aerich 0.7 file): pass --models so "
                                            "that the current models are recorded as its snapshot, as Aerich does",
                                            dir_, m->file_name()));
    out.push_back(options.models_now.value_or(snapshot_json::object()));
  }
  return out;
}

void migrator::check_parents(const std::vector<const listed_migration*>& pending,
                             const std::vector<version_row>& applied) const {
  auto known = [&](const std::string& version) {
    return find_file(version) ||
           std::any_of(applied.begin(), applied.end(), [&](const version_row& r) { return r.version == version; });
  };
  for (const auto* m : pending)
    if (m->parent && !known(*m->parent))
      throw configuration_error(fmt::format(
          "{}/{}: its parent {} is missing from {} and is not applied, so upgrading would skip it. Restore it (e.g. "
          "`git checkout -- {}/{}`), or, if it was dropped on purpose, set the parent line of {} to the migration "
          "before it", dir_, m->file_name(), *m->parent, dir_, dir_, *m->parent, m->file_name()));
}

const listed_migration* migrator::find_file(std::string_view version) const {
  auto file = std::find_if(files_.begin(), files_.end(), [&](const listed_migration& m) { return m.file_name() == version; });
  return file == files_.end() ? nullptr : &*file;
}

const listed_migration& migrator::file_of(const version_row& r) const {
  const auto* file = find_file(r.version);
  if (!file)
    throw configuration_error(fmt::format("cannot revert {}: its file is missing from {}. Restore it (e.g. `git "
                                          "checkout -- {}/{}`), then run the command again", r.version, dir_, dir_,
                                          r.version));
  return *file;
}

version_row migrator::row_for(const listed_migration& m, snapshot_json state) const {
  version_row row;
  row.version = m.file_name();
  row.app = app_;
  row.content = std::move(state);
  row.content.update(version_table::aerich_model(app_));  // Aerich expects its own model last
  row.checksum = m.checksum;
  return row;
}

bool migrator::applied_now(const std::string& version) { return table_.has_row(app_, version); }

std::string migrator::journaled_sql(const version_row& r) const {
  const auto* file = find_file(r.version);
  if (!file) return {};
  bool down = r.status == migration_status::reverting || r.status == migration_status::revert_failed;
  auto m = load_migration(*file, {.up = !down, .down = down});
  return down ? std::move(m.down_sql) : std::move(m.up_sql);
}

void migrator::run_statement(statement_stream& statements, std::string_view statement, const std::string& version,
                             const run_options& options) {
  auto start = clock::now();
  auto i = statements.index();
  try {
    conn_.execute(statement);
  } catch (const lock_error& e) {
    auto details = e.details();
    details.statement_index = i;
    throw lock_error(lock_wait_failed_for(fmt::format("{}: statement {} of {}", version, i + 1, statements.count()),
                                          options.lock_timeout, e.what(), statement),
                     details);
  } catch (const operational_error& e) {
    auto details = e.details();
    details.statement_index = i;
    throw operational_error(fmt::format("{}: statement {} of {} failed: {}\n  statement: {}", version, i + 1,
                                        statements.count(), e.what(), statement),
                            details);
  }
  if (options.progress)
    options.progress({progress_event::kind::statement, version, i + 1, statements.count(), std::string(statement),
                      since(start)});
}

// DDL (which MySQL commits at once) is journaled before each statement, so a kill during one
// leaves the row naming it. Consecutive data statements run in batches, each in a transaction
// that also moves the journal on: a batch takes effect with its journal entry or not at all, and
// a file of a million INSERTs writes the journal a thousand times, not a million.
void migrator::run_journaled(statement_stream& statements, std::string_view sql, const version_row& row, bool down,
                             const run_options& options) {
  auto running = down ? migration_status::reverting : migration_status::running;
  auto journal = [&](std::size_t done) {
    table_.update_progress(row.id, running, static_cast<std::int64_t>(done), std::nullopt);
  };
  std::size_t done = 0;  // statements known to have taken effect
  // What the row says: a new row is "running, 0 done"; a row being reverted still says applied.
  std::optional<std::size_t> journaled = down ? std::nullopt : std::optional<std::size_t>(0);
  try {
    for (auto statement = statements.next(); statement;) {
      if (journaled != done) journal(done);
      journaled = done;
      if (!is_data_statement(*statement)) {
        run_statement(statements, *statement, row.version, options);
        ++done;
        statement = statements.next();
        continue;
      }
      transaction tx(conn_);
      bound_lock_waits(conn_, d_, options.lock_timeout);
      auto i = done;
      for (; statement && i - done < data_batch && is_data_statement(*statement); ++i, statement = statements.next())
        run_statement(statements, *statement, row.version, options);
      journal(i);
      tx.commit();
      done = i;
      journaled = i;
    }
  } catch (const operational_error& e) {
    if (done == 0 && dynamic_cast<const lock_error*>(&e)) {  // it never got the lock: nothing ran
      if (down) table_.update_progress(row.id, row.status, row.statements_done, row.error);
      else table_.remove(row.id);
      throw;
    }
    table_.update_progress(row.id, down ? migration_status::revert_failed : migration_status::failed,
                           static_cast<std::int64_t>(done), std::string(e.what()));
    throw operational_error(fmt::format("{}\n{}", e.what(), recovery_hint(table_.rows(app_, false).back(), sql, conn_.kind())),
                            e.details());
  }
}

void migrator::check_foreign_keys(const std::string& version) {
  auto sql = d_.foreign_key_check();
  if (sql.empty()) return;
  auto rows = conn_.query(sql);
  if (rows->next())
    throw operational_error(fmt::format("{}: foreign key check failed: table {} has rows whose {} points at no row; "
                                        "the migration was rolled back", version, rows->get_text(0), rows->get_text(2)));
}

// The SQL of one direction of a listed file; none for a --fake run.
std::string migrator::sql_to_run(const listed_migration& m, bool down, const run_options& options) const {
  if (options.fake) return {};
  auto file = load_migration(m, {.up = !down, .down = down});
  return down ? std::move(file.down_sql) : std::move(file.up_sql);
}

bool migrator::apply(const listed_migration& m, snapshot_json state, const run_options& options) {
  auto start = clock::now();
  auto version = m.file_name();
  auto sql = sql_to_run(m, false, options);
  statement_stream statements(sql, conn_.kind());
  if (options.progress) options.progress({progress_event::kind::start, version, 0, statements.count(), {}, {}});
  auto row = row_for(m, std::move(state));
  bool in_tx = options.in_transaction.value_or(m.run_in_transaction) && d_.transactional_ddl();
  if (in_tx) {
    // Statements and version row commit together, or not at all.
    std::optional<transaction> tx;
    begin_locked(tx, conn_, d_, app_, options.lock_timeout);  // SQLite: queue behind other writers instead of failing
    if (applied_now(version)) {  // another process got here first
      if (options.progress) options.progress({progress_event::kind::skipped, version, 0, 0, {}, {}});
      return false;
    }
    while (auto statement = statements.next()) run_statement(statements, *statement, version, options);
    check_foreign_keys(version);
    row.duration_ms = since(start).count();
    auto id = table_.insert(row);
    table_.finish(id, since(start).count());
    tx->commit();
  } else {
    // No transaction can cover DDL here: journal the progress so a failure says how far it got.
    row.status = migration_status::running;
    row.id = table_.insert(row);
    run_journaled(statements, sql, row, false, options);
    table_.finish(row.id, since(start).count());
  }
  if (options.progress) options.progress({progress_event::kind::done, version, 0, statements.count(), {}, since(start)});
  return true;
}

bool migrator::revert(const listed_migration& m, const version_row& row, const run_options& options) {
  auto start = clock::now();
  auto sql = sql_to_run(m, true, options);
  statement_stream statements(sql, conn_.kind());
  if (options.progress) options.progress({progress_event::kind::start, row.version, 0, statements.count(), {}, {}});
  bool in_tx = options.in_transaction.value_or(m.run_in_transaction) && d_.transactional_ddl();
  if (in_tx) {
    std::optional<transaction> tx;
    begin_locked(tx, conn_, d_, app_, options.lock_timeout);
    if (!applied_now(row.version)) return false;  // another process reverted it meanwhile
    while (auto statement = statements.next()) run_statement(statements, *statement, row.version, options);
    check_foreign_keys(row.version);
    table_.remove(row.id);
    tx->commit();
  } else {
    run_journaled(statements, sql, row, true, options);
    table_.remove(row.id);
  }
  if (options.progress) options.progress({progress_event::kind::done, row.version, 0, statements.count(), {}, since(start)});
  return true;
}

// Creating the version table, or adding testudo's columns to Aerich's: that ALTER waits for every
// open transaction that read the table, so it runs under the run's bound on lock waits (the caller
// holds a run_session; behind a transaction pooler the bound needs a transaction of its own).
void migrator::ensure_table(std::chrono::milliseconds lock_timeout) {
  try {
    if (conn_.keeps_session()) return table_.ensure();
    transaction tx(conn_);
    bound_lock_waits(conn_, d_, lock_timeout);
    table_.ensure();
    tx.commit();
  } catch (const lock_error& e) {
    throw lock_error(
        lock_wait_failed_for(fmt::format("adding testudo's columns to the version table {}", version_table_name),
                             lock_timeout, e.what()),
        e.details());
  }
}

std::vector<std::string> migrator::upgrade(const run_options& options, std::optional<std::int64_t> to) {
  // The lock comes first: processes racing on an empty database must not all create the table.
  app_lock lock(conn_, app_, options.lock_timeout);
  run_session session(conn_, d_, options.lock_timeout);  // lock waits are bounded from here on
  // Refusals come before anything is created or altered (ensure() adds testudo's columns to Aerich's
  // table). Every row's snapshot is checked, though none is used: a corrupt row stops the run.
  auto applied = rows(true);
  check_runnable(applied, options.force);
  auto todo = pending(applied);
  check_parents(todo, applied);
  auto snapshots = states(todo, options);
  ensure_table(options.lock_timeout);
  std::vector<std::string> done;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    if (to && todo[i]->number > *to) break;
    lock.check(app_);
    if (apply(*todo[i], std::move(snapshots[i]), options))  // not what another process applied meanwhile
      done.push_back(todo[i]->file_name());
  }
  return done;
}

std::vector<std::string> migrator::downgrade(const run_options& options, std::optional<std::int64_t> from) {
  if (!table_.exists()) return {};
  app_lock lock(conn_, app_, options.lock_timeout);
  run_session session(conn_, d_, options.lock_timeout);
  ensure_table(options.lock_timeout);  // reverting journals its progress in testudo's columns
  std::vector<std::string> done;
  auto applied = rows(true);  // as upgrade: a corrupt row stops the run
  check_runnable(applied, options.force);
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    if (from ? parse_file_name(it->version)->number < *from : !done.empty()) break;  // rows() checked the name
    lock.check(app_);
    if (revert(file_of(*it), *it, options)) done.push_back(it->version);
  }
  return done;
}

std::vector<std::pair<std::string, std::vector<std::string>>> migrator::preview_upgrade(std::optional<std::int64_t> to) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  auto applied = rows(false);
  auto todo = pending(applied);
  check_parents(todo, applied);
  for (const auto* m : todo) {
    if (to && m->number > *to) break;
    out.emplace_back(m->file_name(), split_sql(load_migration(*m, {.up = true}).up_sql, conn_.kind()));
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> migrator::preview_downgrade(std::optional<std::int64_t> from) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  auto applied = rows(true);  // `downgrade` refuses a corrupt row before it asks anything
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    if (from ? parse_file_name(it->version)->number < *from : !out.empty()) break;  // rows() checked the name
    out.emplace_back(it->version, split_sql(load_migration(file_of(*it), {.down = true}).down_sql, conn_.kind()));
  }
  return out;
}

void migrator::resolve(std::string_view version, bool applied, std::chrono::milliseconds lock_timeout) {
  if (!table_.exists()) throw configuration_error(fmt::format("no version table yet, so nothing to resolve for '{}'", version));
  run_session session(conn_, d_, lock_timeout);
  ensure_table(lock_timeout);
  for (const auto& r : table_.rows(app_)) {
    if (r.version != version) continue;
    // Forgetting a healthy row would make upgrade run its SQL a second time.
    if (!applied && !is_failed(r))
      throw configuration_error(fmt::format("{} is fully applied, not failed half way: refusing to forget it. To undo it, "
                                            "run `testudo downgrade`", version));
    if (applied) table_.finish(r.id, r.duration_ms.value_or(0));
    else table_.remove(r.id);
    return;
  }
  throw configuration_error(fmt::format("no version table row for '{}' in app '{}'", version, app_));
}

}  // namespace testudo
