// SPDX-License-Identifier: MIT
// Eval runs (E1, E2): routed now, answered once evaluators land.
#include "api/handlers.h"
#include "logset/error.h"

namespace logset::internal {
namespace {

[[noreturn]] void NotYet() {
  throw InvalidArgument("api.not_supported",
                        "eval runs are not supported yet by this logset build.");
}

}  // namespace

ApiResponse CreateEvalReports(RequestContext&) { NotYet(); }
ApiResponse ListEvalReports(RequestContext&) { NotYet(); }
ApiResponse GetEvalReport(RequestContext&) { NotYet(); }

}  // namespace logset::internal
