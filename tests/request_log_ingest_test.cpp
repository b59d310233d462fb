// SPDX-License-Identifier: MIT
// Request-log ingest through Api::Handle: R1 defaults and validation, R6 bulk partial success.
#include <doctest/doctest.h>

#include "request_log_test_util.h"

namespace logset {

using namespace request_log_test;  // NOLINT: test-local helpers

TEST_SUITE_BEGIN("request_log_api");

TEST_CASE("R1 answers 200 with exactly the documented keys and the stored values") {
  Harness h;
  const Reply r = h.Create({{"model", "gpt-4o"},
                            {"customer_identifier", "cust-1"},
                            {"prompt_tokens", 10},
                            {"completion_tokens", 5},
                            {"latency", 1.25},
                            {"ttft", 0.5},
                            {"timestamp", "2025-07-26T08:10:00Z"},
                            {"usage", {{"cache_read_input_tokens", 3}}}});
  REQUIRE(r.status == 200);
  CHECK(Keys(r.body) == std::vector<std::string>{
                            "id", "unique_id", "organization_id", "customer_identifier", "status",
                            "cost", "timestamp", "environment", "latency", "time_to_first_token",
                            "prompt_cache_creation_tokens", "prompt_cache_hit_tokens"});
  CHECK(r.body["id"] == r.body["unique_id"]);
  CHECK(r.body["unique_id"].get<std::string>().size() == 32);
  CHECK(r.body["customer_identifier"] == "cust-1");
  CHECK(r.body["status"] == "success");
  CHECK(r.text.find("\"cost\":0.0") != std::string::npos);
  CHECK(r.body["timestamp"] == "2025-07-26T08:10:00.000000Z");
  CHECK(r.body["environment"] == "prod");
  CHECK(r.body["latency"] == 1.25);
  CHECK(r.body["time_to_first_token"] == 0.5);
  CHECK(r.body["prompt_cache_hit_tokens"] == 3);
  CHECK(r.body["prompt_cache_creation_tokens"] == 0);
  const Json stored = h.Get(r.body["unique_id"].get<std::string>()).body;
  CHECK(stored["organization_id"] == r.body["organization_id"]);
  CHECK(stored["organization_id"].get<std::string>().size() == 36);
}

TEST_CASE("the legacy create path ingests like R1") {
  Harness h;
  const Reply r = h.Call("POST", "/api/request-logs/create/", "", Json{{"model", "m"}});
  CHECK(r.status == 200);
  CHECK(h.Count("SELECT COUNT(*) FROM request_logs") == 1);
}

TEST_CASE("a stored request log carries every API.md 4.4 field, nulls included") {
  Harness h;
  const Json log = h.Stored(Json::object());
  // clang-format off
  const std::vector<std::string> expected = {
      "id", "unique_id", "organization_id", "environment", "timestamp", "start_time",
      "log_type", "model", "provider_id", "error_message", "status", "status_code",
      "prompt_tokens", "completion_tokens", "total_request_tokens", "cost", "latency",
      "time_to_first_token", "temperature", "tokens_per_second", "max_tokens", "stream",
      "positive_feedback", "customer_identifier", "custom_identifier", "thread_identifier",
      "group_identifier", "trace_unique_id", "span_name", "span_workflow_name",
      "span_parent_id", "prompt_id", "prompt_name", "tools", "tool_calls", "input", "output",
      "metadata", "prompt_messages", "completion_message", "customer_email", "is_pinned",
      "note", "failed", "prompt_cache_hit_tokens", "prompt_cache_creation_tokens", "scores"};
  // clang-format on
  CHECK(Keys(log) == expected);
  CHECK(log["log_type"] == "chat");
  CHECK(log["status"] == "success");
  CHECK(log["status_code"] == 200);
  CHECK(log["cost"].is_number_float());
  CHECK(log["start_time"] == log["timestamp"]);
  CHECK(log["metadata"] == Json::object());
  CHECK(log["scores"] == Json::object());
  CHECK(log["is_pinned"] == false);
  CHECK(log["failed"] == false);
  CHECK(log["input"].is_null());
  CHECK(log["stream"] == false);
}

TEST_CASE("R1 applies every ingest default and derivation") {
  const Json hi = Json::parse(R"([{"role":"user","content":"Hi"}])");
  const Json yo = Json::parse(R"({"role":"assistant","content":"Yo"})");
  struct Row {
    const char* name;
    Json body;
    Json expected;  // a subset of the stored R3 object
  };
  const std::vector<Row> rows = {
      {"input from prompt_messages",
       {{"prompt_messages", hi}},
       {{"input", hi.dump()}, {"prompt_messages", hi}}},
      {"input from the messages alias",
       {{"messages", hi}},
       {{"input", hi.dump()}, {"prompt_messages", hi}}},
      {"output from completion_message",
       {{"completion_message", yo}},
       {{"output", yo.dump()}, {"completion_message", yo}}},
      {"prompt_messages from an array input", {{"input", hi}}, {{"prompt_messages", hi}}},
      {"prompt_messages from a string input holding an array",
       {{"input", hi.dump()}},
       {{"input", hi.dump()}, {"prompt_messages", hi}}},
      {"no prompt_messages from prose",
       {{"input", "hello"}},
       {{"input", "hello"}, {"prompt_messages", nullptr}}},
      {"completion_message from an object output",
       {{"output", yo}},
       {{"output", yo.dump()}, {"completion_message", yo}}},
      {"completion_message from a string output holding an object",
       {{"output", yo.dump()}},
       {{"output", yo.dump()}, {"completion_message", yo}}},
      {"no derivation for other log types",
       {{"input", hi}, {"log_type", "embedding"}},
       {{"prompt_messages", nullptr}, {"log_type", "embedding"}}},
      {"derivation for log_type response",
       {{"output", yo}, {"log_type", "response"}},
       {{"completion_message", yo}}},
      {"status from status_code",
       {{"status_code", 500}},
       {{"status", "error"}, {"failed", true}, {"status_code", 500}}},
      {"status from error_message", {{"error_message", "boom"}}, {{"status", "error"}}},
      {"an empty error_message is no error", {{"error_message", ""}}, {{"status", "success"}}},
      {"a given status wins",
       {{"status_code", 503}, {"status", "success"}},
       {{"status", "success"}, {"failed", false}}},
      {"cost from unit prices",
       {{"prompt_tokens", 1000},
        {"completion_tokens", 500},
        {"prompt_unit_price", 2},
        {"completion_unit_price", 10}},
       {{"cost", 0.007}}},
      {"cost from one unit price",
       {{"completion_tokens", 1000000}, {"completion_unit_price", 3}},
       {{"cost", 3.0}}},
      {"a given cost wins over prices",
       {{"prompt_tokens", 10}, {"cost", 1.5}, {"prompt_unit_price", 100}},
       {{"cost", 1.5}}},
      {"tokens from usage",
       {{"usage", {{"prompt_tokens", 7}, {"completion_tokens", 3}}}},
       {{"prompt_tokens", 7}, {"completion_tokens", 3}, {"total_request_tokens", 10}}},
      {"top-level tokens win over usage",
       {{"prompt_tokens", 5},
        {"usage", {{"prompt_tokens", 7}, {"completion_tokens", 3}, {"total_tokens", 99}}}},
       {{"prompt_tokens", 5}, {"completion_tokens", 3}, {"total_request_tokens", 99}}},
      {"a given total wins",
       {{"total_tokens", 50}, {"prompt_tokens", 1}},
       {{"total_request_tokens", 50}}},
      {"total_request_tokens is read as total_tokens",
       {{"total_request_tokens", 42}},
       {{"total_request_tokens", 42}}},
      {"cache tokens from usage, first present wins",
       {{"usage",
         {{"cache_read_input_tokens", 4},
          {"prompt_tokens_details", {{"cached_tokens", 9}}},
          {"cache_creation_input_tokens", 2}}}},
       {{"prompt_cache_hit_tokens", 4}, {"prompt_cache_creation_tokens", 2}}},
      {"cache tokens from the second candidates",
       {{"usage",
         {{"prompt_tokens_details", {{"cached_tokens", 9}}},
          {"cache_creation_prompt_tokens", 3},
          {"cache_creation_input_tokens", 2}}}},
       {{"prompt_cache_hit_tokens", 9}, {"prompt_cache_creation_tokens", 3}}},
      {"latency from generation_time, tps derived",
       {{"generation_time", 2.0}, {"completion_tokens", 100}},
       {{"latency", 2.0}, {"tokens_per_second", 50.0}}},
      {"no tps for a zero latency",
       {{"latency", 0}, {"completion_tokens", 100}},
       {{"latency", 0.0}, {"tokens_per_second", nullptr}}},
      {"a given tps wins",
       {{"tokens_per_second", 12.5}, {"latency", 1}, {"completion_tokens", 9}},
       {{"tokens_per_second", 12.5}}},
      {"time_to_first_token from ttft", {{"ttft", 0.25}}, {{"time_to_first_token", 0.25}}},
      {"start_time is timestamp minus latency",
       {{"latency", 1.5}, {"timestamp", "2025-01-01T00:00:10Z"}},
       {{"timestamp", "2025-01-01T00:00:10.000000Z"},
        {"start_time", "2025-01-01T00:00:08.500000Z"}}},
      {"a given start_time wins",
       {{"start_time", "2025-01-01T00:00:00Z"}, {"latency", 3}, {"timestamp", Ts(10)}},
       {{"start_time", "2025-01-01T00:00:00.000000Z"}}},
      {"a timestamp with an offset is stored in UTC",
       {{"timestamp", "2025-01-01T02:00:00+02:00"}},
       {{"timestamp", "2025-01-01T00:00:00.000000Z"}}},
      {"environment from the body", {{"environment", "test"}}, {{"environment", "test"}}},
      {"customer fields from customer_params",
       {{"customer_params", {{"customer_identifier", "c1"}, {"email", "a@b.c"}}}},
       {{"customer_identifier", "c1"}, {"customer_email", "a@b.c"}}},
      {"a top-level customer_identifier wins",
       {{"customer_identifier", "top"}, {"customer_params", {{"customer_identifier", "c1"}}}},
       {{"customer_identifier", "top"}, {"customer_email", nullptr}}},
      {"a null log_type is chat", {{"log_type", nullptr}}, {{"log_type", "chat"}}},
      {"plain fields are kept",
       {{"stream", true},
        {"temperature", 0.7},
        {"max_tokens", 256},
        {"positive_feedback", false},
        {"tools", {{{"type", "function"}}}},
        {"provider_id", "openai"},
        {"trace_unique_id", "t1"},
        {"span_name", "s"}},
       {{"stream", true},
        {"temperature", 0.7},
        {"max_tokens", 256},
        {"positive_feedback", false},
        {"tools", {{{"type", "function"}}}},
        {"provider_id", "openai"},
        {"trace_unique_id", "t1"},
        {"span_name", "s"}}},
      {"a client id is ignored", {{"unique_id", "0123456789abcdef0123456789abcdef"}}, {}},
  };
  Harness h;
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      const Json log = h.Stored(row.body);
      for (auto it = row.expected.begin(); it != row.expected.end(); ++it) {
        INFO(it.key());
        CHECK(log[it.key()] == it.value());
      }
      CHECK(log["unique_id"] != "0123456789abcdef0123456789abcdef");
    }
  }
}

