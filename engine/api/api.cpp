// SPDX-License-Identifier: MIT
// Api::Handle: the processing order of API.md 1.2 and the single catch site of the API.
#include "logset/api.h"

#include "api/handlers.h"
#include "api/responses.h"
#include "api/router.h"
#include "auth/authenticate.h"
#include "logset/error.h"
#include "store/query_budget.h"
#include "store/sqlite_errors.h"
#include "store/store_access.h"
#include "util/json_parse.h"

namespace logset {
namespace {

using internal::Json;

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Json ParseBody(const std::string& body) {
  if (IsBlank(body)) return Json::object();
  Json parsed = internal::ParseJsonDocument(body);
  if (!parsed.is_object()) {
    throw InvalidArgument("api.body_not_object", "Request body must be a JSON object.");
  }
  return parsed;
}

ApiResponse Dispatch(Store& store, const ApiRequest& request) {
  if (request.body.size() > Api::kMaxBodyBytes) {
    throw TooLarge("api.too_large", "Request body too large (limit 20 MB).");
  }
  const auto route = internal::MatchRoute(request.path);
  if (!route) throw NotFound("api.no_route");

  internal::Caller caller;
  {
    auto session = internal::StoreAccess::Read(store);
    caller = internal::Authenticate(session.db(), request.authorization);
  }

  const int method = internal::MethodIndex(request.method);
  if (method < 0 || route->handlers[method] == nullptr) {
    ApiResponse r = internal::JsonResponse(
        405, Json{{"detail", "Method \"" + request.method + "\" not allowed."}});
    r.headers.emplace_back("Allow", route->AllowHeader());
    return r;
  }

  internal::RequestContext ctx{
      request, store, std::move(caller), route->path_params, internal::QueryParams(request.query),
      Json()};
  if (route->takes_body[method]) ctx.body = ParseBody(request.body);
  return route->handlers[method](ctx);
}

}  // namespace

Api::Api(Store& store) : store_(store) {}

ApiResponse Api::Handle(const ApiRequest& request) const {
  try {
    const internal::QueryBudgetScope budget(store_.options().query_timeout_ms, request.cancelled);
    return Dispatch(store_, request);
  } catch (...) {
    const Error error = internal::TranslateCurrentException();
    const auto& log = store_.options().logger;
    if (log && (error.code() == ErrorCode::kInternal || error.code() == ErrorCode::kStorage)) {
      log(request.method + " " + request.path + ": " + error.what());
    }
    return internal::ErrorResponse(error);
  }
}

}  // namespace logset
