// SPDX-License-Identifier: MIT
// Dataset operations (D1-D5) in C++ terms: each call is one session, so it commits all or nothing.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_SERVICE_H_
#define LOGSET_ENGINE_DATASETS_DATASET_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/dataset_filter.h"
#include "logset/store.h"

namespace logset::internal {

/// A validated D1 body for an empty dataset.
struct NewDataset {
  std::string name;  ///< already trimmed, 1-255 characters
  std::string description;
  std::string type = "sampling";
  std::string initial_log_filters = "{}";  ///< JSON object text, exactly as sent
};

/// The D4 changes; an unset member is left as it is.
struct DatasetChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> starred;
  std::optional<std::vector<std::string>> tags;  ///< duplicates already dropped
};

/// One page of datasets and how many of the organisation's datasets match.
struct DatasetPage {
  int64_t count = 0;
  std::vector<Dataset> items;  ///< with log_ids filled
};

/// Creates an empty dataset of organisation `org_id` and returns it.
Dataset CreateEmptyDataset(Store& store, int64_t org_id, const NewDataset& request);

/// True if `uuid` names one of the organisation's datasets (D1 `source_dataset_id`).
bool DatasetExists(Store& store, int64_t org_id, const std::string& uuid);

/// The dataset with log_ids filled. Throws NotFound if the id is malformed, unknown or another
/// organisation's.
Dataset GetDataset(Store& store, int64_t org_id, const std::string& uuid);

/// A page of the organisation's datasets matching `filters` (dataset fields), count and page read
/// from one snapshot. `order_by` comes from OrderByClause.
DatasetPage ListDatasets(Store& store, int64_t org_id, const BodyFilter& filters,
                         const std::string& order_by, int64_t limit, int64_t offset);

/// Applies `changes` and returns the dataset. updated_at moves only if a value actually changed.
/// Throws NotFound as GetDataset.
Dataset UpdateDataset(Store& store, int64_t org_id, const std::string& uuid,
                      const DatasetChanges& changes);

/// Deletes the dataset with its logs, their scores and its eval tasks; a large one is hidden at
/// once and removed in chunks (DeleteDatasetInChunks). Throws NotFound as GetDataset.
void DeleteDataset(Store& store, int64_t org_id, const std::string& uuid);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_SERVICE_H_
