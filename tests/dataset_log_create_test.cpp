// SPDX-License-Identifier: MIT
// Dataset logs L1 and L7 (a) through Api::Handle: creation with promotion and defaults, derived
// prompt and completion, and bulk creation with per-item errors.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::IsTimestamp;
using dataset_test::Keys;
using dataset_test::kMine;
using dataset_test::kTestEnv;
using dataset_test::LogHarness;
using dataset_test::LogKeys;
using testing::ApiResult;
using testing::Json;

}  // namespace

TEST_SUITE_BEGIN("dataset_log_create");

TEST_CASE("creating a dataset log answers 201 and the detail shows every field with defaults") {
  LogHarness t;
  const ApiResult r = t.Call("POST", t.base, {{"input", "What is 2+2?"}, {"id", "ignored"}});
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  CHECK(Keys(r.body) == std::vector<std::string>{"message", "unique_id"});
  CHECK(r.body["message"] == "Dataset log created successfully");
  const std::string uid = r.body["unique_id"].get<std::string>();
  CHECK(std::regex_match(uid, std::regex("[0-9a-f]{32}")));

  const ApiResult got = t.Call("GET", t.base + uid + "/");
  REQUIRE(got.status == 200);
  const Json& d = got.body;
  CHECK(Keys(d) == LogKeys());
  CHECK(d["id"] == uid);
  CHECK(d["unique_id"] == uid);
  CHECK(d["organization_id"] == t.OrgUuid());
  CHECK(d["environment"] == "prod");
  CHECK(IsTimestamp(d["timestamp"]));
  CHECK(d["start_time"] == d["timestamp"]);
  CHECK(d["log_type"].is_null());
  CHECK(d["model"].is_null());
  CHECK(d["status"] == "success");
  CHECK(d["status_code"].is_number_integer());
  CHECK(d["status_code"] == 200);
  CHECK(d["prompt_tokens"].is_number_integer());
  CHECK(d["total_request_tokens"] == 0);
  CHECK(d["cost"].is_number_float());
  CHECK(d["cost"] == 0.0);
  CHECK(d["latency"].is_null());
  CHECK(d["tokens_per_second"].is_null());
  CHECK(d["stream"] == false);
  CHECK(d["positive_feedback"].is_null());
  CHECK(d["input"] == "What is 2+2?");
  CHECK(d["output"].is_null());
  CHECK(d["metadata"] == Json::object());
  CHECK(d["scores"] == Json::array());
  CHECK(d["dataset_id"] == t.ds);
  CHECK(d["expected_output"].is_null());
  CHECK(d["prompt"] == "What is 2+2?");
  CHECK(d["completion"].is_null());
  CHECK(d["messages"] == Json::array());
  CHECK(d["annotation_status"] == "pending");
  CHECK(d["annotation_completed_by"].is_null());
  CHECK(d["source_log_id"].is_null());
  CHECK(IsTimestamp(d["created_at"]));
  CHECK(IsTimestamp(d["updated_at"]));

  const Json dataset = t.Dataset();
  CHECK(dataset["log_count"] == 1);
  CHECK(dataset["log_ids"] == Json::array({uid}));
  CHECK(dataset["updated_at"] > dataset["created_at"]);
}

TEST_CASE("a dataset log takes the environment of the caller's key and keeps given values") {
  LogHarness t;
  const Json d = t.Add({{"input", {{"q", 1}}},
                        {"output", {{"role", "assistant"}, {"content", "4"}}},
                        {"expected_output", Json::array({1, 2})},
                        {"timestamp", "2025-07-26T08:10:00+02:00"},
                        {"start_time", "2025-07-26T06:09:00Z"},
                        {"messages", Json::array({{{"role", "user"}, {"content", "x"}}})},
                        {"temperature", 0.5},
                        {"max_tokens", 10},
                        {"stream", true},
                        {"positive_feedback", false},
                        {"tools", Json::array({"t"})}},
                       kTestEnv);
  CHECK(d["environment"] == "test");
  CHECK(d["timestamp"] == "2025-07-26T06:10:00.000000Z");
  CHECK(d["start_time"] == "2025-07-26T06:09:00.000000Z");
  CHECK(d["input"] == Json({{"q", 1}}));
  CHECK(d["expected_output"] == Json::array({1, 2}));
  CHECK(d["prompt"].is_null());
  CHECK(d["completion"] == "4");
  CHECK(d["messages"].size() == 1);
  CHECK(d["temperature"] == 0.5);
  CHECK(d["max_tokens"] == 10);
  CHECK(d["stream"] == true);
  CHECK(d["positive_feedback"] == false);
  CHECK(d["tools"] == Json::array({"t"}));
}

