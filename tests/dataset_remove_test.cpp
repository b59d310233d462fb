// SPDX-License-Identifier: MIT
// Removing dataset logs through Api::Handle (L9 and its legacy path): by filter or all, with
// their scores, the dataset's counters and updated_at, and the 400s of a removal without filters.
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

constexpr const char* kNeedsFilters = "filters: required unless is_deleting_all_logs is true.";

// Five logs in "main": models a, a, b, b, none; the first and third annotated as completed; every
// log scored by one evaluator. Returns their unique_ids.
std::vector<std::string> Populate(LogHarness& t) {
  std::vector<std::string> ids;
  for (const Json& model : {Json("a"), Json("a"), Json("b"), Json("b"), Json(nullptr)}) {
    ids.push_back(t.Add({{"input", "x"}, {"model", model}})["unique_id"].get<std::string>());
  }
  t.Exec("UPDATE dataset_logs SET annotation_status = 'completed' WHERE unique_id IN ('" + ids[0] +
         "', '" + ids[2] + "')");
  t.Exec("UPDATE datasets SET completed_annotation_count = 2");
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev', '1', 1, 0 FROM dataset_logs");
  return ids;
}

}  // namespace

TEST_SUITE_BEGIN("dataset_remove");

TEST_CASE("removing by filter deletes the matching logs with their scores") {
  LogHarness t;
  const std::vector<std::string> ids = Populate(t);
  const std::string other = t.NewDataset("other");
  REQUIRE(t.Call("POST", "/api/datasets/" + other + "/logs/", {{"input", "y"}, {"model", "a"}})
              .status == 201);
  const Json before = t.Dataset();

  const ApiResult r = t.Call("DELETE", t.base + "import/",
                             {{"filters", {{"model", {{"operator", "eq"}, {"value", "a"}}}}}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(r.body == Json({{"message", "Logs removed from dataset"}, {"removed_count", 2}}));
  const Json after = t.Dataset();
  CHECK(after["log_count"] == 3);
  CHECK(after["completed_annotation_count"] == 1);
  CHECK(after["updated_at"] > before["updated_at"]);
  CHECK(after["log_ids"].size() == 3);
  CHECK(t.Call("GET", t.base + ids[0] + "/").status == 404);
  CHECK(t.Call("GET", t.base + ids[2] + "/").status == 200);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 3);
  // The other dataset's matching log stays.
  CHECK(t.Dataset(other)["log_count"] == 1);

  SUBCASE("a removal that matches nothing answers 0 and changes nothing") {
    const ApiResult none = t.Call("DELETE", t.base + "import/", {{"filters", {{"model", "zzz"}}}});
    CHECK(none.body["removed_count"] == 0);
    CHECK(t.Dataset() == after);
  }
  SUBCASE("the legacy path removes the same way, with any filter the catalog knows") {
    const ApiResult legacy =
        t.Call("DELETE", t.base + "delete/",
               {{"filters",
                 {{"model", {{"operator", "isnull"}, {"value", {true}}}},
                  {"annotation_status",
                   {{"operator", "eq"}, {"value", "completed"}, {"connector", "OR"}}}}}});
    REQUIRE_MESSAGE(legacy.status == 200, legacy.raw_body);
    CHECK(legacy.body["removed_count"] == 2);
    CHECK(t.Dataset()["log_count"] == 1);
    CHECK(t.Dataset()["completed_annotation_count"] == 0);
    CHECK(t.Dataset()["log_ids"] == Json::array({ids[3]}));
  }
}

TEST_CASE("is_deleting_all_logs removes every log and ignores the filters") {
  LogHarness t;
  Populate(t);
  SUBCASE("import path") {
    const ApiResult r = t.Call("DELETE", t.base + "import/",
                               {{"is_deleting_all_logs", true}, {"filters", {{"nope", "x"}}}});
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    CHECK(r.body["removed_count"] == 5);
  }
  SUBCASE("legacy path") {
    const ApiResult r = t.Call("DELETE", t.base + "delete/", {{"is_deleting_all_logs", true}});
    CHECK(r.body["removed_count"] == 5);
  }
  const Json after = t.Dataset();
  CHECK(after["log_count"] == 0);
  CHECK(after["completed_annotation_count"] == 0);
  CHECK(after["log_ids"] == Json::array());
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 0);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 0);
  // Removing from an empty dataset is fine too.
  CHECK(t.Call("DELETE", t.base + "import/", {{"is_deleting_all_logs", true}})
            .body["removed_count"] == 0);
  CHECK(t.Dataset() == after);
}

TEST_CASE("a removal without the flag needs a non-empty filter and refuses bad ones") {
  LogHarness t;
  Populate(t);
  const Json before = t.Dataset();
  for (const char* path : {"import/", "delete/"}) {
    CAPTURE(path);
    const std::string url = t.base + path;
    for (const Json& body :
         {Json(), Json::object(), Json({{"filters", Json::object()}}), Json({{"filters", nullptr}}),
          Json({{"is_deleting_all_logs", false}, {"filters", Json::object()}}),
          Json({{"is_deleting_all_logs", nullptr}}),
          Json({{"filters", {{"group", {{"filter_params", Json::object()}}}}}})}) {
      CAPTURE(body.dump());
      CheckError(t.Call("DELETE", url, body), 400, "filters", kNeedsFilters);
    }
    CheckError(t.Call("DELETE", url, {{"is_deleting_all_logs", "yes"}}), 400,
               "is_deleting_all_logs", "is_deleting_all_logs: must be a boolean.");
    CheckError(t.Call("DELETE", url, {{"filters", "model"}}), 400, "filters",
               "filters: must be an object.");
    CheckError(
        t.Call("DELETE", url, {{"filters", {{"cost", {{"operator", "gtt"}, {"value", 1}}}}}}), 400,
        "/filters/cost/operator", "/filters/cost/operator: unknown operator 'gtt'.");
    // Request-log-only fields are not dataset-log fields.
    CheckFilterError(t.Call("DELETE", url, {{"filters", {{"is_pinned", true}}}}),
                     "/filters/is_pinned");
  }
  CHECK(t.Dataset() == before);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 5);
}

TEST_SUITE_END();

}  // namespace logset
