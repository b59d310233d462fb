// SPDX-License-Identifier: MIT
// The core log fields of an L1 body or L7 (a) item: derived exactly as request-log ingest derives
// them, a bad value of any of them a 400 naming it, server-assigned ones ignored.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::kMine;
using dataset_test::kOther;
using dataset_test::kTestEnv;
using dataset_test::LogHarness;
using testing::ApiResult;
using testing::Json;

}  // namespace

TEST_SUITE_BEGIN("dataset_log_core_fields");

TEST_CASE("a dataset log derives its core fields exactly as request-log ingest does") {
  struct Row {
    const char* name;
    Json body;
  };
  const std::vector<Row> rows = {
      {"defaults", Json::object()},
      {"tokens and total", {{"prompt_tokens", 7}, {"completion_tokens", 5}}},
      {"given total", {{"prompt_tokens", 7}, {"total_tokens", 3}}},
      {"saturating total", {{"prompt_tokens", INT64_MAX}, {"completion_tokens", 5}}},
      {"unit prices",
       {{"prompt_tokens", 1000},
        {"completion_tokens", 500},
        {"prompt_unit_price", 2.5},
        {"completion_unit_price", 10}}},
      {"one unit price", {{"completion_tokens", 3}, {"completion_unit_price", 1.5}}},
      {"given cost wins", {{"prompt_tokens", 1}, {"prompt_unit_price", 9}, {"cost", 0.5}}},
      {"latency",
       {{"completion_tokens", 9}, {"latency", 1.5}, {"timestamp", "2025-01-01T00:00:10Z"}}},
      {"latency too small for a rate", {{"completion_tokens", 9}, {"latency", 1e-310}}},
      {"latency beyond the calendar", {{"latency", 1e15}, {"timestamp", "2025-01-01T00:00:00Z"}}},
      {"given rate and start",
       {{"latency", 2}, {"tokens_per_second", 3}, {"start_time", "2024-12-31T23:59:59Z"}}},
      {"error code", {{"status_code", 503}}},
      {"error message", {{"error_message", "boom"}}},
      {"empty error message", {{"error_message", ""}, {"status_code", 399}}},
      {"given status", {{"status", "success"}, {"status_code", 500}}},
      {"environment", {{"environment", "staging"}}},
  };
  LogHarness t;
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Json body = row.body;
    body["input"] = "x";
    if (!body.contains("timestamp")) body["timestamp"] = "2025-06-01T12:00:00Z";
    const ApiResult ingested = t.Call("POST", "/api/request-logs/", body, kTestEnv);
    REQUIRE_MESSAGE(ingested.status == 200, ingested.raw_body);
    const ApiResult got =
        t.Call("GET", "/api/request-logs/" + ingested.body["unique_id"].get<std::string>() + "/",
               Json(), kTestEnv);
    REQUIRE_MESSAGE(got.status == 200, got.raw_body);
    const Json& request_log = got.body;
    const Json dataset_log = t.Add(body, kTestEnv);
    for (const char* key :
         {"timestamp", "start_time", "environment", "status", "status_code", "prompt_tokens",
          "completion_tokens", "total_request_tokens", "cost", "latency", "tokens_per_second"}) {
      CAPTURE(key);
      CHECK(dataset_log[key].dump() == request_log[key].dump());
    }
  }

  // Only a dataset log may have a negative latency; its start_time stays writable (and readable
  // back) however large the latency is.
  const Json ahead =
      t.Add({{"input", "x"}, {"timestamp", "2025-01-01T00:00:00Z"}, {"latency", -2}});
  CHECK(ahead["start_time"] == "2025-01-01T00:00:02.000000Z");
  const Json far = t.Add({{"input", "x"}, {"latency", -1e300}});
  CHECK(far["start_time"] == "9999-12-31T23:59:59.999999Z");
  CHECK(t.Call("POST", t.base, far).status == 201);
}

