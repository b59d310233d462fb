// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include "api/handlers.h"
#include "logset/error.h"

namespace logset::internal {
namespace {
[[noreturn]] void Todo() { throw InvalidArgument("api.not_supported", "not supported yet."); }
}  // namespace
ApiResponse CreateDataset(RequestContext&) { Todo(); }
ApiResponse ListDatasets(RequestContext&) { Todo(); }
ApiResponse GetDataset(RequestContext&) { Todo(); }
ApiResponse UpdateDataset(RequestContext&) { Todo(); }
ApiResponse DeleteDataset(RequestContext&) { Todo(); }
}  // namespace logset::internal
