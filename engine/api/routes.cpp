// SPDX-License-Identifier: MIT
// The route table of API.md 3.1 and 3.2, and matching a path against it.
#include <algorithm>

#include "api/query_params.h"
#include "api/router.h"

namespace logset::internal {
namespace {

enum Method { kGet, kPost, kPut, kPatch, kDelete };

struct MethodRoute {
  Method method;
  Handler handler;
  bool takes_body;
};

struct Route {
  const char* pattern;  // segments after /api/, "{}" for an id
  std::vector<MethodRoute> methods;
};

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {"datasets", {{kPost, CreateDataset, true}}},
      {"datasets/list", {{kGet, ListDatasets, false}, {kPost, ListDatasets, true}}},
      {"datasets/{}",
       {{kGet, GetDataset, false}, {kPatch, UpdateDataset, true}, {kDelete, DeleteDataset, false}}},
      {"datasets/{}/logs", {{kPost, CreateDatasetLog, true}}},
      {"datasets/{}/logs/list", {{kGet, ListDatasetLogs, false}, {kPost, ListDatasetLogs, true}}},
      {"datasets/{}/logs/bulk", {{kPost, BulkDatasetLogs, true}}},
      {"datasets/{}/logs/import",
       {{kPost, ImportDatasetLogs, true}, {kDelete, RemoveDatasetLogs, true}}},
      {"datasets/{}/logs/delete", {{kDelete, RemoveDatasetLogs, true}}},
      {"datasets/{}/logs/summary",
       {{kGet, DatasetLogSummary, false}, {kPost, DatasetLogSummary, true}}},
      {"datasets/{}/logs/{}",
       {{kGet, GetDatasetLog, false},
        {kPut, PutDatasetLog, true},
        {kPatch, PatchDatasetLog, true},
        {kDelete, DeleteDatasetLog, false}}},
      {"datasets/{}/eval-reports/create", {{kPost, CreateEvalReports, true}}},
      {"datasets/{}/eval-reports/list", {{kGet, ListEvalReports, false}}},
      {"datasets/{}/eval-reports/{}", {{kGet, GetEvalReport, false}}},
      {"request-logs", {{kGet, ListRequestLogs, false}, {kPost, CreateRequestLog, true}}},
      {"request-logs/create", {{kPost, CreateRequestLog, true}}},
      {"request-logs/list", {{kGet, ListRequestLogs, false}, {kPost, ListRequestLogs, true}}},
      {"request-logs/summary",
       {{kGet, RequestLogSummary, false}, {kPost, RequestLogSummary, true}}},
      {"request-logs/bulk", {{kPost, BulkCreateRequestLogs, true}}},
      {"request-logs/{}", {{kGet, GetRequestLog, false}, {kPatch, UpdateRequestLog, true}}},
      {"health-check", {{kGet, HealthCheck, false}}},
      {"exports/{}", {{kGet, DownloadExport, false}}},
  };
  return kRoutes;
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t slash = s.find('/', start);
    out.push_back(s.substr(start, slash == std::string_view::npos ? s.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

int MethodIndex(std::string_view method) {
  for (int i = 0; i < 5; ++i) {
    if (method == kMethods[i]) return i;
  }
  return -1;
}

std::string RouteMatch::AllowHeader() const {
  std::string out;
  for (int i = 0; i < 5; ++i) {
    if (handlers[i] == nullptr) continue;
    if (!out.empty()) out += ", ";
    out += kMethods[i];
  }
  return out;
}

std::optional<RouteMatch> MatchRoute(std::string_view raw_path) {
  constexpr std::string_view kPrefix = "/api/";
  if (raw_path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest = raw_path.substr(kPrefix.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty()) return std::nullopt;
  const auto segments = Split(rest);

  const Route* best = nullptr;
  std::vector<bool> best_shape;
  for (const Route& route : Routes()) {
    const auto pattern = Split(route.pattern);
    if (pattern.size() != segments.size()) continue;
    std::vector<bool> shape;  // true where the pattern segment is literal
    bool ok = true;
    for (size_t i = 0; i < pattern.size() && ok; ++i) {
      if (pattern[i] == "{}") {
        ok = !segments[i].empty();
        shape.push_back(false);
      } else {
        ok = pattern[i] == segments[i];
        shape.push_back(true);
      }
    }
    // Literal segments win over ids: the lexicographically greatest shape is the most literal
    // at the first place two candidates differ.
    if (ok && (best == nullptr || shape > best_shape)) {
      best = &route;
      best_shape = std::move(shape);
    }
  }
  if (best == nullptr) return std::nullopt;

  RouteMatch match;
  for (const MethodRoute& m : best->methods) {
    match.handlers[m.method] = m.handler;
    match.takes_body[m.method] = m.takes_body;
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    if (!best_shape[i]) match.path_params.push_back(PercentDecode(segments[i], false));
  }
  return match;
}

}  // namespace logset::internal