TEST_CASE("R1 keeps the client's metadata and JSON values with their key order") {
  Harness h;
  const Json metadata = Json::parse(R"({"b": 1, "a": {"z": 2, "y": [1, 2.5]}})");
  const Json input = Json::parse(R"({"z": 1, "a": 2})");
  const Json log = h.Stored({{"metadata", metadata}, {"input", input}});
  CHECK(log["metadata"].dump() == metadata.dump());
  CHECK(log["input"] == R"({"z":1,"a":2})");
}

TEST_CASE("R1 keeps keys without a column in extra, so nothing a client sent is lost") {
  Harness h;
  h.Stored({{"model", "m"},
            {"my_field", {{"x", 1}}},
            {"usage", {{"prompt_tokens", 3}, {"input_tokens", 9}}},
            {"prompt_unit_price", 2},
            {"prompt_messages", Json::array()},
            {"messages", {{{"role", "user"}}}},
            {"generation_time", 4}});
  auto session = internal::StoreAccess::Read(*h.store);
  const Json extra =
      Json::parse(session.db().execAndGet("SELECT extra FROM request_logs").getString());
  CHECK(extra == Json::parse(R"({"my_field": {"x": 1}, "usage": {"prompt_tokens": 3,
        "input_tokens": 9}, "prompt_unit_price": 2, "messages": [{"role": "user"}]})"));
}

