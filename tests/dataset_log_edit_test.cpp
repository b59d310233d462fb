// SPDX-License-Identifier: MIT
// Dataset logs L3-L6 through Api::Handle: path checks, retrieve, patch, put and delete, with the
// dataset's counts and updated_at kept in step.
#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::Keys;
using dataset_test::kOther;
using dataset_test::LogHarness;
using dataset_test::LogKeys;
using testing::ApiResult;
using testing::Json;

}  // namespace

TEST_SUITE_BEGIN("dataset_log_edit");

TEST_CASE("dataset-log paths check the dataset and the log before the body") {
  LogHarness t;
  const std::string uid = t.Add({{"input", "x"}})["unique_id"].get<std::string>();
  const std::string other_ds = t.NewDataset("other");
  const std::string theirs = t.NewDataset("theirs", kOther);
  std::string upper = uid;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  for (const std::string& ds :
       {theirs, std::string("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a"), std::string("nope")}) {
    CAPTURE(ds);
    const std::string base = "/api/datasets/" + ds + "/logs/";
    CHECK(t.Call("POST", base, Json::object()).status == 404);
    CHECK(t.Call("POST", base + "list/", {{"filters", "x"}}).status == 404);
    CHECK(t.Call("GET", base + "list/").status == 404);
    CHECK(t.Call("POST", base + "bulk/", {{"logs", "x"}}).status == 404);
    CHECK(t.Call("GET", base + uid + "/").status == 404);
  }
  // A log of another dataset, a malformed uid, upper-case hex and an unknown uid.
  for (const std::string& path :
       {"/api/datasets/" + other_ds + "/logs/" + uid + "/", t.base + "xyz/", t.base + upper + "/",
        t.base + std::string(32, 'a') + "/", t.base + uid + "0/"}) {
    CAPTURE(path);
    CHECK(t.Call("GET", path).status == 404);
    CHECK(t.Call("PATCH", path, {{"prompt", 5}}).status == 404);
    CHECK(t.Call("PUT", path, {{"metadata", 5}}).status == 404);
    CHECK(t.Call("DELETE", path).status == 404);
  }
  // Another organisation cannot see the log even with the right dataset id.
  CHECK(t.Call("GET", t.base + uid + "/", Json(), kOther).status == 404);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 1);
}

