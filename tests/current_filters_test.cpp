// SPDX-License-Identifier: MIT
// The `current_filters` echo: every top-level field as one {"operator", "value", ...} object, the
// shape the official client's list-page models accept, for shorthand and full-form filters alike.
#include "api/current_filters.h"

#include <doctest/doctest.h>

#include <string>

#include "test_util.h"

namespace logset {
namespace {

using testing::ApiCall;
using testing::ApiResult;
using testing::Json;

// What the client's page model checks: every value an object whose `operator`, when present, is
// a string. A page failing it is parsed as the "message" variant, losing its results.
bool ClientParses(const Json& current_filters) {
  if (!current_filters.is_object()) return false;
  for (const auto& [key, value] : current_filters.items()) {
    if (!value.is_object()) return false;
    if (value.contains("operator") && !value["operator"].is_string()) return false;
  }
  return true;
}

struct Row {
  const char* filters;
  const char* echo;
};

// Shorthand inputs beside the full form they mean; full forms echo unchanged.
const Row kRows[] = {
    {R"({})", R"({})"},
    {R"({"model":"gpt-4"})", R"({"model":{"operator":"eq","value":"gpt-4"}})"},
    {R"({"status_code":200})", R"({"status_code":{"operator":"eq","value":200}})"},
    {R"({"model":null})", R"({"model":{"operator":"eq","value":null}})"},
    {R"({"model":["a","b"]})", R"({"model":{"operator":"in","value":["a","b"]}})"},
    {R"({"model":[]})", R"({"model":{"operator":"in","value":[]}})"},
    {R"({"cost":{"gte":0.5}})", R"({"cost":{"operator":"gte","value":0.5}})"},
    {R"({"cost":{"gte":0.5,"lt":4,"connector":"OR"}})",
     R"({"cost":{"operator":"gte","value":0.5,"connector":"OR"}})"},
    {R"({"model":{"value":"x"}})", R"({"model":{"operator":"eq","value":"x"}})"},
    {R"({"model":{"operator":"isnull"}})", R"({"model":{"operator":"isnull","value":null}})"},
    {R"({"model":{}})", R"({"model":{"operator":"eq","value":null}})"},
    {R"({"model":{"connector":"OR","value":"x","operator":""}})",
     R"({"model":{"operator":"","value":"x","connector":"OR"}})"},
    {R"({"model":{"operator":"eq","value":"gpt-4"}})",
     R"({"model":{"operator":"eq","value":"gpt-4"}})"},
    {R"({"metadata__tier":{"operator":"","value":["gold"]}})",
     R"({"metadata__tier":{"operator":"","value":["gold"]}})"},
    {R"({"cost":[{"operator":"gte","value":1},{"operator":"lte","value":5}]})",
     R"({"cost":{"operator":"gte","value":1}})"},
    {R"({"cost":[{"value":1},{"operator":"lte","value":5}]})",
     R"({"cost":{"operator":"eq","value":1}})"},
    {R"({"g":{"connector":"OR","filter_params":{"model":"a","cost":{"gt":1}}}})",
     R"({"g":{"connector":"OR","filter_params":{"model":"a","cost":{"gt":1}}}})"},
    {R"({"connector":"OR","filter_params":{"model":"a","cost":{"gt":1}}})",
     R"({"model":{"operator":"eq","value":"a"},"cost":{"operator":"gt","value":1}})"},
    {R"({"filter_params":{"model":["a"]}})", R"({"model":{"operator":"in","value":["a"]}})"},
};

}  // namespace

TEST_SUITE_BEGIN("current_filters");

TEST_CASE("current_filters echoes shorthand filters as conditions and full forms unchanged") {
  for (const Row& row : kRows) {
    CAPTURE(row.filters);
    const Json echo = internal::CurrentFiltersEcho(Json::parse(row.filters));
    CHECK(echo.dump() == row.echo);
    CHECK(ClientParses(echo));
  }
  CHECK(internal::CurrentFiltersEcho(Json()) == Json::object());
  CHECK(internal::CurrentFiltersEcho(Json::array()) == Json::object());
}

TEST_CASE("every list that echoes current_filters echoes the condition shape") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  const ApiResult created =
      ApiCall(api, "POST", "/api/datasets/", {{"name", "d"}, {"is_empty", true}});
  REQUIRE_MESSAGE(created.status == 201, created.raw_body);
  const std::string ds = created.body["id"].get<std::string>();
  REQUIRE(
      ApiCall(api, "POST", "/api/datasets/" + ds + "/logs/", {{"input", "hi"}, {"model", "gpt-4"}})
          .status == 201);
  REQUIRE(
      ApiCall(api, "POST", "/api/request-logs/", {{"model", "gpt-4"}, {"input", "hi"}}).status ==
      200);

  struct Family {
    const char* path;
    const char* shorthand;  // one field of the family, as a shorthand
    const char* full;       // the same condition, full form
    const char* echo;
  };
  const std::string logs = "/api/datasets/" + ds + "/logs/list/";
  const Family families[] = {
      {"/api/request-logs/list/", R"({"model":"gpt-4"})",
       R"({"model":{"operator":"eq","value":"gpt-4"}})",
       R"({"model":{"operator":"eq","value":"gpt-4"}})"},
      {logs.c_str(), R"({"model":"gpt-4"})", R"({"model":{"operator":"eq","value":"gpt-4"}})",
       R"({"model":{"operator":"eq","value":"gpt-4"}})"},
      {"/api/datasets/list/", R"({"name":["d","e"]})",
       R"({"name":{"operator":"in","value":["d","e"]}})",
       R"({"name":{"operator":"in","value":["d","e"]}})"},
  };
  for (const Family& family : families) {
    CAPTURE(family.path);
    for (const char* filters : {family.shorthand, family.full}) {
      CAPTURE(filters);
      const ApiResult r =
          ApiCall(api, "POST", family.path, Json{{"filters", Json::parse(filters)}});
      REQUIRE_MESSAGE(r.status == 200, r.raw_body);
      CHECK(r.body["count"] == 1);
      CHECK(r.body["current_filters"].dump() == family.echo);
      CHECK(ClientParses(r.body["current_filters"]));
    }
    // A GET list has no body, so nothing to echo.
    CHECK(ApiCall(api, "GET", family.path).body["current_filters"] == Json::object());
  }
}

TEST_SUITE_END();

}  // namespace logset
