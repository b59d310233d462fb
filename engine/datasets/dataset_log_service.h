// SPDX-License-Identifier: MIT
// Dataset-log operations (L1-L7 a) in C++ terms: each call is one session, so it commits all or
// nothing, and every change to a dataset's logs updates the dataset's counts and updated_at in
// the same transaction.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_SERVICE_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset_filter.h"
#include "datasets/dataset_log.h"
#include "logs/log_summary.h"
#include "logs/scores.h"
#include "logset/store.h"

namespace logset::internal {

/// A log with its scores, ready to render.
struct DatasetLogView {
  DatasetLog log;
  std::vector<ScoreObject> scores;
};

/// One page of a dataset's logs and how many of them match the filters.
struct DatasetLogPage {
  int64_t count = 0;
  std::vector<DatasetLogView> items;
};

/// The content keys of an L4/L5 body. An unset member was not given; a given prompt or
/// completion may be null, and a given metadata is an object or null.
struct DatasetLogEdit {
  std::optional<Json> input;
  std::optional<Json> output;
  std::optional<Json> expected_output;
  std::optional<std::optional<std::string>> prompt;
  std::optional<std::optional<std::string>> completion;
  std::optional<Json> metadata;
};

/// kMerge (L4): only given keys change; metadata merges shallowly and null clears it to {}.
/// kReplace (L5): the six content fields are replaced; omitted ones become null (metadata {}).
enum class EditMode { kMerge, kReplace };

/// Throws NotFound unless `dataset_uuid` is one of the organisation's datasets and, when
/// `unique_id` is given, that log is in it. The handlers call it before reading the body
/// (API.md 1.2: path ids before validation).
void CheckDatasetLogPath(Store& store, int64_t org_id, const std::string& dataset_uuid,
                         const std::optional<std::string>& unique_id = std::nullopt);

/// Inserts `logs` (from ParseNewDatasetLog) into the dataset in one transaction through one
/// prepared statement, giving each a fresh unique_id, and returns the ids in order. Throws
/// NotFound for an unknown dataset.
std::vector<std::string> AddDatasetLogs(Store& store, int64_t org_id,
                                        const std::string& dataset_uuid,
                                        std::vector<DatasetLog> logs);

/// A page of the dataset's logs matching `filters` (dataset-log fields) in `order_by` order (from
/// OrderByClause), with their scores, count and page read from one snapshot. Throws NotFound for
/// an unknown dataset.
DatasetLogPage ListDatasetLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                               const BodyFilter& filters, const std::string& order_by,
                               int64_t limit, int64_t offset);

/// The summary (API.md 4.6) of the dataset's logs matching `filters` (dataset-log fields; empty:
/// all logs). Throws NotFound for an unknown dataset.
LogSummary SummarizeDatasetLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                                const BodyFilter& filters);

/// The log with its scores. Throws NotFound if the dataset or the log (in that dataset) is not
/// found.
DatasetLogView GetDatasetLog(Store& store, int64_t org_id, const std::string& dataset_uuid,
                             const std::string& unique_id);

/// Applies `edit` (API.md 5.5), bumps updated_at on the log and the dataset, and returns the log.
/// Nothing is promoted and no identity or metric field changes. Throws NotFound as GetDatasetLog.
DatasetLogView EditDatasetLog(Store& store, int64_t org_id, const std::string& dataset_uuid,
                              const std::string& unique_id, const DatasetLogEdit& edit,
                              EditMode mode);

/// Deletes the log and its scores and updates the dataset's counts. Throws NotFound as
/// GetDatasetLog.
void DeleteDatasetLog(Store& store, int64_t org_id, const std::string& dataset_uuid,
                      const std::string& unique_id);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_SERVICE_H_
