// SPDX-License-Identifier: MIT
// Filling datasets through Api::Handle: importing request logs (L7 b, L7 c, L8, D1 sampled) with
// every field copied, derived fields and fresh ids, deduplicated re-imports, validation and
// organisation scoping.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "dataset_test_util.h"
#include "datasets/dataset_log_parser.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::CheckFilterError;
using dataset_test::DatasetHarness;
using dataset_test::kOther;
using testing::ApiResult;
using testing::Json;

constexpr const char* kFrom = "2025-01-01T00:00:00Z";
constexpr const char* kTo = "2025-12-31T00:00:00Z";

std::string ImportPath(const std::string& ds) { return "/api/datasets/" + ds + "/logs/import/"; }
std::string BulkPath(const std::string& ds) { return "/api/datasets/" + ds + "/logs/bulk/"; }

Json Range(int percentage = 100) {
  return {{"start_time", kFrom}, {"end_time", kTo}, {"sampling_percentage", percentage}};
}

// The R1 body of a request log with every core field set.
Json RichLog() {
  return Json::parse(R"({
    "timestamp": "2025-03-04T05:06:07.123456Z", "latency": 1.5, "model": "gpt-4o",
    "log_type": "chat", "provider_id": "openai", "status_code": 429, "error_message": "slow down",
    "prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 20, "cost": 0.25,
    "time_to_first_token": 0.5, "tokens_per_second": 4.5, "temperature": 0.7, "max_tokens": 64,
    "stream": true, "positive_feedback": false, "customer_identifier": "cust",
    "custom_identifier": "cid", "thread_identifier": "th", "group_identifier": "gr",
    "trace_unique_id": "tr", "span_name": "sp", "span_workflow_name": "wf", "span_parent_id": "pa",
    "prompt_id": "pid", "prompt_name": "pname", "tools": [{"type": "function"}],
    "tool_calls": [{"id": "c1"}], "environment": "test",
    "prompt_messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"},
                        {"role": "user", "content": "2+2?"}],
    "completion_message": {"role": "assistant", "content": "4"},
    "metadata": {"z": 1, "a": {"b": [1, 2.5, null]}}, "note": "not copied"})");
}

}  // namespace

TEST_SUITE_BEGIN("dataset_population");

TEST_CASE("an import copies every core field and derives prompt, completion and messages") {
  DatasetHarness t;
  const std::string source_id = t.IngestLogs(Json::array({RichLog()}))[0];
  const Json source = t.Call("GET", "/api/request-logs/" + source_id + "/").body;
  const std::string ds = t.NewDataset("d");
  const ApiResult r = t.Call("POST", ImportPath(ds), Range());
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(dataset_test::Keys(r.body) == std::vector<std::string>{"message", "imported_count"});
  CHECK(r.body["message"] == "Logs added to dataset");
  CHECK(r.body["imported_count"] == 1);

  const std::vector<Json> logs = t.Logs(ds);
  REQUIRE(logs.size() == 1);
  const Json& log = logs[0];
  CHECK(dataset_test::Keys(log) == dataset_test::LogKeys());
  for (const std::string& key : dataset_test::LogKeys()) {
    if (key == "id" || key == "unique_id" || key == "scores" || key == "input" || key == "output" ||
        !source.contains(key)) {
      continue;
    }
    CAPTURE(key);
    CHECK(log[key] == source[key]);
  }
  CHECK(dataset_test::IsV4LogId(log["unique_id"]));
  CHECK(log["id"] == log["unique_id"]);
  CHECK(log["unique_id"] != source_id);
  CHECK(log["source_log_id"] == source_id);
  CHECK(log["dataset_id"] == ds);
  CHECK(log["environment"] == "test");
  // Native JSON on dataset logs, where request logs show JSON text.
  CHECK(log["input"] == RichLog()["prompt_messages"]);
  CHECK(log["output"] == RichLog()["completion_message"]);
  CHECK(log["prompt"] == "2+2?");
  CHECK(log["completion"] == "4");
  Json messages = RichLog()["prompt_messages"];
  messages.push_back(RichLog()["completion_message"]);
  CHECK(log["messages"] == messages);
  CHECK(log["expected_output"].is_null());
  CHECK(log["annotation_status"] == "pending");
  CHECK(log["annotation_completed_by"].is_null());
  CHECK(log["scores"] == Json::object());
  CHECK(dataset_test::IsTimestamp(log["created_at"]));
  CHECK(log["created_at"] == log["updated_at"]);
  // Key order of the source's metadata survives the copy.
  const ApiResult detail =
      t.Call("GET", "/api/datasets/" + ds + "/logs/" + log["unique_id"].get<std::string>() + "/");
  CHECK(detail.raw_body.find(R"("metadata":{"z":1,"a":{"b":[1,2.5,null]}})") != std::string::npos);
  const Json dataset = t.Dataset(ds);
  CHECK(dataset["log_count"] == 1);
  CHECK(dataset["log_ids"] == Json::array({log["unique_id"]}));
  CHECK(dataset["updated_at"] > dataset["created_at"]);
}