TEST_CASE("a dataset log body with a missing input or a wrongly typed field is refused") {
  struct Row {
    Json body;
    const char* field;
    const char* detail;
  };
  const std::vector<Row> rows = {
      {Json::object(), "input", "input: This field is required."},
      {{{"input", nullptr}}, "input", "input: This field is required."},
      {{{"input", 1}, {"metadata", "x"}}, "metadata", "metadata: must be an object."},
      {{{"input", 1}, {"metadata", Json::array()}}, "metadata", "metadata: must be an object."},
      {{{"input", 1}, {"metrics", Json::array()}}, "metrics", "metrics: must be an object."},
      {{{"input", 1}, {"prompt", 5}}, "prompt", "prompt: must be a string."},
      {{{"input", 1}, {"completion", true}}, "completion", "completion: must be a string."},
      {{{"input", 1}, {"messages", Json::object()}}, "messages", "messages: must be an array."},
      {{{"input", 1}, {"timestamp", "soon"}},
       "timestamp",
       "timestamp: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z."},
      {{{"input", 1}, {"start_time", 5}},
       "start_time",
       "start_time: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z."},
      {{{"input", 1}, {"cost", "x"}}, "cost", "cost: must be a number."},
      {{{"input", 1}, {"metrics", {{"cost", "x"}}}},
       "metrics.cost",
       "metrics.cost: must be a number."},
      // The top level is validated even where it would not win, and so is metrics.
      {{{"input", 1}, {"cost", 1}, {"metrics", {{"cost", true}}}},
       "metrics.cost",
       "metrics.cost: must be a number."},
      {{{"input", 1}, {"prompt_tokens", -1}},
       "prompt_tokens",
       "prompt_tokens: must be a non-negative integer."},
      {{{"input", 1}, {"metrics", {{"completion_tokens", 1.5}}}},
       "metrics.completion_tokens",
       "metrics.completion_tokens: must be a non-negative integer."},
      {{{"input", 1}, {"total_tokens", "3"}},
       "total_tokens",
       "total_tokens: must be a non-negative integer."},
      {{{"input", 1}, {"metrics", {{"total_request_tokens", "3"}}}},
       "metrics.total_request_tokens",
       "metrics.total_request_tokens: must be a non-negative integer."},
      {{{"input", 1}, {"latency", "slow"}}, "latency", "latency: must be a number."},
      {{{"input", 1}, {"model", 5}}, "model", "model: must be a string."},
      {{{"input", 1}, {"metrics", {{"model", 5}}}},
       "metrics.model",
       "metrics.model: must be a string."},
      {{{"input", 1}, {"status", "ok"}}, "status", "status: must be \"success\" or \"error\"."},
      {{{"input", 1}, {"status_code", "200"}}, "status_code", "status_code: must be an integer."},
      {{{"input", 1}, {"customer_identifier", 7}},
       "customer_identifier",
       "customer_identifier: must be a string."},
      {{{"input", 1}, {"temperature", "hot"}}, "temperature", "temperature: must be a number."},
      {{{"input", 1}, {"stream", "yes"}}, "stream", "stream: must be a boolean."},
      {{{"input", 1}, {"max_tokens", "10"}}, "max_tokens", "max_tokens: must be an integer."},
  };
  LogHarness t;
  for (const Row& row : rows) {
    CAPTURE(row.body.dump());
    CheckError(t.Call("POST", t.base, row.body), 400, row.field, row.detail);
  }
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 0);
  CHECK(t.Dataset()["log_count"] == 0);
}

