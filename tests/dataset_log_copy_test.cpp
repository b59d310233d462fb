// SPDX-License-Identifier: MIT
// Dataset logs carry every core log field through L1 and L7 (a): a log shown by one store (L3, an
// L2 item, an export line) is created again on another store as it was.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::IsV4LogId;
using dataset_test::Keys;
using dataset_test::kTestEnv;
using dataset_test::LogHarness;
using dataset_test::LogKeys;
using testing::ApiResult;
using testing::Json;

// What the server assigns whatever the body says (API.md 1.8, 4.2, 4.3): ids, the caller's
// organisation, the owning dataset and the row's own times.
const std::vector<std::string>& ServerAssigned() {
  static const std::vector<std::string> kKeys = {"id",         "unique_id",  "organization_id",
                                                 "dataset_id", "created_at", "updated_at"};
  return kKeys;
}

Json WithoutServerAssigned(Json log) {
  for (const std::string& key : ServerAssigned()) log.erase(key);
  return log;
}

// Every key of both logs but the server-assigned ones, one CHECK per field so a failure names it.
void CheckSameLog(const Json& original, const Json& copy) {
  REQUIRE(Keys(copy) == LogKeys());
  const Json a = WithoutServerAssigned(original);
  const Json b = WithoutServerAssigned(copy);
  for (const auto& [key, value] : a.items()) {
    CAPTURE(key);
    CHECK(b.at(key).dump() == value.dump());
  }
  CHECK(a == b);
}

// A body giving every core field a value other than its default.
Json RichBody() {
  return Json::parse(R"({
    "input": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "2+2?"}],
    "output": {"role": "assistant", "content": "4"},
    "expected_output": {"answer": 4},
    "messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}],
    "completion": "four",
    "timestamp": "2025-03-04T05:06:07.123456Z",
    "log_type": "chat", "model": "gpt-4o", "provider_id": "openai",
    "status_code": 429, "error_message": "rate limited",
    "prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 155,
    "cost": 0.0123, "latency": 1.25, "time_to_first_token": 0.2,
    "temperature": 0.7, "max_tokens": -1, "stream": true, "positive_feedback": false,
    "customer_identifier": "acme", "custom_identifier": "run-7", "thread_identifier": "t1",
    "group_identifier": "g1", "trace_unique_id": "tr1", "span_name": "answer",
    "span_workflow_name": "qa", "span_parent_id": "sp0", "prompt_id": "p1", "prompt_name": "Math",
    "tools": [{"type": "function", "function": {"name": "add"}}],
    "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "add", "arguments": "{}"}}],
    "metadata": {"tier": "gold", "n": 10, "nested": {"x": [1, 2.5, null]}}
  })");
}

}  // namespace

TEST_SUITE_BEGIN("dataset_log_copy");

TEST_CASE("a dataset log's L3 body sent to L1 on another store recreates every field") {
  LogHarness first;
  const Json original = first.Add(RichBody(), kTestEnv);
  // The derivations ran on the first store: they must not run differently on the copy.
  CHECK(original["status"] == "error");
  CHECK(original["start_time"] == "2025-03-04T05:06:05.873456Z");
  CHECK(original["tokens_per_second"] == 24.0);
  CHECK(original["prompt"] == "2+2?");
  CHECK(original["environment"] == "test");

  LogHarness second;  // another store, another organisation, a prod key
  const ApiResult created = second.Call("POST", second.base, original);
  REQUIRE_MESSAGE(created.status == 201, created.raw_body);
  const std::string uid = created.body["unique_id"].get<std::string>();
  const Json copy = second.Call("GET", second.base + uid + "/").body;
  CheckSameLog(original, copy);

  // The body's id is not kept (API.md 1.8): the copy has its own, in its own organisation.
  CHECK(IsV4LogId(copy["id"]));
  CHECK(copy["id"] != original["id"]);
  CHECK(copy["unique_id"] == copy["id"]);
  CHECK(copy["organization_id"] == second.OrgUuid());
  CHECK(copy["dataset_id"] == second.ds);

  SUBCASE("through L7 bulk create as well") {
    const ApiResult bulk =
        second.Call("POST", second.base + "bulk/", {{"logs", Json::array({original})}});
    REQUIRE_MESSAGE(bulk.status == 200, bulk.raw_body);
    REQUIRE(bulk.body["success_count"] == 1);
    const std::string bulk_uid = bulk.body["unique_ids"][0].get<std::string>();
    CheckSameLog(original, second.Call("GET", second.base + bulk_uid + "/").body);
  }
  SUBCASE("and the copy answers the filters the original answers") {
    const Json filters = Json::parse(R"({
      "model": "gpt-4o", "environment": "test", "status": "error", "status_code": 429,
      "total_request_tokens": 155, "cost": {"operator": "gte", "value": 0.0123},
      "max_tokens": -1, "stream": true, "customer_identifier": "acme",
      "timestamp": {"operator": "lte", "value": "2025-03-04T05:06:07.123456Z"},
      "start_time": {"operator": "gte", "value": "2025-03-04T05:06:05.873456Z"},
      "metadata__tier": "gold"})");
    for (const LogHarness* t : {&first, &second}) {
      const ApiResult r = t->Call("POST", t->base + "list/", {{"filters", filters}});
      REQUIRE_MESSAGE(r.status == 200, r.raw_body);
      CHECK(r.body["count"] == 1);
    }
  }
}

