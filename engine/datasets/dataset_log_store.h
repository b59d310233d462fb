// SPDX-License-Identifier: MIT
// The SQL of the dataset_logs table: each function runs inside a session the caller holds.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_STORE_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_STORE_H_

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset_log.h"
#include "logs/sql_where.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

/// Inserts dataset logs into one dataset through one prepared statement, so a bulk insert costs
/// one statement compilation however many rows it writes. Lives inside the caller's WriteSession.
class DatasetLogInserter {
 public:
  DatasetLogInserter(SQLite::Database& db, int64_t dataset_rowid, int64_t org_id);
  /// Inserts `log` and returns its rowid. Throws (a SQLite constraint error) if the unique_id is
  /// already in the dataset.
  int64_t Insert(const DatasetLog& log);

 private:
  SQLite::Database& db_;
  SQLite::Statement statement_;
  int64_t dataset_rowid_;
  int64_t org_id_;
};

/// The log `unique_id` of dataset `dataset_rowid`, or nullopt (also for a malformed id).
std::optional<DatasetLog> FindDatasetLog(SQLite::Database& db, int64_t dataset_rowid,
                                         const std::string& unique_id);

/// Calls `visit` for the dataset's logs matching `where`, in `order_by` order (an ORDER BY body
/// from OrderByClause), skipping `offset` and stopping after `limit` rows (limit < 0: no limit).
/// Rows stream from SQLite one at a time, so an export of any size uses flat memory.
void ForEachDatasetLog(SQLite::Database& db, int64_t dataset_rowid, const SqlWhere& where,
                       const std::string& order_by, int64_t limit, int64_t offset,
                       const std::function<void(DatasetLog&&)>& visit);

/// Writes the six content fields (input, output, expected_output, prompt, completion, metadata)
/// and updated_at of the log `log.rowid`.
void UpdateDatasetLogContent(SQLite::Database& db, const DatasetLog& log);

/// Deletes the log; its scores go with it (foreign key cascade).
void DeleteDatasetLogRow(SQLite::Database& db, int64_t rowid);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_STORE_H_
