// SPDX-License-Identifier: MIT
// Datasets D1-D5 through Api::Handle: creation, validation, listing, update, delete, scoping.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "logset/api.h"
#include "logset/keys.h"
#include "logset/store.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::ApiResult;
using testing::Json;

constexpr const char* kMine = "Bearer k-default";
constexpr const char* kOther = "Bearer k-other";

// A fresh store in keyed mode with two organisations, "default" (id 1) and "other".
struct DatasetApi {
  std::unique_ptr<Store> store = testing::OpenMemoryStore();
  Api api{*store};

  DatasetApi() {
    AddApiKey(*store, "default", "prod", "k-default");
    AddApiKey(*store, "other", "prod", "k-other");
  }

  ApiResult Call(const std::string& method, const std::string& path, const Json& body = Json(),
                 const std::string& auth = kMine) {
    return testing::ApiCall(api, method, path, body, auth);
  }

  std::string Create(const std::string& name, const std::string& auth = kMine) {
    const ApiResult r = Call("POST", "/api/datasets/", {{"name", name}, {"is_empty", true}}, auth);
    REQUIRE_MESSAGE(r.status == 201, r.raw_body);
    return r.body["id"].get<std::string>();
  }

  int64_t Scalar(const std::string& sql) {
    auto session = internal::StoreAccess::Read(*store);
    return session.db().execAndGet(sql).getInt64();
  }
  void Exec(const std::string& sql) {
    auto session = internal::StoreAccess::Write(*store);
    session.db().exec(sql);
    session.Commit();
  }
};

bool IsTimestamp(const Json& v) {
  static const std::regex kShape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)");
  return v.is_string() && std::regex_match(v.get<std::string>(), kShape);
}

bool IsUuid(const Json& v) {
  static const std::regex kShape(R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  return v.is_string() && std::regex_match(v.get<std::string>(), kShape);
}

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

void CheckError(const ApiResult& r, int status, const std::string& field,
                const std::string& detail) {
  CHECK_MESSAGE(r.status == status, r.raw_body);
  CHECK(r.body.value("field", "") == field);
  CHECK(r.Detail() == detail);
}

const std::vector<std::string> kDatasetKeys = {"id",
                                               "name",
                                               "description",
                                               "type",
                                               "status",
                                               "running_status",
                                               "running_progress",
                                               "running_at",
                                               "log_count",
                                               "completed_annotation_count",
                                               "initial_log_filters",
                                               "organization",
                                               "organization_id",
                                               "unique_organization_ids",
                                               "timestamps",
                                               "evaluator",
                                               "updated_by",
                                               "created_at",
                                               "updated_at",
                                               "log_ids",
                                               "starred",
                                               "tags",
                                               "source_dataset_id",
                                               "sampling_info"};

}  // namespace

TEST_SUITE_BEGIN("dataset_api");

TEST_CASE("creating an empty dataset answers 201 with every dataset field in its exact JSON type") {
  DatasetApi t;
  const ApiResult r = t.Call("POST", "/api/datasets/",
                             {{"name", "Golden set"}, {"description", "d"}, {"is_empty", true}});
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  const Json& d = r.body;
  CHECK(Keys(d) == kDatasetKeys);
  CHECK(IsUuid(d["id"]));
  CHECK(d["name"] == "Golden set");
  CHECK(d["description"] == "d");
  CHECK(d["type"] == "sampling");
  CHECK(d["status"] == "ready");
  CHECK(d["running_status"] == "pending");
  CHECK(d["running_progress"].is_number_integer());
  CHECK(d["running_progress"] == 0);
  CHECK(d["running_at"].is_null());
  CHECK(d["log_count"].is_number_integer());
  CHECK(d["log_count"] == 0);
  CHECK(d["completed_annotation_count"].is_number_integer());
  CHECK(d["initial_log_filters"] == Json::object());
  // Integers, not strings and not the organisation UUID that logs carry.
  CHECK(d["organization"].is_number_integer());
  CHECK(d["organization"] == 1);
  CHECK(d["organization_id"].is_number_integer());
  CHECK(d["organization_id"] == 1);
  CHECK(d["unique_organization_ids"] == Json::array());
  CHECK(d["timestamps"] == Json::array());
  CHECK(d["evaluator"].is_null());
  CHECK(d["updated_by"].is_null());
  CHECK(IsTimestamp(d["created_at"]));
  CHECK(d["updated_at"] == d["created_at"]);
  CHECK(d["log_ids"] == Json::array());
  CHECK(d["starred"] == false);
  CHECK(d["tags"] == Json::array());
  CHECK(d["source_dataset_id"].is_null());
  CHECK(d["sampling_info"].is_null());

  // The same object is what retrieve shows.
  const ApiResult got = t.Call("GET", "/api/datasets/" + d["id"].get<std::string>() + "/");
  CHECK(got.status == 200);
  CHECK(got.body == d);
}

