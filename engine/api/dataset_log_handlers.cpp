// SPDX-License-Identifier: MIT
// The dataset-log endpoints L1-L9, S1 and S2: wire validation in front of the dataset-log and
// population services.
#include "api/export_links.h"
#include "api/handlers.h"
#include "api/pagination.h"
#include "api/responses.h"
#include "api/sorting.h"
#include "datasets/dataset_bodies.h"
#include "datasets/dataset_log_export.h"
#include "datasets/dataset_log_json.h"
#include "datasets/dataset_log_parser.h"
#include "datasets/dataset_log_service.h"
#include "datasets/dataset_request_fields.h"
#include "datasets/population_service.h"
#include "logs/log_summary.h"
#include "logset/error.h"
#include "util/body_reader.h"

namespace logset::internal {
namespace {

constexpr int64_t kMaxPageSize = 100;
// L7 reports at most this many item errors; error_count and total_errors give the full number.
constexpr size_t kMaxReportedErrors = 100;

const std::string& PathDataset(const RequestContext& ctx) { return ctx.path_params.at(0); }
const std::string& PathLog(const RequestContext& ctx) { return ctx.path_params.at(1); }

Json DetailJson(const RequestContext& ctx, const DatasetLogView& view) {
  return DatasetLogJson(view.log, PathDataset(ctx), ctx.caller.org_uuid, view.scores,
                        ScoresShape::kList);
}

// `.csv` (default), `.jsonl`, `csv` or `jsonl`.
ExportFormat ReadExportFormat(const BodyReader& r) {
  const Json* v = r.Find("export_format");
  if (v == nullptr || v->is_null()) return ExportFormat::kCsv;
  if (v->is_string()) {
    const std::string& f = v->get_ref<const std::string&>();
    if (f == ".csv" || f == "csv") return ExportFormat::kCsv;
    if (f == ".jsonl" || f == "jsonl") return ExportFormat::kJsonl;
  }
  r.Fail("export_format", "must be \".csv\" or \".jsonl\".");
}

// A given prompt/completion: a string, or null.
std::optional<std::optional<std::string>> ReadNullableText(const BodyReader& r,
                                                           std::string_view key) {
  const Json* v = r.Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) r.Fail(key, "must be a string.");
  return std::optional<std::string>(v->get<std::string>());
}

// The L4/L5 keys. Identity and metric keys are not read: neither call changes them.
DatasetLogEdit ReadEdit(const Json& body) {
  const BodyReader r(body);
  DatasetLogEdit edit;
  if (const Json* v = r.Find("input")) edit.input = *v;
  if (const Json* v = r.Find("output")) edit.output = *v;
  if (const Json* v = r.Find("expected_output")) edit.expected_output = *v;
  edit.prompt = ReadNullableText(r, "prompt");
  edit.completion = ReadNullableText(r, "completion");
  if (const Json* v = r.Find("metadata")) {
    if (!v->is_null() && !v->is_object()) r.Fail("metadata", "must be an object.");
    edit.metadata = *v;
  }
  return edit;
}

ApiResponse EditLog(RequestContext& ctx, EditMode mode) {
  const int64_t org = ctx.caller.org_id;
  CheckDatasetLogPath(ctx.store, org, PathDataset(ctx), PathLog(ctx));
  const DatasetLogEdit edit = ReadEdit(ctx.body);
  const DatasetLogView view =
      EditDatasetLog(ctx.store, org, PathDataset(ctx), PathLog(ctx), edit, mode);
  return JsonResponse(200, DetailJson(ctx, view));
}

// L7 (a): each item validated alone; the valid ones are inserted together.
ApiResponse BulkCreate(RequestContext& ctx, const BodyReader& r, const Json& items) {
  if (!items.is_array()) r.Fail("logs", "must be an array.");
  if (items.size() > kMaxBulkItems) r.Fail("logs", "must hold at most 10,000 items.");
  const Micros now = NowMicros();
  std::vector<DatasetLog> valid;
  valid.reserve(items.size());
  Json errors = Json::array();
  size_t error_count = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string error;
    if (!items[i].is_object()) {
      error = "Item must be a JSON object.";
    } else {
      try {
        valid.push_back(ParseNewDatasetLog(items[i], ctx.caller.environment, now));
        continue;
      } catch (const InvalidArgument& e) {
        error = e.detail();
      }
    }
    if (++error_count <= kMaxReportedErrors) errors.push_back(Json{{"index", i}, {"error", error}});
  }
  const std::vector<std::string> ids =
      AddDatasetLogs(ctx.store, ctx.caller.org_id, PathDataset(ctx), std::move(valid));
  Json out = Json::object();
  out["success_count"] = ids.size();
  out["error_count"] = error_count;
  out["errors"] = std::move(errors);
  out["total_errors"] = error_count;
  out["unique_ids"] = ids;
  return JsonResponse(200, out);
}

