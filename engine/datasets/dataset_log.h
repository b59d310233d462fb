// SPDX-License-Identifier: MIT
// DatasetLog: one row of dataset_logs in C++ terms (API.md 4.2 core fields plus 4.3).
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "logs/log_record.h"

namespace logset::internal {

/// A dataset log as stored: the shared core (LogRecord) plus the dataset-only fields. JSON-valued
/// members hold null when absent.
struct DatasetLog {
  int64_t rowid = 0;  ///< dataset_logs.id, what scores reference
  LogRecord core;
  Json expected_output;
  std::optional<std::string> prompt;
  std::optional<std::string> completion;
  Json messages = Json::array();
  std::string annotation_status = "pending";
  Json annotation_completed_by;
  std::optional<std::string> source_log_id;
  Micros created_at = 0;
  Micros updated_at = 0;
};

/// The annotation status that completed_annotation_count counts.
inline constexpr const char* kAnnotationCompleted = "completed";

/// 1 if `log` counts towards completed_annotation_count, else 0.
inline int64_t CompletedDelta(const DatasetLog& log) {
  return log.annotation_status == kAnnotationCompleted ? 1 : 0;
}

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_H_
