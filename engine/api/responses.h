// SPDX-License-Identifier: MIT
// Building API responses: JSON bodies, empty 204s and error bodies.
#ifndef LOGSET_ENGINE_API_RESPONSES_H_
#define LOGSET_ENGINE_API_RESPONSES_H_

#include <nlohmann/json.hpp>

#include "logset/api.h"
#include "logset/error.h"

namespace logset::internal {

/// `status` with `body` serialised compactly (invalid UTF-8 replaced, never thrown).
ApiResponse JsonResponse(int status, const nlohmann::ordered_json& body);
/// 204 with an empty body.
ApiResponse NoContent();
/// The error body of API.md 1.3: `detail`, plus `field` when the error names one.
ApiResponse ErrorResponse(const Error& error);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_RESPONSES_H_
