// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include "api/handlers.h"
#include "logset/error.h"

namespace logset::internal {
namespace {
[[noreturn]] void Todo() { throw InvalidArgument("api.not_supported", "not supported yet."); }
}  // namespace
ApiResponse CreateRequestLog(RequestContext&) { Todo(); }
ApiResponse ListRequestLogs(RequestContext&) { Todo(); }
ApiResponse GetRequestLog(RequestContext&) { Todo(); }
ApiResponse UpdateRequestLog(RequestContext&) { Todo(); }
ApiResponse RequestLogSummary(RequestContext&) { Todo(); }
ApiResponse BulkCreateRequestLogs(RequestContext&) { Todo(); }
}  // namespace logset::internal
