// SPDX-License-Identifier: MIT
// Dataset logs L2 through Api::Handle: pages, sorting, scores as a dict, filters over the
// dataset-log fields, and exports of the matching logs.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::Keys;
using dataset_test::LogHarness;
using dataset_test::LogKeys;
using testing::ApiResult;
using testing::Json;

}  // namespace

TEST_SUITE_BEGIN("dataset_log_list");

TEST_CASE("listing dataset logs pages newest first with scores as a dict") {
  LogHarness t;
  std::vector<std::string> ids;
  for (const char* ts : {"2025-01-01T00:00:02Z", "2025-01-01T00:00:03Z", "2025-01-01T00:00:01Z",
                         "2025-01-01T00:00:02Z"}) {
    ids.push_back(t.Add({{"input", ts}, {"timestamp", ts}, {"cost", 1}})["unique_id"]);
  }
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev-b', 'b', 'B', 'numerical', 0), (1, 'ev-a', 'a', 'A', 'boolean', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev-b', '0.5', 0.5, 0 FROM dataset_logs WHERE unique_id = '" +
      ids[1] + "'");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev-a', 'true', 1, 0 FROM dataset_logs WHERE unique_id = '" +
      ids[1] + "'");
  // Ties on timestamp are broken by unique_id ascending.
  std::vector<std::string> expected = {ids[1], std::min(ids[0], ids[3]), std::max(ids[0], ids[3]),
                                       ids[2]};

  const ApiResult r =
      t.Call("POST", t.base + "list/?include_fields=id,input", {{"filters", Json::object()}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(r.body["count"] == 4);
  CHECK(r.body["current_filters"] == Json::object());
  const Json& results = r.body["results"];
  REQUIRE(results.size() == 4);
  for (size_t i = 0; i < 4; ++i) CHECK(results[i]["unique_id"] == expected[i]);
  CHECK(Keys(results[0]) == LogKeys());
  CHECK(results[0]["scores"].is_object());
  CHECK(Keys(results[0]["scores"]) == std::vector<std::string>{"ev-a", "ev-b"});
  CHECK(results[0]["scores"]["ev-a"]["score_value"] == 1.0);
  CHECK(results[0]["scores"]["ev-b"]["evaluator_name"] == "B");
  CHECK(results[1]["scores"] == Json::object());
  CHECK(t.Dataset()["log_ids"] == Json(expected));

  // The detail shape has the same scores as a list, ordered by evaluator id.
  const Json detail = t.Call("GET", t.base + ids[1] + "/").body;
  REQUIRE(detail["scores"].is_array());
  CHECK(detail["scores"].size() == 2);
  CHECK(detail["scores"][0]["evaluator_id"] == "ev-a");
  CHECK(detail["scores"][1]["evaluator_id"] == "ev-b");

  SUBCASE("GET alias, explicit sort and pages") {
    const ApiResult asc = t.Call("GET", t.base + "list/?sort_by=timestamp&page_size=3");
    REQUIRE(asc.status == 200);
    CHECK(asc.body["results"].size() == 3);
    CHECK(asc.body["results"][0]["unique_id"] == ids[2]);
    CHECK(asc.body["results"][1]["unique_id"] == expected[1]);
    CHECK(asc.body["next"] == "http://localhost/api/datasets/" + t.ds +
                                  "/logs/list/?sort_by=timestamp&page_size=3&page=2");
    const ApiResult past = t.Call("GET", t.base + "list/?page=3&page_size=2");
    CHECK(past.status == 200);
    CHECK(past.body["results"] == Json::array());
    CHECK(past.body["count"] == 4);
    CHECK(past.body["next"].is_null());
    CHECK(past.body["previous"].is_string());
    // Equal costs: ties by unique_id ascending whatever the direction.
    const ApiResult by_cost = t.Call("GET", t.base + "list/?sort_by=-cost");
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < 4; ++i) CHECK(by_cost.body["results"][i]["unique_id"] == sorted[i]);
  }
  SUBCASE("bad list parameters") {
    CheckError(t.Call("GET", t.base + "list/?page_size=0"), 400, "page_size",
               "page_size: must be a positive integer.");
    CheckError(t.Call("GET", t.base + "list/?sort_by=metadata"), 400, "sort_by",
               "sort_by: unknown or unsortable field 'metadata'.");
    CheckError(t.Call("POST", t.base + "list/", {{"filters", Json::array()}}), 400, "filters",
               "filters: must be an object.");
    CheckError(t.Call("POST", t.base + "list/", {{"is_exporting", "yes"}}), 400, "is_exporting",
               "is_exporting: must be a boolean.");
    CheckError(t.Call("POST", t.base + "list/", {{"export_format", "xml"}}), 400, "export_format",
               "export_format: must be \".csv\" or \".jsonl\".");
    dataset_test::CheckFilterError(
        t.Call("POST", t.base + "list/",
               {{"filters", {{"cost", {{"operator", "gtt"}, {"value", 0}}}}}}),
        "/filters/cost/operator");
    // Request-log-only fields are not dataset-log fields.
    dataset_test::CheckFilterError(
        t.Call("POST", t.base + "list/", {{"filters", {{"is_pinned", {{"value", true}}}}}}),
        "/filters/is_pinned");
  }
}