Json ImportedJson(int64_t imported_count) {
  return Json{{"message", "Logs added to dataset"}, {"imported_count", imported_count}};
}

// L8 and L7 (c): a sample of request logs by time range and filters.
ApiResponse ImportSampled(RequestContext& ctx) {
  const SampledImport spec = ReadSampledImportBody(ctx.body);
  return JsonResponse(
      200, ImportedJson(ImportSampledLogs(ctx.store, ctx.caller.org_id, PathDataset(ctx), spec)));
}

}  // namespace

ApiResponse CreateDatasetLog(RequestContext& ctx) {
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  std::vector<DatasetLog> logs;
  logs.push_back(ParseNewDatasetLog(ctx.body, ctx.caller.environment, NowMicros()));
  const auto ids = AddDatasetLogs(ctx.store, ctx.caller.org_id, PathDataset(ctx), std::move(logs));
  return JsonResponse(
      201, Json{{"message", "Dataset log created successfully"}, {"unique_id", ids.front()}});
}

ApiResponse ListDatasetLogs(RequestContext& ctx) {
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  const PageRequest page = ParsePageRequest(ctx.query, kMaxPageSize);
  // include_fields is accepted and ignored: every field is always present.
  const std::string order_by = OrderByClause(ctx.query, SortResource::kDatasetLogs, "-timestamp");
  BodyFilter filters{filter::Resource::kDatasetLog};
  bool exporting = false;
  ExportFormat format = ExportFormat::kCsv;
  std::optional<std::string> name;
  if (ctx.body.is_object()) {  // GET carries no body: a plain page, unfiltered
    const BodyReader r(ctx.body);
    filters = ReadBodyFilter(r, "filters", filter::Resource::kDatasetLog);
    exporting = r.Bool("is_exporting").value_or(false);
    format = ReadExportFormat(r);
    name = r.String("name");
  }
  const int64_t org = ctx.caller.org_id;
  if (exporting) return AnswerExport(ctx, filters, order_by, format, name);
  const DatasetLogPage result = ListDatasetLogs(ctx.store, org, PathDataset(ctx), filters, order_by,
                                                page.page_size, page.offset());
  Json results = Json::array();
  for (const DatasetLogView& v : result.items) {
    results.push_back(
        DatasetLogJson(v.log, PathDataset(ctx), ctx.caller.org_uuid, v.scores, ScoresShape::kDict));
  }
  return PageResponse(ctx, page, result.count, results, filters.json);
}

ApiResponse GetDatasetLog(RequestContext& ctx) {
  return JsonResponse(200, DetailJson(ctx, GetDatasetLog(ctx.store, ctx.caller.org_id,
                                                         PathDataset(ctx), PathLog(ctx))));
}

ApiResponse PatchDatasetLog(RequestContext& ctx) { return EditLog(ctx, EditMode::kMerge); }

ApiResponse PutDatasetLog(RequestContext& ctx) { return EditLog(ctx, EditMode::kReplace); }

ApiResponse DeleteDatasetLog(RequestContext& ctx) {
  DeleteDatasetLog(ctx.store, ctx.caller.org_id, PathDataset(ctx), PathLog(ctx));
  return NoContent();
}

ApiResponse BulkDatasetLogs(RequestContext& ctx) {
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  const BodyReader r(ctx.body);
  if (const Json* logs = r.Find("logs"); logs != nullptr && !logs->is_null()) {
    return BulkCreate(ctx, r, *logs);
  }
  if (r.Present("log_ids")) {
    const std::vector<std::string> ids = ReadLogIds(ctx.body);
    return JsonResponse(
        200, ImportedJson(ImportLogsByIds(ctx.store, ctx.caller.org_id, PathDataset(ctx), ids)));
  }
  return ImportSampled(ctx);
}

ApiResponse ImportDatasetLogs(RequestContext& ctx) {
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  return ImportSampled(ctx);
}

ApiResponse RemoveDatasetLogs(RequestContext& ctx) {
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  const LogRemoval removal = ReadLogRemovalBody(ctx.body);
  const int64_t removed =
      RemoveDatasetLogs(ctx.store, ctx.caller.org_id, PathDataset(ctx), removal);
  return JsonResponse(200,
                      Json{{"message", "Logs removed from dataset"}, {"removed_count", removed}});
}

ApiResponse DatasetLogSummary(RequestContext& ctx) {
  CheckDatasetLogPath(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  // S1 (GET) takes no parameters; S2 (POST) takes `filters` over the dataset-log fields.
  BodyFilter filters{filter::Resource::kDatasetLog};
  if (ctx.body.is_object()) {
    filters = ReadBodyFilter(BodyReader(ctx.body), "filters", filter::Resource::kDatasetLog);
  }
  return JsonResponse(200, LogSummaryJson(SummarizeDatasetLogs(ctx.store, ctx.caller.org_id,
                                                               PathDataset(ctx), filters)));
}

}  // namespace logset::internal
