// SPDX-License-Identifier: MIT
// The health check the official client calls: proof the API answers, touching nothing.
#include "api/handlers.h"
#include "api/responses.h"

namespace logset::internal {

ApiResponse HealthCheck(RequestContext&) { return JsonResponse(200, Json{{"message", "ok"}}); }

}  // namespace logset::internal
