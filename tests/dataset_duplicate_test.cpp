// SPDX-License-Identifier: MIT
// Duplicating a dataset through Api::Handle (D1 duplicate mode): every log with all its fields
// and scores under fresh ids, the defaults taken from the source, and large sources copied
// completely.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::DatasetHarness;
using testing::ApiResult;
using testing::Json;

constexpr const char* kFrom = "2025-01-01T00:00:00Z";
constexpr const char* kTo = "2025-12-31T00:00:00Z";

std::string BulkPath(const std::string& ds) { return "/api/datasets/" + ds + "/logs/bulk/"; }

// Each copy equals its original (same sort order) in every field but its identity, and has a
// fresh, valid unique_id and the new dataset's id.
void CheckCopies(const std::vector<Json>& originals, const std::vector<Json>& copies,
                 const Json& dataset_id) {
  REQUIRE(copies.size() == originals.size());
  for (size_t i = 0; i < copies.size(); ++i) {
    for (const std::string& key : dataset_test::LogKeys()) {
      if (key == "id" || key == "unique_id" || key == "dataset_id" || key == "created_at" ||
          key == "updated_at") {
        continue;
      }
      CAPTURE(key);
      CHECK(copies[i][key] == originals[i][key]);
    }
    CHECK(dataset_test::IsV4LogId(copies[i]["unique_id"]));
    CHECK(copies[i]["unique_id"] != originals[i]["unique_id"]);
    CHECK(copies[i]["dataset_id"] == dataset_id);
  }
}

}  // namespace

TEST_SUITE_BEGIN("dataset_duplicate");

TEST_CASE("a duplicate copies every log with all fields and scores under fresh ids") {
  DatasetHarness t;
  t.IngestLogs(Json::parse(R"([{"timestamp": "2025-03-04T05:06:07Z", "model": "gpt-4o",
      "cost": 0.25, "latency": 1.5, "customer_identifier": "cust", "metadata": {"z": 1},
      "prompt_messages": [{"role": "user", "content": "2+2?"}],
      "completion_message": {"role": "assistant", "content": "4"}}])"));
  const Json source = t.CreateDataset({{"name", "source"},
                                       {"description", "desc"},
                                       {"type", "llm"},
                                       {"start_time", kFrom},
                                       {"end_time", kTo},
                                       {"initial_log_filters", {{"model", "gpt-4o"}}}});
  const std::string src = source["id"];
  REQUIRE(t.Call("POST", "/api/datasets/" + src + "/logs/",
                 {{"input", "manual"}, {"expected_output", {{"k", 1}}}, {"metadata", {{"m", 2}}}})
              .status == 201);
  t.Exec(
      "UPDATE dataset_logs SET annotation_status = 'completed', "
      "annotation_completed_by = '{\"user\":\"ann\"}' WHERE input = '\"manual\"'");
  t.Exec("UPDATE datasets SET completed_annotation_count = 1");
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev-num', 'num', 'Num', 'numerical', 0), (1, 'ev-bool', 'b', 'B', 'boolean', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev-num', '0.75', 0.75, 123 FROM dataset_logs");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev-bool', 'true', 1, 456 FROM dataset_logs WHERE prompt = 'manual'");
  t.Exec(
      "INSERT INTO eval_tasks (org_id, task_id, dataset_id, evaluator_id, name, evaluator_slug, "
      "created_at, updated_at) SELECT 1, 'task-1', id, 'ev-num', 'Num', 'num', 0, 0 FROM datasets");
  const std::vector<Json> originals = t.Logs(src, "prompt");
  const Json source_now = t.Dataset(src);

  const ApiResult r =
      t.Call("POST", "/api/datasets/", {{"source_dataset_id", src}, {"sampling", 5}});
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  const Json& d = r.body;
  CHECK(dataset_test::Keys(d) == dataset_test::DatasetKeys());
  CHECK(d["id"] != src);
  CHECK(d["name"] == "source (copy)");
  CHECK(d["description"] == "desc");
  CHECK(d["type"] == "llm");
  CHECK(d["initial_log_filters"] == source["initial_log_filters"]);
  CHECK(d["sampling_info"] == source["sampling_info"]);
  CHECK(d["source_dataset_id"] == src);
  CHECK(d["log_count"] == 2);
  CHECK(d["completed_annotation_count"] == 1);
  CHECK(d["updated_at"] == d["created_at"]);
  CHECK(d["log_ids"].size() == 2);

  const std::vector<Json> copies = t.Logs(d["id"], "prompt");
  CheckCopies(originals, copies, d["id"]);
  CHECK(copies[1]["annotation_status"] == "completed");
  CHECK(copies[1]["annotation_completed_by"] == Json({{"user", "ann"}}));
  CHECK(copies[1]["scores"].size() == 2);
  CHECK(copies[1]["scores"]["ev-num"]["score_value"] == 0.75);
  CHECK(copies[0]["source_log_id"].is_string());
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 6);
  CHECK(t.Scalar("SELECT count(*) FROM eval_tasks") == 1);
  // The source is untouched.
  CHECK(t.Dataset(src) == source_now);

  SUBCASE("given name, description and type win over the source's") {
    const ApiResult named = t.Call("POST", "/api/datasets/",
                                   {{"source_dataset_id", src},
                                    {"name", " copy "},
                                    {"description", ""},
                                    {"type", "sampling"},
                                    {"initial_log_filters", {{"cost", 1}}},
                                    {"is_empty", true}});
    REQUIRE(named.status == 201);
    CHECK(named.body["name"] == "copy");
    CHECK(named.body["description"] == "");
    CHECK(named.body["type"] == "sampling");
    CHECK(named.body["initial_log_filters"] == source["initial_log_filters"]);
    CHECK(named.body["log_count"] == 2);
  }
  SUBCASE("a duplicate of an empty dataset and of a duplicate") {
    const std::string empty = t.NewDataset("empty");
    const ApiResult e = t.Call("POST", "/api/datasets/", {{"source_dataset_id", empty}});
    CHECK(e.body["log_count"] == 0);
    CHECK(e.body["sampling_info"].is_null());
    const ApiResult again = t.Call("POST", "/api/datasets/", {{"source_dataset_id", d["id"]}});
    CHECK(again.body["name"] == "source (copy) (copy)");
    CHECK(again.body["log_count"] == 2);
    CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 9);
  }
}

