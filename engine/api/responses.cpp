// SPDX-License-Identifier: MIT
// Building API responses: JSON bodies, empty 204s and error bodies.
#include "api/responses.h"

#include "util/json_writer.h"

namespace logset::internal {

ApiResponse JsonResponse(int status, const nlohmann::ordered_json& body) {
  ApiResponse r;
  r.status = status;
  r.body = DumpJson(body);
  return r;
}

ApiResponse NoContent() {
  ApiResponse r;
  r.status = 204;
  return r;
}

ApiResponse ErrorResponse(const Error& error) {
  nlohmann::ordered_json body;
  const bool internal = error.code() == ErrorCode::kInternal || error.code() == ErrorCode::kStorage;
  // Internal and storage details stay in the server log (Api::Handle tells StoreOptions::logger);
  // clients get the fixed sentence of API.md 1.3.
  body["detail"] = internal ? "Internal server error." : error.detail();
  if (!error.field().empty() && !internal) body["field"] = error.field();
  ApiResponse r = JsonResponse(HttpStatus(error.code()), body);
  if (error.code() == ErrorCode::kUnauthorized) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"api\"");
  }
  return r;
}

}  // namespace logset::internal
