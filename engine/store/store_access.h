// SPDX-License-Identifier: MIT
// Sessions on a Store's connections: the engine's only way to reach SQLite.
#ifndef LOGSET_ENGINE_STORE_STORE_ACCESS_H_
#define LOGSET_ENGINE_STORE_STORE_ACCESS_H_

#include <SQLiteCpp/Database.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "logset/store.h"
#include "store/statement_cache.h"

namespace logset::internal {

class CountCache;
class StatementCache;
struct PooledReader;

/// The one writer connection, held exclusively inside a BEGIN IMMEDIATE transaction. Everything
/// done through db() commits together on Commit(); if the session is destroyed first (an exception
/// unwound past it) it rolls back, so a failed request changes nothing. Movable, not copyable.
/// Not reentrant: a thread holding a WriteSession must not open another session.
class WriteSession {
 public:
  WriteSession(WriteSession&& other) noexcept;
  WriteSession& operator=(WriteSession&&) = delete;
  WriteSession(const WriteSession&) = delete;
  ~WriteSession();

  SQLite::Database& db() { return *db_; }
  /// Commits. Throws StorageError if SQLite refuses; the session is then rolled back.
  void Commit();

 private:
  friend class StoreAccess;
  WriteSession(Store::Impl* store, std::unique_lock<std::mutex> lock, SQLite::Database& db);
  Store::Impl* store_;
  std::unique_lock<std::mutex> lock_;
  SQLite::Database* db_;
  bool open_ = true;
};

/// A reader connection taken from the store's pool, inside one read transaction so that a count
/// and a page read through it see the same snapshot. Returned to the pool on destruction.
class ReadSession {
 public:
  ReadSession(ReadSession&& other) noexcept;
  ReadSession& operator=(ReadSession&&) = delete;
  ReadSession(const ReadSession&) = delete;
  ~ReadSession();

  SQLite::Database& db() { return *db_; }

  /// The exact count `key` names (the counting query's SQL and bound values, serialised so that
  /// different queries never share a key) as of this session's snapshot: remembered from an
  /// earlier session on the same connection if the database has not changed since, otherwise
  /// `count()`, remembered. Throws what `count` throws, and StorageError if SQLite fails.
  int64_t CachedCount(const std::string& key, const std::function<int64_t()>& count);

  /// `sql` prepared on this session's connection, kept there between sessions (see
  /// StatementCache). The loan must end before the session does. Throws the translated SQLite
  /// error (see TranslateCurrentException) if it cannot be prepared.
  CachedStatement Prepare(const std::string& sql);

 private:
  friend class StoreAccess;
  ReadSession(Store::Impl* store, std::unique_ptr<PooledReader> pooled,
              std::unique_lock<std::mutex> memory_lock, SQLite::Database& db, CountCache& counts,
              StatementCache& statements);
  Store::Impl* store_;
  std::unique_ptr<PooledReader> pooled_;      // null for an in-memory store
  std::unique_lock<std::mutex> memory_lock_;  // held only for an in-memory store
  SQLite::Database* db_;
  CountCache* counts_;
  StatementCache* statements_;
};

/// The engine's access to a Store's internals.
class StoreAccess {
 public:
  static WriteSession Write(Store& store);
  static ReadSession Read(Store& store);
  /// Whether another thread of this process is waiting to open a WriteSession on `store`: a
  /// long write checks it between statements and commits early to let that thread in.
  static bool WritersWaiting(Store& store);
  /// The organisation id and UUID of the store's default organisation (id 1, name "default").
  static int64_t DefaultOrgId() { return 1; }
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_STORE_ACCESS_H_
