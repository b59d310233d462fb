// SPDX-License-Identifier: MIT
// Store: one SQLite file holding request logs, datasets and evaluations.
#ifndef LOGSET_STORE_H_
#define LOGSET_STORE_H_

#include <functional>
#include <memory>
#include <string>

namespace logset {

namespace internal {
class StoreAccess;
}

/// How a store is opened.
struct StoreOptions {
  /// Path of the SQLite file, created if missing. ":memory:" gives a private in-memory store
  /// (one connection, so reads and writes are serialised).
  std::string path = "logset.db";
  /// How long a connection waits for another process's lock before failing. Default 5 s.
  int busy_timeout_ms = 5000;
  /// The most time the queries of one Api::Handle call may take; past it the call answers 400
  /// `... ran past their limit of N ms` and its writes are rolled back, so one expensive filter
  /// (a regex over millions of logs) cannot hold a worker indefinitely. 0 or less: no limit.
  /// Calls made through the library's own functions (not Api::Handle) are never bounded.
  /// Default 60 s.
  int query_timeout_ms = 60000;
  /// Where dataset exports are written. Default: "exports" next to the store file.
  std::string exports_dir;
  /// Told, one line each, about slow work done while opening: each schema migration applied to
  /// a file that already holds a schema (rebuilding indexes of a large file takes seconds).
  /// Called on the opening thread. Default: nobody is told.
  std::function<void(const std::string&)> on_progress;
  /// Told, one line each, about failures the library handled itself but an operator should
  /// see: an API call answered 500, with its method, path and the internal reason (clients get
  /// only "Internal server error."). The library never writes to stderr itself. Called on the
  /// thread that met the failure, so possibly from many threads at once; it must not throw.
  /// Default: nobody is told.
  std::function<void(const std::string&)> logger;
};

/// An open store. Opening creates the file if needed and applies the embedded schema migrations
/// in one transaction each; the store then holds one writer connection and a pool of reader
/// connections (WAL mode, so readers never block the writer).
///
/// Thread safety: a Store may be used from many threads at once. Writes are serialised on the one
/// writer connection; each concurrent reader gets its own connection. Other processes may open the
/// same file: they wait on the busy timeout rather than failing.
/// RAII: destroying the Store closes every connection; it must outlive every Api using it.
class Store {
 public:
  /// Opens or creates the store. Throws StorageError if the file cannot be opened, is not a
  /// logset store, or was written by a newer logset (schema version above this build's).
  /// The first Open in a process turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS),
  /// whose global mutex serialised concurrent readers, provided SQLite has not been used yet.
  static std::unique_ptr<Store> Open(const StoreOptions& options);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const StoreOptions& options() const;
  /// The schema version this file is at (PRAGMA user_version) after opening.
  int schema_version() const;
  /// The newest schema version this build knows.
  static int LatestSchemaVersion();

  struct Impl;  // engine-private; public only so engine sessions can name it

 private:
  friend class internal::StoreAccess;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace logset

#endif  // LOGSET_STORE_H_
