// SPDX-License-Identifier: MIT
// Wiring cpp-httplib to Api: each HTTP request becomes one Api::Handle call, one-to-one.
#ifndef LOGSET_ENGINE_HTTP_API_ADAPTER_H_
#define LOGSET_ENGINE_HTTP_API_ADAPTER_H_

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

#include "http/access_log.h"
#include "http/body_budget.h"
#include "logset/api.h"

namespace logset::internal {

/// Splits an HTTP request target into the raw (still percent-encoded) path and the raw query
/// without '?'. An absolute-form target (`http://host/p?q`) loses its scheme and authority.
void SplitTarget(std::string_view target, std::string* path, std::string* query);

/// The ApiRequest for an HTTP request: method, the path and query as received (from
/// `req.target`: httplib's `req.path` is already percent-decoded), the three headers the API
/// reads, and `body`.
ApiRequest ToApiRequest(const httplib::Request& req, std::string body);

/// Moves an ApiResponse into an httplib response: status, extra headers, and the body with
/// Content-Type application/json when it is non-empty (a 204 gets neither). A streamed body goes
/// through WriteStreamedResponse.
void WriteApiResponse(ApiResponse api_response, httplib::Response* res);

/// For an ApiResponse with a `stream`: status, headers (its Content-Type, else
/// application/octet-stream) and a chunked body that httplib pulls from the stream as it writes,
/// piece by piece. If the stream stops early the body is left without its final chunk, so the
/// client sees a broken transfer rather than a short file.
void WriteStreamedResponse(ApiResponse api_response, httplib::Response* res);

/// The JSON error answer for a failure detected before the API sees the request (413 for a
/// declared body over the limit, 400 for a malformed request line, 408 and 431 from the
/// connection limits, 503 with Retry-After when the body budget has no room, ...). 413 and 500
/// carry the API's own texts (API.md 1.1, 1.3).
ApiResponse HttpErrorResponse(int status);

/// Routes every request on `http` to `api` (and `GET /healthz` to a fixed 200), installs the
/// JSON error and exception handlers, the body limit and the access log. A request body reserves
/// its size in `body_budget` before it is read, waiting up to `body_budget_wait` (then 503).
/// `api`, `log` and `body_budget` must outlive `http`.
void InstallApiHandlers(httplib::Server& http, const Api& api, AccessLog& log,
                        BodyBudget& body_budget, std::chrono::milliseconds body_budget_wait);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_API_ADAPTER_H_