TEST_CASE("a bad value of any core field is a 400 naming it, alone or as a bulk item") {
  struct Row {
    Json body;  // merged with {"input": "x"}
    const char* field;
    const char* detail;
  };
  const char* kTimestamp = "must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z.";
  const auto timestamp_detail = [kTimestamp](const std::string& field) {
    return field + ": " + kTimestamp;
  };
  const std::string ts = timestamp_detail("timestamp");
  const std::string st = timestamp_detail("start_time");
  const std::vector<Row> rows = {
      {{{"environment", 5}}, "environment", "environment: must be a string."},
      {{{"environment", Json::array()}}, "environment", "environment: must be a string."},
      {{{"timestamp", "2025-02-30T00:00:00Z"}}, "timestamp", ts.c_str()},
      {{{"timestamp", "9999-12-31T23:59:59-01:00"}}, "timestamp", ts.c_str()},
      {{{"timestamp", 1700000000}}, "timestamp", ts.c_str()},
      {{{"start_time", "2025-01-01T24:00:00Z"}}, "start_time", st.c_str()},
      {{{"start_time", true}}, "start_time", st.c_str()},
      {{{"log_type", Json::array()}}, "log_type", "log_type: must be a string."},
      {{{"provider_id", Json::object()}}, "provider_id", "provider_id: must be a string."},
      {{{"error_message", 1}}, "error_message", "error_message: must be a string."},
      {{{"status", true}}, "status", "status: must be a string."},
      {{{"status", "failed"}}, "status", "status: must be \"success\" or \"error\"."},
      {{{"status_code", 200.5}}, "status_code", "status_code: must be an integer."},
      {{{"status_code", 1e19}}, "status_code", "status_code: must be an integer."},
      {{{"prompt_tokens", Json::parse("9223372036854775808")}},
       "prompt_tokens",
       "prompt_tokens: must be a non-negative integer."},
      {{{"completion_tokens", 1e19}},
       "completion_tokens",
       "completion_tokens: must be a non-negative integer."},
      {{{"total_request_tokens", -1}},
       "total_request_tokens",
       "total_request_tokens: must be a non-negative integer."},
      {{{"cost", "0.1"}}, "cost", "cost: must be a number."},
      {{{"metrics", {{"cost", Json::object()}}}},
       "metrics.cost",
       "metrics.cost: must be a number."},
      {{{"latency", true}}, "latency", "latency: must be a number."},
      {{{"time_to_first_token", "x"}},
       "time_to_first_token",
       "time_to_first_token: must be a number."},
      {{{"metrics", {{"tokens_per_second", Json::array()}}}},
       "metrics.tokens_per_second",
       "metrics.tokens_per_second: must be a number."},
      {{{"temperature", true}}, "temperature", "temperature: must be a number."},
      {{{"max_tokens", 1.5}}, "max_tokens", "max_tokens: must be an integer."},
      {{{"max_tokens", Json::parse("18446744073709551615")}},
       "max_tokens",
       "max_tokens: must be an integer."},
      {{{"stream", 1}}, "stream", "stream: must be a boolean."},
      {{{"positive_feedback", "yes"}},
       "positive_feedback",
       "positive_feedback: must be a boolean."},
      {{{"custom_identifier", 1}}, "custom_identifier", "custom_identifier: must be a string."},
      {{{"thread_identifier", true}}, "thread_identifier", "thread_identifier: must be a string."},
      {{{"group_identifier", 2.5}}, "group_identifier", "group_identifier: must be a string."},
      {{{"trace_unique_id", Json::array()}},
       "trace_unique_id",
       "trace_unique_id: must be a string."},
      {{{"span_name", 1}}, "span_name", "span_name: must be a string."},
      {{{"span_workflow_name", 1}}, "span_workflow_name", "span_workflow_name: must be a string."},
      {{{"span_parent_id", 1}}, "span_parent_id", "span_parent_id: must be a string."},
      {{{"prompt_id", 1}}, "prompt_id", "prompt_id: must be a string."},
      {{{"metrics", {{"prompt_name", 1}}}},
       "metrics.prompt_name",
       "metrics.prompt_name: must be a string."},
      {{{"prompt_unit_price", "2"}},
       "prompt_unit_price",
       "prompt_unit_price: must be a non-negative number."},
      {{{"completion_unit_price", -1}},
       "completion_unit_price",
       "completion_unit_price: must be a non-negative number."},
      // Finite inputs whose derived cost is not: refused rather than stored as an infinity.
      {{{"prompt_tokens", Json::parse("9000000000000000000")}, {"prompt_unit_price", 1e300}},
       "cost",
       "cost: the unit prices give a cost too large to store."},
  };
  LogHarness t;
  Json items = Json::array();
  for (const Row& row : rows) {
    Json body = row.body;
    body["input"] = "x";
    CAPTURE(body.dump());
    CheckError(t.Call("POST", t.base, body), 400, row.field, row.detail);
    items.push_back(body);
  }
  const ApiResult bulk = t.Call("POST", t.base + "bulk/", {{"logs", items}});
  REQUIRE_MESSAGE(bulk.status == 200, bulk.raw_body);
  CHECK(bulk.body["success_count"] == 0);
  REQUIRE(bulk.body["errors"].size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(bulk.body["errors"][i]["error"] == rows[i].detail);
  }

  // A number beyond a double never reaches a field: the body is refused as JSON.
  for (const char* raw : {R"({"input":"x","cost":1e400})", R"({"input":"x","latency":-1e999})",
                          R"({"input":"x","temperature":NaN})",
                          R"({"input":"x","metrics":{"tokens_per_second":Infinity}})"}) {
    CAPTURE(raw);
    const ApiResult r = testing::ApiCallRaw(*t.api, "POST", t.base, raw, kMine);
    CHECK(r.status == 400);
    CHECK(r.Detail().rfind("JSON parse error - ", 0) == 0);
  }
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 0);
  CHECK(t.Dataset()["log_count"] == 0);
}

TEST_CASE("server-assigned fields in a dataset-log body are ignored, whatever their type") {
  LogHarness t;
  const Json d = t.Add({{"input", "x"},
                        {"id", 5},
                        {"unique_id", "0123456789abcdef0123456789abcdef"},
                        {"organization_id", true},
                        {"dataset_id", Json::array()},
                        {"scores", "none"},
                        {"annotation_status", "completed"},
                        {"annotation_completed_by", 1},
                        {"source_log_id", 2},
                        {"created_at", "yesterday"},
                        {"updated_at", 3}});
  CHECK(d["unique_id"] != "0123456789abcdef0123456789abcdef");
  CHECK(d["organization_id"] == t.OrgUuid());
  CHECK(d["dataset_id"] == t.ds);
  CHECK(d["scores"] == Json::array());
  CHECK(d["annotation_status"] == "pending");
  CHECK(d["annotation_completed_by"].is_null());
  CHECK(d["source_log_id"].is_null());
  CHECK(t.Dataset()["completed_annotation_count"] == 0);
  CHECK(t.Call("GET", t.base + d["unique_id"].get<std::string>() + "/", Json(), kOther).status ==
        404);
}

TEST_SUITE_END();

}  // namespace logset