TEST_CASE("a dataset name is trimmed and must hold 1 to 255 characters") {
  DatasetApi t;
  auto create = [&](const std::string& name) {
    return t.Call("POST", "/api/datasets/", {{"name", name}, {"is_empty", true}});
  };
  SUBCASE("empty") { CheckError(create(""), 400, "name", "name: This field may not be blank."); }
  SUBCASE("whitespace only") {
    CheckError(create(" \t\n "), 400, "name", "name: This field may not be blank.");
  }
  SUBCASE("one character") {
    const ApiResult r = create("x");
    CHECK(r.status == 201);
    CHECK(r.body["name"] == "x");
  }
  SUBCASE("255 characters, surrounded by spaces") {
    const ApiResult r = create("  " + std::string(255, 'a') + "  ");
    CHECK(r.status == 201);
    CHECK(r.body["name"] == std::string(255, 'a'));
  }
  SUBCASE("255 two-byte characters count as 255") {
    std::string name;
    for (int i = 0; i < 255; ++i) name += "\xC3\xA9";  // é
    CHECK(create(name).status == 201);
  }
  SUBCASE("256 characters") {
    CheckError(create(std::string(256, 'a')), 400, "name",
               "name: Ensure this field has no more than 255 characters.");
  }
  SUBCASE("stored trimmed") {
    const ApiResult r = create("  padded  ");
    REQUIRE(r.status == 201);
    const ApiResult got = t.Call("GET", "/api/datasets/" + r.body["id"].get<std::string>());
    CHECK(got.body["name"] == "padded");
  }
  CHECK(t.Scalar("SELECT count(*) FROM datasets WHERE name = ''") == 0);
}