TEST_CASE("promotable fields come from the top level, then metrics, then metadata") {
  struct Row {
    const char* name;
    Json body;  // merged with {"input": "x"}
    const char* field;
    Json expected;
  };
  const std::vector<Row> rows = {
      {"top wins",
       {{"cost", 1.5}, {"metrics", {{"cost", 2}}}, {"metadata", {{"cost", 3}}}},
       "cost",
       1.5},
      {"metrics next", {{"metrics", {{"cost", 2}}}, {"metadata", {{"cost", 3}}}}, "cost", 2.0},
      {"metadata last", {{"metadata", {{"cost", 3}}}}, "cost", 3.0},
      {"top null falls through", {{"cost", nullptr}, {"metrics", {{"cost", 2}}}}, "cost", 2.0},
      {"wrong type in metadata is not promoted", {{"metadata", {{"cost", "3"}}}}, "cost", 0.0},
      {"wrong type in metadata is skipped",
       {{"metadata", {{"model", 5}, {"prompt_tokens", -2}}}},
       "model",
       nullptr},
      {"identity from metrics",
       {{"metrics", {{"customer_identifier", "c1"}}}},
       "customer_identifier",
       "c1"},
      {"identity from metadata", {{"metadata", {{"model", "gpt-4o"}}}}, "model", "gpt-4o"},
      {"log type from metadata", {{"metadata", {{"log_type", "chat"}}}}, "log_type", "chat"},
      {"total_tokens", {{"total_tokens", 9}, {"prompt_tokens", 1}}, "total_request_tokens", 9},
      {"total_request_tokens",
       {{"metrics", {{"total_request_tokens", 8}}}},
       "total_request_tokens",
       8},
      {"total defaults to the sum",
       {{"prompt_tokens", 2}, {"metrics", {{"completion_tokens", 3}}}},
       "total_request_tokens",
       5},
      {"integral real counts as integer",
       {{"metadata", {{"prompt_tokens", 4.0}}}},
       "prompt_tokens",
       4},
      {"status_code from metadata makes an error",
       {{"metadata", {{"status_code", 500}}}},
       "status",
       "error"},
      {"error_message makes an error",
       {{"metrics", {{"error_message", "boom"}}}},
       "status",
       "error"},
      {"empty error_message is no error", {{"error_message", ""}}, "status", "success"},
      {"given status wins", {{"status_code", 500}, {"status", "success"}}, "status", "success"},
      {"status from metadata", {{"metadata", {{"status", "error"}}}}, "status", "error"},
      {"invalid status in metadata is skipped",
       {{"metadata", {{"status", "meh"}}}},
       "status",
       "success"},
      {"tokens per second derived",
       {{"completion_tokens", 10}, {"latency", 2.0}},
       "tokens_per_second",
       5.0},
      {"tokens per second given",
       {{"completion_tokens", 10}, {"latency", 2.0}, {"metadata", {{"tokens_per_second", 7}}}},
       "tokens_per_second",
       7.0},
      {"no tokens per second without latency",
       {{"completion_tokens", 10}},
       "tokens_per_second",
       nullptr},
      {"ttft from metrics",
       {{"metrics", {{"time_to_first_token", 0.25}}}},
       "time_to_first_token",
       0.25},
      {"unknown metrics keys are ignored", {{"metrics", {{"whatever", "x"}}}}, "cost", 0.0},
  };
  LogHarness t;
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Json body = row.body;
    body["input"] = "x";
    const Json d = t.Add(body);
    CHECK(d[row.field] == row.expected);
    if (row.expected.is_number_float()) CHECK(d[row.field].is_number_float());
    if (row.expected.is_number_integer()) CHECK(d[row.field].is_number_integer());
  }
}

TEST_CASE("metadata is stored exactly as sent, promoted keys included") {
  LogHarness t;
  const std::string raw =
      R"({"input":"x","metadata":{"z":1,"model":"m","a":{"b":[1,2.5,null]},"cost":"3"}})";
  const ApiResult r = testing::ApiCallRaw(*t.api, "POST", t.base, raw, kMine);
  REQUIRE(r.status == 201);
  const ApiResult d = t.Call("GET", t.base + r.body["unique_id"].get<std::string>() + "/");
  CHECK(d.raw_body.find(R"("metadata":{"z":1,"model":"m","a":{"b":[1,2.5,null]},"cost":"3"})") !=
        std::string::npos);
  CHECK(d.body["model"] == "m");
  CHECK(d.body["cost"] == 0.0);
}

TEST_CASE("latency sets start_time before the timestamp unless start_time is given") {
  LogHarness t;
  Json d = t.Add({{"input", "x"}, {"timestamp", "2025-01-01T00:00:10Z"}, {"latency", 2.5}});
  CHECK(d["start_time"] == "2025-01-01T00:00:07.500000Z");
  d = t.Add(
      {{"input", "x"}, {"timestamp", "2025-01-01T00:00:10Z"}, {"metadata", {{"latency", 1}}}});
  CHECK(d["start_time"] == "2025-01-01T00:00:09.000000Z");
  CHECK(d["latency"] == 1.0);
  d = t.Add({{"input", "x"},
             {"timestamp", "2025-01-01T00:00:10Z"},
             {"latency", 2.5},
             {"start_time", "2025-01-01T00:00:00Z"}});
  CHECK(d["start_time"] == "2025-01-01T00:00:00.000000Z");
}

