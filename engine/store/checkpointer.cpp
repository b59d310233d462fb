// SPDX-License-Identifier: MIT
// Copying the WAL back into the database file on a thread of its own, off the commit path.
#include "store/checkpointer.h"

#include <pthread.h>

#include <csignal>

namespace logset::internal {

Checkpointer::Checkpointer(const std::string& path, sqlite3* writer, int threshold_pages)
    : writer_(writer),
      threshold_pages_(threshold_pages),
      db_(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX)) {
  // A PASSIVE checkpoint copies what it can and never waits, so it needs no busy timeout; the
  // file's sync setting decides when the copied pages are synced.
  db_->exec("PRAGMA synchronous = NORMAL");
  // The thread takes no process signals: an embedding program (like `logset serve`, which
  // waits for SIGTERM in sigwait) decides which of its threads handles them, and a signal
  // delivered here would take its default action and end the process.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  try {
    thread_ = std::thread([this] { Run(); });
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  // Replaces SQLite's own automatic checkpoint on the writer (a connection has one WAL hook).
  sqlite3_wal_hook(writer_, &Checkpointer::OnCommit, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int Checkpointer::OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages) {
  auto* c = static_cast<Checkpointer*>(self);
  if (wal_pages < c->threshold_pages_) return SQLITE_OK;
  if (wal_pages >= kFallbackFactor * c->threshold_pages_) {
    // What SQLite's automatic checkpoint does; its result is not the commit's, which succeeded.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    std::lock_guard<std::mutex> lock(c->mutex_);
    ++c->fallback_;
    return SQLITE_OK;
  }
  {
    std::lock_guard<std::mutex> lock(c->mutex_);
    c->requested_ = true;
  }
  c->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) break;
    requested_ = false;
    running_ = true;
    lock.unlock();
    // Errors (a busy checkpoint lock, an I/O error) leave the WAL as it is; the next commit
    // over the threshold asks again, and the fallback bounds the WAL meanwhile.
    sqlite3_wal_checkpoint_v2(db_->getHandle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
    lock.lock();
    running_ = false;
    ++background_;
    if (!requested_) idle_.notify_all();
  }
  running_ = false;
  idle_.notify_all();
}

void Checkpointer::WaitIdle() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return (!requested_ && !running_) || stopping_; });
}

int64_t Checkpointer::background_checkpoints() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return background_;
}

int64_t Checkpointer::fallback_checkpoints() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fallback_;
}

}  // namespace logset::internal
