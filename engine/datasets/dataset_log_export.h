// SPDX-License-Identifier: MIT
// Exporting a dataset's logs as CSV or JSON Lines: to a file in the store's exports folder
// (API.md 5.8), or piece by piece to a sink (a download over HTTP).
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_EXPORT_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_EXPORT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "datasets/dataset_filter.h"
#include "logset/store.h"

namespace logset::internal {

enum class ExportFormat { kCsv, kJsonl };

struct ExportResult {
  std::string file;  ///< absolute path of the file written
  int64_t exported_count = 0;
};

/// Takes the next piece of an export; returns false to stop it (the receiver has gone).
using ExportSink = std::function<bool(std::string_view piece)>;

/// Pieces handed to an ExportSink hold whole rows and are cut once they reach this size, so a
/// piece is at most this plus one row.
inline constexpr size_t kExportPieceBytes = 64 * 1024;

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

/// The file extension of `format`, with its dot: ".csv" or ".jsonl".
const char* ExportExtension(ExportFormat format);

/// How many logs of the dataset match `filters`: what an export of them would hold, as of now.
/// Throws NotFound for an unknown dataset.
int64_t CountExportedLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const BodyFilter& filters);

/// Hands the export ExportDatasetLogs would write, byte for byte, to `sink` in pieces (see
/// kExportPieceBytes), writing no file. Rows stream from one read snapshot, so memory stays flat
/// whatever the dataset's size. Returns the number of logs exported, or nullopt if `sink` refused
/// a piece (nothing more is read). Throws NotFound for an unknown dataset, and the store's errors.
std::optional<int64_t> StreamDatasetLogs(Store& store, int64_t org_id, const std::string& org_uuid,
                                         const std::string& dataset_uuid, const BodyFilter& filters,
                                         const std::string& order_by, ExportFormat format,
                                         const ExportSink& sink);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_EXPORT_H_
