// SPDX-License-Identifier: MIT
// Every API handler, one per endpoint of spec/API.md 3.1; the router in api/routes.cpp maps paths
// and methods onto them.
//
// Contract for handlers: the body is already parsed (RequestContext::body); each handler checks,
// in this order, path ids (a malformed or foreign id is NotFound), then the body (InvalidArgument
// with `field`), then ids named in the body (NotFound), and only then changes the store, inside
// one WriteSession so that a failure changes nothing. Handlers throw logset::Error; Api::Handle
// turns it into the error response.
#ifndef LOGSET_ENGINE_API_HANDLERS_H_
#define LOGSET_ENGINE_API_HANDLERS_H_

#include "api/request_context.h"
#include "logset/api.h"

namespace logset::internal {

using Handler = ApiResponse (*)(RequestContext&);

// Datasets (api/dataset_handlers.cpp)
ApiResponse CreateDataset(RequestContext& ctx);  // D1
ApiResponse ListDatasets(RequestContext& ctx);   // D2 (POST and GET)
ApiResponse GetDataset(RequestContext& ctx);     // D3
ApiResponse UpdateDataset(RequestContext& ctx);  // D4
ApiResponse DeleteDataset(RequestContext& ctx);  // D5

// Dataset logs (api/dataset_log_handlers.cpp)
ApiResponse CreateDatasetLog(RequestContext& ctx);   // L1
ApiResponse ListDatasetLogs(RequestContext& ctx);    // L2 (POST and GET)
ApiResponse GetDatasetLog(RequestContext& ctx);      // L3
ApiResponse PatchDatasetLog(RequestContext& ctx);    // L4
ApiResponse PutDatasetLog(RequestContext& ctx);      // L5
ApiResponse DeleteDatasetLog(RequestContext& ctx);   // L6
ApiResponse BulkDatasetLogs(RequestContext& ctx);    // L7 (dispatches on the body)
ApiResponse ImportDatasetLogs(RequestContext& ctx);  // L8
ApiResponse RemoveDatasetLogs(RequestContext& ctx);  // L9
ApiResponse DatasetLogSummary(RequestContext& ctx);  // S1 (GET), S2 (POST)

// Export downloads (api/export_handlers.cpp): `GET /api/exports/{token}/`, the one-time link an
// export over HTTP answers with (api/export_links.h). Streams the export; the token is spent.
ApiResponse DownloadExport(RequestContext& ctx);

// Eval runs (api/eval_handlers.cpp)
ApiResponse CreateEvalReports(RequestContext& ctx);  // E1
ApiResponse ListEvalReports(RequestContext& ctx);    // E2
ApiResponse GetEvalReport(RequestContext& ctx);      // legacy GET .../eval-reports/{task}/

// Request logs (api/request_log_handlers.cpp)
ApiResponse CreateRequestLog(RequestContext& ctx);       // R1
ApiResponse ListRequestLogs(RequestContext& ctx);        // R2 (POST and GET)
ApiResponse GetRequestLog(RequestContext& ctx);          // R3
ApiResponse UpdateRequestLog(RequestContext& ctx);       // R4
ApiResponse RequestLogSummary(RequestContext& ctx);      // R5
ApiResponse BulkCreateRequestLogs(RequestContext& ctx);  // R6

// Health (api/health_handlers.cpp): `GET /api/health-check/`, which the official client's
// health.api_health_check calls. Authenticated like every /api/ route; it reads nothing.
ApiResponse HealthCheck(RequestContext& ctx);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_HANDLERS_H_
