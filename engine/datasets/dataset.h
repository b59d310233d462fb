// SPDX-License-Identifier: MIT
// Dataset: one row of the datasets table in C++ terms (API.md 4.1 without the wire constants).
#ifndef LOGSET_ENGINE_DATASETS_DATASET_H_
#define LOGSET_ENGINE_DATASETS_DATASET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/time.h"

namespace logset::internal {

/// A dataset as stored. JSON-valued columns stay as the exact text stored, so that
/// `initial_log_filters` is echoed byte for byte as the client sent it.
struct Dataset {
  int64_t rowid = 0;  ///< datasets.id, the key dataset_logs and eval_tasks reference
  int64_t org_id = 0;
  std::string uuid;  ///< the API `id`
  std::string name;
  std::string description;
  std::string type = "sampling";  ///< "sampling" or "llm"
  std::string status = "ready";
  bool starred = false;
  std::vector<std::string> tags;
  std::string initial_log_filters = "{}";  ///< JSON object text, exactly as sent
  std::optional<std::string> source_dataset_id;
  std::optional<std::string> sampling_info;  ///< JSON object text, or none
  int64_t log_count = 0;
  int64_t completed_annotation_count = 0;
  Micros created_at = 0;
  Micros updated_at = 0;
  /// The first 100 log ids in the default log order (-timestamp, ties by unique_id). Filled only
  /// by the service calls that return datasets to the API.
  std::vector<std::string> log_ids;
};

/// How many log ids a dataset object lists (API.md 4.1 `log_ids`).
inline constexpr int kDatasetLogIdsShown = 100;

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_H_