TEST_CASE("dataset-log routes answer 405 with Allow for other methods") {
  LogHarness t;
  const std::string uid = t.Add({{"input", "x"}})["unique_id"].get<std::string>();
  ApiResult r = t.Call("GET", t.base);
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "POST");
  r = t.Call("POST", t.base + uid + "/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "GET, PUT, PATCH, DELETE");
  r = t.Call("GET", t.base + "bulk/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "POST");
  r = t.Call("PUT", t.base + "list/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "GET, POST");
}

TEST_CASE("patching a dataset log changes only the given keys and merges metadata shallowly") {
  LogHarness t;
  const Json before = t.Add({{"input", "in"},
                             {"output", "out"},
                             {"expected_output", "exp"},
                             {"model", "m"},
                             {"cost", 2},
                             {"metadata", {{"a", 1}, {"b", {{"c", 1}}}, {"model", "m"}}}});
  const std::string path = t.base + before["unique_id"].get<std::string>() + "/";
  const Json dataset_before = t.Dataset();

  const ApiResult r = t.Call("PATCH", path,
                             {{"output", {{"x", 1}}},
                              {"prompt", nullptr},
                              {"metadata", {{"b", {{"d", 2}}}, {"a", nullptr}, {"z", true}}},
                              {"model", "ignored"},
                              {"cost", 99}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  const Json& d = r.body;
  CHECK(Keys(d) == LogKeys());
  CHECK(d["scores"] == Json::array());
  CHECK(d["input"] == "in");
  CHECK(d["output"] == Json({{"x", 1}}));
  CHECK(d["expected_output"] == "exp");
  CHECK(d["prompt"].is_null());
  CHECK(d["completion"] == "out");  // not re-derived
  CHECK(d["model"] == "m");
  CHECK(d["cost"] == 2.0);
  CHECK(d["metadata"].dump() == R"({"a":null,"b":{"d":2},"model":"m","z":true})");
  CHECK(d["updated_at"] > before["updated_at"]);
  CHECK(d["created_at"] == before["created_at"]);
  CHECK(t.Call("GET", path).body == d);
  CHECK(t.Dataset()["updated_at"] > dataset_before["updated_at"]);
  CHECK(t.Dataset()["log_count"] == 1);

  SUBCASE("metadata null clears it; input may be set to any JSON") {
    const ApiResult cleared = t.Call("PATCH", path, {{"metadata", nullptr}, {"input", {1, 2}}});
    CHECK(cleared.body["metadata"] == Json::object());
    CHECK(cleared.body["input"] == Json({1, 2}));
  }
  SUBCASE("wrong types are 400 and change nothing") {
    CheckError(t.Call("PATCH", path, {{"input", "new"}, {"prompt", 5}}), 400, "prompt",
               "prompt: must be a string.");
    CheckError(t.Call("PATCH", path, {{"completion", Json::array()}}), 400, "completion",
               "completion: must be a string.");
    CheckError(t.Call("PATCH", path, {{"metadata", "x"}}), 400, "metadata",
               "metadata: must be an object.");
    CHECK(t.Call("GET", path).body == d);
  }
}

TEST_CASE("putting a dataset log replaces the six content fields and keeps the rest") {
  LogHarness t;
  const Json before = t.Add({{"input", "in"},
                             {"output", "out"},
                             {"expected_output", "exp"},
                             {"customer_identifier", "c"},
                             {"prompt_tokens", 3},
                             {"metadata", {{"a", 1}}}});
  const std::string path = t.base + before["unique_id"].get<std::string>() + "/";
  const ApiResult r = t.Call("PUT", path, {{"input", "new"}, {"metadata", {{"b", 2}}}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  const Json& d = r.body;
  CHECK(d["input"] == "new");
  CHECK(d["output"].is_null());
  CHECK(d["expected_output"].is_null());
  CHECK(d["prompt"].is_null());
  CHECK(d["completion"].is_null());
  CHECK(d["metadata"] == Json({{"b", 2}}));
  CHECK(d["customer_identifier"] == "c");
  CHECK(d["prompt_tokens"] == 3);
  CHECK(d["timestamp"] == before["timestamp"]);
  CHECK(d["updated_at"] > before["updated_at"]);

  const ApiResult empty = t.Call("PUT", path, Json::object());
  CHECK(empty.body["input"].is_null());
  CHECK(empty.body["metadata"] == Json::object());
  CheckError(t.Call("PUT", path, {{"metadata", Json::array()}}), 400, "metadata",
             "metadata: must be an object.");
  CHECK(t.Call("GET", path).body == empty.body);
}

// API.md 5.5: neither PUT nor PATCH touches identity or metric fields, and 4.3 sets `messages`
// only on creation and import; the older docs' PUT body (messages, model, parameters) therefore
// changes the content fields it names and nothing else, and the other keys are not read at all.
TEST_CASE("a legacy PUT or a PATCH naming core fields changes only the content fields") {
  LogHarness t;
  const Json before = t.Add({{"input", "in"},
                             {"output", "out"},
                             {"messages", Json::array({{{"role", "user"}, {"content", "old"}}})},
                             {"model", "m"},
                             {"prompt_tokens", 3},
                             {"cost", 2},
                             {"temperature", 0.1},
                             {"timestamp", "2025-01-01T00:00:00Z"},
                             {"metadata", {{"a", 1}}}});
  const std::string path = t.base + before["unique_id"].get<std::string>() + "/";
  const Json core_keys = {"model",      "messages",    "prompt_tokens", "total_request_tokens",
                          "cost",       "temperature", "max_tokens",    "timestamp",
                          "start_time", "status",      "environment"};
  const Json legacy = Json::parse(R"({
    "messages": [{"role": "user", "content": "What is the capital of France?"},
                 {"role": "assistant", "content": "Paris."}],
    "model": "gpt-4", "parameters": {"temperature": 0.7, "max_tokens": 150},
    "prompt_tokens": 99, "cost": 9, "timestamp": "2020-01-01T00:00:00Z", "status": "error",
    "environment": "test", "metadata": {"user_id": "user123"}})");

  const ApiResult put = t.Call("PUT", path, legacy);
  REQUIRE_MESSAGE(put.status == 200, put.raw_body);
  for (const Json& key : core_keys) {
    CAPTURE(key);
    CHECK(put.body[key.get<std::string>()] == before[key.get<std::string>()]);
  }
  CHECK(put.body["metadata"] == Json({{"user_id", "user123"}}));
  CHECK(put.body["input"].is_null());

  Json patch = legacy;
  patch["metadata"] = {{"b", 2}};
  patch["model"] = 5;  // not read, so not validated either
  const ApiResult patched = t.Call("PATCH", path, patch);
  REQUIRE_MESSAGE(patched.status == 200, patched.raw_body);
  for (const Json& key : core_keys) {
    CAPTURE(key);
    CHECK(patched.body[key.get<std::string>()] == before[key.get<std::string>()]);
  }
  CHECK(patched.body["metadata"] == Json({{"user_id", "user123"}, {"b", 2}}));
  CHECK(t.Call("GET", path).body == patched.body);
  const auto count_model = [&t](const char* model) {
    return t.Call("POST", t.base + "list/", {{"filters", {{"model", model}}}}).body["count"];
  };
  CHECK(count_model("m") == 1);
  CHECK(count_model("gpt-4") == 0);
}

TEST_CASE("deleting a dataset log answers 204 and keeps the dataset's counts") {
  LogHarness t;
  const std::string a = t.Add({{"input", "a"}})["unique_id"];
  const std::string b = t.Add({{"input", "b"}})["unique_id"];
  // Annotation is set outside the API; the counter moves with it as the service would.
  t.Exec("UPDATE dataset_logs SET annotation_status = 'completed' WHERE unique_id = '" + a + "'");
  t.Exec("UPDATE datasets SET completed_annotation_count = 1");
  CHECK(t.Dataset()["completed_annotation_count"] == 1);
  const Json before = t.Dataset();

  const ApiResult r = t.Call("DELETE", t.base + a + "/");
  CHECK(r.status == 204);
  CHECK(r.raw_body.empty());
  CHECK(t.Call("GET", t.base + a + "/").status == 404);
  CHECK(t.Call("DELETE", t.base + a + "/").status == 404);
  const Json after = t.Dataset();
  CHECK(after["log_count"] == 1);
  CHECK(after["completed_annotation_count"] == 0);
  CHECK(after["log_ids"] == Json::array({b}));
  CHECK(after["updated_at"] > before["updated_at"]);
  REQUIRE(t.Call("DELETE", t.base + b + "/").status == 204);
  CHECK(t.Dataset()["log_count"] == 0);
  CHECK(t.Dataset()["log_ids"] == Json::array());
}

TEST_SUITE_END();

}  // namespace logset
