// SPDX-License-Identifier: MIT
// The request-log endpoints R1-R6 (API.md 3, R1-R6): ingest, list, retrieve, annotate, summarise.
#include <string_view>

#include "api/handlers.h"
#include "api/pagination.h"
#include "api/responses.h"
#include "api/sorting.h"
#include "filter/filter_parser.h"
#include "filter/quick_filters.h"
#include "logs/log_filter_sql.h"
#include "logs/log_summary.h"
#include "logs/request_log_input.h"
#include "logs/request_log_json.h"
#include "logs/request_log_store.h"
#include "logset/error.h"
#include "store/store_access.h"
#include "util/body_reader.h"

namespace logset::internal {
namespace {

constexpr int64_t kMaxPageSize = 1000;
constexpr std::size_t kMaxBulkItems = 10000;
constexpr std::size_t kMaxReportedErrors = 100;

// The query parameters R2 and R5 read (or ignore) themselves; any other is a quick filter.
bool IsListParameter(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "page",        "page_size", "sort_by",  "order_by", "start_time",     "end_time",
      "environment", "is_test",   "log_type", "all_envs", "include_fields", "fetch_filters",
  };
  for (std::string_view known : kNames) {
    if (name == known) return true;
  }
  return false;
}

std::optional<Micros> QueryTimestamp(const QueryParams& query, const std::string& name) {
  const auto text = query.Get(name);
  if (!text) return std::nullopt;
  const auto t = ParseTimestamp(*text, /*from_query=*/true);
  if (!t) {
    throw InvalidArgument("api.invalid_query",
                          name + ": must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z.",
                          name);
  }
  return t;
}

// The one place request-log filters become SQL: the query's quick filters (one group) ANDed with
// the body's `filters` (another, whose top-level connector defaults to `connector`). Indexed
// metadata keys are read from `db` so the compiler emits exactly the indexed expression.
SqlWhere CompileRequestLogFilters(SQLite::Database& db, const QueryParams& query,
                                  const Json& body_filters, filter::Connector connector) {
  std::vector<std::pair<std::string, std::string>> quick;
  for (const QueryParams::Param& p : query.all()) {
    if (p.value.empty() || IsListParameter(p.name)) continue;
    quick.emplace_back(p.name, p.value);
  }
  filter::ParseOptions options;
  options.default_connector = connector;
  const filter::Filter combined = filter::AndFilters(
      filter::ParseQuickFilters(quick, filter::Resource::kRequestLog),
      filter::ParseFilter(body_filters, filter::Resource::kRequestLog, "/filters", options));
  return CompileLogFilter(db, combined, filter::Resource::kRequestLog);
}

// What R2 and R5 select: the fixed query restrictions and the filters, plus the echo of the
// body's `filters` for `current_filters`.
struct LogSelection {
  SqlWhere where;
  Json current_filters = Json::object();
};

LogSelection ParseLogSelection(SQLite::Database& db, const RequestContext& ctx) {
  LogSelection out;
  filter::Connector connector = filter::Connector::kAnd;
  if (ctx.body.is_object()) {
    const BodyReader r(ctx.body);
    if (const Json* filters = r.Object("filters")) out.current_filters = *filters;
    if (const auto op = r.String("operator")) {
      if (*op != "AND" && *op != "OR") r.Fail("operator", "must be \"AND\" or \"OR\".");
      if (*op == "OR") connector = filter::Connector::kOr;
    }
  }
  RequestLogScope scope;
  scope.start_time = QueryTimestamp(ctx.query, "start_time");
  scope.end_time = QueryTimestamp(ctx.query, "end_time");
  const auto is_test = ctx.query.GetBool("is_test");
  scope.environment = ctx.query.Get("environment");
  if (!scope.environment && is_test) scope.environment = *is_test ? "test" : "prod";
  scope.log_type = ctx.query.Get("log_type");
  out.where = RequestLogScopeWhere(scope);
  SqlWhere filters = CompileRequestLogFilters(db, ctx.query, out.current_filters, connector);
  if (!filters.sql.empty()) out.where.And(filters.sql, std::move(filters.params));
  return out;
}

IngestDefaults DefaultsFor(const RequestContext& ctx) {
  IngestDefaults d;
  d.environment = ctx.caller.environment.empty() ? "prod" : ctx.caller.environment;
  d.now = NowMicros();
  return d;
}

Json LogWithScores(SQLite::Database& db, const RequestContext& ctx, const StoredRequestLog& s) {
  auto scores = LoadScores(db, ctx.caller.org_id, LogTable::kRequestLogs, {s.rowid});
  return RequestLogJson(s.log, ctx.caller.org_uuid, scores[s.rowid]);
}

}  // namespace