TEST_CASE("a dataset-log page holds at most 100 logs") {
  LogHarness t;
  Json logs = Json::array();
  for (int i = 0; i < 101; ++i) logs.push_back({{"input", i}});
  REQUIRE(t.Call("POST", t.base + "bulk/", {{"logs", logs}}).body["success_count"] == 101);
  const ApiResult r = t.Call("GET", t.base + "list/?page_size=1000");
  CHECK(r.body["count"] == 101);
  CHECK(r.body["results"].size() == 100);
  CHECK(t.Dataset()["log_ids"].size() == 100);
  CHECK(t.Dataset()["log_count"] == 101);
}

TEST_CASE("exporting writes every log to a new CSV or JSONL file and never overwrites") {
  LogHarness t;
  const std::string a = t.Add({{"input", "plain"},
                               {"timestamp", "2025-01-01T00:00:02Z"},
                               {"metadata", {{"k", "v"}}}})["unique_id"];
  const std::string b = t.Add({{"input", "has,comma \"and\" quote\nline"},
                               {"timestamp", "2025-01-01T00:00:01Z"},
                               {"cost", 1.5}})["unique_id"];
  const Json body = {{"is_exporting", true}, {"name", "my export/ü"}};
  const ApiResult r = t.Call("POST", t.base + "list/?page_size=1", body);
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(Keys(r.body) == std::vector<std::string>{"message", "file", "exported_count"});
  CHECK(r.body["message"] == "Export completed");
  CHECK(r.body["exported_count"] == 2);
  const std::filesystem::path file = r.body["file"].get<std::string>();
  CHECK(file.is_absolute());
  CHECK(file.filename() == "my_export__.csv");
  const std::string csv = testing::ReadFileBytes(file);
  std::string header;
  for (const std::string& k : LogKeys()) header += (header.empty() ? "" : ",") + k;
  CHECK(csv.rfind(header + "\r\n", 0) == 0);
  CHECK(csv.find("\"has,comma \"\"and\"\" quote\nline\"") != std::string::npos);
  CHECK(csv.find(",\"{\"\"k\"\":\"\"v\"\"}\",") != std::string::npos);  // JSON as compact text
  CHECK(csv.find(a) < csv.find(b));                                     // -timestamp
  size_t rows = 0;
  for (size_t pos = 0; (pos = csv.find("\r\n", pos)) != std::string::npos; pos += 2) ++rows;
  CHECK(rows == 3);

  const ApiResult again = t.Call("POST", t.base + "list/", body);
  CHECK(std::filesystem::path(again.body["file"].get<std::string>()).filename() ==
        "my_export__-1.csv");
  CHECK(testing::ReadFileBytes(file) == csv);

  const ApiResult jsonl = t.Call("POST", t.base + "list/?sort_by=timestamp",
                                 {{"is_exporting", true}, {"export_format", "jsonl"}});
  REQUIRE(jsonl.status == 200);
  const std::filesystem::path jfile = jsonl.body["file"].get<std::string>();
  CHECK(jfile.filename() == "dataset-" + t.ds + ".jsonl");
  const std::string text = testing::ReadFileBytes(jfile);
  const size_t newline = text.find('\n');
  const Json first = Json::parse(text.substr(0, newline));
  CHECK(first["unique_id"] == b);
  CHECK(first["scores"] == Json::object());
  CHECK(Keys(first) == LogKeys());
  CHECK(text.back() == '\n');

  const std::string empty_ds = t.NewDataset("empty");
  const ApiResult none = t.Call("POST", "/api/datasets/" + empty_ds + "/logs/list/",
                                {{"is_exporting", true}, {"export_format", ".csv"}});
  CHECK(none.body["exported_count"] == 0);
  CHECK(testing::ReadFileBytes(none.body["file"].get<std::string>()) == header + "\r\n");
}

