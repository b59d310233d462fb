// SPDX-License-Identifier: MIT
// The dataset-log summary through Api::Handle (S1 GET, S2 POST with filters): totals, averages
// over non-null values and per-evaluator score summaries, each compared with values worked out
// by hand in the test.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::CheckFilterError;
using dataset_test::LogHarness;
using testing::ApiResult;
using testing::Json;

const std::vector<std::string> kSummaryKeys = {"number_of_requests",
                                               "total_cost",
                                               "total_prompt_tokens",
                                               "total_completion_tokens",
                                               "total_tokens",
                                               "avg_latency",
                                               "avg_tps",
                                               "avg_ttft",
                                               "scores"};

// Four logs with known metrics (null latency, tokens_per_second and ttft included) and scores of
// every score_value_type. Returns their unique_ids.
std::vector<std::string> Populate(LogHarness& t) {
  const Json bodies[] = {
      // tokens_per_second given; latency known.
      {{"input", "1"},
       {"model", "a"},
       {"cost", 0.5},
       {"prompt_tokens", 10},
       {"completion_tokens", 5},
       {"latency", 2.0},
       {"tokens_per_second", 7.0},
       {"time_to_first_token", 0.25}},
      // No latency, so no tokens_per_second either; no ttft.
      {{"input", "2"},
       {"model", "a"},
       {"cost", 1.25},
       {"prompt_tokens", 20},
       {"completion_tokens", 0}},
      // tokens_per_second derived: 30 / 4.0 = 7.5.
      {{"input", "3"},
       {"model", "b"},
       {"cost", 0},
       {"prompt_tokens", 0},
       {"completion_tokens", 30},
       {"latency", 4.0},
       {"time_to_first_token", 1.0}},
      // tokens_per_second given without a latency.
      {{"input", "4"},
       {"model", "b"},
       {"cost", 2.0},
       {"prompt_tokens", 5},
       {"completion_tokens", 5},
       {"metrics", {{"tokens_per_second", 3.0}, {"time_to_first_token", 0.5}}}},
  };
  std::vector<std::string> ids;
  for (const Json& body : bodies) ids.push_back(t.Add(body)["unique_id"].get<std::string>());
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'e-num', 'num', 'Num', 'numerical', 0), (1, 'e-pct', 'pct', 'Pct', 'percentage', "
      "0), "
      "(1, 'e-bool', 'bool', 'Bool', 'boolean', 0), (1, 'e-str', 'str', 'Str', 'string', 0), "
      "(1, 'e-cat', 'cat', 'Cat', 'categorical', 0), (1, 'e-json', 'json', 'Json', 'json', 0), "
      "(1, 'e-unused', 'unused', 'Unused', 'numerical', 0)");
  auto score = [&](size_t log, const std::string& evaluator, const std::string& value,
                   const std::string& numeric) {
    t.Exec(
        "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
        "created_at) SELECT id, '" +
        evaluator + "', '" + value + "', " + numeric + ", 0 FROM dataset_logs WHERE unique_id = '" +
        ids[log] + "'");
  };
  score(0, "e-num", "0.5", "0.5");
  score(2, "e-num", "0.25", "0.25");
  score(1, "e-pct", "80", "80");
  score(3, "e-pct", "40", "40");
  score(0, "e-bool", "true", "1");
  score(1, "e-bool", "false", "0");
  score(2, "e-bool", "true", "1");
  score(0, "e-str", "\"good\"", "NULL");
  score(1, "e-cat", "\"A\"", "NULL");
  score(2, "e-json", "{\"k\":1}", "NULL");
  return ids;
}

Json ScoreSummary(const char* id, const char* slug, const char* name, const char* type,
                  const Json& avg, const Json& true_count, const Json& false_count) {
  return {{"evaluator_id", id},        {"evaluator_slug", slug}, {"evaluator_name", name},
          {"score_value_type", type},  {"avg_score", avg},       {"true_count", true_count},
          {"false_count", false_count}};
}