ApiResponse CreateRequestLog(RequestContext& ctx) {
  RequestLog log = ParseRequestLogInput(std::move(ctx.body), DefaultsFor(ctx));
  auto session = StoreAccess::Write(ctx.store);
  log.core.unique_id = RequestLogWriter(session.db()).Insert(ctx.caller.org_id, log);
  session.Commit();
  return JsonResponse(200, RequestLogCreatedJson(log, ctx.caller.org_uuid));
}

ApiResponse BulkCreateRequestLogs(RequestContext& ctx) {
  const BodyReader r(ctx.body);
  if (!r.Present("logs")) r.Fail("logs", "This field is required.");
  Json* items = &ctx.body["logs"];
  r.Array("logs");
  // Same text as L7 (a), the other bulk endpoint with this cap.
  if (items->size() > kMaxBulkItems) r.Fail("logs", "must hold at most 10,000 items.");

  // Every item is validated before the write lock is taken; the valid ones then commit together.
  const IngestDefaults defaults = DefaultsFor(ctx);
  std::vector<RequestLog> valid;
  valid.reserve(items->size());
  Json errors = Json::array();
  int64_t error_count = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    Json& item = (*items)[i];
    std::string error;
    if (!item.is_object()) {
      error = "Item must be a JSON object.";
    } else {
      try {
        valid.push_back(ParseRequestLogInput(std::move(item), defaults));
        continue;
      } catch (const InvalidArgument& e) {
        error = e.detail();
      }
    }
    if (static_cast<std::size_t>(error_count) < kMaxReportedErrors) {
      errors.push_back(Json{{"index", i}, {"error", error}});
    }
    ++error_count;
  }

  Json unique_ids = Json::array();
  if (!valid.empty()) {
    auto session = StoreAccess::Write(ctx.store);
    RequestLogWriter writer(session.db());
    for (const RequestLog& log : valid) unique_ids.push_back(writer.Insert(ctx.caller.org_id, log));
    session.Commit();
  }
  Json out = Json::object();
  out["success_count"] = valid.size();
  out["error_count"] = error_count;
  out["errors"] = std::move(errors);
  out["total_errors"] = error_count;
  out["unique_ids"] = std::move(unique_ids);
  return JsonResponse(200, out);
}

ApiResponse ListRequestLogs(RequestContext& ctx) {
  const PageRequest page = ParsePageRequest(ctx.query, kMaxPageSize);
  const std::string order_by = OrderByClause(ctx.query, SortResource::kRequestLogs, "-timestamp");
  LogSelection selection;
  RenderedRequestLogPage result;
  {
    auto session = StoreAccess::Read(ctx.store);
    selection = ParseLogSelection(session.db(), ctx);
    result = RenderRequestLogPage(session, ctx.caller.org_id, ctx.caller.org_uuid, selection.where,
                                  order_by, page.page_size, page.offset());
  }
  return RenderedPageResponse(ctx, page, result.count, result.logs, selection.current_filters);
}

ApiResponse GetRequestLog(RequestContext& ctx) {
  auto session = StoreAccess::Read(ctx.store);
  const auto stored = FindRequestLog(session.db(), ctx.caller.org_id, ctx.path_params.at(0));
  if (!stored) throw NotFound("api.request_log_not_found");
  return JsonResponse(200, LogWithScores(session.db(), ctx, *stored));
}

ApiResponse UpdateRequestLog(RequestContext& ctx) {
  auto session = StoreAccess::Write(ctx.store);
  auto stored = FindRequestLog(session.db(), ctx.caller.org_id, ctx.path_params.at(0));
  if (!stored) throw NotFound("api.request_log_not_found");
  ApplyRequestLogPatch(stored->log, ParseRequestLogPatch(ctx.body));
  SaveRequestLogAnnotations(session.db(), *stored);
  Json out = LogWithScores(session.db(), ctx, *stored);
  session.Commit();
  return JsonResponse(200, out);
}

ApiResponse RequestLogSummary(RequestContext& ctx) {
  LogSummary summary;
  {
    auto session = StoreAccess::Read(ctx.store);
    const LogSelection selection = ParseLogSelection(session.db(), ctx);
    summary =
        ComputeLogSummary(session.db(), ctx.caller.org_id, LogTable::kRequestLogs, selection.where);
  }
  return JsonResponse(200, LogSummaryJson(summary));
}

}  // namespace logset::internal