TEST_CASE("R1 refuses a wrong type with a 400 naming the field, and stores nothing") {
  struct Row {
    Json body;
    const char* detail;
    const char* field;
  };
  const std::vector<Row> rows = {
      {{{"prompt_tokens", -1}}, "prompt_tokens: must be a non-negative integer.", "prompt_tokens"},
      {{{"prompt_tokens", "5"}}, "prompt_tokens: must be a non-negative integer.", "prompt_tokens"},
      {{{"prompt_tokens", 1.5}}, "prompt_tokens: must be a non-negative integer.", "prompt_tokens"},
      {{{"completion_tokens", true}},
       "completion_tokens: must be a non-negative integer.",
       "completion_tokens"},
      {{{"total_tokens", -3}}, "total_tokens: must be a non-negative integer.", "total_tokens"},
      {{{"usage", Json::array()}}, "usage: must be an object.", "usage"},
      {{{"usage", {{"prompt_tokens", "x"}}}},
       "usage.prompt_tokens: must be a non-negative integer.",
       "usage.prompt_tokens"},
      {{{"usage", {{"prompt_tokens_details", {{"cached_tokens", -1}}}}}},
       "usage.prompt_tokens_details.cached_tokens: must be a non-negative integer.",
       "usage.prompt_tokens_details.cached_tokens"},
      {{{"cost", -0.1}}, "cost: must be a non-negative number.", "cost"},
      {{{"latency", "1"}}, "latency: must be a non-negative number.", "latency"},
      {{{"generation_time", -1}},
       "generation_time: must be a non-negative number.",
       "generation_time"},
      {{{"ttft", "x"}}, "ttft: must be a non-negative number.", "ttft"},
      {{{"tokens_per_second", -2}},
       "tokens_per_second: must be a non-negative number.",
       "tokens_per_second"},
      {{{"prompt_unit_price", "1"}},
       "prompt_unit_price: must be a non-negative number.",
       "prompt_unit_price"},
      {{{"model", 5}}, "model: must be a string.", "model"},
      {{{"log_type", Json::array()}}, "log_type: must be a string.", "log_type"},
      {{{"status", "ok"}}, "status: must be \"success\" or \"error\".", "status"},
      {{{"status_code", "200"}}, "status_code: must be an integer.", "status_code"},
      {{{"prompt_messages", "hi"}}, "prompt_messages: must be an array.", "prompt_messages"},
      {{{"messages", Json::object()}}, "messages: must be an array.", "messages"},
      {{{"completion_message", Json::array()}},
       "completion_message: must be an object.",
       "completion_message"},
      {{{"timestamp", "yesterday"}},
       "timestamp: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z.",
       "timestamp"},
      {{{"timestamp", "2025-02-30T00:00:00Z"}},
       "timestamp: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z.",
       "timestamp"},
      {{{"start_time", 123}},
       "start_time: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z.",
       "start_time"},
      {{{"environment", 1}}, "environment: must be a string.", "environment"},
      {{{"customer_identifier", 7}},
       "customer_identifier: must be a string.",
       "customer_identifier"},
      {{{"trace_unique_id", false}}, "trace_unique_id: must be a string.", "trace_unique_id"},
      {{{"customer_params", "x"}}, "customer_params: must be an object.", "customer_params"},
      {{{"customer_params", {{"email", 5}}}},
       "customer_params.email: must be a string.",
       "customer_params.email"},
      {{{"temperature", "hot"}}, "temperature: must be a number.", "temperature"},
      {{{"max_tokens", 1.5}}, "max_tokens: must be an integer.", "max_tokens"},
      {{{"stream", "yes"}}, "stream: must be a boolean.", "stream"},
      {{{"positive_feedback", 1}}, "positive_feedback: must be a boolean.", "positive_feedback"},
      {{{"metadata", Json::array()}}, "metadata: must be an object.", "metadata"},
      {{{"model", 1}, {"prompt_tokens", -1}}, "model: must be a string.", "model"},
  };
  Harness h;
  for (const Row& row : rows) {
    SUBCASE(row.detail) {
      const Reply r = h.Create(row.body);
      CHECK(r.status == 400);
      CHECK(r.body == Json{{"detail", row.detail}, {"field", row.field}});
      CHECK(h.Count("SELECT COUNT(*) FROM request_logs") == 0);
    }
  }
  SUBCASE("a body that is not an object") {
    const Reply r = h.Create(Json::array());
    CHECK(r.status == 400);
    CHECK(r.body["detail"] == "Request body must be a JSON object.");
  }
}