TEST_CASE("a dataset log with every optional field at its default is recreated as it was") {
  LogHarness first;
  const Json original = first.Add({{"input", 5}});
  LogHarness second;
  const ApiResult created = second.Call("POST", second.base, original, kTestEnv);
  REQUIRE_MESSAGE(created.status == 201, created.raw_body);
  const Json copy =
      second.Call("GET", second.base + created.body["unique_id"].get<std::string>() + "/").body;
  CheckSameLog(original, copy);
  CHECK(copy["environment"] == "prod");  // the body's, not the test key's
  CHECK(copy["log_type"].is_null());
  CHECK(copy["tokens_per_second"].is_null());
}

TEST_CASE("a dataset log imported from a request log is recreated through L1") {
  LogHarness first;
  first.IngestLogs(Json::parse(R"([{
    "input": "What is the capital of France?", "output": "Paris", "model": "claude-3-5-sonnet",
    "timestamp": "2025-05-06T07:08:09Z", "usage": {"prompt_tokens": 11, "completion_tokens": 3},
    "prompt_unit_price": 3, "completion_unit_price": 15, "generation_time": 0.5, "ttft": 0.1,
    "max_tokens": -3, "environment": "staging", "customer_params": {"customer_identifier": "c9"},
    "metadata": {"source": "import"}}])"));
  const ApiResult imported =
      first.Call("POST", first.base + "import/",
                 {{"start_time", "2025-01-01T00:00:00Z"}, {"end_time", "2026-01-01T00:00:00Z"}});
  REQUIRE_MESSAGE(imported.status == 200, imported.raw_body);
  REQUIRE(imported.body["imported_count"] == 1);
  const std::vector<Json> items = first.Logs(first.ds);
  REQUIRE(items.size() == 1);
  const Json original =
      first.Call("GET", first.base + items[0]["unique_id"].get<std::string>() + "/").body;
  CHECK(original["log_type"] == "chat");
  CHECK(original["environment"] == "staging");
  CHECK(original["cost"] == doctest::Approx((11 * 3 + 3 * 15) / 1e6));
  CHECK(original["max_tokens"] == -3);

  LogHarness second;
  const ApiResult created = second.Call("POST", second.base, original);
  REQUIRE_MESSAGE(created.status == 201, created.raw_body);
  Json copy =
      second.Call("GET", second.base + created.body["unique_id"].get<std::string>() + "/").body;
  // source_log_id names a request log of the first store; only import sets it (API.md 4.3).
  CHECK(original["source_log_id"] == items[0]["source_log_id"]);
  CHECK(copy["source_log_id"].is_null());
  copy["source_log_id"] = original["source_log_id"];
  CheckSameLog(original, copy);
}

TEST_CASE("a JSONL export of one store bulk-creates the same logs on another") {
  LogHarness first;
  Json rich = RichBody();
  first.Add(rich);
  rich["timestamp"] = "2025-03-04T05:06:08Z";
  rich["metrics"] = {{"cost", 2.5}};
  rich.erase("cost");
  rich["model"] = nullptr;
  first.Add(rich);
  first.Add({{"input", "plain"}, {"timestamp", "2025-03-04T05:06:09Z"}, {"latency", 0.5}});
  const ApiResult exported = first.Call("POST", first.base + "list/?sort_by=timestamp",
                                        {{"is_exporting", true}, {"export_format", "jsonl"}});
  REQUIRE_MESSAGE(exported.status == 200, exported.raw_body);
  const std::string text = testing::ReadFileBytes(exported.body["file"].get<std::string>());
  Json lines = Json::array();
  for (size_t pos = 0, end; (end = text.find('\n', pos)) != std::string::npos; pos = end + 1) {
    lines.push_back(Json::parse(text.substr(pos, end - pos)));
  }
  REQUIRE(lines.size() == 3);

  LogHarness second;
  const ApiResult bulk = second.Call("POST", second.base + "bulk/", {{"logs", lines}});
  REQUIRE_MESSAGE(bulk.status == 200, bulk.raw_body);
  CHECK(bulk.body["success_count"] == 3);
  const std::vector<Json> originals = first.Logs(first.ds, "timestamp");
  const std::vector<Json> copies = second.Logs(second.ds, "timestamp");
  REQUIRE(copies.size() == originals.size());
  for (size_t i = 0; i < copies.size(); ++i) {
    CAPTURE(i);
    CheckSameLog(originals[i], copies[i]);
  }
  CHECK(second.Dataset()["log_count"] == 3);
}

TEST_SUITE_END();

}  // namespace logset
