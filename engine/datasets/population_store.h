// SPDX-License-Identifier: MIT
// The set-based SQL that fills and empties datasets: importing request logs, copying a dataset's
// logs with their scores, and removing logs. Each statement moves every row inside SQLite (INSERT
// ... SELECT, DELETE ... WHERE), never through C++ one row at a time. Each function runs inside a
// session the caller holds (a write session for those that write), so a failure half-way is
// rolled back with everything else.
#ifndef LOGSET_ENGINE_DATASETS_POPULATION_STORE_H_
#define LOGSET_ENGINE_DATASETS_POPULATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "logs/sql_where.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

/// The SQL expression of a fresh log unique_id: 32 lowercase hex digits of a random UUID v4
/// (version nibble `4` at position 13, variant nibble `8`-`b` at position 17), drawn from
/// SQLite's randomness anew on every row it is evaluated for.
const char* NewLogIdSql();

/// Request logs of organisation `org_id` whose unique_id is one of `unique_ids`, as a condition
/// over request_logs (unknown and foreign ids match nothing). The list is bound as one JSON array.
SqlWhere RequestLogsWithIds(int64_t org_id, const std::vector<std::string>& unique_ids);
/// Request logs whose rowid (request_logs.id) is one of `rowids`, bound as one JSON array.
SqlWhere RequestLogsWithRowids(const std::vector<int64_t>& rowids);

/// The rowids of the request logs matching `which` (a condition over request_logs that already
/// scopes the organisation), ascending.
std::vector<int64_t> RequestLogRowids(SQLite::Database& db, const SqlWhere& which);

/// The request logs of `rowids` (ascending) that are not yet the source_log_id of one of dataset
/// `dataset_rowid`'s logs, ascending.
std::vector<int64_t> WithoutImported(SQLite::Database& db, int64_t dataset_rowid,
                                     const std::vector<int64_t>& rowids);

/// Inserts the request logs matching `which` (a condition over request_logs that already scopes
/// the organisation) as new logs of `dataset`, as API.md 4.3 "On import" says: every core field
/// copied (input and output as the native JSON stored), a fresh unique_id, source_log_id = the
/// request log's unique_id, messages = its prompt_messages then its completion_message, prompt
/// and completion derived as API.md 5.4, expected_output null, annotation_status "pending",
/// created_at = updated_at = `now`. Whether the dataset already holds a copy is the caller's
/// check (WithoutImported). Returns how many logs were inserted. Does not touch the datasets row.
/// Throws SQLite::Exception if SQLite fails.
int64_t InsertImportedLogs(SQLite::Database& db, const Dataset& dataset, const SqlWhere& which,
                           Micros now);

/// An inclusive range of dataset_logs rowids.
struct LogIdRange {
  int64_t first = 0;
  int64_t last = 0;
};

/// The smallest and largest rowid of dataset `dataset_rowid`'s logs; none for an empty dataset.
std::optional<LogIdRange> DatasetLogIdRange(SQLite::Database& db, int64_t dataset_rowid);

/// Whether any log of dataset `dataset_rowid` has a score.
bool DatasetHasScores(SQLite::Database& db, int64_t dataset_rowid);

/// What copying a dataset's logs did.
struct CopiedLogs {
  int64_t count = 0;      ///< logs copied
  int64_t completed = 0;  ///< of them, with annotation_status "completed"
};

/// Copies every log of dataset `from_rowid` into dataset `to_rowid` with all its fields
/// (expected_output, annotation fields and source_log_id included) and a fresh unique_id, and
/// copies each log's scores onto its copy. created_at and updated_at of the copies are `now`.
/// Throws SQLite::Exception if SQLite fails.
CopiedLogs CopyDatasetLogs(SQLite::Database& db, int64_t from_rowid, int64_t to_rowid, Micros now);

/// CopyDatasetLogs for the source logs whose rowid is in `window` only; `with_scores` says
/// whether the source has scores to copy (DatasetHasScores). Returns how many logs were copied.
/// A copy made window by window, one transaction each, calls this once per window.
int64_t CopyDatasetLogWindow(SQLite::Database& db, int64_t from_rowid, int64_t to_rowid,
                             const LogIdRange& window, bool with_scores, Micros now);

/// What removing logs did.
struct RemovedLogs {
  int64_t count = 0;      ///< logs deleted
  int64_t completed = 0;  ///< of them, with annotation_status "completed"
};

/// Deletes the logs of dataset `dataset_rowid` that match `where` (a fragment over dataset_logs;
/// empty: every log); their scores go with them (foreign key cascade). Throws SQLite::Exception
/// if SQLite fails.
RemovedLogs DeleteMatchingLogs(SQLite::Database& db, int64_t dataset_rowid, const SqlWhere& where);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_POPULATION_STORE_H_