TEST_CASE("prompt, completion and messages derived in SQL agree with the C++ derivation") {
  const std::vector<Json> bodies = {
      {{"input", "plain"}, {"output", "answer"}},
      {{"input", "[{\"role\":\"user\",\"content\":\"in a string\"}]"},
       {"output", "{\"content\":\"x\"}"}},
      {{"input", Json::parse(R"([{"role":"user","content":"u1"},{"role":"assistant","content":"a"},
                                 {"role":"user","content":"u2"},{"role":"system","content":"s"}])")}},
      {{"input", Json::parse(R"([{"role":"user","content":"u1"},{"role":"user","content":[1]}])")}},
      {{"input", Json::parse(R"([{"role":"User","content":"case"},"user",5,null])")}},
      {{"input", Json::parse(R"([{"role":"user"}])")}},
      {{"input",
        Json::parse(R"([{"role":"user","content":"é \"quoted\" \\ \u00e9 \ud83d\ude00"}])")}},
      {{"input", Json::parse(R"({"content":"object input"})")}, {"output", {{"content", 5}}}},
      {{"input", 42}, {"output", Json::array({"a"})}},
      {{"input", nullptr}, {"output", {{"content", ""}}}},
      {{"input", ""}, {"output", {{"role", "assistant"}, {"content", "c"}, {"content2", "d"}}}},
      {{"log_type", "embedding"}, {"input", Json::array()}, {"output", true}},
      {{"prompt_messages", Json::array()}, {"completion_message", {{"role", "assistant"}}}},
      {{"log_type", "embedding"}, {"completion_message", {{"content", "only"}}}},
  };
  DatasetHarness t;
  for (const Json& body : bodies) {
    CAPTURE(body.dump());
    Json item = body;
    item["timestamp"] = "2025-06-01T00:00:00Z";
    const std::string source_id = t.IngestLogs(Json::array({item}))[0];
    const Json source = t.Call("GET", "/api/request-logs/" + source_id + "/").body;
    const std::string ds = t.NewDataset("d");
    REQUIRE(t.Call("POST", BulkPath(ds), {{"log_ids", {source_id}}}).body["imported_count"] == 1);
    const Json log = t.Logs(ds).at(0);
    const std::optional<std::string> prompt = internal::DerivePrompt(log["input"]);
    const std::optional<std::string> completion = internal::DeriveCompletion(log["output"]);
    CHECK(log["prompt"] == (prompt ? Json(*prompt) : Json(nullptr)));
    CHECK(log["completion"] == (completion ? Json(*completion) : Json(nullptr)));
    Json messages =
        source["prompt_messages"].is_array() ? source["prompt_messages"] : Json::array();
    if (!source["completion_message"].is_null()) messages.push_back(source["completion_message"]);
    CHECK(log["messages"] == messages);
  }
}

TEST_CASE("imported logs get distinct UUID v4 shaped unique_ids generated in SQL") {
  DatasetHarness t;
  Json logs = Json::array();
  for (int i = 0; i < 2000; ++i)
    logs.push_back({{"input", i}, {"timestamp", "2025-02-01T00:00:00Z"}});
  const std::vector<std::string> sources = t.IngestLogs(logs);
  const Json d = t.CreateDataset({{"name", "all"}, {"start_time", kFrom}, {"end_time", kTo}});
  CHECK(d["log_count"] == 2000);
  std::set<std::string> ids;
  for (const Json& log : t.Logs(d["id"])) {
    CHECK(dataset_test::IsV4LogId(log["unique_id"]));
    ids.insert(log["unique_id"].get<std::string>());
  }
  CHECK(ids.size() == 2000);
  for (const std::string& s : sources) CHECK(ids.count(s) == 0);
  // Both variant nibbles' upper bits and every hex digit show up, so nothing is stuck.
  std::set<char> variants;
  std::set<char> digits;
  for (const std::string& id : ids) {
    variants.insert(id[16]);
    digits.insert(id.begin(), id.end());
  }
  CHECK(variants == std::set<char>{'8', '9', 'a', 'b'});
  CHECK(digits.size() == 16);
}

TEST_CASE("re-importing is deduplicated: only request logs not yet in the dataset are added") {
  DatasetHarness t;
  const std::vector<std::string> ids =
      t.IngestLogs(Json::array({{{"timestamp", "2025-01-10T00:00:00Z"}},
                                {{"timestamp", "2025-01-20T00:00:00Z"}},
                                {{"timestamp", "2025-01-30T00:00:00Z"}}}));
  const Json d = t.CreateDataset({{"name", "d"},
                                  {"start_time", "2025-01-01T00:00:00Z"},
                                  {"end_time", "2025-01-20T00:00:00Z"}});
  const std::string ds = d["id"];
  CHECK(d["log_count"] == 2);

  ApiResult r =
      t.Call("POST", ImportPath(ds),
             {{"start_time", "2025-01-01T00:00:00Z"}, {"end_time", "2025-01-20T00:00:00Z"}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(r.body["imported_count"] == 0);
  const Json unchanged = t.Dataset(ds);
  CHECK(unchanged["updated_at"] == d["updated_at"]);
  CHECK(unchanged["log_count"] == 2);

  r = t.Call("POST", ImportPath(ds), Range());
  CHECK(r.body["imported_count"] == 1);
  CHECK(t.Dataset(ds)["updated_at"] > d["updated_at"]);
  r = t.Call("POST", BulkPath(ds), {{"log_ids", ids}});
  CHECK(r.body == Json({{"message", "Logs added to dataset"}, {"imported_count", 0}}));
  r = t.Call("POST", BulkPath(ds), Range());  // L7 (c)
  CHECK(r.body["imported_count"] == 0);
  CHECK(t.Dataset(ds)["log_count"] == 3);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 3);
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  CHECK(t.SourceIds(ds) == sorted);

  // After a log is removed, the same request log can be imported again.
  const std::string first = t.Logs(ds, "timestamp")[0]["unique_id"];
  REQUIRE(t.Call("DELETE", "/api/datasets/" + ds + "/logs/" + first + "/").status == 204);
  CHECK(t.Call("POST", BulkPath(ds), {{"log_ids", ids}}).body["imported_count"] == 1);
}

TEST_CASE("adding by ids imports the organisation's known ids and skips every other one") {
  DatasetHarness t;
  const std::vector<std::string> mine =
      t.IngestLogs(Json::array({{{"input", "a"}}, {{"input", "b"}}}));
  const std::string theirs = t.IngestLogs(Json::array({{{"input", "x"}}}), kOther)[0];
  const std::string ds = t.NewDataset("d");
  const Json before = t.Dataset(ds);
  ApiResult r = t.Call("POST", BulkPath(ds), {{"log_ids", Json::array()}});
  CHECK(r.body["imported_count"] == 0);
  r = t.Call("POST", BulkPath(ds),
             {{"log_ids", {mine[0], mine[0], theirs, "nope", std::string(32, 'f'), "", mine[1]}}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(r.body["imported_count"] == 2);
  std::vector<std::string> sorted = mine;
  std::sort(sorted.begin(), sorted.end());
  CHECK(t.SourceIds(ds) == sorted);
  CHECK(t.Dataset(ds)["updated_at"] > before["updated_at"]);

  SUBCASE("at most 10,000 strings") {
    CheckError(t.Call("POST", BulkPath(ds), {{"log_ids", "x"}}), 400, "log_ids",
               "log_ids: must be an array of strings.");
    CheckError(t.Call("POST", BulkPath(ds), {{"log_ids", {"a", 1}}}), 400, "log_ids[1]",
               "log_ids[1]: must be a string.");
    CheckError(
        t.Call("POST", BulkPath(ds), {{"log_ids", Json(std::vector<std::string>(10001, "a"))}}),
        400, "log_ids", "log_ids: must hold at most 10,000 items.");
    std::vector<std::string> many(9999, std::string(32, 'e'));
    many.push_back(mine[0]);
    r = t.Call("POST", BulkPath(ds), {{"log_ids", many}});
    CHECK(r.status == 200);
    CHECK(r.body["imported_count"] == 0);
    CHECK(t.Dataset(ds)["log_count"] == 2);
  }
}

TEST_CASE("import bodies are validated in table order, filters against request-log fields") {
  DatasetHarness t;
  const std::string ds = t.NewDataset("d");
  for (const std::string& path : {ImportPath(ds), BulkPath(ds)}) {
    CAPTURE(path);
    CheckError(t.Call("POST", path, Json::object()), 400, "start_time",
               "start_time: This field is required.");
    CheckError(t.Call("POST", path, {{"start_time", kFrom}}), 400, "end_time",
               "end_time: This field is required.");
    CheckError(t.Call("POST", path, {{"start_time", kTo}, {"end_time", kFrom}}), 400, "start_time",
               "start_time: must not be after end_time.");
    for (const Json& p : {Json(0), Json(101), Json(50.5), Json("50"), Json(true)}) {
      Json body = Range();
      body["sampling_percentage"] = p;
      CheckError(t.Call("POST", path, body), 400, "sampling_percentage",
                 "sampling_percentage: must be an integer from 1 to 100.");
    }
    Json body = Range();
    body["sampling_seed"] = -3;
    CheckError(t.Call("POST", path, body), 400, "sampling_seed",
               "sampling_seed: must be an unsigned 64-bit integer or its decimal string.");
    body = Range();
    body["sample_by"] = "span";
    CheckError(t.Call("POST", path, body), 400, "sample_by",
               "sample_by: must be \"log\" or \"trace\".");
    body = Range();
    body["filters"] = Json::array();
    CheckError(t.Call("POST", path, body), 400, "filters", "filters: must be an object.");
    body["filters"] = {{"cost", {{"operator", "gtt"}, {"value", 1}}}};
    CheckError(t.Call("POST", path, body), 400, "/filters/cost/operator",
               "/filters/cost/operator: unknown operator 'gtt'.");
    // A dataset-log-only field is not a request-log field.
    body["filters"] = {{"annotation_status", "pending"}};
    CheckFilterError(t.Call("POST", path, body), "/filters/annotation_status");
    body["filters"] = {{"status_code", {{"operator", "in"}, {"value", {200, "x"}}}}};
    CheckFilterError(t.Call("POST", path, body), "/filters/status_code/value/1");
  }
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 0);
  CHECK(t.Dataset(ds)["sampling_info"].is_null());
}

TEST_CASE("another organisation's dataset is a 404 on every population and summary route") {
  DatasetHarness t;
  const std::string theirs = t.NewDataset("theirs", kOther);
  const std::string mine_log = t.IngestLogs(Json::array({{{"input", "a"}}}))[0];
  const std::string base = "/api/datasets/" + theirs + "/logs/";
  // Valid bodies, so only the path decides; bad bodies too, since path ids come first.
  for (const Json& body : {Range(), Json::object()}) {
    CHECK(t.Call("POST", base + "import/", body).status == 404);
    CHECK(t.Call("POST", base + "bulk/", body).status == 404);
    CHECK(t.Call("DELETE", base + "import/", {{"is_deleting_all_logs", true}}).status == 404);
    CHECK(t.Call("DELETE", base + "delete/", body).status == 404);
    CHECK(t.Call("POST", base + "summary/", body).status == 404);
  }
  CHECK(t.Call("POST", base + "bulk/", {{"log_ids", {mine_log}}}).status == 404);
  CHECK(t.Call("GET", base + "summary/").status == 404);
  CHECK(t.Call("POST", "/api/datasets/", {{"source_dataset_id", theirs}}).status == 404);
  for (const std::string& bad :
       {std::string("nope"), std::string("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a")}) {
    CHECK(t.Call("POST", "/api/datasets/" + bad + "/logs/import/", Range()).status == 404);
    CHECK(t.Call("GET", "/api/datasets/" + bad + "/logs/summary/").status == 404);
  }
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 0);
  CHECK(t.Dataset(t.NewDataset("mine"))["log_count"] == 0);
  // The owner can import into it, but never the other organisation's request logs.
  const ApiResult own = t.Call("POST", base + "import/", Range(), kOther);
  CHECK(own.status == 200);
  CHECK(own.body["imported_count"] == 0);
  CHECK(t.Call("POST", base + "bulk/", {{"log_ids", {mine_log}}}, kOther).body["imported_count"] ==
        0);
}

TEST_SUITE_END();

}  // namespace logset
