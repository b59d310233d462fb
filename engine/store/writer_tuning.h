// SPDX-License-Identifier: MIT
// The writer connection's page cache and WAL checkpoint interval, shared with the benchmarks'
// hand-written baselines, which must write under the same settings to be a fair comparison.
#ifndef LOGSET_ENGINE_STORE_WRITER_TUNING_H_
#define LOGSET_ENGINE_STORE_WRITER_TUNING_H_

namespace logset::internal {

/// The PRAGMAs the writer of a file-backed store runs after opening it, for sqlite3_exec.
///
/// Every log lands at a random place in the unique_id index (ids are random; imported
/// timestamps may be in any order too), so each batch of inserts dirties pages all over the
/// indexes. A 64 MB cache keeps most of them between batches instead of rereading them. A WAL
/// checkpointed every 65,536 pages (256 MB) copies a page that many small commits rewrote (bulk
/// requests, import batches) into the file once per checkpoint, not once per commit. At 1M logs,
/// three or four runs each of ingest_bench against checkpoints every 64 MB: import 65-76 s -> 52-64
/// s, bulk API 67-77 s -> 58-65 s (a hand-written single transaction: 58-69 s). The price: the WAL
/// file grows to about 256 MB while the store is open (SQLite removes it when the last
/// connection closes), and the commit that checkpoints copies up to that much into the file:
/// the slowest bulk requests went from 285 ms (p99) and 320 ms (max) to 616 and 671 ms.
inline constexpr const char* kWriterTuningPragmas =
    "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 65536";

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_WRITER_TUNING_H_
