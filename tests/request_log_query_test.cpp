// SPDX-License-Identifier: MIT
// Request-log reads through Api::Handle: R3/R4 retrieve and annotate, R2 paging, sorting,
// filters and scoping, R5 summaries.
#include <doctest/doctest.h>

#include "request_log_test_util.h"

namespace logset {

using namespace request_log_test;  // NOLINT: test-local helpers

TEST_SUITE_BEGIN("request_log_api");

TEST_CASE("R3 and R4 answer 404 for an unknown, malformed or foreign unique_id") {
  Harness h;
  AddApiKey(*h.store, "default", "prod", std::string("k-default"));
  AddApiKey(*h.store, "other", "prod", std::string("k-other"));
  const std::string mine = h.Create(Json::object()).body["unique_id"];
  const std::string theirs =
      h.Call("POST", "/api/request-logs/", "", Json::object(), "Bearer k-other").body["unique_id"];
  const Json not_found = {{"detail", "Not found."}};
  for (const std::string& uid :
       {theirs, std::string(32, 'a'), std::string("not-an-id"), mine.substr(0, 31) + "G"}) {
    CAPTURE(uid);
    CHECK(h.Get(uid).status == 404);
    CHECK(h.Get(uid).body == not_found);
    const Reply patch =
        h.Call("PATCH", "/api/request-logs/" + uid + "/", "", Json{{"is_pinned", "not a bool"}});
    CHECK(patch.status == 404);  // path ids are checked before the body
  }
  CHECK(h.Get(mine).status == 200);
  CHECK(h.Call("GET", "/api/request-logs/" + theirs + "/", "", nullptr, "Bearer k-other").status ==
        200);
  CHECK(h.Count("SELECT COUNT(*) FROM request_logs WHERE is_pinned = 1") == 0);
}

TEST_CASE("R4 pins, rates, notes and merges metadata shallowly, ignoring other keys") {
  Harness h;
  const Json original = h.Stored({{"model", "m"}, {"metadata", {{"a", 1}, {"b", {{"x", 1}}}}}});
  const std::string path = "/api/request-logs/" + original["unique_id"].get<std::string>() + "/";
  const Reply r = h.Call("PATCH", path, "",
                         {{"is_pinned", true},
                          {"positive_feedback", true},
                          {"note", "look"},
                          {"metadata", {{"b", {{"y", 2}}}, {"c", nullptr}}},
                          {"model", "ignored"}});
  REQUIRE(r.status == 200);
  CHECK(r.body["is_pinned"] == true);
  CHECK(r.body["positive_feedback"] == true);
  CHECK(r.body["note"] == "look");
  CHECK(r.body["metadata"].dump() == R"({"a":1,"b":{"y":2},"c":null})");
  CHECK(r.body["model"] == "m");
  CHECK(h.Get(original["unique_id"].get<std::string>()).body == r.body);

  SUBCASE("null clears positive_feedback and note") {
    const Reply cleared =
        h.Call("PATCH", path, "", {{"positive_feedback", nullptr}, {"note", nullptr}});
    CHECK(cleared.body["positive_feedback"].is_null());
    CHECK(cleared.body["note"].is_null());
    CHECK(cleared.body["is_pinned"] == true);
  }
  SUBCASE("an empty body changes nothing") {
    CHECK(h.Call("PATCH", path, "", Json::object()).body == r.body);
  }
}

TEST_CASE("R4 refuses wrong types with a 400 and changes nothing") {
  struct Row {
    Json body;
    const char* detail;
  };
  const std::vector<Row> rows = {
      {{{"is_pinned", "yes"}}, "is_pinned: must be a boolean."},
      {{{"is_pinned", nullptr}}, "is_pinned: must be a boolean."},
      {{{"positive_feedback", 1}}, "positive_feedback: must be a boolean."},
      {{{"note", 5}}, "note: must be a string."},
      {{{"metadata", Json::array()}}, "metadata: must be an object."},
      {{{"metadata", nullptr}}, "metadata: must be an object."},
      {{{"is_pinned", true}, {"note", 5}}, "note: must be a string."},
  };
  Harness h;
  const Json original = h.Stored({{"metadata", {{"a", 1}}}});
  const std::string uid = original["unique_id"];
  for (const Row& row : rows) {
    SUBCASE(row.detail) {
      const Reply r = h.Call("PATCH", "/api/request-logs/" + uid + "/", "", row.body);
      CHECK(r.status == 400);
      CHECK(r.body["detail"] == row.detail);
      CHECK(h.Get(uid).body == original);
    }
  }
}

TEST_CASE("R2 pages with exact links, clamps page_size and answers past the end") {
  Harness h;
  Json logs = Json::array();
  for (int i = 1; i <= 5; ++i) logs.push_back({{"timestamp", Ts(i)}});
  REQUIRE(h.Bulk(logs).body["success_count"] == 5);

  const Reply first = h.List("page_size=2");
  REQUIRE(first.status == 200);
  CHECK(Keys(first.body) == std::vector<std::string>{"count", "next", "previous", "results",
                                                     "total_count", "current_filters",
                                                     "filters_data"});
  CHECK(first.body["count"] == 5);
  CHECK(first.body["total_count"] == 5);
  CHECK(first.body["results"].size() == 2);
  CHECK(first.body["next"] == "http://example.test/api/request-logs/list/?page_size=2&page=2");
  CHECK(first.body["previous"].is_null());
  CHECK(first.body["current_filters"] == Json::object());
  CHECK(first.body["filters_data"] == Json::object());

  const Reply last = h.List("page=3&page_size=2");
  CHECK(last.body["results"].size() == 1);
  CHECK(last.body["next"].is_null());
  CHECK(last.body["previous"] == "http://example.test/api/request-logs/list/?page=2&page_size=2");

  const Reply past = h.List("page=9&page_size=2");
  CHECK(past.status == 200);
  CHECK(past.body["results"] == Json::array());
  CHECK(past.body["count"] == 5);
  CHECK(past.body["next"].is_null());
  CHECK(past.body["previous"] == "http://example.test/api/request-logs/list/?page=8&page_size=2");

  CHECK(h.List("").body["results"].size() == 5);  // default page_size 50
  CHECK(h.List("page=0").status == 400);
  CHECK(h.List("page=0").body ==
        Json{{"detail", "page: must be a positive integer."}, {"field", "page"}});
  CHECK(h.List("page_size=abc").status == 400);
}

TEST_CASE("R2 clamps page_size to 1000") {
  Harness h;
  REQUIRE(h.Bulk(Json(std::vector<Json>(1001, Json::object()))).body["success_count"] == 1001);
  const Reply r = h.List("page_size=5000");
  CHECK(r.body["results"].size() == 1000);
  CHECK(r.body["next"] == "http://example.test/api/request-logs/list/?page_size=5000&page=2");
  CHECK(h.List("page_size=5000&page=2").body["results"].size() == 1);
}

TEST_CASE("R2 sorts by -timestamp by default, ties by unique_id, and on request") {
  Harness h;
  const Json r = h.Bulk(Json::array({Json{{"timestamp", Ts(1)}, {"cost", 3}},
                                     Json{{"timestamp", Ts(3)}, {"cost", 1}},
                                     Json{{"timestamp", Ts(2)}, {"cost", 2}},
                                     Json{{"timestamp", Ts(3)}, {"cost", 0.5}}}))
                     .body;
  const auto id = [&](int i) { return r["unique_ids"][i].get<std::string>(); };
  // std::minmax would return references to the temporaries.
  const std::pair<std::string, std::string> tied =
      id(1) < id(3) ? std::make_pair(id(1), id(3)) : std::make_pair(id(3), id(1));

  CHECK(Ids(h.List("").body) == std::vector<std::string>{tied.first, tied.second, id(2), id(0)});
  CHECK(Ids(h.List("sort_by=timestamp").body) ==
        std::vector<std::string>{id(0), id(2), tied.first, tied.second});
  CHECK(Ids(h.List("sort_by=-id").body) == Ids(h.List("").body));
  CHECK(Ids(h.List("sort_by=cost").body) == std::vector<std::string>{id(3), id(1), id(2), id(0)});
  CHECK(Ids(h.List("sort_by=-cost").body) == std::vector<std::string>{id(0), id(2), id(1), id(3)});
  CHECK(Ids(h.List("order_by=cost").body) == Ids(h.List("sort_by=cost").body));
  for (const char* field : {"metadata", "input", "cost,latency", "nope", "metadata__a"}) {
    const Reply bad = h.List(std::string("sort_by=") + field);
    CHECK(bad.status == 400);
    CHECK(bad.body ==
          Json{{"detail", std::string("sort_by: unknown or unsortable field '") + field + "'."},
               {"field", "sort_by"}});
  }
}

TEST_CASE("R2 and R5 restrict by inclusive time bounds, environment, is_test and log_type") {
  Harness h;
  REQUIRE(h.Bulk(Json::array({Json{{"timestamp", Ts(1)}},
                              Json{{"timestamp", Ts(2)}, {"environment", "test"}},
                              Json{{"timestamp", Ts(3)}, {"log_type", "embedding"}},
                              Json{{"timestamp", Ts(4)}, {"environment", "test"}}}))
              .status == 200);
  const auto count = [&](const std::string& query) {
    const Reply list = h.List(query);
    const Reply summary = h.Call("GET", "/api/request-logs/summary/", query);
    CHECK(list.body["count"] == summary.body["number_of_requests"]);
    return list.body["count"].get<int>();
  };
  CHECK(count("") == 4);
  CHECK(count("start_time=2025-01-01T00:00:02Z&end_time=2025-01-01T00:00:03Z") == 2);
  CHECK(count("start_time=2025-01-01T00:00:02.000001Z") == 2);
  CHECK(count("end_time=2025-01-01T02:00:01%2B02:00") == 1);
  CHECK(count("end_time=2025-01-01T02:00:01+02:00") == 1);  // '+' arrives as a space
  CHECK(count("start_time=2025-01-01T00:00:04Z&end_time=2025-01-01T00:00:01Z") == 0);
  CHECK(count("environment=test") == 2);
  CHECK(count("is_test=true") == 2);
  CHECK(count("is_test=FALSE") == 2);
  CHECK(count("environment=prod&is_test=true") == 2);
  CHECK(count("log_type=embedding") == 1);
  CHECK(count("log_type=chat&environment=test") == 2);
  CHECK(count("all_envs=true&include_fields=x&fetch_filters=true&page=") == 4);

  for (const char* path : {"/api/request-logs/list/", "/api/request-logs/summary/"}) {
    CAPTURE(path);
    const Reply bad_time = h.Call("GET", path, "start_time=yesterday");
    CHECK(bad_time.status == 400);
    CHECK(
        bad_time.body ==
        Json{{"detail", "start_time: must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z."},
             {"field", "start_time"}});
    CHECK(h.Call("GET", path, "end_time=2025-13-01T00:00:00Z").body["field"] == "end_time");
    const Reply bad_bool = h.Call("GET", path, "is_test=maybe");
    CHECK(bad_bool.status == 400);
    CHECK(bad_bool.body["field"] == "is_test");
  }
}

TEST_CASE("R2 and R5 apply body filters, quick filters and the top-level operator") {
  Harness h;
  h.Create({{"model", "gpt-4o"}, {"cost", 0.5}, {"metadata", {{"tier", "gold"}}}});
  h.Create({{"model", "gpt-4o"}, {"cost", 2.0}, {"metadata", {{"tier", "free"}}}});
  h.Create({{"model", "claude"}, {"cost", 1.0}, {"metadata", {{"tier", "gold"}}}});

  const Json by_model =
      Json::parse(R"({"filters": {"model": {"operator": "", "value": ["gpt-4o"]}}})");
  CHECK(h.List("", by_model).body["count"] == 2);
  CHECK(h.List("", by_model).body["current_filters"] == by_model["filters"]);
  CHECK(h.Call("POST", "/api/request-logs/summary/", "", by_model).body["number_of_requests"] == 2);

  // Quick filters: a known field, an operator built from parts, an unknown name as metadata.
  CHECK(h.Call("GET", "/api/request-logs/list/", "model=claude").body["count"] == 1);
  CHECK(
      h.Call("GET", "/api/request-logs/list/", "cost[value]=1&cost[operator]=gte").body["count"] ==
      2);
  CHECK(h.Call("GET", "/api/request-logs/list/", "tier=gold").body["count"] == 2);
  CHECK(h.Call("GET", "/api/request-logs/summary/", "tier=gold&model=claude")
            .body["number_of_requests"] == 1);
  // The quick-filter group and the body group are ANDed.
  CHECK(h.List("model=gpt-4o", Json::parse(R"({"filters": {"metadata__tier": "gold"}})"))
            .body["count"] == 1);
  // `operator` joins top-level body conditions that give no connector of their own.
  const Json either = Json::parse(
      R"({"operator": "OR", "filters": {"model": "claude", "cost": {"operator": "gt", "value": 1.5}}})");
  CHECK(h.List("", either).body["count"] == 2);
  CHECK(h.List("model=", Json::object()).body["count"] == 3);  // an empty value is absent
}

TEST_CASE("R2 and R5 reject bad filters with a 400 naming the JSON pointer or parameter") {
  Harness h;
  h.Create(Json::object());
  for (const char* path : {"/api/request-logs/list/", "/api/request-logs/summary/"}) {
    CAPTURE(path);
    const Reply op = h.Call(
        "POST", path, "", Json::parse(R"({"filters": {"cost": {"operator": "gtt", "value": 1}}})"));
    CHECK(op.status == 400);
    CHECK(op.body["field"] == "/filters/cost/operator");
    CHECK(op.body["detail"].get<std::string>().rfind("/filters/cost/operator: ", 0) == 0);
    const Reply field = h.Call("POST", path, "", Json::parse(R"({"filters": {"nope": 1}})"));
    CHECK(field.status == 400);
    CHECK(field.body["field"] == "/filters/nope");
    const Reply quick = h.Call("GET", path, "cost=abc");
    CHECK(quick.status == 400);
    CHECK(quick.body["field"].get<std::string>().rfind("cost", 0) == 0);
    CHECK(h.Call("POST", path, "", Json{{"filters", Json::array()}}).body ==
          Json{{"detail", "filters: must be an object."}, {"field", "filters"}});
    CHECK(h.Call("POST", path, "", Json{{"operator", "XOR"}}).body ==
          Json{{"detail", "operator: must be \"AND\" or \"OR\"."}, {"field", "operator"}});
    CHECK(h.Call("POST", path, "",
                 Json{{"filters", Json::object()}, {"operator", "OR"}, {"exporting", true}})
              .status == 200);
  }
  CHECK(h.List("", Json{{"filters", Json::object()}}).body["current_filters"] == Json::object());
}

TEST_CASE("a regex filter over a megabyte of text answers instead of exhausting the stack") {
  // std::regex recursed once per character and crashed the process near 100 KB; PCRE2 must not.
  Harness h;
  h.Create({{"input", std::string(1 << 20, 'a')}});
  const Json no_c =
      Json::parse(R"({"filters": {"input": {"operator": "regex", "value": "(a|b)*c"}}})");
  const Reply none = h.List("", no_c);
  REQUIRE(none.status == 200);
  CHECK(none.body["count"] == 0);
  const Json all_a =
      Json::parse(R"({"filters": {"input": {"operator": "regex", "value": "^(a|b)*$"}}})");
  const Reply one = h.List("", all_a);
  REQUIRE(one.status == 200);
  CHECK(one.body["count"] == 1);
}

TEST_CASE("R2 is served by POST, GET and the legacy GET /api/request-logs/") {
  Harness h;
  h.Create({{"model", "m"}});
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "/api/request-logs/list/"},
                                                        {"GET", "/api/request-logs/list"},
                                                        {"GET", "/api/request-logs/"}}) {
    const Reply r = h.Call(method, path);
    CHECK(r.status == 200);
    CHECK(r.body["count"] == 1);
    CHECK(r.body["results"][0]["model"] == "m");
    CHECK(r.body["results"][0]["scores"] == Json::object());
  }
}

