// SPDX-License-Identifier: MIT
// R2 renders its page straight from the stored columns (RenderRequestLogPage); every log in it
// must be byte for byte the object R3 builds through the DOM (RequestLogJson), for realistic
// generated logs and for the odd values a client can send.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "log_generator.h"
#include "request_log_test_util.h"

namespace logset {

using namespace request_log_test;  // NOLINT: test-local helpers

namespace {

// Bodies whose stored JSON exercises every rendering branch: input and output as strings,
// arrays, objects, numbers, booleans and absent; escapes and non-ASCII text; tools; numbers
// that print differently as integers and reals; nulls in optional fields.
std::vector<Json> OddBodies() {
  return {
      {{"input", "plain \"quoted\" \\ text\n\ttab \u00e9\u20ac\U0001F600"}, {"output", 42}},
      {{"input", Json::array({{{"role", "user"}, {"content", "hi \u0001 there"}}})},
       {"output", {{"role", "assistant"}, {"content", "\u2028 line sep"}}}},
      {{"input", true}, {"output", nullptr}, {"cost", 1e-7}, {"latency", 1e21}},
      {{"input", 1.5}, {"output", Json::array()}, {"temperature", 0.1}, {"max_tokens", 0}},
      {{"prompt_messages", Json::array({{{"role", "system"}, {"content", "x"}}})},
       {"completion_message", {{"role", "assistant"}, {"content", ""}}},
       {"tools", Json::array({{{"type", "function"}}})},
       {"tool_calls", Json::array()},
       {"metadata", {{"n", -0.0}, {"big", 18446744073709551615ULL}, {"e", 1e300}, {"s", "\u00ff"}}},
       {"customer_params", {{"email", "a@b.c"}}},
       {"positive_feedback", false},
       {"stream", true},
       {"status_code", 500},
       {"error_message", "boom \"x\""}},
      Json::object(),
  };
}

}  // namespace

TEST_SUITE_BEGIN("request_log_api");

TEST_CASE("every log on an R2 page is byte for byte the R3 object of that log") {
  Harness h;
  logset::bench::LogGenerator generator(5);
  std::string line;
  Json logs = Json::array();
  for (int i = 0; i < 300; ++i) {
    generator.Next(line);
    logs.push_back(Json::parse(line));
  }
  for (const Json& body : OddBodies()) logs.push_back(body);
  REQUIRE(h.Bulk(logs).body["success_count"] == logs.size());
  // A pinned, annotated log and scores, so the request-log-only members vary too.
  const std::string first = h.List("page_size=1").body["results"][0]["unique_id"];
  REQUIRE(h.Call("PATCH", "/api/request-logs/" + first + "/", "",
                 {{"is_pinned", true}, {"note", "n\u00e9"}, {"positive_feedback", true}})
              .status == 200);
  REQUIRE(h.Count("SELECT count(*) FROM request_logs") == static_cast<int64_t>(logs.size()));

  size_t checked = 0;
  for (const std::string query : {"page_size=100", "page_size=100&page=2", "page_size=100&page=4",
                                  "page_size=37&sort_by=cost", "page_size=50&sort_by=-latency"}) {
    const Reply page = h.List(query);
    REQUIRE(page.status == 200);
    for (const Json& log : page.body["results"]) {
      const Reply one = h.Get(log["unique_id"].get<std::string>());
      REQUIRE(one.status == 200);
      CAPTURE(one.text);
      CHECK(page.text.find(one.text) != std::string::npos);
      ++checked;
    }
  }
  CHECK(checked == 100 + 100 + 6 + 37 + 50);
}

TEST_SUITE_END();

}  // namespace logset
