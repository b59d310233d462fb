// SPDX-License-Identifier: MIT
// Test harness for the request-log endpoints: an in-memory store and Api::Handle calls.
#ifndef LOGSET_TESTS_REQUEST_LOG_TEST_UTIL_H_
#define LOGSET_TESTS_REQUEST_LOG_TEST_UTIL_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "logset/api.h"
#include "logset/keys.h"
#include "logset/store.h"
#include "store/store_access.h"

namespace logset::request_log_test {

using Json = nlohmann::ordered_json;

struct Reply {
  int status = 0;
  Json body;
  std::string text;
};

// A fresh in-memory store with its dispatcher; calls default to the default organisation.
struct Harness {
  std::unique_ptr<Store> store;
  std::unique_ptr<Api> api;
  std::string auth = "Bearer k-default";

  Harness() {
    StoreOptions options;
    options.path = ":memory:";
    store = Store::Open(options);
    api = std::make_unique<Api>(*store);
  }

  Reply Call(const std::string& method, const std::string& path, const std::string& query = "",
             const Json& body = nullptr, const std::string& authorization = "") const {
    ApiRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.authorization = authorization.empty() ? auth : authorization;
    request.host = "example.test";
    if (!body.is_null()) request.body = body.dump();
    const ApiResponse response = api->Handle(request);
    Reply r;
    r.status = response.status;
    r.text = response.body;
    if (!response.body.empty()) r.body = Json::parse(response.body);
    return r;
  }

  Reply Create(const Json& body) const { return Call("POST", "/api/request-logs/", "", body); }
  Reply Get(const std::string& uid) const { return Call("GET", "/api/request-logs/" + uid + "/"); }
  Reply List(const std::string& query, const Json& body = Json::object()) const {
    return Call("POST", "/api/request-logs/list/", query, body);
  }
  Reply Bulk(const Json& logs) const {
    return Call("POST", "/api/request-logs/bulk/", "", Json{{"logs", logs}});
  }

  // Creates one log and returns its full R3 object.
  Json Stored(const Json& body) const {
    const Reply created = Create(body);
    REQUIRE(created.status == 200);
    const Reply got = Get(created.body["unique_id"].get<std::string>());
    REQUIRE(got.status == 200);
    return got.body;
  }

  int64_t Count(const std::string& sql) const {
    auto session = internal::StoreAccess::Read(*store);
    return session.db().execAndGet(sql).getInt64();
  }
};

inline std::string Ts(int second) {
  return "2025-01-01T00:00:" + std::string(second < 10 ? "0" : "") + std::to_string(second) + "Z";
}

inline std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

inline std::vector<std::string> Ids(const Json& page) {
  std::vector<std::string> out;
  for (const Json& log : page["results"]) out.push_back(log["unique_id"].get<std::string>());
  return out;
}

}  // namespace logset::request_log_test

#endif  // LOGSET_TESTS_REQUEST_LOG_TEST_UTIL_H_
