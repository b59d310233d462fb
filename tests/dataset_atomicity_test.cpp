// SPDX-License-Identifier: MIT
// Every population operation is all or nothing: a failure injected half-way (a TEMP trigger on
// the writer connection that aborts once a dataset reaches some size) answers 500 and leaves the
// store exactly as it was: datasets, logs, counters, updated_at, sampling_info and scores.
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
// The newest dataset, i.e. the one a create is inserting.
constexpr const char* kNewestDataset = "SELECT max(id) FROM datasets";

// Everything a population step could touch, as text.
std::string Snapshot(const DatasetHarness& t) {
  return t.Text(
             "SELECT coalesce(group_concat(uuid || '|' || log_count || '|' || "
             "completed_annotation_count || '|' || updated_at || '|' || "
             "coalesce(sampling_info, '-'), ';'), '') FROM datasets") +
         "\n" +
         t.Text(
             "SELECT coalesce(group_concat(id || '|' || dataset_id || '|' || unique_id || '|' || "
             "coalesce(source_log_id, '-'), ';'), '') FROM dataset_logs") +
         "\n" +
         t.Text(
             "SELECT coalesce(group_concat(dataset_log_id || '|' || evaluator_id || '|' || "
             "score_value, ';'), '') FROM eval_scores");
}

void CheckInternalError(const ApiResult& r) {
  CHECK_MESSAGE(r.status == 500, r.raw_body);
  CHECK(r.body == Json({{"detail", "Internal server error."}}));
}

// 12 request logs in 2025 and a scored dataset "source" with 8 logs (4 of them completed).
std::string Setup(DatasetHarness& t) {
  Json logs = Json::array();
  for (int i = 0; i < 12; ++i) {
    logs.push_back(
        {{"input", i}, {"timestamp", "2025-02-0" + std::to_string(1 + i % 9) + "T00:00:00Z"}});
  }
  t.IngestLogs(logs);
  const Json source = t.CreateDataset(
      {{"name", "source"}, {"start_time", kFrom}, {"end_time", kTo}, {"sampling", 67}});
  REQUIRE(source["log_count"] == 8);
  t.Exec("UPDATE dataset_logs SET annotation_status = 'completed' WHERE id % 2 = 0");
  t.Exec(
      "UPDATE datasets SET completed_annotation_count = "
      "(SELECT count(*) FROM dataset_logs WHERE annotation_status = 'completed')");
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev', '0.5', 0.5, 0 FROM dataset_logs");
  return source["id"];
}

std::string RowidOf(const std::string& uuid) {
  return "SELECT id FROM datasets WHERE uuid = '" + uuid + "'";
}

}  // namespace

TEST_SUITE_BEGIN("dataset_atomicity");

TEST_CASE("a sampled create that fails half-way creates nothing") {
  DatasetHarness t;
  Setup(t);
  const std::string before = Snapshot(t);
  t.FailWhenLogCount("INSERT", kNewestDataset, ">= 5");
  const Json body = {{"name", "s"}, {"start_time", kFrom}, {"end_time", kTo}};
  for (int p : {100, 75}) {  // the candidate-query copy and the id-list copy
    CAPTURE(p);
    Json sampled = body;
    sampled["sampling"] = p;
    CheckInternalError(t.Call("POST", "/api/datasets/", sampled));
    CHECK(Snapshot(t) == before);
  }
  t.ClearFailure();
  CHECK(t.CreateDataset(body)["log_count"] == 12);
}

TEST_CASE("a duplicate that fails half-way creates nothing") {
  DatasetHarness t;
  const std::string source = Setup(t);
  const std::string before = Snapshot(t);
  // The copies go in first, then their scores: fail in each phase.
  SUBCASE("while copying logs") { t.FailWhenLogCount("INSERT", kNewestDataset, ">= 5"); }
  SUBCASE("while copying scores") {
    t.Exec(
        "CREATE TEMP TRIGGER inject_failure AFTER INSERT ON eval_scores "
        "WHEN (SELECT count(*) FROM eval_scores) >= 12 BEGIN SELECT RAISE(ABORT, 'x'); END");
  }
  SUBCASE("while assigning fresh ids") {
    t.Exec(
        "CREATE TEMP TRIGGER inject_failure AFTER UPDATE OF unique_id ON dataset_logs "
        "BEGIN SELECT RAISE(ABORT, 'x'); END");
  }
  CheckInternalError(t.Call("POST", "/api/datasets/", {{"source_dataset_id", source}}));
  CHECK(Snapshot(t) == before);
  t.ClearFailure();
  const Json copy = t.CreateDataset({{"source_dataset_id", source}});
  CHECK(copy["log_count"] == 8);
  CHECK(copy["completed_annotation_count"] == 4);
}

TEST_CASE("an import that fails half-way adds nothing and keeps the dataset as it was") {
  DatasetHarness t;
  const std::string source = Setup(t);
  const std::string before = Snapshot(t);
  const Json dataset_before = t.Dataset(source);
  t.FailWhenLogCount("INSERT", RowidOf(source), ">= 10");
  SUBCASE("L8") {
    CheckInternalError(t.Call("POST", "/api/datasets/" + source + "/logs/import/",
                              {{"start_time", kFrom}, {"end_time", kTo}, {"sampling_seed", 3}}));
  }
  SUBCASE("L7 (c)") {
    CheckInternalError(t.Call("POST", "/api/datasets/" + source + "/logs/bulk/",
                              {{"start_time", kFrom}, {"end_time", kTo}}));
  }
  SUBCASE("L7 (b)") {
    std::vector<std::string> all;
    const ApiResult listed = t.Call("GET", "/api/request-logs/list/");
    for (const Json& log : listed.body["results"]) {
      all.push_back(log["unique_id"]);
    }
    REQUIRE(all.size() == 12);
    CheckInternalError(
        t.Call("POST", "/api/datasets/" + source + "/logs/bulk/", {{"log_ids", all}}));
  }
  CHECK(Snapshot(t) == before);
  CHECK(t.Dataset(source) == dataset_before);
  t.ClearFailure();
  CHECK(t.Call("POST", "/api/datasets/" + source + "/logs/import/",
               {{"start_time", kFrom}, {"end_time", kTo}})
            .body["imported_count"] == 4);
}

TEST_CASE("a removal that fails half-way removes nothing") {
  DatasetHarness t;
  const std::string source = Setup(t);
  const std::string before = Snapshot(t);
  const Json dataset_before = t.Dataset(source);
  t.FailWhenLogCount("DELETE", RowidOf(source), "<= 5");
  CheckInternalError(t.Call("DELETE", "/api/datasets/" + source + "/logs/import/",
                            {{"is_deleting_all_logs", true}}));
  CheckInternalError(t.Call("DELETE", "/api/datasets/" + source + "/logs/delete/",
                            {{"filters", {{"scores__ev", {{"operator", "gte"}, {"value", 0}}}}}}));
  CHECK(Snapshot(t) == before);
  CHECK(t.Dataset(source) == dataset_before);
  t.ClearFailure();
  CHECK(t.Call("DELETE", "/api/datasets/" + source + "/logs/import/",
               {{"is_deleting_all_logs", true}})
            .body["removed_count"] == 8);
}

TEST_SUITE_END();

}  // namespace logset
