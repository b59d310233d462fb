// SPDX-License-Identifier: MIT
// Datasets D2-D5 through Api::Handle: listing with pages, sorting and filters over the dataset
// fields, retrieve, update, delete, organisation scoping and 405s.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "dataset_test_util.h"

namespace logset {
namespace {

using dataset_test::CheckError;
using dataset_test::DatasetApi;
using dataset_test::DatasetKeys;
using dataset_test::IsTimestamp;
using dataset_test::IsUuid;
using dataset_test::Keys;
using dataset_test::kMine;
using dataset_test::kOther;
using testing::ApiResult;
using testing::Json;

}  // namespace

TEST_SUITE_BEGIN("dataset_api");

TEST_CASE("listing datasets pages newest first and sorts with ties broken by id") {
  DatasetApi t;
  std::vector<std::string> ids;
  for (const char* name : {"b", "a", "b", "c"}) ids.push_back(t.Create(name));
  t.Create("not mine", kOther);

  const ApiResult r = t.Call("POST", "/api/datasets/list/", {{"filters", Json::object()}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(Keys(r.body) == std::vector<std::string>{"count", "next", "previous", "results",
                                                 "total_count", "current_filters", "filters_data"});
  CHECK(r.body["count"] == 4);
  CHECK(r.body["total_count"] == 4);
  CHECK(r.body["current_filters"] == Json::object());
  CHECK(r.body["filters_data"] == Json::object());
  REQUIRE(r.body["results"].size() == 4);
  // Default -created_at: the newest first (ids break ties within one microsecond).
  for (size_t i = 0; i + 1 < 4; ++i) {
    const Json& a = r.body["results"][i];
    const Json& b = r.body["results"][i + 1];
    CHECK((a["created_at"] > b["created_at"] ||
           (a["created_at"] == b["created_at"] && a["id"] < b["id"])));
  }
  CHECK(Keys(r.body["results"][0]) == DatasetKeys());

  const ApiResult by_name = t.Call("GET", "/api/datasets/list/?sort_by=name");
  REQUIRE(by_name.status == 200);
  std::vector<std::string> b_ids = {ids[0], ids[2]};
  std::sort(b_ids.begin(), b_ids.end());
  const Json& res = by_name.body["results"];
  CHECK(res[0]["name"] == "a");
  CHECK(res[1]["id"] == b_ids[0]);
  CHECK(res[2]["id"] == b_ids[1]);
  CHECK(res[3]["name"] == "c");
  CHECK(t.Call("GET", "/api/datasets/list/?sort_by=-name").body["results"][0]["name"] == "c");

  SUBCASE("pages and links") {
    const ApiResult p = t.Call("GET", "/api/datasets/list/?page_size=3&page=2");
    CHECK(p.body["results"].size() == 1);
    CHECK(p.body["next"].is_null());
    CHECK(p.body["previous"] == "http://localhost/api/datasets/list/?page_size=3&page=1");
    const ApiResult past = t.Call("GET", "/api/datasets/list/?page=9");
    CHECK(past.status == 200);
    CHECK(past.body["results"] == Json::array());
    CHECK(past.body["count"] == 4);
    CHECK(past.body["next"].is_null());
  }
  SUBCASE("bad page and sort parameters") {
    CheckError(t.Call("GET", "/api/datasets/list/?page=0"), 400, "page",
               "page: must be a positive integer.");
    CheckError(t.Call("GET", "/api/datasets/list/?sort_by=initial_log_filters"), 400, "sort_by",
               "sort_by: unknown or unsortable field 'initial_log_filters'.");
  }
  SUBCASE("filters must be an object over the dataset fields") {
    CheckError(t.Call("POST", "/api/datasets/list/", {{"filters", "x"}}), 400, "filters",
               "filters: must be an object.");
    // Log fields are not dataset fields.
    const ApiResult f = t.Call("POST", "/api/datasets/list/",
                               {{"filters", {{"model", {{"operator", "eq"}, {"value", "a"}}}}}});
    CHECK(f.status == 400);
    CHECK(f.body["field"] == "/filters/model");
    CHECK(f.Detail().rfind("/filters/model: ", 0) == 0);
    const ApiResult bad =
        t.Call("POST", "/api/datasets/list/",
               {{"filters", {{"log_count", {{"operator", "gt"}, {"value", "x"}}}}}});
    CHECK(bad.status == 400);
    CHECK(bad.body["field"].get<std::string>().rfind("/filters/log_count", 0) == 0);
  }
  SUBCASE("filters select datasets and current_filters echoes them exactly") {
    const std::string raw =
        R"({"name":{"operator":"in","value":["a","c"]},"log_count":{"operator":"lte","value":0}})";
    const ApiResult f = testing::ApiCallRaw(*t.api, "POST", "/api/datasets/list/?sort_by=name",
                                            R"({"filters":)" + raw + "}", kMine);
    REQUIRE_MESSAGE(f.status == 200, f.raw_body);
    CHECK(f.body["count"] == 2);
    CHECK(f.body["results"][0]["name"] == "a");
    CHECK(f.body["results"][1]["name"] == "c");
    CHECK(f.raw_body.find(R"("current_filters":)" + raw) != std::string::npos);
    // Another organisation's dataset never matches, whatever the filter.
    const ApiResult theirs =
        t.Call("POST", "/api/datasets/list/", {{"filters", {{"name", "not mine"}}}});
    CHECK(theirs.body["count"] == 0);
    const ApiResult by_id = t.Call("POST", "/api/datasets/list/", {{"filters", {{"id", ids[1]}}}});
    CHECK(by_id.body["count"] == 1);
    CHECK(by_id.body["results"][0]["id"] == ids[1]);
  }
}

TEST_CASE("a dataset page holds at most 100 datasets") {
  DatasetApi t;
  for (int i = 0; i < 101; ++i) t.Create("d" + std::to_string(i));
  const ApiResult r = t.Call("GET", "/api/datasets/list/?page_size=500");
  CHECK(r.body["count"] == 101);
  CHECK(r.body["results"].size() == 100);
  CHECK(r.body["next"] == "http://localhost/api/datasets/list/?page_size=500&page=2");
  CHECK(t.Call("GET", "/api/datasets/list/?page_size=500&page=2").body["results"].size() == 1);
}

TEST_CASE("another organisation's, unknown and malformed dataset ids are all 404") {
  DatasetApi t;
  const std::string theirs = t.Create("theirs", kOther);
  const std::string mine = t.Create("mine");
  std::string upper = mine;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  for (const std::string& id : {theirs, std::string("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a"),
                                std::string("not-a-uuid"), upper, mine + "0"}) {
    CAPTURE(id);
    CHECK(t.Call("GET", "/api/datasets/" + id + "/").status == 404);
    // Path ids are checked before the body.
    CHECK(t.Call("PATCH", "/api/datasets/" + id + "/", {{"name", 5}}).status == 404);
    CHECK(t.Call("DELETE", "/api/datasets/" + id + "/").status == 404);
  }
  CHECK(t.Call("GET", "/api/datasets/list/").body["count"] == 1);
  CHECK(t.Call("GET", "/api/datasets/" + theirs, Json(), kOther).status == 200);
}

TEST_CASE("dataset routes answer 405 with Allow for other methods") {
  DatasetApi t;
  const std::string id = t.Create("x");
  ApiResult r = t.Call("GET", "/api/datasets/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "POST");
  r = t.Call("PUT", "/api/datasets/" + id + "/", {{"name", "y"}});
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "GET, PATCH, DELETE");
  r = t.Call("DELETE", "/api/datasets/list/");
  CHECK(r.status == 405);
  CHECK(r.Header("Allow") == "GET, POST");
}

TEST_CASE("updating a dataset changes only the given keys and bumps updated_at only on change") {
  DatasetApi t;
  const ApiResult created = t.Call(
      "POST", "/api/datasets/",
      {{"name", "n"}, {"is_empty", true}, {"initial_log_filters", {{"model", {{"value", "x"}}}}}});
  const std::string path = "/api/datasets/" + created.body["id"].get<std::string>() + "/";

  const ApiResult r = t.Call("PATCH", path,
                             {{"name", "  renamed "},
                              {"starred", true},
                              {"tags", {"a", "b", "a"}},
                              {"type", "llm"},
                              {"initial_log_filters", Json::object()},
                              {"log_count", 7}});
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  CHECK(Keys(r.body) == DatasetKeys());
  CHECK(r.body["name"] == "renamed");
  CHECK(r.body["description"] == "");
  CHECK(r.body["starred"] == true);
  CHECK(r.body["tags"] == Json::parse(R"([{"id":"a","name":"a","color":null},
                                          {"id":"b","name":"b","color":null}])"));
  CHECK(r.body["type"] == "sampling");
  CHECK(r.body["initial_log_filters"] == created.body["initial_log_filters"]);
  CHECK(r.body["log_count"] == 0);
  CHECK(r.body["created_at"] == created.body["created_at"]);
  CHECK(r.body["updated_at"] > created.body["updated_at"]);

  SUBCASE("an unchanged value does not bump updated_at") {
    const ApiResult same = t.Call("PATCH", path, {{"name", "renamed"}, {"tags", {"a", "b"}}});
    CHECK(same.status == 200);
    CHECK(same.body["updated_at"] == r.body["updated_at"]);
    CHECK(t.Call("PATCH", path, Json::object()).body["updated_at"] == r.body["updated_at"]);
  }
  SUBCASE("description null means empty, tags can be cleared") {
    t.Call("PATCH", path, {{"description", "text"}});
    const ApiResult cleared =
        t.Call("PATCH", path, {{"description", nullptr}, {"tags", Json::array()}});
    CHECK(cleared.body["description"] == "");
    CHECK(cleared.body["tags"] == Json::array());
  }
  SUBCASE("wrong types are 400 and change nothing") {
    struct Row {
      Json body;
      const char* field;
      const char* detail;
    };
    const std::vector<Row> rows = {
        {{{"name", ""}}, "name", "name: This field may not be blank."},
        {{{"name", nullptr}}, "name", "name: This field may not be null."},
        {{{"name", std::string(256, 'x')}},
         "name",
         "name: Ensure this field has no more than 255 characters."},
        {{{"description", 1}}, "description", "description: must be a string."},
        {{{"starred", "yes"}}, "starred", "starred: must be a boolean."},
        {{{"starred", nullptr}}, "starred", "starred: must be a boolean."},
        {{{"tags", "a"}}, "tags", "tags: must be an array of strings."},
        {{{"tags", {"a", 1}}}, "tags[1]", "tags[1]: must be a string."},
        // A valid change next to an invalid one is not applied either.
        {{{"starred", false}, {"tags", nullptr}}, "tags", "tags: must be an array of strings."},
    };
    for (const Row& row : rows) {
      CAPTURE(row.body.dump());
      CheckError(t.Call("PATCH", path, row.body), 400, row.field, row.detail);
    }
    CHECK(t.Call("GET", path).body == r.body);
  }
}

TEST_CASE("deleting a dataset answers 204 and takes its logs, scores and eval tasks with it") {
  DatasetApi t;
  const std::string id = t.Create("doomed");
  const std::string keep = t.Create("kept");
  for (const std::string& ds : {id, keep}) {
    const ApiResult log = t.Call("POST", "/api/datasets/" + ds + "/logs/", {{"input", "hi"}});
    REQUIRE_MESSAGE(log.status == 201, log.raw_body);
  }
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, created_at) "
      "SELECT id, 'ev', '1', 0 FROM dataset_logs");
  t.Exec(
      "INSERT INTO eval_tasks (org_id, task_id, dataset_id, evaluator_id, name, evaluator_slug, "
      "created_at, updated_at) SELECT 1, 'task-' || uuid, id, 'ev', 'ev', 'ev', 0, 0 "
      "FROM datasets");
  REQUIRE(t.Scalar("SELECT count(*) FROM eval_scores") == 2);

  const ApiResult r = t.Call("DELETE", "/api/datasets/" + id + "/");
  CHECK(r.status == 204);
  CHECK(r.raw_body.empty());
  CHECK(t.Call("GET", "/api/datasets/" + id + "/").status == 404);
  CHECK(t.Call("DELETE", "/api/datasets/" + id + "/").status == 404);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 1);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 1);
  CHECK(t.Scalar("SELECT count(*) FROM eval_tasks") == 1);
  CHECK(t.Call("GET", "/api/datasets/" + keep + "/").body["log_count"] == 1);
}

TEST_SUITE_END();

}  // namespace logset
