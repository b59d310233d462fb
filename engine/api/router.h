// SPDX-License-Identifier: MIT
// Matching a request path and method to a handler (API.md 1.1, 3.1, 3.2).
#ifndef LOGSET_ENGINE_API_ROUTER_H_
#define LOGSET_ENGINE_API_ROUTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/handlers.h"

namespace logset::internal {

/// The result of matching a path: the route's handlers per method and the decoded `{...}` ids.
struct RouteMatch {
  /// Handlers indexed like kMethods; null where the route does not take that method.
  Handler handlers[5] = {};
  /// Whether the handler for each method reads a body (GET never does).
  bool takes_body[5] = {};
  std::vector<std::string> path_params;

  /// "GET, POST" etc., in the order of API.md 1.3.
  std::string AllowHeader() const;
};

/// The methods routes may have, in Allow-header order.
inline constexpr const char* kMethods[5] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
/// Index of `method` in kMethods, or -1 (HEAD, OPTIONS, lowercase, ...).
int MethodIndex(std::string_view method);

/// Matches a raw request path (percent-encoded, with or without a trailing slash). Literal
/// segments win over id segments. Returns nullopt for an unknown route.
std::optional<RouteMatch> MatchRoute(std::string_view raw_path);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_ROUTER_H_
