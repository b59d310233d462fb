// SPDX-License-Identifier: MIT
// The time limit of an API call's queries, and stopping once its client has gone.
#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>

#include "logs/jsonl_import.h"
#include "logset/api.h"
#include "logset/store.h"
#include "test_util.h"

namespace logset {
namespace {

TEST_SUITE_BEGIN("query budget");

constexpr int kLogs = 50000;

// A store of kLogs request logs whose API calls may query for `timeout_ms`. The logs go in
// through the library's import, which no budget bounds.
std::unique_ptr<Store> StoreWithLogs(const testing::TempDir& dir, int timeout_ms) {
  StoreOptions options;
  options.path = dir.File("store.db");
  options.query_timeout_ms = timeout_ms;
  auto store = Store::Open(options);
  std::string lines;
  for (int i = 0; i < kLogs; ++i) {
    lines += R"({"model": "m)" + std::to_string(i % 10) + R"(", "input": "question )" +
             std::to_string(i) + "\"}\n";
  }
  std::istringstream in(lines);
  const auto result = internal::ImportRequestLogsJsonl(*store, in, internal::JsonlImportOptions{});
  REQUIRE(result.imported == kLogs);
  return store;
}

ApiRequest Call(const std::string& method, const std::string& path, const std::string& body) {
  ApiRequest r;
  r.method = method;
  r.path = path;
  r.authorization = "Bearer test-key";
  r.body = body;
  return r;
}

const char* kRegexList =
    R"({"filters": {"input": {"operator": "regex", "value": "(q|x)+u.*n [0-9]*9$"}}})";

TEST_CASE("a filter that runs past the call's time limit answers 400 and names the limit") {
  testing::TempDir dir;
  auto store = StoreWithLogs(dir, 1);
  const Api api(*store);
  const ApiResponse r = api.Handle(Call("POST", "/api/request-logs/list/", kRegexList));
  CHECK(r.status == 400);
  CHECK(r.body ==
        R"({"detail":"the request's queries ran past their limit of 1 ms; narrow the filters or the time range."})");
}

TEST_CASE("without a limit the same filter answers") {
  testing::TempDir dir;
  auto store = StoreWithLogs(dir, 0);
  const Api api(*store);
  const ApiResponse r = api.Handle(Call("POST", "/api/request-logs/list/", kRegexList));
  CHECK(r.status == 200);
  CHECK(r.body.find(R"("count":5000)") != std::string::npos);
}

TEST_CASE("a call whose client has gone stops and writes nothing") {
  testing::TempDir dir;
  auto store = StoreWithLogs(dir, 0);
  const Api api(*store);
  int polls = 0;
  ApiRequest create = Call("POST", "/api/datasets/",
                           R"({"name": "big", "sampling": 100, "start_time": "2000-01-01T00:00:00Z",
                               "end_time": "2100-01-01T00:00:00Z"})");
  create.cancelled = [&polls] { return ++polls > 1; };
  const ApiResponse r = api.Handle(create);
  CHECK(r.status == 400);
  CHECK(r.body == R"({"detail":"the client closed the connection."})");
  CHECK(polls >= 2);
  const ApiResponse list = api.Handle(Call("GET", "/api/datasets/list/", ""));
  CHECK(list.body.find(R"("count":0)") != std::string::npos);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