TEST_CASE("each create field is type-checked and the first failure in table order is reported") {
  struct Row {
    Json body;
    const char* field;
    const char* detail;
  };
  const std::vector<Row> rows = {
      {{{"is_empty", true}}, "name", "name: This field is required."},
      {{{"name", nullptr}, {"is_empty", true}}, "name", "name: This field is required."},
      {{{"name", 5}, {"is_empty", true}}, "name", "name: must be a string."},
      {{{"name", "n"}, {"description", 5}}, "description", "description: must be a string."},
      {{{"name", "n"}, {"type", "chat"}}, "type", "type: must be \"sampling\" or \"llm\"."},
      {{{"name", "n"}, {"type", 1}}, "type", "type: must be a string."},
      {{{"name", "n"}, {"is_empty", "true"}}, "is_empty", "is_empty: must be a boolean."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", 0}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", 101}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", -1}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", 40.5}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", "40"}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", true}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling", 18446744073709551615ull}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
      {{{"name", "n"}, {"is_empty", true}, {"start_time", "yesterday"}},
       "start_time",
       "start_time: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z."},
      {{{"name", "n"}, {"is_empty", true}, {"end_time", 5}},
       "end_time",
       "end_time: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z."},
      {{{"name", "n"}, {"is_empty", true}, {"initial_log_filters", Json::array()}},
       "initial_log_filters",
       "initial_log_filters: must be an object."},
      {{{"name", "n"}, {"is_empty", true}, {"initial_log_filters", "x"}},
       "initial_log_filters",
       "initial_log_filters: must be an object."},
      {{{"name", "n"}, {"source_dataset_id", 5}},
       "source_dataset_id",
       "source_dataset_id: must be a string."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling_seed", -1}},
       "sampling_seed",
       "sampling_seed: must be an unsigned 64-bit integer or its decimal string."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling_seed", 1.5}},
       "sampling_seed",
       "sampling_seed: must be an unsigned 64-bit integer or its decimal string."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling_seed", "12a"}},
       "sampling_seed",
       "sampling_seed: must be an unsigned 64-bit integer or its decimal string."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling_seed", "18446744073709551616"}},
       "sampling_seed",
       "sampling_seed: must be an unsigned 64-bit integer or its decimal string."},
      {{{"name", "n"}, {"is_empty", true}, {"sampling_seed", true}},
       "sampling_seed",
       "sampling_seed: must be an unsigned 64-bit integer or its decimal string."},
      {{{"name", "n"}, {"is_empty", true}, {"sample_by", "span"}},
       "sample_by",
       "sample_by: must be \"log\" or \"trace\"."},
      // Two bad fields: the earlier one in the D1 table wins.
      {{{"name", ""}, {"type", "x"}}, "name", "name: This field may not be blank."},
      {{{"name", "n"}, {"type", "x"}, {"sampling", 0}},
       "type",
       "type: must be \"sampling\" or \"llm\"."},
      {{{"name", "n"}, {"sampling", 0}, {"sample_by", "x"}, {"is_empty", true}},
       "sampling",
       "sampling: must be an integer from 1 to 100."},
  };
  DatasetApi t;
  for (const Row& row : rows) {
    CAPTURE(row.body.dump());
    CheckError(t.Call("POST", "/api/datasets/", row.body), 400, row.field, row.detail);
  }
  CHECK(t.Scalar("SELECT count(*) FROM datasets") == 0);
}

TEST_CASE("valid edge values of the optional create fields are accepted") {
  DatasetApi t;
  const std::vector<Json> bodies = {
      {{"sampling", 1}},
      {{"sampling", 100}},
      {{"sampling", 40.0}},
      {{"sampling", nullptr}},
      {{"description", nullptr}},
      {{"type", "llm"}},
      {{"sampling_seed", 18446744073709551615ull}},
      {{"sampling_seed", "18446744073709551615"}},
      {{"sampling_seed", 0}},
      {{"sample_by", "trace"}},
      {{"start_time", "2025-01-01T00:00:00Z"}, {"end_time", "2025-01-01T00:00:00Z"}},
      // Time-bound rules apply to sampled mode only; an empty dataset just type-checks them.
      {{"start_time", "2025-02-01T00:00:00Z"}, {"end_time", "2025-01-01T00:00:00Z"}},
      {{"id", "client-id-is-ignored"}},
  };
  for (Json body : bodies) {
    body["name"] = "n";
    body["is_empty"] = true;
    CAPTURE(body.dump());
    const ApiResult r = t.Call("POST", "/api/datasets/", body);
    CHECK_MESSAGE(r.status == 201, r.raw_body);
    CHECK(r.body["description"] == "");
    CHECK(r.body["id"] != "client-id-is-ignored");
  }
  CHECK(t.Call("POST", "/api/datasets/", {{"name", "n"}, {"type", "llm"}, {"is_empty", true}})
            .body["type"] == "llm");
}

