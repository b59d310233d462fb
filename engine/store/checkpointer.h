// SPDX-License-Identifier: MIT
// Copying the WAL back into the database file on a thread of its own, off the commit path.
#ifndef LOGSET_ENGINE_STORE_CHECKPOINTER_H_
#define LOGSET_ENGINE_STORE_CHECKPOINTER_H_

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace logset::internal {

/// Checkpoints a store's WAL on its own connection and thread. SQLite's automatic checkpoint
/// runs inside the commit that crosses its threshold, so one bulk request in every few dozen
/// waited for up to 256 MB of pages to be copied (p99 548 ms at 1M logs). Here the commit only
/// signals, and a PASSIVE checkpoint, which never blocks the writer or readers, copies the
/// pages while the writer goes on.
///
/// If the WAL still grows to kFallbackFactor times the threshold (the thread is behind, or a
/// long read keeps frames from being copied), each commit checkpoints itself as SQLite would:
/// a writer that outruns the thread is held to the rate of the copying, as before. (Only the
/// end of a long read lets the WAL restart, with either kind of checkpoint.)
class Checkpointer {
 public:
  static constexpr int kFallbackFactor = 4;

  /// Opens a connection to `path` and starts the thread; installs the commit hook on `writer`,
  /// which must outlive this object. `threshold_pages`: the WAL size, in pages, that asks for a
  /// checkpoint. Throws SQLite::Exception if the connection cannot be opened.
  Checkpointer(const std::string& path, sqlite3* writer, int threshold_pages);
  /// Removes the hook from the writer, then stops and joins the thread.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  /// Blocks until no checkpoint is asked for or running (tests use it to observe the result).
  void WaitIdle();
  /// How many checkpoints the thread has run, and how many commits ran one themselves.
  int64_t background_checkpoints() const;
  int64_t fallback_checkpoints() const;

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void Run();

  sqlite3* writer_;
  const int threshold_pages_;
  std::unique_ptr<SQLite::Database> db_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  bool requested_ = false, running_ = false, stopping_ = false;
  int64_t background_ = 0, fallback_ = 0;
  std::thread thread_;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_CHECKPOINTER_H_
