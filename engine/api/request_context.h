// SPDX-License-Identifier: MIT
// What a handler receives: the caller's organisation, path ids, query and parsed body.
#ifndef LOGSET_ENGINE_API_REQUEST_CONTEXT_H_
#define LOGSET_ENGINE_API_REQUEST_CONTEXT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/query_params.h"
#include "auth/authenticate.h"
#include "logset/api.h"
#include "logset/store.h"

namespace logset::internal {

using Json = nlohmann::ordered_json;

struct RequestContext {
  const ApiRequest& request;
  Store& store;
  Caller caller;
  /// The `{...}` segments of the matched route, percent-decoded, in path order.
  std::vector<std::string> path_params;
  QueryParams query;
  /// The parsed body for routes that take one (an empty body is `{}`); null for GET.
  Json body;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_REQUEST_CONTEXT_H_
