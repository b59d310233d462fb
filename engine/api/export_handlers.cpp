// SPDX-License-Identifier: MIT
// Dataset-log exports as the caller can receive them: a file on the server for in-process
// callers, a one-time download link over HTTP, and the streamed download the link leads to.
#include "api/export_links.h"
#include "api/handlers.h"
#include "api/pagination.h"
#include "api/responses.h"
#include "datasets/dataset_log_service.h"
#include "logset/error.h"
#include "store/sqlite_errors.h"

namespace logset::internal {
namespace {

Json ExportAnswer(const std::string& file, int64_t exported_count) {
  return Json{{"message", "Export completed"}, {"file", file}, {"exported_count", exported_count}};
}

const char* ContentType(ExportFormat format) {
  return format == ExportFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson";
}

}  // namespace

ApiResponse AnswerExport(RequestContext& ctx, const BodyFilter& filters,
                         const std::string& order_by, ExportFormat format,
                         const std::optional<std::string>& name) {
  const std::string& dataset = ctx.path_params.at(0);
  const int64_t org = ctx.caller.org_id;
  if (!ExportsAsLinks()) {
    const ExportResult result = ExportDatasetLogs(ctx.store, org, ctx.caller.org_uuid, dataset,
                                                  filters, order_by, format, name);
    return JsonResponse(200, ExportAnswer(result.file, result.exported_count));
  }
  // Counted now, so a bad filter fails here within the call's time limit rather than mid-download.
  const int64_t count = CountExportedLogs(ctx.store, org, dataset, filters);
  PendingExport pending;
  pending.store = &ctx.store;
  pending.org_id = org;
  pending.dataset_uuid = dataset;
  pending.filters = filters.json;
  pending.order_by = order_by;
  pending.format = format;
  pending.file_name = ExportFileStem(name, dataset) + ExportExtension(format);
  const std::string token = AddPendingExport(std::move(pending));
  return JsonResponse(200, ExportAnswer(AbsoluteUrl(ctx, "/api/exports/" + token + "/"), count));
}

ApiResponse DownloadExport(RequestContext& ctx) {
  std::optional<PendingExport> pending =
      TakePendingExport(ctx.store, ctx.caller.org_id, ctx.path_params.at(0));
  if (!pending) throw NotFound("exports.unknown_link");
  // A dataset deleted since the link was made is a 404 now, not a cut-off download later.
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, pending->dataset_uuid);
  const BodyFilter filters =
      ParseBodyFilter(pending->filters, "filters", filter::Resource::kDatasetLog);

  ApiResponse response;
  response.headers.emplace_back("Content-Type", ContentType(pending->format));
  // The stem holds only [A-Za-z0-9._-], so it needs no escaping inside the quotes.
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + pending->file_name + "\"");
  response.stream = [&store = ctx.store, org_id = ctx.caller.org_id, org_uuid = ctx.caller.org_uuid,
                     export_spec = std::move(*pending),
                     filters](const ApiResponse::ChunkSink& sink) {
    try {
      return StreamDatasetLogs(store, org_id, org_uuid, export_spec.dataset_uuid, filters,
                               export_spec.order_by, export_spec.format, sink)
          .has_value();
    } catch (...) {
      // The status line has gone out already: the receiver learns of the failure only from the
      // body ending early, so the reason goes to the operator.
      const Error error = TranslateCurrentException();
      if (const auto& log = store.options().logger) {
        log("export download of dataset " + export_spec.dataset_uuid + ": " + error.what());
      }
      return false;
    }
  };
  return response;
}

}  // namespace logset::internal