TEST_CASE("list filters select over dataset-log fields and current_filters echoes conditions") {
  LogHarness t;
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
  std::vector<std::string> ids;
  const Json bodies[] = {
      {{"input", "a"}, {"model", "gpt-4o"}, {"cost", 0.5}, {"metadata", {{"tier", "gold"}}}},
      {{"input", "b"}, {"model", "gpt-4o"}, {"cost", 2.0}, {"metadata", {{"tier", "free"}}}},
      {{"input", "c"}, {"model", "claude"}, {"cost", 3.0}, {"expected_output", "x"}},
      {{"input", "d"}, {"model", nullptr}, {"cost", 4.0}},
  };
  for (const Json& body : bodies) ids.push_back(t.Add(body)["unique_id"].get<std::string>());
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev', '0.9', 0.9, 0 FROM dataset_logs WHERE unique_id = '" +
      ids[2] + "'");
  struct Row {
    const char* filters;  // raw JSON, so the echo can be checked byte for byte
    std::vector<size_t> expected;
    const char* echo = nullptr;  // the condition-shaped echo of a shorthand; null: `filters`
  };
  const std::vector<Row> rows = {
      {R"({"model":{"operator":"eq","value":"gpt-4o"}})", {0, 1}},
      {R"({"model":["gpt-4o","claude"]})",
       {0, 1, 2},
       R"({"model":{"operator":"in","value":["gpt-4o","claude"]}})"},
      {R"({"cost":{"gte":2,"lt":4},"model":{"operator":"not","value":"claude"}})",
       {1},
       R"({"cost":{"operator":"gte","value":2},"model":{"operator":"not","value":"claude"}})"},
      {R"({"metadata__tier":{"operator":"","value":["gold"]}})", {0}},
      {R"({"scores__ev":{"operator":"gt","value":0.5}})", {2}},
      {R"({"expected_output":{"operator":"isnull","value":[false]}})", {2}},
      {R"({"model":{"operator":"isnull","value":[true]},"cost":{"operator":"gt","value":3,"connector":"OR"}})",
       {3}},
      {R"({"unique_id":{"operator":"in","value":[]}})", {}},
      {"{}", {0, 1, 2, 3}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.filters);
    const ApiResult r =
        testing::ApiCallRaw(*t.api, "POST", t.base + "list/?sort_by=cost",
                            std::string(R"({"filters":)") + row.filters + "}", dataset_test::kMine);
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    CHECK(r.body["count"] == row.expected.size());
    const std::string echo = row.echo != nullptr ? row.echo : row.filters;
    CHECK(r.raw_body.find(std::string(R"("current_filters":)") + echo) != std::string::npos);
    std::vector<std::string> got;
    for (const Json& item : r.body["results"]) got.push_back(item["unique_id"]);
    std::vector<std::string> want;
    for (size_t i : row.expected) want.push_back(ids[i]);
    CHECK(got == want);
  }

  SUBCASE("a filtered page counts only the matching logs") {
    const ApiResult page = t.Call("POST", t.base + "list/?page_size=1",
                                  {{"filters", {{"cost", {{"operator", "gte"}, {"value", 2}}}}}});
    CHECK(page.body["count"] == 3);
    CHECK(page.body["results"].size() == 1);
    CHECK(page.body["next"].is_string());
  }
  SUBCASE("another dataset's logs never match") {
    const std::string other = t.NewDataset("other");
    const ApiResult r =
        t.Call("POST", "/api/datasets/" + other + "/logs/list/",
               {{"filters", {{"model", {{"operator", "eq"}, {"value", "gpt-4o"}}}}}});
    CHECK(r.body["count"] == 0);
  }
}

TEST_CASE("an export writes only the logs matching the filters") {
  LogHarness t;
  const std::string keep = t.Add({{"input", "keep"}, {"cost", 5}})["unique_id"];
  t.Add({{"input", "drop"}, {"cost", 1}});
  const ApiResult r = t.Call("POST", t.base + "list/",
                             {{"is_exporting", true},
                              {"export_format", "jsonl"},
                              {"filters", {{"cost", {{"operator", "gt"}, {"value", 2}}}}}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(r.body["exported_count"] == 1);
  const std::string text = testing::ReadFileBytes(r.body["file"].get<std::string>());
  CHECK(Json::parse(text.substr(0, text.find('\n')))["unique_id"] == keep);
  CHECK(text.find("drop") == std::string::npos);
  dataset_test::CheckFilterError(
      t.Call("POST", t.base + "list/",
             {{"is_exporting", true}, {"filters", {{"nope", {{"value", 1}}}}}}),
      "/filters/nope");
}

TEST_SUITE_END();

}  // namespace logset