TEST_CASE("prompt and completion are derived from input and output when not given") {
  struct Row {
    const char* name;
    Json body;
    Json prompt;
    Json completion;
  };
  const Json chat = Json::parse(R"([{"role":"system","content":"s"},{"role":"user","content":"u1"},
                                    {"role":"assistant","content":"a"},{"role":"user","content":"u2"},
                                    {"role":"assistant","content":"a2"}])");
  const Json parts = Json::parse(R"([{"role":"user","content":"u1"},
                                     {"role":"user","content":[{"type":"text","text":"t"}]}])");
  const std::vector<Row> rows = {
      {"strings", {{"input", "in"}, {"output", "out"}}, "in", "out"},
      {"message array",
       {{"input", chat}, {"output", {{"role", "assistant"}, {"content", "c"}}}},
       "u2",
       "c"},
      {"last user message has no string content", {{"input", parts}}, nullptr, nullptr},
      {"object output without content", {{"input", 5}, {"output", {{"x", 1}}}}, nullptr, nullptr},
      {"given values win",
       {{"input", "in"}, {"output", "out"}, {"prompt", "p"}, {"completion", "c"}},
       "p",
       "c"},
      {"null means derive", {{"input", "in"}, {"prompt", nullptr}}, "in", nullptr},
  };
  LogHarness t;
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const Json d = t.Add(row.body);
    CHECK(d["prompt"] == row.prompt);
    CHECK(d["completion"] == row.completion);
  }
}

TEST_CASE("bulk create inserts the valid items and reports each invalid one by index") {
  LogHarness t;
  const Json logs = Json::array({{{"input", "a"}},
                                 {{"output", "no input"}},
                                 "not an object",
                                 {{"input", "b"}, {"metrics", {{"cost", "x"}}}},
                                 {{"input", "c"}, {"metadata", {{"model", "m"}}}}});
  const ApiResult r = t.Call("POST", t.base + "bulk/", {{"logs", logs}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(Keys(r.body) == std::vector<std::string>{"success_count", "error_count", "errors",
                                                 "total_errors", "unique_ids"});
  CHECK(r.body["success_count"] == 2);
  CHECK(r.body["error_count"] == 3);
  CHECK(r.body["total_errors"] == 3);
  CHECK(r.body["errors"] == Json::parse(R"([
      {"index": 1, "error": "input: This field is required."},
      {"index": 2, "error": "Item must be a JSON object."},
      {"index": 3, "error": "metrics.cost: must be a number."}])"));
  REQUIRE(r.body["unique_ids"].size() == 2);
  const std::string first = r.body["unique_ids"][0];
  const std::string last = r.body["unique_ids"][1];
  CHECK(t.Call("GET", t.base + first + "/").body["input"] == "a");
  CHECK(t.Call("GET", t.base + last + "/").body["model"] == "m");
  CHECK(t.Dataset()["log_count"] == 2);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 2);
}

TEST_CASE("a bulk create with only invalid items inserts nothing and changes nothing") {
  LogHarness t;
  const Json before = t.Dataset();
  Json logs = Json::array();
  for (int i = 0; i < 150; ++i) logs.push_back({{"input", nullptr}});
  const ApiResult r = t.Call("POST", t.base + "bulk/", {{"logs", logs}});
  REQUIRE(r.status == 200);
  CHECK(r.body["success_count"] == 0);
  CHECK(r.body["error_count"] == 150);
  CHECK(r.body["total_errors"] == 150);
  CHECK(r.body["errors"].size() == 100);  // only the first 100 are listed
  CHECK(r.body["errors"][99]["index"] == 99);
  CHECK(r.body["unique_ids"] == Json::array());
  CHECK(t.Dataset() == before);

  const ApiResult empty = t.Call("POST", t.base + "bulk/", {{"logs", Json::array()}});
  CHECK(empty.body == Json::parse(R"({"success_count":0,"error_count":0,"errors":[],
                                      "total_errors":0,"unique_ids":[]})"));
  CHECK(t.Dataset() == before);
}

TEST_CASE("bulk create takes at most 10,000 items and needs an array") {
  LogHarness t;
  Json logs = Json::array();
  for (int i = 0; i < 10001; ++i) logs.push_back({{"input", i}});
  CheckError(t.Call("POST", t.base + "bulk/", {{"logs", logs}}), 400, "logs",
             "logs: must hold at most 10,000 items.");
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 0);
  logs.erase(logs.size() - 1);
  const ApiResult full = t.Call("POST", t.base + "bulk/", {{"logs", logs}});
  CHECK(full.body["success_count"] == 10000);
  CHECK(t.Dataset()["log_count"] == 10000);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 10000);
  CheckError(t.Call("POST", t.base + "bulk/", {{"logs", {{"input", 1}}}}), 400, "logs",
             "logs: must be an array.");
}

TEST_SUITE_END();

}  // namespace logset
