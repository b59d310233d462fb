// SPDX-License-Identifier: MIT
// The route table (API.md 3.1, 3.2): every route, literal segments, path ids, methods, Allow.
#include "api/router.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "api/handlers.h"

namespace logset::internal {
namespace {

constexpr const char* kDs = "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a";
constexpr const char* kUid = "2844b4f401854250aec6ee1ffd8f38be";
constexpr const char* kTask = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";

std::string P(const std::string& pattern) {
  std::string out = pattern;
  for (const auto& [name, value] :
       {std::pair<std::string, std::string>{"{ds}", kDs}, {"{uid}", kUid}, {"{task}", kTask}}) {
    const size_t at = out.find(name);
    if (at != std::string::npos) out.replace(at, name.size(), value);
  }
  return out;
}

struct RouteRow {
  const char* id;  // API.md index, e.g. "D1"
  const char* method;
  const char* pattern;  // with a trailing slash; {ds} {uid} {task} are filled in
  Handler handler;
  bool takes_body;
  std::vector<std::string> params;
};

const std::vector<RouteRow>& AllRoutes() {
  static const std::vector<RouteRow> kRows = {
      {"D1", "POST", "/api/datasets/", CreateDataset, true, {}},
      {"D2", "POST", "/api/datasets/list/", ListDatasets, true, {}},
      {"D2 legacy", "GET", "/api/datasets/list/", ListDatasets, false, {}},
      {"D3", "GET", "/api/datasets/{ds}/", GetDataset, false, {kDs}},
      {"D4", "PATCH", "/api/datasets/{ds}/", UpdateDataset, true, {kDs}},
      {"D5", "DELETE", "/api/datasets/{ds}/", DeleteDataset, false, {kDs}},
      {"L1", "POST", "/api/datasets/{ds}/logs/", CreateDatasetLog, true, {kDs}},
      {"L2", "POST", "/api/datasets/{ds}/logs/list/", ListDatasetLogs, true, {kDs}},
      {"L2 legacy", "GET", "/api/datasets/{ds}/logs/list/", ListDatasetLogs, false, {kDs}},
      {"L3", "GET", "/api/datasets/{ds}/logs/{uid}/", GetDatasetLog, false, {kDs, kUid}},
      {"L4", "PATCH", "/api/datasets/{ds}/logs/{uid}/", PatchDatasetLog, true, {kDs, kUid}},
      {"L5", "PUT", "/api/datasets/{ds}/logs/{uid}/", PutDatasetLog, true, {kDs, kUid}},
      {"L6", "DELETE", "/api/datasets/{ds}/logs/{uid}/", DeleteDatasetLog, false, {kDs, kUid}},
      {"L7", "POST", "/api/datasets/{ds}/logs/bulk/", BulkDatasetLogs, true, {kDs}},
      {"L8", "POST", "/api/datasets/{ds}/logs/import/", ImportDatasetLogs, true, {kDs}},
      {"L9", "DELETE", "/api/datasets/{ds}/logs/import/", RemoveDatasetLogs, true, {kDs}},
      {"L9 legacy", "DELETE", "/api/datasets/{ds}/logs/delete/", RemoveDatasetLogs, true, {kDs}},
      {"S1", "GET", "/api/datasets/{ds}/logs/summary/", DatasetLogSummary, false, {kDs}},
      {"S2", "POST", "/api/datasets/{ds}/logs/summary/", DatasetLogSummary, true, {kDs}},
      {"E1", "POST", "/api/datasets/{ds}/eval-reports/create/", CreateEvalReports, true, {kDs}},
      {"E2", "GET", "/api/datasets/{ds}/eval-reports/list/", ListEvalReports, false, {kDs}},
      {"E legacy",
       "GET",
       "/api/datasets/{ds}/eval-reports/{task}/",
       GetEvalReport,
       false,
       {kDs, kTask}},
      {"R1", "POST", "/api/request-logs/", CreateRequestLog, true, {}},
      {"R1 legacy", "POST", "/api/request-logs/create/", CreateRequestLog, true, {}},
      {"R2", "POST", "/api/request-logs/list/", ListRequestLogs, true, {}},
      {"R2 GET", "GET", "/api/request-logs/list/", ListRequestLogs, false, {}},
      {"R2 legacy", "GET", "/api/request-logs/", ListRequestLogs, false, {}},
      {"R3", "GET", "/api/request-logs/{uid}/", GetRequestLog, false, {kUid}},
      {"R4", "PATCH", "/api/request-logs/{uid}/", UpdateRequestLog, true, {kUid}},
      {"R5 GET", "GET", "/api/request-logs/summary/", RequestLogSummary, false, {}},
      {"R5 POST", "POST", "/api/request-logs/summary/", RequestLogSummary, true, {}},
      {"R6", "POST", "/api/request-logs/bulk/", BulkCreateRequestLogs, true, {}},
  };
  return kRows;
}

}  // namespace

TEST_SUITE_BEGIN("router");

TEST_CASE("every route maps to its handler with and without the trailing slash") {
  for (const RouteRow& row : AllRoutes()) {
    const std::string with_slash = P(row.pattern);
    const std::string without_slash = with_slash.substr(0, with_slash.size() - 1);
    for (const std::string& path : {with_slash, without_slash}) {
      const std::string id = row.id;
      CAPTURE(id);
      CAPTURE(path);
      const auto match = MatchRoute(path);
      REQUIRE(match.has_value());
      const int method = MethodIndex(row.method);
      REQUIRE(method >= 0);
      CHECK((match->handlers[method] == row.handler));
      CHECK(match->takes_body[method] == row.takes_body);
      CHECK(match->path_params == row.params);
    }
  }
}

TEST_CASE("no GET handler reads a body") {
  for (const RouteRow& row : AllRoutes()) {
    const std::string id = row.id;
    CAPTURE(id);
    const auto match = MatchRoute(P(row.pattern));
    REQUIRE(match.has_value());
    CHECK_FALSE(match->takes_body[MethodIndex("GET")]);
  }
}

TEST_CASE("each route allows exactly its methods, in the order GET POST PUT PATCH DELETE") {
  struct Row {
    const char* pattern;
    const char* allow;
  };
  const Row rows[] = {
      {"/api/datasets/", "POST"},
      {"/api/datasets/list/", "GET, POST"},
      {"/api/datasets/{ds}/", "GET, PATCH, DELETE"},
      {"/api/datasets/{ds}/logs/", "POST"},
      {"/api/datasets/{ds}/logs/list/", "GET, POST"},
      {"/api/datasets/{ds}/logs/{uid}/", "GET, PUT, PATCH, DELETE"},
      {"/api/datasets/{ds}/logs/bulk/", "POST"},
      {"/api/datasets/{ds}/logs/import/", "POST, DELETE"},
      {"/api/datasets/{ds}/logs/delete/", "DELETE"},
      {"/api/datasets/{ds}/logs/summary/", "GET, POST"},
      {"/api/datasets/{ds}/eval-reports/create/", "POST"},
      {"/api/datasets/{ds}/eval-reports/list/", "GET"},
      {"/api/datasets/{ds}/eval-reports/{task}/", "GET"},
      {"/api/request-logs/", "GET, POST"},
      {"/api/request-logs/create/", "POST"},
      {"/api/request-logs/list/", "GET, POST"},
      {"/api/request-logs/summary/", "GET, POST"},
      {"/api/request-logs/bulk/", "POST"},
      {"/api/request-logs/{uid}/", "GET, PATCH"},
  };
  for (const Row& row : rows) {
    const std::string pattern = row.pattern;
    CAPTURE(pattern);
    const auto match = MatchRoute(P(row.pattern));
    REQUIRE(match.has_value());
    CHECK(match->AllowHeader() == row.allow);
  }
}

TEST_CASE("literal segments win over id segments") {
  struct Row {
    const char* method;
    const char* path;
    Handler handler;
    std::vector<std::string> params;
  };
  const Row rows[] = {
      {"GET", "/api/datasets/list/", ListDatasets, {}},
      {"GET", "/api/datasets/{ds}/logs/list/", ListDatasetLogs, {kDs}},
      {"GET", "/api/datasets/{ds}/logs/summary/", DatasetLogSummary, {kDs}},
      {"POST", "/api/datasets/{ds}/logs/bulk/", BulkDatasetLogs, {kDs}},
      {"POST", "/api/datasets/{ds}/logs/import/", ImportDatasetLogs, {kDs}},
      {"DELETE", "/api/datasets/{ds}/logs/delete/", RemoveDatasetLogs, {kDs}},
      {"GET", "/api/datasets/{ds}/eval-reports/list/", ListEvalReports, {kDs}},
      {"POST", "/api/datasets/{ds}/eval-reports/create", CreateEvalReports, {kDs}},
      {"GET", "/api/request-logs/list/", ListRequestLogs, {}},
      {"GET", "/api/request-logs/summary/", RequestLogSummary, {}},
      {"POST", "/api/request-logs/bulk/", BulkCreateRequestLogs, {}},
      {"POST", "/api/request-logs/create/", CreateRequestLog, {}},
      // A literal word in an id position is just an id.
      {"POST", "/api/datasets/list/logs/", CreateDatasetLog, {"list"}},
      {"GET", "/api/datasets/summary/logs/bulk/", nullptr, {"summary"}},
      {"GET", "/api/datasets/{ds}/logs/import/x/", nullptr, {}},
  };
  for (const Row& row : rows) {
    const std::string path = P(row.path);
    CAPTURE(path);
    const auto match = MatchRoute(path);
    if (row.handler == nullptr && row.params.empty()) {
      CHECK_FALSE(match.has_value());
      continue;
    }
    REQUIRE(match.has_value());
    CHECK((match->handlers[MethodIndex(row.method)] == row.handler));
    CHECK(match->path_params == row.params);
  }
}

TEST_CASE("path ids are percent-decoded, without treating plus as a space") {
  auto match = MatchRoute("/api/datasets/a%20b/logs/c%2Fd/");
  REQUIRE(match.has_value());
  CHECK((match->handlers[MethodIndex("GET")] == GetDatasetLog));
  CHECK(match->path_params == std::vector<std::string>{"a b", "c/d"});

  match = MatchRoute("/api/datasets/a+b%2B/");
  REQUIRE(match.has_value());
  CHECK(match->path_params == std::vector<std::string>{"a+b+"});

  match = MatchRoute("/api/request-logs/%E2%82%AC");
  REQUIRE(match.has_value());
  CHECK(match->path_params == std::vector<std::string>{"\xE2\x82\xAC"});
}

TEST_CASE("paths outside the route table are not matched") {
  const char* unmatched[] = {
      "",
      "/",
      "/api",
      "/api/",
      "/api//",
      "/datasets/",
      "/datasets/list/",
      "/request-logs/",
      "/v1/datasets/",
      "api/datasets/",
      "/API/datasets/",
      "/api/Datasets/",
      "/api/Request-logs/list/",
      "/api/unknown/",
      "/api/datasets//",
      "/api//datasets/",
      "/api/datasets/list//",
      "/api/datasets//logs/",
      "/api/datasets/x/logs/y/z/",
      "/api/datasets/x/logs/y/z/w/",
      "/api/datasets/x/eval-reports/",
      "/api/datasets/x/unknown/",
      "/api/request-logs/x/y/",
      "/api/request-logs/list/extra/",
      " /api/datasets/",
  };
  for (const std::string path : unmatched) {
    CAPTURE(path);
    CHECK_FALSE(MatchRoute(path).has_value());
  }
}

TEST_CASE("paths are case-sensitive but ids keep their case") {
  const auto match = MatchRoute("/api/datasets/ABC/");
  REQUIRE(match.has_value());
  CHECK((match->handlers[MethodIndex("GET")] == GetDataset));
  CHECK(match->path_params == std::vector<std::string>{"ABC"});
}

TEST_CASE("only the five upper-case methods are recognised") {
  CHECK(MethodIndex("GET") == 0);
  CHECK(MethodIndex("POST") == 1);
  CHECK(MethodIndex("PUT") == 2);
  CHECK(MethodIndex("PATCH") == 3);
  CHECK(MethodIndex("DELETE") == 4);
  for (const std::string method :
       {"HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "Post", "patch", "", " GET", "GET "}) {
    CAPTURE(method);
    CHECK(MethodIndex(method) == -1);
  }
}

TEST_SUITE_END();

}  // namespace logset::internal