TEST_CASE("every read is scoped to the caller's organisation") {
  Harness h;
  AddApiKey(*h.store, "default", "prod", std::string("k-default"));
  AddApiKey(*h.store, "other", "test", std::string("k-other"));
  h.Bulk(Json::array({Json{{"cost", 1}}, Json{{"cost", 2}}}));
  const Reply theirs =
      h.Call("POST", "/api/request-logs/", "", Json{{"cost", 5}}, "Bearer k-other");
  CHECK(theirs.body["environment"] == "test");  // the key's environment
  const Reply other_list = h.Call("GET", "/api/request-logs/list/", "", nullptr, "Bearer k-other");
  CHECK(other_list.body["count"] == 1);
  CHECK(other_list.body["results"][0]["unique_id"] == theirs.body["unique_id"]);
  CHECK(h.List("").body["count"] == 2);
  CHECK(h.Call("GET", "/api/request-logs/summary/").body["total_cost"] == 3.0);
  CHECK(h.Call("GET", "/api/request-logs/summary/", "", nullptr, "Bearer k-other")
            .body["total_cost"] == 5.0);
}

TEST_CASE("R5 summarises with every key present and reals written as reals") {
  Harness h;
  SUBCASE("no logs") {
    const Reply r = h.Call("GET", "/api/request-logs/summary/");
    CHECK(r.status == 200);
    CHECK(r.text ==
          R"({"number_of_requests":0,"total_cost":0.0,"total_prompt_tokens":0,)"
          R"("total_completion_tokens":0,"total_tokens":0,"avg_latency":0.0,"avg_tps":0.0,)"
          R"("avg_ttft":0.0,"scores":{}})");
  }
  SUBCASE("some logs, averages over the non-null values") {
    h.Bulk(Json::array({Json{{"cost", 0.5},
                             {"prompt_tokens", 10},
                             {"completion_tokens", 4},
                             {"latency", 2},
                             {"ttft", 0.5}},
                        Json{{"cost", 0.25},
                             {"usage", {{"prompt_tokens", 6}}},
                             {"latency", 4},
                             {"completion_tokens", 8}},
                        Json{{"total_tokens", 1000}}}));
    const Reply r = h.Call("POST", "/api/request-logs/summary/", "", Json::object());
    CHECK(r.status == 200);
    CHECK(r.body["number_of_requests"] == 3);
    CHECK(r.body["total_cost"] == 0.75);
    CHECK(r.body["total_prompt_tokens"] == 16);
    CHECK(r.body["total_completion_tokens"] == 12);
    CHECK(r.body["total_tokens"] == 28);
    CHECK(r.body["avg_latency"] == 3.0);
    CHECK(r.body["avg_tps"] == 2.0);  // (4/2 + 8/4) / 2
    CHECK(r.body["avg_ttft"] == 0.5);
    CHECK(r.body["scores"] == Json::object());
    CHECK(r.body["total_tokens"].is_number_integer());
    CHECK(r.body["avg_latency"].is_number_float());
  }
}