void CheckTotals(const Json& s, int64_t n, double cost, int64_t prompt, int64_t completion,
                 double latency, double tps, double ttft) {
  CHECK(dataset_test::Keys(s) == kSummaryKeys);
  CHECK(s["number_of_requests"] == n);
  CHECK(s["total_cost"].is_number_float());
  CHECK(s["total_cost"].get<double>() == doctest::Approx(cost));
  CHECK(s["total_prompt_tokens"].is_number_integer());
  CHECK(s["total_prompt_tokens"] == prompt);
  CHECK(s["total_completion_tokens"] == completion);
  CHECK(s["total_tokens"].is_number_integer());
  CHECK(s["total_tokens"] == prompt + completion);
  for (const char* key : {"avg_latency", "avg_tps", "avg_ttft"}) CHECK(s[key].is_number_float());
  CHECK(s["avg_latency"].get<double>() == doctest::Approx(latency));
  CHECK(s["avg_tps"].get<double>() == doctest::Approx(tps));
  CHECK(s["avg_ttft"].get<double>() == doctest::Approx(ttft));
}

}  // namespace

TEST_SUITE_BEGIN("dataset_summary");

TEST_CASE("the summary of all logs sums, averages non-null values and summarises scores") {
  LogHarness t;
  Populate(t);
  // Another organisation's dataset with the same evaluator id must not leak in.
  const std::string theirs = t.NewDataset("theirs", dataset_test::kOther);
  REQUIRE(t.Call("POST", "/api/datasets/" + theirs + "/logs/", {{"input", "x"}, {"cost", 100}},
                 dataset_test::kOther)
              .status == 201);
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'e-num', '100', 100, 0 FROM dataset_logs WHERE cost = 100");

  for (const ApiResult& r : {t.Call("GET", t.base + "summary/?filters=ignored"),
                             t.Call("POST", t.base + "summary/", Json::object()),
                             t.Call("POST", t.base + "summary", {{"filters", Json::object()}})}) {
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    // By hand: costs 0.5 + 1.25 + 0 + 2.0; prompt 10 + 20 + 0 + 5; completion 5 + 0 + 30 + 5;
    // latency (2 + 4) / 2; tps (7 + 7.5 + 3) / 3; ttft (0.25 + 1 + 0.5) / 3.
    CheckTotals(r.body, 4, 3.75, 35, 40, 3.0, 17.5 / 3, 1.75 / 3);
    const Json& scores = r.body["scores"];
    CHECK(dataset_test::Keys(scores) == std::vector<std::string>{"e-bool", "e-num", "e-pct"});
    CHECK(scores["e-num"] ==
          ScoreSummary("e-num", "num", "Num", "numerical", 0.375, nullptr, nullptr));
    CHECK(scores["e-pct"] ==
          ScoreSummary("e-pct", "pct", "Pct", "percentage", 60.0, nullptr, nullptr));
    CHECK(scores["e-bool"] == ScoreSummary("e-bool", "bool", "Bool", "boolean", nullptr, 2, 1));
    CHECK(dataset_test::Keys(scores["e-num"]) ==
          std::vector<std::string>{"evaluator_id", "evaluator_slug", "evaluator_name",
                                   "score_value_type", "avg_score", "true_count", "false_count"});
  }
}

TEST_CASE("a filtered summary covers only the matching logs") {
  LogHarness t;
  const std::vector<std::string> ids = Populate(t);
  SUBCASE("model b") {
    const ApiResult r = t.Call("POST", t.base + "summary/",
                               {{"filters", {{"model", {{"operator", "eq"}, {"value", "b"}}}}}});
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    // Logs 3 and 4: cost 0 + 2; latency only 4.0; tps (7.5 + 3) / 2; ttft (1 + 0.5) / 2.
    CheckTotals(r.body, 2, 2.0, 5, 35, 4.0, 5.25, 0.75);
    CHECK(r.body["scores"]["e-num"]["avg_score"] == 0.25);
    CHECK(r.body["scores"]["e-pct"]["avg_score"] == 40.0);
    CHECK(r.body["scores"]["e-bool"]["true_count"] == 1);
    CHECK(r.body["scores"]["e-bool"]["false_count"] == 0);
  }
  SUBCASE("only logs without a latency") {
    const ApiResult r =
        t.Call("POST", t.base + "summary/",
               {{"filters", {{"latency", {{"operator", "isnull"}, {"value", {true}}}}}}});
    // Logs 2 and 4: no latency at all averages to 0.0; tps only log 4's 3.0; ttft only 0.5.
    CheckTotals(r.body, 2, 3.25, 25, 5, 0.0, 3.0, 0.5);
    CHECK(dataset_test::Keys(r.body["scores"]) == std::vector<std::string>{"e-bool", "e-pct"});
    CHECK(r.body["scores"]["e-bool"]["true_count"] == 0);
    CHECK(r.body["scores"]["e-bool"]["false_count"] == 1);
    CHECK(r.body["scores"]["e-pct"]["avg_score"] == 60.0);
  }
  SUBCASE("by score and by id") {
    const ApiResult by_score =
        t.Call("POST", t.base + "summary/",
               {{"filters", {{"scores__e-num", {{"operator", "gt"}, {"value", 0.3}}}}}});
    CheckTotals(by_score.body, 1, 0.5, 10, 5, 2.0, 7.0, 0.25);
    const ApiResult by_id =
        t.Call("POST", t.base + "summary/", {{"filters", {{"id", {ids[1], ids[2]}}}}});
    CheckTotals(by_id.body, 2, 1.25, 20, 30, 4.0, 7.5, 1.0);
  }
  SUBCASE("nothing matches") {
    const ApiResult r = t.Call("POST", t.base + "summary/", {{"filters", {{"model", "zzz"}}}});
    CheckTotals(r.body, 0, 0.0, 0, 0, 0.0, 0.0, 0.0);
    CHECK(r.body["scores"] == Json::object());
  }
  SUBCASE("bad filters are 400s naming the field or pointer") {
    CheckError(t.Call("POST", t.base + "summary/", {{"filters", Json::array()}}), 400, "filters",
               "filters: must be an object.");
    CheckFilterError(t.Call("POST", t.base + "summary/",
                            {{"filters", {{"cost", {{"operator", "gt"}, {"value", "x"}}}}}}),
                     "/filters/cost/value");
    CheckFilterError(t.Call("POST", t.base + "summary/", {{"filters", {{"note", "x"}}}}),
                     "/filters/note");
  }
}

