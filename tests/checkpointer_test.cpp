// SPDX-License-Identifier: MIT
// The WAL is checkpointed on the Checkpointer's own thread once a commit passes the threshold,
// commits checkpoint themselves only when the WAL still grows far past it, and the hook goes
// away with the Checkpointer.
#include "store/checkpointer.h"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "test_util.h"

namespace logset {
namespace {

using internal::Checkpointer;

constexpr int kThresholdPages = 8;

// A WAL-mode file with a table of ~3 KB rows, open on the connection that writes it.
struct WalFile {
  testing::TempDir dir;
  std::string path = dir.File("wal.db");
  SQLite::Database writer{path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};

  WalFile() {
    writer.exec("PRAGMA journal_mode = WAL");
    writer.exec("CREATE TABLE t (x BLOB)");
  }
  // `commits` transactions of three rows each: several new WAL pages per commit.
  void Write(int commits) {
    for (int i = 0; i < commits; ++i) {
      writer.exec(
          "INSERT INTO t SELECT randomblob(3000) FROM (SELECT 1 UNION SELECT 2 UNION "
          "SELECT 3)");
    }
  }
  int64_t Rows() {
    SQLite::Database reader(path, SQLite::OPEN_READONLY);
    return reader.execAndGet("SELECT count(*) FROM t").getInt64();
  }
};

TEST_SUITE_BEGIN("checkpointer");

TEST_CASE("commits past the threshold are checkpointed on the checkpointer's thread") {
  WalFile f;
  Checkpointer c(f.path, f.writer.getHandle(), kThresholdPages);
  // About 3 pages a commit: past the threshold, and far below the size at which commits
  // checkpoint themselves, however the thread is scheduled.
  f.Write(4);
  c.WaitIdle();
  CHECK(c.background_checkpoints() >= 1);
  CHECK(c.fallback_checkpoints() == 0);
  CHECK(f.Rows() == 12);
  // The thread's last run began after the last commit asked for it, so every frame is copied.
  int log = -1, done = -1;
  REQUIRE(sqlite3_wal_checkpoint_v2(f.writer.getHandle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log,
                                    &done) == SQLITE_OK);
  CHECK(log > 0);
  CHECK(log == done);
}

TEST_CASE("below the threshold nothing is checkpointed") {
  WalFile f;
  Checkpointer c(f.path, f.writer.getHandle(), 10000);
  f.Write(5);
  c.WaitIdle();
  CHECK(c.background_checkpoints() == 0);
  CHECK(c.fallback_checkpoints() == 0);
  CHECK(f.Rows() == 15);
}

TEST_CASE("a reader pinning an old snapshot makes commits checkpoint themselves, bounded") {
  WalFile f;
  Checkpointer c(f.path, f.writer.getHandle(), kThresholdPages);
  SQLite::Database reader(f.path, SQLite::OPEN_READONLY);
  reader.exec("BEGIN");
  CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt64() == 0);
  // The WAL cannot restart while the snapshot is held, so it grows past the fallback size.
  f.Write(Checkpointer::kFallbackFactor * kThresholdPages);
  CHECK(c.fallback_checkpoints() >= 1);
  CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt64() == 0);  // still its snapshot
  reader.exec("COMMIT");
  CHECK(f.Rows() == 3 * Checkpointer::kFallbackFactor * kThresholdPages);
}

TEST_CASE("destroying the checkpointer removes its hook from the writer") {
  WalFile f;
  {
    Checkpointer c(f.path, f.writer.getHandle(), kThresholdPages);
    f.Write(3);
  }
  // sqlite3_wal_hook returns the argument of the hook it replaces: none is left behind to call
  // into the destroyed object.
  CHECK(sqlite3_wal_hook(f.writer.getHandle(), nullptr, nullptr) == nullptr);
  f.Write(20);
  CHECK(f.Rows() == 69);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
