// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include "api/handlers.h"
#include "logset/error.h"

namespace logset::internal {
namespace {
[[noreturn]] void Todo() { throw InvalidArgument("api.not_supported", "not supported yet."); }
}  // namespace
ApiResponse CreateDatasetLog(RequestContext&) { Todo(); }
ApiResponse ListDatasetLogs(RequestContext&) { Todo(); }
ApiResponse GetDatasetLog(RequestContext&) { Todo(); }
ApiResponse PatchDatasetLog(RequestContext&) { Todo(); }
ApiResponse PutDatasetLog(RequestContext&) { Todo(); }
ApiResponse DeleteDatasetLog(RequestContext&) { Todo(); }
ApiResponse BulkDatasetLogs(RequestContext&) { Todo(); }
ApiResponse ImportDatasetLogs(RequestContext&) { Todo(); }
ApiResponse RemoveDatasetLogs(RequestContext&) { Todo(); }
ApiResponse DatasetLogSummary(RequestContext&) { Todo(); }
}  // namespace logset::internal
