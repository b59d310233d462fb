// SPDX-License-Identifier: MIT
// One-time download links for dataset-log exports, for callers that cannot read the server's
// files.
#ifndef LOGSET_ENGINE_API_EXPORT_LINKS_H_
#define LOGSET_ENGINE_API_EXPORT_LINKS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "api/request_context.h"
#include "datasets/dataset_filter.h"
#include "datasets/dataset_log_export.h"

namespace logset::internal {

/// While one lives on a thread, the dataset-log exports Api::Handle answers on that thread are
/// one-time download links instead of files: the HTTP adapter opens one around each call, since a
/// remote client cannot read the server's folders. Scopes nest. Not copyable.
class ExportLinkScope {
 public:
  ExportLinkScope();
  ~ExportLinkScope();
  ExportLinkScope(const ExportLinkScope&) = delete;
  ExportLinkScope& operator=(const ExportLinkScope&) = delete;

 private:
  bool outer_;
};

/// Whether an ExportLinkScope lives on the calling thread.
bool ExportsAsLinks();

/// A link is good for one download within this time of being made.
inline constexpr std::chrono::minutes kExportLinkLifetime{60};
/// At most this many links wait at once, and their filters take at most kMaxPendingFilterBytes;
/// past either, the oldest links are dropped.
inline constexpr size_t kMaxPendingExports = 256;
inline constexpr size_t kMaxPendingFilterBytes = 32u * 1024u * 1024u;

/// What a download link exports, fixed when the link is made. The logs are read when it is
/// followed.
struct PendingExport {
  const Store* store = nullptr;
  int64_t org_id = 0;
  std::string dataset_uuid;
  Json filters = Json::object();  ///< the validated body filters, as sent
  std::string order_by;           ///< from OrderByClause
  ExportFormat format = ExportFormat::kCsv;
  std::string file_name;  ///< the name a browser saves it under: stem and extension
};

/// Keeps `pending` (process-wide, in memory) and returns the token that redeems it: 32 random hex
/// digits. Thread-safe.
std::string AddPendingExport(PendingExport pending);

/// Removes and returns the export `token` redeems, if it is waiting for this store and
/// organisation and has not expired; nullopt otherwise (unknown, used, expired, dropped, or made
/// for another store or organisation, which keeps it). Thread-safe.
std::optional<PendingExport> TakePendingExport(const Store& store, int64_t org_id,
                                               const std::string& token);

/// L2's answer to `is_exporting`: `{"message", "file", "exported_count"}`. `file` is the absolute
/// path of the file written in the exports folder (ExportDatasetLogs), or, under an
/// ExportLinkScope, the absolute URL of a one-time download (`/api/exports/<token>/`, served by
/// DownloadExport) and nothing is written; `exported_count` then counts the matching logs now.
/// Throws as ExportDatasetLogs.
ApiResponse AnswerExport(RequestContext& ctx, const BodyFilter& filters,
                         const std::string& order_by, ExportFormat format,
                         const std::optional<std::string>& name);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_EXPORT_LINKS_H_
