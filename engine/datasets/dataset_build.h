// SPDX-License-Identifier: MIT
// Long dataset writes in bounded chunks. SQLite has one write lock per file; a write holding it
// for seconds (a 200,000-log sample, a copy, a deletion) makes every other writer, in this
// process or another, wait past its busy timeout. So each of those writes is cut into chunks of a
// few hundred milliseconds, each its own transaction, with a pause between them in which waiting
// writers get the lock. What the user sees stays all-or-nothing: a dataset being built is hidden
// (status 'building') until its last chunk makes it 'ready', and a dataset being deleted is
// hidden (status 'deleting') from the first chunk on. A build or deletion a crash cut short is
// finished (deleted) by RecoverUnfinishedDatasets the next time the store opens.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_BUILD_H_
#define LOGSET_ENGINE_DATASETS_DATASET_BUILD_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "datasets/dataset.h"
#include "logset/store.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

/// How chunked writes size their chunks and pause between them.
struct ChunkPacing {
  int64_t first_rows = 2000;  ///< rows the first chunk moves; later chunks adapt toward `target`
  int64_t min_rows = 100;
  int64_t max_rows = 50000;
  /// Time a chunk should hold the write lock. Shorter chunks rewrite the same index pages once per
  /// commit (a log's random unique_id lands anywhere in three indexes): at 250 ms a 200,000-log
  /// sample wrote 2.2x the bytes of one transaction and took 45% longer; at 1 s, 1.3x the bytes
  /// and about the same time. A writer of this process never waits that long (see kStepRows).
  std::chrono::milliseconds target{1000};
  /// Time the lock is left free between two chunks: more than twice the longest pause of a
  /// waiting writer's busy handler (store/busy_wait.h), so that a writer waiting in another
  /// process tries at least once inside it.
  std::chrono::milliseconds pause{10};
  /// Called after each chunk commits, with the rows it used up; empty by default. Tests use it to
  /// act between two chunks.
  std::function<void(int64_t rows)> after_chunk;
};

/// Rows a chunk moves per statement at most. Between statements a chunk commits early if another
/// thread of this process waits for the write lock, so such a thread waits one statement, not a
/// whole chunk.
inline constexpr int64_t kStepRows = 512;

/// The pacing every chunked write in this process uses. Tests shrink it (a few rows, no pause)
/// to make small datasets take the chunked path; nothing else changes it.
ChunkPacing& CurrentChunkPacing();

/// Runs a long write as a sequence of write transactions and sizes them. Not thread-safe; one per
/// long write.
class ChunkedWriter {
 public:
  /// One statement's worth of a chunk: moves at most `max_rows` rows and returns how many rows of
  /// the work it used up (fewer than `max_rows`: the work is done).
  using Step = std::function<int64_t(SQLite::Database&, int64_t max_rows)>;

  explicit ChunkedWriter(Store& store);

  /// Runs one chunk in a write transaction of its own and commits it, after the pause if a chunk
  /// ran before: `begin(db)` (may be empty) once, then `step` until the chunk's rows are used
  /// up, the work is done, or another thread waits for the lock. Returns the rows used up; with
  /// the time taken, they size the next chunk. Throws what `begin`, `step` or the commit throw;
  /// the chunk is then rolled back.
  int64_t Run(const std::function<void(SQLite::Database&)>& begin, const Step& step);

 private:
  Store& store_;
  ChunkPacing pacing_;
  int64_t rows_;
  bool ran_ = false;
};
/// A new dataset filled in chunks, hidden until Finish. Typical use:
///
///   DatasetBuild build(store, dataset);            // inserted, status 'building'
///   while (more) build.Chunk([&](db, max_rows) {...});  // fills it
///   build.Finish([&](db) {...});                   // counts set, status 'ready'
class DatasetBuild {
 public:
  /// Inserts `dataset` (rowid set on return) with status 'building' and this process as its
  /// builder, in a transaction of its own.
  DatasetBuild(Store& store, Dataset& dataset);
  /// If Finish did not complete: deletes the dataset and what was built (in chunks, outside any
  /// query deadline); if that fails too, the next open of the store deletes it.
  ~DatasetBuild();
  DatasetBuild(const DatasetBuild&) = delete;
  DatasetBuild& operator=(const DatasetBuild&) = delete;

  /// Runs one chunk of `step` in its own transaction (see ChunkedWriter::Run), which first
  /// refreshes the build's heartbeat and runs `begin` (may be empty). Throws StorageError ("datasets.build_lost") if the dataset
  /// is no longer this build's, which only a store opened by a process that misjudged this one
  /// dead can do.
  int64_t Chunk(const ChunkedWriter::Step& step,
                const std::function<void(SQLite::Database&)>& begin = nullptr);

  /// In one last transaction: `finish(db)`, which writes the dataset's final fields (counts,
  /// sampling_info), then status 'ready', builder cleared and updated_at = created_at.
  void Finish(const std::function<void(SQLite::Database&)>& finish);

 private:
  Store& store_;
  Dataset& dataset_;
  ChunkedWriter writer_;
  bool finished_ = false;
};

/// Deletes the organisation's dataset `uuid` with its logs, their scores and its eval tasks. A
/// large dataset is hidden first (status 'deleting') and deleted in chunks. Throws NotFound for
/// an unknown (or already hidden) dataset.
void DeleteDatasetInChunks(Store& store, int64_t org_id, const std::string& uuid);

/// Finds the datasets a crash or a failure left unfinished and deletes them: every 'deleting'
/// one, and every 'building' one whose builder process is gone (or, when that cannot be told,
/// whose heartbeat is over ten minutes old). A build still running elsewhere is left alone.
/// Called by Store::Open.
void RecoverUnfinishedDatasets(Store& store);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_BUILD_H_