TEST_CASE("R6 creates the valid items and reports each invalid one as R1 would") {
  Harness h;
  const Json alone = h.Create({{"prompt_tokens", "x"}}).body;
  const Reply r = h.Bulk(Json::array({Json{{"model", "a"}}, Json{{"prompt_tokens", "x"}}, 5,
                                      Json{{"model", "b"}}, nullptr, Json{{"status", "bad"}}}));
  REQUIRE(r.status == 200);
  CHECK(Keys(r.body) == std::vector<std::string>{"success_count", "error_count", "errors",
                                                 "total_errors", "unique_ids"});
  CHECK(r.body["success_count"] == 2);
  CHECK(r.body["error_count"] == 4);
  CHECK(r.body["total_errors"] == 4);
  CHECK(r.body["errors"] ==
        Json::array({Json{{"index", 1}, {"error", alone["detail"]}},
                     Json{{"index", 2}, {"error", "Item must be a JSON object."}},
                     Json{{"index", 4}, {"error", "Item must be a JSON object."}},
                     Json{{"index", 5}, {"error", "status: must be \"success\" or \"error\"."}}}));
  REQUIRE(r.body["unique_ids"].size() == 2);
  CHECK(h.Get(r.body["unique_ids"][0].get<std::string>()).body["model"] == "a");
  CHECK(h.Get(r.body["unique_ids"][1].get<std::string>()).body["model"] == "b");
  CHECK(h.Count("SELECT COUNT(*) FROM request_logs") == 2);
}