TEST_CASE("R5 and R2 report evaluator scores of the matching logs") {
  Harness h;
  const Json ids = h.Bulk(Json::array({Json{{"timestamp", Ts(1)}}, Json{{"timestamp", Ts(2)}},
                                       Json{{"timestamp", Ts(3)}}}))
                       .body["unique_ids"];
  {
    auto session = internal::StoreAccess::Write(*h.store);
    auto& db = session.db();
    db.exec(
        "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
        "VALUES (1, 'ev-num', 'num', 'Numeric', 'numerical', 0), "
        "(1, 'ev-bool', 'bool', 'Boolean', 'boolean', 0), "
        "(1, 'ev-text', 'text', 'Text', 'string', 0), "
        "(1, 'ev-unused', 'unused', 'Unused', 'numerical', 0)");
    SQLite::Statement score(db,
                            "INSERT INTO eval_scores (request_log_id, evaluator_id, score_value, "
                            "numeric_value, created_at) SELECT id, ?, ?, ?, 0 FROM request_logs "
                            "WHERE unique_id = ?");
    const auto add = [&](int log, const char* evaluator, const char* value, double numeric,
                         bool has_numeric) {
      score.reset();
      score.bind(1, evaluator);
      score.bind(2, value);
      if (has_numeric) {
        score.bind(3, numeric);
      } else {
        score.bind(3);
      }
      score.bind(4, ids[log].get<std::string>());
      score.exec();
    };
    add(0, "ev-num", "0.5", 0.5, true);
    add(1, "ev-num", "1", 1.0, true);
    add(2, "ev-num", "0", 0.0, true);
    add(0, "ev-bool", "true", 1, true);
    add(1, "ev-bool", "false", 0, true);
    add(2, "ev-bool", "true", 1, true);
    add(0, "ev-text", "\"meh\"", 0, false);
    session.Commit();
  }
  const Json all = h.Call("GET", "/api/request-logs/summary/").body["scores"];
  CHECK(Keys(all) == std::vector<std::string>{"ev-bool", "ev-num"});
  CHECK(all["ev-num"] == Json{{"evaluator_id", "ev-num"},
                              {"evaluator_slug", "num"},
                              {"evaluator_name", "Numeric"},
                              {"score_value_type", "numerical"},
                              {"avg_score", 0.5},
                              {"true_count", nullptr},
                              {"false_count", nullptr}});
  CHECK(all["ev-bool"] == Json{{"evaluator_id", "ev-bool"},
                               {"evaluator_slug", "bool"},
                               {"evaluator_name", "Boolean"},
                               {"score_value_type", "boolean"},
                               {"avg_score", nullptr},
                               {"true_count", 2},
                               {"false_count", 1}});
  const Json first_two =
      h.Call("GET", "/api/request-logs/summary/", "end_time=2025-01-01T00:00:02Z").body["scores"];
  CHECK(first_two["ev-num"]["avg_score"] == 0.75);
  CHECK(first_two["ev-bool"]["true_count"] == 1);
  CHECK(first_two["ev-bool"]["false_count"] == 1);

  const Json listed = h.List("sort_by=timestamp").body["results"][0]["scores"];
  CHECK(Keys(listed) == std::vector<std::string>{"ev-bool", "ev-num", "ev-text"});
  CHECK(listed["ev-num"]["score_value"] == 0.5);
  CHECK(listed["ev-bool"]["score_value"] == 1.0);
  CHECK(h.Get(ids[0].get<std::string>()).body["scores"] == listed);
}

TEST_SUITE_END();

}  // namespace logset
