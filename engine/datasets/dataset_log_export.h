// SPDX-License-Identifier: MIT
// Exporting a dataset's logs to a CSV or JSON Lines file in the store's exports folder
// (API.md 5.8).
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_EXPORT_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_EXPORT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "datasets/dataset_filter.h"
#include "logset/store.h"

namespace logset::internal {

enum class ExportFormat { kCsv, kJsonl };

struct ExportResult {
  std::string file;  ///< absolute path of the file written
  int64_t exported_count = 0;
};

/// The file name stem for an export: `name` with every character outside [A-Za-z0-9._-] replaced
/// by `_`, cut to 100 characters; `dataset-<dataset_uuid>` when `name` is absent or empty.
std::string ExportFileStem(const std::optional<std::string>& name, const std::string& dataset_uuid);

/// Writes every log of the dataset matching `filters` (dataset-log fields), in `order_by` order
/// (from OrderByClause), as list items (scores as a dict) to a new file in
/// `store.options().exports_dir` (created if missing). An existing file is never overwritten: `-1`,
/// `-2`, ... is added before the extension. Rows stream from one read snapshot, so memory stays
/// flat. Throws NotFound for an unknown dataset and StorageError if the file cannot be written (a
/// partial file is removed).
ExportResult ExportDatasetLogs(Store& store, int64_t org_id, const std::string& org_uuid,
                               const std::string& dataset_uuid, const BodyFilter& filters,
                               const std::string& order_by, ExportFormat format,
                               const std::optional<std::string>& name);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_EXPORT_H_