TEST_CASE("a duplicate of a dataset without scores copies every field under fresh ids") {
  // Without scores the copies draw their ids as they are inserted (no placeholder pass).
  DatasetHarness t;
  t.IngestLogs(Json::parse(R"([{"timestamp": "2025-03-04T05:06:07Z", "model": "a", "input": "x"},
      {"timestamp": "2025-03-04T05:06:08Z", "model": "b", "input": [{"role": "user",
       "content": "y"}], "output": {"role": "assistant", "content": "z"}}])"));
  const Json source =
      t.CreateDataset({{"name", "plain"}, {"start_time", kFrom}, {"end_time", kTo}});
  const std::string src = source["id"];
  REQUIRE(t.Call("POST", "/api/datasets/" + src + "/logs/",
                 {{"input", "manual"}, {"expected_output", "e"}})
              .status == 201);
  t.Exec("UPDATE dataset_logs SET annotation_status = 'completed' WHERE input = '\"manual\"'");
  t.Exec("UPDATE datasets SET completed_annotation_count = 1");
  const std::vector<Json> originals = t.Logs(src, "prompt");
  REQUIRE(originals.size() == 3);

  const ApiResult r = t.Call("POST", "/api/datasets/", {{"source_dataset_id", src}});
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  CHECK(r.body["log_count"] == 3);
  CHECK(r.body["completed_annotation_count"] == 1);
  const std::vector<Json> copies = t.Logs(r.body["id"], "prompt");
  CheckCopies(originals, copies, r.body["id"]);
  CHECK(t.Scalar("SELECT count(DISTINCT unique_id) FROM dataset_logs") == 6);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 0);
}

TEST_CASE("copies and removals of large, interleaved datasets miss no log and no score") {
  DatasetHarness t;
  const std::string a = t.NewDataset("a");
  const std::string b = t.NewDataset("b");
  auto add = [&](const std::string& ds, int from, int to) {
    Json logs = Json::array();
    for (int i = from; i < to; ++i) logs.push_back({{"input", i}, {"metadata", {{"k", i % 3}}}});
    REQUIRE(t.Call("POST", BulkPath(ds), {{"logs", logs}}).body["success_count"] == to - from);
  };
  // The copy, score copy, id assignment and removal statements run in windows of 5,000 rowids;
  // "a" spans several windows with "b"'s rows in between.
  add(a, 0, 6000);
  add(b, 0, 3);
  add(a, 6000, 9000);
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev', '1', 1, 0 FROM dataset_logs");
  const Json b_before = t.Dataset(b);

  const Json copy = t.CreateDataset({{"source_dataset_id", a}});
  const std::string c = copy["id"];
  CHECK(copy["log_count"] == 9000);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs WHERE dataset_id = (SELECT id FROM datasets "
                 "WHERE uuid = '" +
                 c + "')") == 9000);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 2 * 9000 + 3);
  CHECK(t.Scalar("SELECT count(DISTINCT unique_id) FROM dataset_logs") == 2 * 9000 + 3);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs WHERE unique_id LIKE 'copy:%'") == 0);

  ApiResult r =
      t.Call("DELETE", "/api/datasets/" + c + "/logs/import/", {{"filters", {{"metadata__k", 0}}}});
  CHECK(r.body["removed_count"] == 3000);
  CHECK(t.Dataset(c)["log_count"] == 6000);
  r = t.Call("DELETE", "/api/datasets/" + c + "/logs/import/", {{"is_deleting_all_logs", true}});
  CHECK(r.body["removed_count"] == 6000);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 9000 + 3);
  CHECK(t.Dataset(a)["log_count"] == 9000);
  CHECK(t.Dataset(b) == b_before);
}

TEST_SUITE_END();

}  // namespace logset
