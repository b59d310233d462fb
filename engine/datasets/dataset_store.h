// SPDX-License-Identifier: MIT
// The SQL of the datasets table: each function runs inside a session the caller holds.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_STORE_H_
#define LOGSET_ENGINE_DATASETS_DATASET_STORE_H_

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

/// The dataset `uuid` of organisation `org_id`, or nullopt when the id is malformed, unknown,
/// another organisation's, or not ready (being built or deleted in chunks, see dataset_build.h).
/// `log_ids` is left empty.
std::optional<Dataset> FindDataset(SQLite::Database& db, int64_t org_id, const std::string& uuid);
/// FindDataset, but throws NotFound instead of returning nullopt.
Dataset RequireDataset(SQLite::Database& db, int64_t org_id, const std::string& uuid);

/// Inserts `dataset` (every field but rowid and log_ids) and sets its rowid.
void InsertDataset(SQLite::Database& db, Dataset& dataset);

/// How many of organisation `org_id`'s ready datasets match `where` (a fragment over the datasets
/// table; empty matches all).
int64_t CountDatasets(SQLite::Database& db, int64_t org_id, const SqlWhere& where);
/// One page of the organisation's ready datasets matching `where`. `order_by` is an ORDER BY body from
/// OrderByClause (allow-listed columns only, never client text).
std::vector<Dataset> ListDatasetRows(SQLite::Database& db, int64_t org_id, const SqlWhere& where,
                                     const std::string& order_by, int64_t limit, int64_t offset);

/// Fills `log_ids` of each dataset: one prepared statement, re-run per dataset, each run reading
/// at most kDatasetLogIdsShown rows off the (dataset_id, timestamp) index.
void LoadFirstLogIds(SQLite::Database& db, std::vector<Dataset>& datasets);

/// Writes the editable fields (name, description, starred, tags) and updated_at.
void UpdateDatasetRow(SQLite::Database& db, const Dataset& dataset);
/// Writes the population fields of `dataset` as they are in the struct: log_count,
/// completed_annotation_count, sampling_info and updated_at. Population steps (import, duplicate,
/// remove) compute them in the same transaction as their change to the logs.
void UpdateDatasetPopulation(SQLite::Database& db, const Dataset& dataset);
/// Writes sampling_info alone (updated_at is left as it is).
void SetSamplingInfo(SQLite::Database& db, int64_t rowid, const std::string& sampling_info);
/// Deletes the row; foreign keys cascade to its logs, their scores and its eval tasks.
void DeleteDatasetRow(SQLite::Database& db, int64_t rowid);

/// Adds the deltas to log_count and completed_annotation_count and moves updated_at to `now`
/// (or one microsecond past its old value if that is later).
/// Every change to a dataset's logs calls this in the same transaction, so the counts never drift.
void AdjustDatasetCounts(SQLite::Database& db, int64_t rowid, int64_t log_delta,
                         int64_t completed_delta, Micros now);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_STORE_H_