TEST_CASE("a sampled create needs both time bounds in order; equal bounds are fine") {
  DatasetApi t;
  const Json base = {{"name", "n"}};
  CheckError(t.Call("POST", "/api/datasets/", base), 400, "start_time",
             "start_time: This field is required.");
  CheckError(t.Call("POST", "/api/datasets/",
                    {{"name", "n"},
                     {"start_time",
                      "2025-01-01"
                      "T00:00:00Z"}}),
             400, "end_time", "end_time: This field is required.");
  CheckError(t.Call("POST", "/api/datasets/",
                    {{"name", "n"},
                     {"start_time", "2025-01-02T00:00:00Z"},
                     {"end_time", "2025-01-01T00:00:00Z"}}),
             400, "start_time", "start_time: must not be after end_time.");
  // One microsecond apart the other way round is still refused.
  CheckError(t.Call("POST", "/api/datasets/",
                    {{"name", "n"},
                     {"start_time", "2025-01-01T00:00:00.000001Z"},
                     {"end_time", "2025-01-01T00:00:00Z"}}),
             400, "start_time", "start_time: must not be after end_time.");
  CHECK(t.Scalar("SELECT count(*) FROM datasets") == 0);
  const ApiResult equal = t.Call("POST", "/api/datasets/",
                                 {{"name", "n"},
                                  {"start_time", "2025-01-01T00:00:00Z"},
                                  {"end_time", "2025-01-01T00:00:00Z"},
                                  {"sampling", 40}});
  CHECK_MESSAGE(equal.status == 201, equal.raw_body);
  CHECK(equal.body["log_count"] == 0);
  CHECK(equal.body["status"] == "ready");
}

TEST_CASE("a duplicate create checks the source id after validation") {
  DatasetApi t;
  const std::string mine = t.Create("source");
  const std::string theirs = t.Create("theirs", kOther);
  SUBCASE("unknown, malformed and foreign sources are 404") {
    for (const std::string& id : {std::string("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a"),
                                  std::string("abc"), std::string(""), theirs}) {
      CAPTURE(id);
      const ApiResult r = t.Call("POST", "/api/datasets/", {{"source_dataset_id", id}});
      CHECK(r.status == 404);
      CHECK(r.Detail() == "Not found.");
    }
    CHECK(t.Scalar("SELECT count(*) FROM datasets") == 2);
  }
  SUBCASE("validation comes before the 404") {
    CheckError(
        t.Call("POST", "/api/datasets/",
               {{"name", ""}, {"source_dataset_id", "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a"}}),
        400, "name", "name: This field may not be blank.");
    CheckError(t.Call("POST", "/api/datasets/",
                      {{"source_dataset_id", theirs},
                       {"initial_log_filters", {{"cost", {{"operator", "gtt"}}}}}}),
               400, "/initial_log_filters/cost/operator",
               "/initial_log_filters/cost/operator: unknown operator 'gtt'.");
  }
  SUBCASE("an own source without a name is copied as \"<name> (copy)\"") {
    const ApiResult r = t.Call("POST", "/api/datasets/", {{"source_dataset_id", mine}});
    CHECK_MESSAGE(r.status == 201, r.raw_body);
    CHECK(r.body["name"] == "source (copy)");
    CHECK(r.body["source_dataset_id"] == mine);
    CHECK(t.Scalar("SELECT count(*) FROM datasets") == 3);
  }
}

TEST_CASE("initial_log_filters are stored and echoed exactly as sent") {
  DatasetApi t;
  // Key order, a scalar value next to an array value, an operator spelling and a real.
  const std::string filters =
      R"({"status_code":{"operator":"eq","value":200},"model":{"value":["gpt-4o"],"operator":"IN"},)"
      R"("cost":{"operator":"gte","value":1.5},"metadata__tier":{"operator":"","value":[200]}})";
  const ApiResult r = testing::ApiCallRaw(
      t.api, "POST", "/api/datasets/",
      R"({"name":"f","is_empty":true,"initial_log_filters":)" + filters + "}", kMine);
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  CHECK(r.raw_body.find(R"("initial_log_filters":)" + filters) != std::string::npos);
  CHECK(r.body["initial_log_filters"]["status_code"]["value"].is_number_integer());
  CHECK(r.body["initial_log_filters"]["metadata__tier"]["value"] == Json::array({200}));

  const std::string id = r.body["id"].get<std::string>();
  const ApiResult got = t.Call("GET", "/api/datasets/" + id + "/");
  CHECK(got.raw_body.find(R"("initial_log_filters":)" + filters) != std::string::npos);
  const ApiResult listed = t.Call("GET", "/api/datasets/list/");
  CHECK(listed.raw_body.find(R"("initial_log_filters":)" + filters) != std::string::npos);
}

