// SPDX-License-Identifier: MIT
// The writer connection's page cache and WAL checkpoint interval, shared with the benchmarks'
// hand-written baselines, which must write under the same settings to be a fair comparison.
#ifndef LOGSET_ENGINE_STORE_WRITER_TUNING_H_
#define LOGSET_ENGINE_STORE_WRITER_TUNING_H_

#include <string>

namespace logset::internal {

/// The WAL size, in pages (256 MB of 4 KB pages), at which it is copied into the database file.
///
/// Every log lands at a random place in the unique_id index (ids are random; imported
/// timestamps may be in any order too), so each batch of inserts dirties pages all over the
/// indexes. A WAL checkpointed every 65,536 pages copies a page that many small commits rewrote
/// (bulk requests, import batches) into the file once per checkpoint, not once per commit. At
/// 1M logs, three or four runs each of ingest_bench against checkpoints every 64 MB: import
/// 65-76 s -> 52-64 s, bulk API 67-77 s -> 58-65 s (a hand-written single transaction: 58-69
/// s). The price: the WAL file grows to about 256 MB while the store is open (SQLite removes it
/// when the last connection closes), and each checkpoint copies up to that much, which the
/// store does off the commit path (store/checkpointer.h).
inline constexpr int kWalCheckpointPages = 65536;

/// The PRAGMAs the writer of a file-backed store runs after opening it, for sqlite3_exec: a
/// 64 MB page cache, which keeps most of those index pages between batches instead of rereading
/// them, and SQLite's automatic checkpoint every kWalCheckpointPages (the store then moves it to
/// its Checkpointer; a hand-written baseline keeps it).
inline std::string WriterTuningPragmas() {
  return "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = " +
         std::to_string(kWalCheckpointPages);
}

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_WRITER_TUNING_H_
