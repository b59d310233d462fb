// SPDX-License-Identifier: MIT
// Dataset creation D1 through Api::Handle: the dataset object, validation in table order, the
// sampled-mode time bounds, duplicate-mode 404s and the verbatim echo of initial_log_filters.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::DatasetApi;
using dataset_test::DatasetKeys;
using dataset_test::IsTimestamp;
using dataset_test::IsUuid;
using dataset_test::Keys;
using dataset_test::kMine;
using dataset_test::kOther;
using testing::ApiResult;
using testing::Json;

}  // namespace

TEST_SUITE_BEGIN("dataset_create");

TEST_CASE("creating an empty dataset answers 201 with every dataset field in its exact JSON type") {
  DatasetApi t;
  const ApiResult r = t.Call("POST", "/api/datasets/",
                             {{"name", "Golden set"}, {"description", "d"}, {"is_empty", true}});
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  const Json& d = r.body;
  CHECK(Keys(d) == DatasetKeys());
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

TEST_CASE("a sampled create needs both time bounds in order, and equal bounds are fine") {
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
      *t.api, "POST", "/api/datasets/",
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

TEST_SUITE_END();

}  // namespace logset