TEST_CASE("listing datasets pages newest first and sorts with ties broken by id") {
  DatasetApi t;
  std::vector<std::string> ids;
  for (const char* name : {"b", "a", "b", "c"}) ids.push_back(t.Create(name));
  t.Create("not mine", kOther);

  const ApiResult r = t.Call("POST", "/api/datasets/list/", {{"filters", Json::object()}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(Keys(r.body) == std::vector<std::string>{"count", "next", "previous", "results",
                                                 "total_count", "current_filters", "filters_data"});
  CHECK(r.body["count"] == 4);
  CHECK(r.body["total_count"] == 4);
  CHECK(r.body["current_filters"] == Json::object());
  CHECK(r.body["filters_data"] == Json::object());
  REQUIRE(r.body["results"].size() == 4);
  // Default -created_at: the newest first (ids break ties within one microsecond).
  for (size_t i = 0; i + 1 < 4; ++i) {
    const Json& a = r.body["results"][i];
    const Json& b = r.body["results"][i + 1];
    CHECK((a["created_at"] > b["created_at"] ||
           (a["created_at"] == b["created_at"] && a["id"] < b["id"])));
  }
  CHECK(Keys(r.body["results"][0]) == kDatasetKeys);

  const ApiResult by_name = t.Call("GET", "/api/datasets/list/?sort_by=name");
  REQUIRE(by_name.status == 200);
  std::vector<std::string> b_ids = {ids[0], ids[2]};
  std::sort(b_ids.begin(), b_ids.end());
  const Json& res = by_name.body["results"];
  CHECK(res[0]["name"] == "a");
  CHECK(res[1]["id"] == b_ids[0]);
  CHECK(res[2]["id"] == b_ids[1]);
  CHECK(res[3]["name"] == "c");
  CHECK(t.Call("GET", "/api/datasets/list/?sort_by=-name").body["results"][0]["name"] == "c");

  SUBCASE("pages and links") {
    const ApiResult p = t.Call("GET", "/api/datasets/list/?page_size=3&page=2");
    CHECK(p.body["results"].size() == 1);
    CHECK(p.body["next"].is_null());
    CHECK(p.body["previous"] == "http://localhost/api/datasets/list/?page_size=3&page=1");
    const ApiResult past = t.Call("GET", "/api/datasets/list/?page=9");
    CHECK(past.status == 200);
    CHECK(past.body["results"] == Json::array());
    CHECK(past.body["count"] == 4);
    CHECK(past.body["next"].is_null());
  }
  SUBCASE("bad page and sort parameters") {
    CheckError(t.Call("GET", "/api/datasets/list/?page=0"), 400, "page",
               "page: must be a positive integer.");
    CheckError(t.Call("GET", "/api/datasets/list/?sort_by=initial_log_filters"), 400, "sort_by",
               "sort_by: unknown or unsortable field 'initial_log_filters'.");
  }
  SUBCASE("filters must be an object over the dataset fields") {
    CheckError(t.Call("POST", "/api/datasets/list/", {{"filters", "x"}}), 400, "filters",
               "filters: must be an object.");
    // Log fields are not dataset fields.
    const ApiResult f = t.Call("POST", "/api/datasets/list/",
                               {{"filters", {{"model", {{"operator", "eq"}, {"value", "a"}}}}}});
    CHECK(f.status == 400);
    CHECK(f.body["field"] == "/filters/model");
    CHECK(f.Detail().rfind("/filters/model: ", 0) == 0);
    const ApiResult bad = t.Call("POST", "/api/datasets/list/",
                                 {{"filters", {{"log_count", {{"operator", "gt"}, {"value", "x"}}}}}});
    CHECK(bad.status == 400);
    CHECK(bad.body["field"].get<std::string>().rfind("/filters/log_count", 0) == 0);
  }
  SUBCASE("filters select datasets and current_filters echoes them exactly") {
    const std::string raw = R"({"name":{"operator":"in","value":["a","c"]},"log_count":{"operator":"lte","value":0}})";
    const ApiResult f = testing::ApiCallRaw(t.api, "POST", "/api/datasets/list/?sort_by=name",
                                            R"({"filters":)" + raw + "}", kMine);
    REQUIRE_MESSAGE(f.status == 200, f.raw_body);
    CHECK(f.body["count"] == 2);
    CHECK(f.body["results"][0]["name"] == "a");
    CHECK(f.body["results"][1]["name"] == "c");
    CHECK(f.raw_body.find(R"("current_filters":)" + raw) != std::string::npos);
    // Another organisation's dataset never matches, whatever the filter.
    const ApiResult theirs = t.Call("POST", "/api/datasets/list/",
                                    {{"filters", {{"name", "not mine"}}}});
    CHECK(theirs.body["count"] == 0);
    const ApiResult by_id = t.Call("POST", "/api/datasets/list/", {{"filters", {{"id", ids[1]}}}});
    CHECK(by_id.body["count"] == 1);
    CHECK(by_id.body["results"][0]["id"] == ids[1]);
  }
}

TEST_CASE("a dataset page holds at most 100 datasets") {
  DatasetApi t;
  for (int i = 0; i < 101; ++i) t.Create("d" + std::to_string(i));
  const ApiResult r = t.Call("GET", "/api/datasets/list/?page_size=500");
  CHECK(r.body["count"] == 101);
  CHECK(r.body["results"].size() == 100);
  CHECK(r.body["next"] == "http://localhost/api/datasets/list/?page_size=500&page=2");
  CHECK(t.Call("GET", "/api/datasets/list/?page_size=500&page=2").body["results"].size() == 1);
}

TEST_CASE("another organisation's, unknown and malformed dataset ids are all 404") {
  DatasetApi t;
  const std::string theirs = t.Create("theirs", kOther);
  const std::string mine = t.Create("mine");
  std::string upper = mine;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  for (const std::string& id : {theirs, std::string("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a"),
                                std::string("not-a-uuid"), upper, mine + "0"}) {
    CAPTURE(id);
    CHECK(t.Call("GET", "/api/datasets/" + id + "/").status == 404);
    // Path ids are checked before the body.
    CHECK(t.Call("PATCH", "/api/datasets/" + id + "/", {{"name", 5}}).status == 404);
    CHECK(t.Call("DELETE", "/api/datasets/" + id + "/").status == 404);
  }
  CHECK(t.Call("GET", "/api/datasets/list/").body["count"] == 1);
  CHECK(t.Call("GET", "/api/datasets/" + theirs, Json(), kOther).status == 200);
}

TEST_CASE("dataset routes answer 405 with Allow for other methods") {
  DatasetApi t;
  const std::string id = t.Create("x");
  ApiResult r = t.Call("GET", "/api/datasets/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "POST");
  r = t.Call("PUT", "/api/datasets/" + id + "/", {{"name", "y"}});
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "GET, PATCH, DELETE");
  r = t.Call("DELETE", "/api/datasets/list/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "GET, POST");
}

TEST_CASE("updating a dataset changes only the given keys and bumps updated_at only on change") {
  DatasetApi t;
  const ApiResult created = t.Call(
      "POST", "/api/datasets/",
      {{"name", "n"}, {"is_empty", true}, {"initial_log_filters", {{"model", {{"value", "x"}}}}}});
  const std::string path = "/api/datasets/" + created.body["id"].get<std::string>() + "/";

  const ApiResult r = t.Call("PATCH", path,
                             {{"name", "  renamed "},
                              {"starred", true},
                              {"tags", {"a", "b", "a"}},
                              {"type", "llm"},
                              {"initial_log_filters", Json::object()},
                              {"log_count", 7}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(Keys(r.body) == kDatasetKeys);
  CHECK(r.body["name"] == "renamed");
  CHECK(r.body["description"] == "");
  CHECK(r.body["starred"] == true);
  CHECK(r.body["tags"] == Json::parse(R"([{"id":"a","name":"a","color":null},
                                          {"id":"b","name":"b","color":null}])"));
  CHECK(r.body["type"] == "sampling");
  CHECK(r.body["initial_log_filters"] == created.body["initial_log_filters"]);
  CHECK(r.body["log_count"] == 0);
  CHECK(r.body["created_at"] == created.body["created_at"]);
  CHECK(r.body["updated_at"] > created.body["updated_at"]);

  SUBCASE("an unchanged value does not bump updated_at") {
    const ApiResult same = t.Call("PATCH", path, {{"name", "renamed"}, {"tags", {"a", "b"}}});
    CHECK(same.status == 200);
    CHECK(same.body["updated_at"] == r.body["updated_at"]);
    CHECK(t.Call("PATCH", path, Json::object()).body["updated_at"] == r.body["updated_at"]);
  }
  SUBCASE("description null means empty, tags can be cleared") {
    t.Call("PATCH", path, {{"description", "text"}});
    const ApiResult cleared =
        t.Call("PATCH", path, {{"description", nullptr}, {"tags", Json::array()}});
    CHECK(cleared.body["description"] == "");
    CHECK(cleared.body["tags"] == Json::array());
  }
  SUBCASE("wrong types are 400 and change nothing") {
    struct Row {
      Json body;
      const char* field;
      const char* detail;
    };
    const std::vector<Row> rows = {
        {{{"name", ""}}, "name", "name: This field may not be blank."},
        {{{"name", nullptr}}, "name", "name: This field may not be null."},
        {{{"name", std::string(256, 'x')}},
         "name",
         "name: Ensure this field has no more than 255 characters."},
        {{{"description", 1}}, "description", "description: must be a string."},
        {{{"starred", "yes"}}, "starred", "starred: must be a boolean."},
        {{{"starred", nullptr}}, "starred", "starred: must be a boolean."},
        {{{"tags", "a"}}, "tags", "tags: must be an array of strings."},
        {{{"tags", {"a", 1}}}, "tags[1]", "tags[1]: must be a string."},
        // A valid change next to an invalid one is not applied either.
        {{{"starred", false}, {"tags", nullptr}}, "tags", "tags: must be an array of strings."},
    };
    for (const Row& row : rows) {
      CAPTURE(row.body.dump());
      CheckError(t.Call("PATCH", path, row.body), 400, row.field, row.detail);
    }
    CHECK(t.Call("GET", path).body == r.body);
  }
}

TEST_CASE("deleting a dataset answers 204 and takes its logs, scores and eval tasks with it") {
  DatasetApi t;
  const std::string id = t.Create("doomed");
  const std::string keep = t.Create("kept");
  for (const std::string& ds : {id, keep}) {
    const ApiResult log = t.Call("POST", "/api/datasets/" + ds + "/logs/", {{"input", "hi"}});
    REQUIRE_MESSAGE(log.status == 201, log.raw_body);
  }
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, created_at) "
      "SELECT id, 'ev', '1', 0 FROM dataset_logs");
  t.Exec(
      "INSERT INTO eval_tasks (org_id, task_id, dataset_id, evaluator_id, name, evaluator_slug, "
      "created_at, updated_at) SELECT 1, 'task-' || uuid, id, 'ev', 'ev', 'ev', 0, 0 "
      "FROM datasets");
  REQUIRE(t.Scalar("SELECT count(*) FROM eval_scores") == 2);

  const ApiResult r = t.Call("DELETE", "/api/datasets/" + id + "/");
  CHECK(r.status == 204);
  CHECK(r.raw_body.empty());
  CHECK(t.Call("GET", "/api/datasets/" + id + "/").status == 404);
  CHECK(t.Call("DELETE", "/api/datasets/" + id + "/").status == 404);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 1);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 1);
  CHECK(t.Scalar("SELECT count(*) FROM eval_tasks") == 1);
  CHECK(t.Call("GET", "/api/datasets/" + keep + "/").body["log_count"] == 1);
}

TEST_SUITE_END();

}  // namespace logset