TEST_CASE("R6 edge cases: empty, all invalid, the 10,000 cap and the first 100 errors") {
  Harness h;
  SUBCASE("an empty list gives zeros") {
    const Reply r = h.Bulk(Json::array());
    CHECK(r.status == 200);
    CHECK(r.body == Json{{"success_count", 0},
                         {"error_count", 0},
                         {"errors", Json::array()},
                         {"total_errors", 0},
                         {"unique_ids", Json::array()}});
  }
  SUBCASE("every item failing is still 200 and stores nothing") {
    const Reply r = h.Bulk(Json::array({1, 2}));
    CHECK(r.status == 200);
    CHECK(r.body["error_count"] == 2);
    CHECK(h.Count("SELECT COUNT(*) FROM request_logs") == 0);
  }
  SUBCASE("errors list the first 100; the counts give them all") {
    const Reply r = h.Bulk(Json(std::vector<int>(150, 0)));
    CHECK(r.body["errors"].size() == 100);
    CHECK(r.body["errors"][99]["index"] == 99);
    CHECK(r.body["error_count"] == 150);
    CHECK(r.body["total_errors"] == 150);
  }
  SUBCASE("10,000 items are accepted") {
    const Reply r = h.Bulk(Json(std::vector<Json>(10000, Json::object())));
    CHECK(r.status == 200);
    CHECK(r.body["success_count"] == 10000);
    CHECK(h.Count("SELECT COUNT(*) FROM request_logs") == 10000);
  }
  SUBCASE("10,001 items are a 400 and store nothing") {
    const Reply r = h.Bulk(Json(std::vector<Json>(10001, Json::object())));
    CHECK(r.status == 400);
    CHECK(r.body == Json{{"detail", "logs: must hold at most 10,000 items."}, {"field", "logs"}});
    CHECK(h.Count("SELECT COUNT(*) FROM request_logs") == 0);
  }
  SUBCASE("logs is required and must be an array") {
    const Reply missing = h.Call("POST", "/api/request-logs/bulk/", "", Json::object());
    CHECK(missing.status == 400);
    CHECK(missing.body == Json{{"detail", "logs: This field is required."}, {"field", "logs"}});
    const Reply wrong = h.Call("POST", "/api/request-logs/bulk/", "", Json{{"logs", {{"a", 1}}}});
    CHECK(wrong.status == 400);
    CHECK(wrong.body == Json{{"detail", "logs: must be an array."}, {"field", "logs"}});
  }
}

TEST_SUITE_END();

}  // namespace logset