TEST_CASE("the whole-dataset summary equals a filtered one that matches every log") {
  // S1 reads the summary indexes; S2 with a filter joins per log. They must never disagree,
  // including on a duplicate (whose scores are copied set-based) and after logs are removed.
  LogHarness t;
  const std::vector<std::string> ids = Populate(t);
  const Json match_all = {
      {"filters", {{"timestamp", {{"operator", "gte"}, {"value", "2000-01-01T00:00:00Z"}}}}}};
  auto check_paths_agree = [&](const std::string& ds, int64_t expected_logs) {
    const std::string base = "/api/datasets/" + ds + "/logs/summary/";
    const ApiResult whole = t.Call("GET", base);
    const ApiResult filtered = t.Call("POST", base, match_all);
    REQUIRE_MESSAGE(whole.status == 200, whole.raw_body);
    REQUIRE_MESSAGE(filtered.status == 200, filtered.raw_body);
    CHECK(whole.body["number_of_requests"] == expected_logs);
    CHECK(whole.body == filtered.body);
    return whole.body;
  };
  const Json original = check_paths_agree(t.ds, 4);

  const ApiResult copy = t.Call("POST", "/api/datasets/", {{"source_dataset_id", t.ds}});
  REQUIRE_MESSAGE(copy.status == 201, copy.raw_body);
  const std::string copy_id = copy.body["id"].get<std::string>();
  CHECK(check_paths_agree(copy_id, 4) == original);
  // The copy's scores belong to the copy, so the original's summary did not double.
  CHECK(check_paths_agree(t.ds, 4) == original);

  // Removing log 0 (e-num 0.5, e-bool true) from the original leaves the copy as it was.
  REQUIRE(t.Call("DELETE", t.base + ids[0] + "/").status == 204);
  const Json after = check_paths_agree(t.ds, 3);
  CHECK(after["scores"]["e-num"]["avg_score"] == 0.25);
  CHECK(after["scores"]["e-bool"]["true_count"] == 1);
  CHECK(check_paths_agree(copy_id, 4) == original);

  // Deleting the original dataset removes its scores with its logs.
  REQUIRE(t.Call("DELETE", "/api/datasets/" + t.ds + "/").status == 204);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 10);
  CHECK(check_paths_agree(copy_id, 4) == original);
}

TEST_CASE("the summary of an empty dataset is all zeros with every key present") {
  LogHarness t;
  const ApiResult r = t.Call("GET", t.base + "summary/");
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CheckTotals(r.body, 0, 0.0, 0, 0, 0.0, 0.0, 0.0);
  CHECK(r.body["scores"] == Json::object());
  CHECK(r.raw_body.find(R"("total_cost":0.0)") != std::string::npos);
  CHECK(t.Call("PUT", t.base + "summary/").status == 405);
}

TEST_SUITE_END();

}  // namespace logset
