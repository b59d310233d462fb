// SPDX-License-Identifier: MIT
// The filter parser: every accepted shape, alias and coercion, and every rejection with its
// pointer.
#include "filter/filter_parser.h"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "filter/quick_filters.h"
#include "filter_test_util.h"
#include "logset/error.h"

namespace logset::filter {
namespace {

using nlohmann::ordered_json;
using testing::Describe;
using testing::J;

TEST_SUITE_BEGIN("filter parser");

struct Accepted {
  const char* json;
  const char* ast;  // testing::Describe of the parsed filter
  Resource resource = Resource::kRequestLog;
};

// One row per shape of FILTERS.md 1-3 and per field type of 6.
const Accepted kAccepted[] = {
    {R"({})", ""},
    {R"({"model": "gpt-4o"})", R"(model in ["gpt-4o"])"},
    {R"({"model": null})", R"(model in [null])"},
    {R"({"model": ["a", "b"]})", R"(model in ["a", "b"])"},
    {R"({"model": []})", R"(model in [])"},
    {R"({"cost": {"gte": 0.01, "lte": 1}})", R"((cost gte [0.01] AND cost lte [1]))"},
    {R"({"cost": {"gte": 0.01, "lte": 1, "connector": "OR"}, "model": "a"})",
     R"((cost gte [0.01] AND cost lte [1]) AND model in ["a"])"},
    {R"({"cost": {"GT": "1.5"}})", R"(cost gt [1.5])"},
    {R"({"metadata.user_id": "u1"})", R"(metadata__user_id in ["u1"])"},
    {R"({"metadata.a__b.c": 1})", R"(metadata__a__b.c in [1])"},
    {R"({"metadata__a__b": 1})", R"(metadata__a__b in [1])"},
    {R"({"status_code": {"operator": "eq", "value": 200}})", R"(status_code in [200])"},
    {R"({"status_code": {"operator": "", "value": ["200"]}})", R"(status_code in [200])"},
    {R"({"status_code": {"value": [200, 201]}})", R"(status_code in [200, 201])"},
    {R"({"status_code": {"value": 200.5}})", R"(status_code in [200.5])"},
    {R"({"status_code": {}})", R"(status_code in [null])"},
    {R"({"model": "a", "status_code": {"value": 500, "connector": "OR"},
         "cost": {"operator": "gt", "value": 1, "connector": "and"}})",
     R"(model in ["a"] OR status_code in [500] AND cost gt [1])"},
    {R"({"model": {"value": "a", "connector": " or "}, "log_type": "chat"})",
     R"(model in ["a"] AND log_type in ["chat"])"},
    {R"({"filter_bundle": {"connector": "OR", "filter_params": {"model": "a", "provider_id": "x"}},
         "group_1": {"filter_params": {}}})",
     R"((model in ["a"] AND provider_id in ["x"]) AND ())"},
    {R"({"connector": "OR", "filter_params": {"model": "a"}})", R"((model in ["a"]))"},
    {R"({"model": [{"operator": "contains", "value": "gpt"},
                   {"operator": "endswith", "value": "mini", "connector": "OR"}]})",
     R"(model contains ["gpt"] OR model endswith ["mini"])"},
    {R"({"model": [{"filter_params": {"cost": 1}}, {"value": "a"}]})",
     R"((cost in [1]) AND model in ["a"])"},
    {R"({"id": "abc", "total_tokens": 5, "all_tokens": {"lt": 9}})",
     R"(unique_id in ["abc"] AND total_request_tokens in [5] AND total_request_tokens lt [9])"},
    {R"({"model": 123, "provider_id": true, "error_message": 1.5})",
     R"(model in ["123"] AND provider_id in ["true"] AND error_message in ["1.5"])"},
    {R"({"stream": "true", "is_pinned": 0, "positive_feedback": ["FALSE", 1, null]})",
     R"(stream in [true] AND is_pinned in [false] AND positive_feedback in [false, true, null])"},
    {R"({"timestamp": {"operator": "gte", "value": "2025-07-26T08:10:00Z"}})",
     R"(timestamp gte [1753517400000000])"},
    {R"({"start_time": {"lt": "2025-07-26 10:10:00.5+02:00"}})",
     R"(start_time lt [1753517400500000])"},
    {R"({"metadata__a": [1, "1", true, null, 2.5]})",
     R"(metadata__a in [1, "1", true, null, 2.5])"},
    {R"({"metadata__a": {"gt": "abc", "lt": "10", "gte": 1e3}})",
     R"((metadata__a gt [null] AND metadata__a lt [10] AND metadata__a gte [1000.0]))"},
    {R"({"model": {"operator": "isnull"}})", R"(model isnull [true])"},
    {R"({"model": {"operator": "isnull", "value": [false]}})", R"(model isnull [false])"},
    {R"({"input": {"operator": "is_empty", "value": "true"}})", R"(input empty [true])"},
    {R"({"model": {"operator": "icontains", "value": "ÄPFEL ΣΑΣ"}})",
     R"(model icontains ["äpfel σασ"])"},
    {R"({"model": {"operator": "iexact", "value": 12}})", R"(model iexact ["12"])"},
    {R"({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["user_id"],
                      "value": [true]}})",
     R"(metadata{has user_id} in [true])"},
    {R"({"metadata__a": {"operator_function": "mapContainsKey", "operator_args": "k",
                         "operator": "not", "value": "true"}})",
     R"(metadata__a{has k} not_in [true])"},
    {R"({"scores__ev-1": {"gte": 0.5}})", R"(scores__ev-1 gte [0.5])"},
    {R"({"model": {"operator": "!=", "value": "a"}})", R"(model not_in ["a"])"},
    {R"({"model": {"operator": " NOT IN ", "value": ["a"]}})", R"(model not_in ["a"])"},
    {R"({"tools": {"operator": "overlap", "value": ["a", 1, true, null]}})",
     R"(tools overlap ["a", 1, true, null])"},
    {R"({"metadata": {"operator": "has_key", "value": 7}})", R"(metadata has_key ["7"])"},
    {R"({"model": {"operator": "regex", "value": "^gpt-[0-9]+"}})",
     R"(model regex ["^gpt-[0-9]+"])"},
    {R"({"id": "x", "starred": true, "log_count": {"gt": 3}, "created_at": {"lt": "2025-07-26T08:10:00Z"}})",
     R"(id in ["x"] AND starred in [true] AND log_count gt [3] AND created_at lt [1753517400000000])",
     Resource::kDataset},
    {R"({"dataset_id": "ds-1", "expected_output": {"operator": "contains", "value": "x"},
         "scores__e": 1, "annotation_status": "pending"})",
     R"(dataset_id in ["ds-1"] AND expected_output contains ["x"] AND scores__e in [1] AND annotation_status in ["pending"])",
     Resource::kDatasetLog},
};

TEST_CASE("accepted filters parse to the expected AST") {
  for (const Accepted& row : kAccepted) {
    const std::string json = row.json;
    CAPTURE(json);
    CHECK(Describe(ParseFilter(J(row.json), row.resource, "/filters")) == row.ast);
  }
}

TEST_CASE("every operator alias resolves to its canonical operator") {
  const std::pair<const char*, const char*> kAliases[] = {
      {"", "in"},
      {"=", "in"},
      {"==", "in"},
      {"eq", "in"},
      {"equals", "in"},
      {"exact", "in"},
      {"EQ", "in"},
      {"not", "not_in"},
      {"!=", "not_in"},
      {"<>", "not_in"},
      {"ne", "not_in"},
      {"not_equal", "not_in"},
      {"not_equals", "not_in"},
      {"gt", "gt"},
      {">", "gt"},
      {"greater_than", "gt"},
      {"gte", "gte"},
      {">=", "gte"},
      {"greater_than_or_equal", "gte"},
      {"lt", "lt"},
      {"<", "lt"},
      {"less_than", "lt"},
      {"lte", "lte"},
      {"<=", "lte"},
      {"less_than_or_equal", "lte"},
      {"iexact", "iexact"},
      {"contains", "contains"},
      {"not_contains", "not_contains"},
      {"icontains", "icontains"},
      {"startswith", "startswith"},
      {"startsWith", "startswith"},
      {"not_startswith", "not_startswith"},
      {"endswith", "endswith"},
      {"endsWith", "endswith"},
      {"not_endswith", "not_endswith"},
      {"in", "in"},
      {"IN", "in"},
      {"not_in", "not_in"},
      {"NOT IN", "not_in"},
      {"nin", "not_in"},
      {"isnull", "isnull"},
      {"empty", "empty"},
      {"is_empty", "empty"},
      {"isempty", "empty"},
      {"not_empty", "not_empty"},
      {"notEmpty", "not_empty"},
      {"regex", "regex"},
      {"ilike", "ilike"},
      {"has_key", "has_key"},
      {"overlap", "overlap"},
      {"not_overlap", "not_overlap"},
      {"full_text_search", "full_text_search"},
      {"trigram_word_similar", "full_text_search"},
      {"  Contains\t", "contains"},
  };
  for (const auto& [alias, canonical] : kAliases) {
    const std::string spelling = alias;
    CAPTURE(spelling);
    ordered_json filter = {{"input", {{"operator", alias}, {"value", "true"}}}};
    const std::string ast = Describe(ParseFilter(filter, Resource::kRequestLog, "/filters"));
    CHECK(ast.substr(0, ast.find(" [")) == std::string("input ") + canonical);
  }
}

TEST_CASE("default connector joins top-level terms without their own connector") {
  ParseOptions options;
  options.default_connector = Connector::kOr;
  const Filter f =
      ParseFilter(J(R"({"model": "a", "status_code": 200, "cost": {"value": 1, "connector": "AND"},
                                   "g": {"filter_params": {"metadata__y": 1, "log_type": "chat"}}})"),
                  Resource::kRequestLog, "/filters", options);
  CHECK(
      Describe(f) ==
      R"(model in ["a"] OR status_code in [200] AND cost in [1] OR (metadata__y in [1] AND log_type in ["chat"]))");
}

TEST_CASE("limits allow exactly 32 bundle levels, 1000 conditions and 100000 values") {
  ordered_json nested = {{"model", "a"}};
  for (int i = 0; i < kMaxBundleDepth; ++i) nested = {{"b", {{"filter_params", nested}}}};
  CHECK_NOTHROW(ParseFilter(nested, Resource::kRequestLog, "/filters"));

  ordered_json list = ordered_json::array();
  for (int i = 0; i < kMaxConditions; ++i) list.push_back({{"value", i}});
  CHECK_NOTHROW(ParseFilter({{"status_code", list}}, Resource::kRequestLog, "/filters"));

  ordered_json values = ordered_json::array();
  for (size_t i = 0; i < kMaxListValues; ++i) values.push_back(i);
  const Filter f = ParseFilter({{"status_code", {{"operator", "in"}, {"value", values}}}},
                               Resource::kRequestLog, "/filters");
  CHECK(f.terms[0].condition->values.size() == kMaxListValues);
}

struct Rejected {
  std::string json;
  const char* tag;
  std::string detail;
  std::string field;
  Resource resource = Resource::kRequestLog;
  const char* prefix = "/filters";
};

void CheckRejected(const Rejected& row, const std::function<void()>& parse) {
  CAPTURE(row.json);
  CHECK_THROWS_WITH_AS(parse(), (std::string(row.tag) + ": " + row.detail).c_str(),
                       InvalidArgument);
  try {
    parse();
  } catch (const InvalidArgument& e) {
    CHECK(e.tag() == row.tag);
    CHECK(e.field() == row.field);
    CHECK(e.code() == ErrorCode::kInvalidArgument);
  }
}

std::string Nested(int levels) {
  std::string s = R"({"model": "a"})";
  for (int i = 0; i < levels; ++i) s = R"({"b": {"filter_params": )" + s + "}}";
  return s;
}

std::string NestedPointer(int levels) {
  std::string p = "/filters";
  for (int i = 0; i < levels; ++i) p += "/b/filter_params";
  return p + "/b";
}

TEST_CASE("rejected filters name the JSON pointer of the offending element") {
  const Rejected kRejected[] = {
      {"[]", "filter.not_an_object", "/filters: must be a JSON object.", "/filters"},
      {"null", "filter.not_an_object", "/initial_log_filters: must be a JSON object.",
       "/initial_log_filters", Resource::kRequestLog, "/initial_log_filters"},
      {R"({"foo": 1})", "filter.unknown_field", "/filters/foo: unknown field 'foo'.",
       "/filters/foo"},
      {R"({"a/b~c": 1})", "filter.unknown_field", "/filters/a~1b~0c: unknown field 'a/b~c'.",
       "/filters/a~1b~0c"},
      {R"({"metadata__": 1})", "filter.unknown_field",
       "/filters/metadata__: unknown field 'metadata__'.", "/filters/metadata__"},
      {R"({"metadata__a____b": 1})", "filter.unknown_field",
       "/filters/metadata__a____b: unknown field 'metadata__a____b'.", "/filters/metadata__a____b"},
      {R"({"metadata__a": 1})", "filter.unknown_field",
       "/filters/metadata__a: unknown field 'metadata__a'.", "/filters/metadata__a",
       Resource::kDataset},
      {R"({"is_pinned": true})", "filter.unknown_field",
       "/filters/is_pinned: unknown field 'is_pinned'.", "/filters/is_pinned",
       Resource::kDatasetLog},
      {R"({"g": {"filter_params": {"scores__e": 1}}})", "filter.unknown_field",
       "/filters/g/filter_params/scores__e: unknown field 'scores__e'.",
       "/filters/g/filter_params/scores__e", Resource::kDataset},
      {R"({"cost": {"operator": "gtt", "value": 1}})", "filter.unknown_operator",
       "/filters/cost/operator: unknown operator 'gtt'.", "/filters/cost/operator"},
      {R"({"cost": {"operator": 5}})", "filter.unknown_operator",
       "/filters/cost/operator: must be a string.", "/filters/cost/operator"},
      {R"({"cost": {"gte": 1, "gtt": 1}})", "filter.unknown_operator",
       "/filters/cost/gtt: unknown operator 'gtt'.", "/filters/cost/gtt"},
      {R"({"cost": {"operator": "gt", "value": "abc"}})", "filter.invalid_value",
       "/filters/cost/value: must be a number or a numeric string.", "/filters/cost/value"},
      {R"({"cost": "1,5"})", "filter.invalid_value",
       "/filters/cost: must be a number or a numeric string.", "/filters/cost"},
      {R"({"status_code": {"value": [200, "x"]}})", "filter.invalid_value",
       "/filters/status_code/value/1: must be a number or a numeric string.",
       "/filters/status_code/value/1"},
      {R"({"status_code": [200, true]})", "filter.invalid_value",
       "/filters/status_code/1: must be a number or a numeric string.", "/filters/status_code/1"},
      {R"({"timestamp": {"gte": "yesterday"}})", "filter.invalid_value",
       R"(/filters/timestamp/gte: must be an ISO 8601 timestamp such as "2025-07-26T08:10:00Z".)",
       "/filters/timestamp/gte"},
      {R"({"timestamp": {"gte": "2025-02-30T00:00:00Z"}})", "filter.invalid_value",
       R"(/filters/timestamp/gte: must be an ISO 8601 timestamp such as "2025-07-26T08:10:00Z".)",
       "/filters/timestamp/gte"},
      {R"({"timestamp": 1753517400})", "filter.invalid_value",
       R"(/filters/timestamp: must be an ISO 8601 timestamp such as "2025-07-26T08:10:00Z".)",
       "/filters/timestamp"},
      {R"({"stream": "yes"})", "filter.invalid_value",
       R"(/filters/stream: must be a boolean (true, false, "true", "false", 1 or 0).)",
       "/filters/stream"},
      {R"({"model": {"operator": "isnull", "value": "maybe"}})", "filter.invalid_value",
       R"(/filters/model/value: must be a boolean (true, false, "true", "false", 1 or 0).)",
       "/filters/model/value"},
      {R"({"model": {"value": {"a": 1}}})", "filter.invalid_value",
       "/filters/model/value: must be a scalar (string, number, boolean or null).",
       "/filters/model/value"},
      {R"({"model": {"value": ["a", ["b"]]}})", "filter.invalid_value",
       "/filters/model/value/1: must be a scalar (string, number, boolean or null).",
       "/filters/model/value/1"},
      {R"({"model": [{"value": "a"}, "b"]})", "filter.invalid_entry",
       "/filters/model/1: a list of conditions may hold only condition objects.",
       "/filters/model/1"},
      {R"({"model": [["a"]]})", "filter.invalid_entry",
       "/filters/model/0: a list of conditions may hold only condition objects.",
       "/filters/model/0"},
      {R"({"g": {"filter_params": []}})", "filter.invalid_entry",
       "/filters/g/filter_params: must be a JSON object.", "/filters/g/filter_params"},
      {R"({"model": {"value": "a", "connector": "XOR"}})", "filter.invalid_connector",
       R"(/filters/model/connector: must be "AND" or "OR", not "XOR".)",
       "/filters/model/connector"},
      {R"({"g": {"connector": 1, "filter_params": {}}})", "filter.invalid_connector",
       R"(/filters/g/connector: must be "AND" or "OR", not 1.)", "/filters/g/connector"},
      {R"({"model": {"operator": "eq", "value": "a", "extra": 1}})", "filter.unknown_key",
       "/filters/model/extra: unknown key 'extra' in a condition (expected operator, value, "
       "connector, operator_function, operator_args).",
       "/filters/model/extra"},
      {R"({"g": {"filter_params": {}, "x": 1}})", "filter.unknown_key",
       "/filters/g/x: unknown key 'x' in a bundle (expected connector, filter_params).",
       "/filters/g/x"},
      {R"({"status_code": {"operator": "contains", "value": "20"}})",
       "filter.operator_not_applicable",
       "/filters/status_code/operator: operator 'contains' does not apply to integer field "
       "'status_code'.",
       "/filters/status_code/operator"},
      {R"({"timestamp": {"regex": "x"}})", "filter.operator_not_applicable",
       "/filters/timestamp/regex: operator 'regex' does not apply to timestamp field 'timestamp'.",
       "/filters/timestamp/regex"},
      {R"({"model": {"operator": "has_key", "value": "x"}})", "filter.operator_not_applicable",
       "/filters/model/operator: operator 'has_key' does not apply to text field 'model'.",
       "/filters/model/operator"},
      {R"({"scores__e": {"operator": "overlap", "value": [1]}})", "filter.operator_not_applicable",
       "/filters/scores__e/operator: operator 'overlap' does not apply to score field 'scores__e'.",
       "/filters/scores__e/operator"},
      {R"({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["k"],
                        "operator": "contains", "value": "x"}})",
       "filter.operator_not_applicable",
       "/filters/metadata/operator: operator 'contains' does not apply to mapContainsKey on "
       "'metadata'.",
       "/filters/metadata/operator"},
      {R"({"model": {"operator": "regex", "value": "("}})", "filter.invalid_regex", "",
       "/filters/model/value"},
      {R"({"metadata": {"operator_function": "sizeOf", "operator_args": ["k"]}})",
       "filter.invalid_operator_function",
       R"(/filters/metadata/operator_function: unknown operator_function "sizeOf" (the only one is "mapContainsKey").)",
       "/filters/metadata/operator_function"},
      {R"({"metadata": {"operator_function": "mapContainsKey"}})", "filter.invalid_operator_args",
       R"(/filters/metadata/operator_function: mapContainsKey needs operator_args holding one key, e.g. ["user_id"].)",
       "/filters/metadata/operator_function"},
      {R"({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["a", "b"]}})",
       "filter.invalid_operator_args",
       R"(/filters/metadata/operator_args: mapContainsKey needs operator_args holding one key, e.g. ["user_id"].)",
       "/filters/metadata/operator_args"},
      {R"({"metadata": {"operator_args": ["a"]}})", "filter.invalid_operator_args",
       "/filters/metadata/operator_args: operator_args needs operator_function.",
       "/filters/metadata/operator_args"},
      {R"({"model": {"operator_function": "mapContainsKey", "operator_args": ["a"]}})",
       "filter.operator_not_applicable",
       "/filters/model/operator_function: mapContainsKey needs a json field or a metadata path, "
       "not "
       "text field 'model'.",
       "/filters/model/operator_function"},
      {Nested(kMaxBundleDepth + 1), "filter.too_deep",
       NestedPointer(kMaxBundleDepth) + ": bundles may nest at most 32 levels deep.",
       NestedPointer(kMaxBundleDepth)},
  };
  for (const Rejected& row : kRejected) {
    if (std::string(row.tag) == "filter.invalid_regex") {
      // The reason is the standard library's wording; pin tag, field and prefix.
      try {
        ParseFilter(J(row.json), row.resource, row.prefix);
        FAIL("accepted an invalid regex");
      } catch (const InvalidArgument& e) {
        CHECK(e.tag() == row.tag);
        CHECK(e.field() == row.field);
        CHECK(e.detail().rfind("/filters/model/value: invalid regular expression: ", 0) == 0);
      }
      continue;
    }
    CheckRejected(row, [&] { ParseFilter(J(row.json), row.resource, row.prefix); });
  }
}

TEST_CASE("more than 1000 conditions or 100000 list values are rejected") {
  ordered_json list = ordered_json::array();
  for (int i = 0; i <= kMaxConditions; ++i) list.push_back({{"value", i}});
  CheckRejected({"1001 conditions", "filter.too_many_conditions",
                 "/filters/status_code/1000: a filter may hold at most 1000 conditions.",
                 "/filters/status_code/1000"},
                [&] {
                  ParseFilter({{"status_code", list}}, Resource::kRequestLog, "/filters");
                });

  ordered_json values = ordered_json::array();
  for (size_t i = 0; i <= kMaxListValues; ++i) values.push_back(i);
  CheckRejected({"100001 values", "filter.too_many_values",
                 "/filters/status_code/value: a list may hold at most 100000 values.",
                 "/filters/status_code/value"},
                [&] {
                  ParseFilter({{"status_code", {{"operator", "in"}, {"value", values}}}},
                              Resource::kRequestLog, "/filters");
                });
}

TEST_CASE("AndFilters keeps each filter as one group") {
  const Filter a = ParseFilter(J(R"({"model": "a", "cost": {"value": 1, "connector": "OR"}})"),
                               Resource::kRequestLog, "/filters");
  const Filter b = ParseFilter(J(R"({"status_code": 200})"), Resource::kRequestLog, "/filters");
  CHECK(Describe(AndFilters(a, b)) ==
        R"((model in ["a"] OR cost in [1]) AND (status_code in [200]))");
}

using Params = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("quick filters build one group from query parameters") {
  const std::pair<Params, const char*> kRows[] = {
      {{{"model", "gpt-4o"}}, R"(model in ["gpt-4o"])"},
      {{{"cost[operator]", "gte"}, {"cost[value]", "0.5"}}, R"(cost gte [0.5])"},
      {{{"customer_tier", "5"}}, R"(metadata__customer_tier in ["5", 5])"},
      {{{"beta", "true"}, {"beta[operator]", "not"}}, R"(metadata__beta not_in ["true", true])"},
      {{{"tier[operator]", "icontains"}, {"tier[value]", "GOLD"}},
       R"(metadata__tier icontains ["gold"])"},
      {{{"metadata__plan", "pro"}, {"status_code[value]", "500"}, {"status_code[connector]", "OR"}},
       R"(metadata__plan in ["pro"] OR status_code in [500])"},
      {{{"timestamp[operator]", "gte"}, {"timestamp[value]", "2025-07-26T10:10:00 02:00"}},
       R"(timestamp gte [1753517400000000])"},
      {{{"model", "a"}, {"model", "b"}}, R"(model in ["b"])"},
      {{{"tier", "gold"}, {"metadata__tier[operator]", "not"}, {"metadata__tier[value]", "x"}},
       R"(metadata__tier in ["gold"] AND metadata__tier not_in ["x"])"},
      {{{"is_pinned", "1"}, {"scores__e[operator]", "lt"}, {"scores__e[value]", "0.5"}},
       R"(is_pinned in [true] AND scores__e lt [0.5])"},
  };
  for (const auto& [params, ast] : kRows) {
    const std::string expected = ast;
    CAPTURE(expected);
    CHECK(Describe(ParseQuickFilters(params, Resource::kRequestLog)) == ast);
  }
}

TEST_CASE("quick filter errors name the query parameter") {
  const std::pair<Params, Rejected> kRows[] = {
      {{{"cost[value]", "abc"}},
       {"", "filter.invalid_value", "cost[value]: must be a number or a numeric string.",
        "cost[value]"}},
      {{{"cost", "abc"}},
       {"", "filter.invalid_value", "cost: must be a number or a numeric string.", "cost"}},
      {{{"cost[operator]", "gtt"}, {"cost[value]", "1"}},
       {"", "filter.unknown_operator", "cost[operator]: unknown operator 'gtt'.",
        "cost[operator]"}},
      {{{"cost[connector]", "XOR"}, {"cost[value]", "1"}},
       {"", "filter.invalid_connector", R"(cost[connector]: must be "AND" or "OR", not "XOR".)",
        "cost[connector]"}},
      {{{"cost[op]", "gt"}},
       {"", "filter.unknown_key",
        "cost[op]: unknown quick filter part 'op' (expected value, operator, connector).",
        "cost[op]"}},
      {{{"status_code[operator]", "contains"}, {"status_code[value]", "20"}},
       {"", "filter.operator_not_applicable",
        "status_code[operator]: operator 'contains' does not apply to integer field 'status_code'.",
        "status_code[operator]"}},
  };
  for (const auto& [params, row] : kRows) {
    CheckRejected(row, [&] { ParseQuickFilters(params, Resource::kRequestLog); });
  }
}

TEST_CASE("known field names and paths are told apart from quick-filter metadata names") {
  CHECK(IsKnownFieldOrPath(Resource::kRequestLog, "model"));
  CHECK(IsKnownFieldOrPath(Resource::kRequestLog, "id"));
  CHECK(IsKnownFieldOrPath(Resource::kRequestLog, "metadata__x"));
  CHECK(IsKnownFieldOrPath(Resource::kRequestLog, "metadata.x"));
  CHECK(IsKnownFieldOrPath(Resource::kRequestLog, "scores__e"));
  CHECK_FALSE(IsKnownFieldOrPath(Resource::kRequestLog, "tier"));
  CHECK_FALSE(IsKnownFieldOrPath(Resource::kRequestLog, "metadata__"));
  CHECK_FALSE(IsKnownFieldOrPath(Resource::kDataset, "metadata__x"));
}

TEST_CASE("sort fields resolve aliases and refuse json and path fields") {
  CHECK(SortExpression(Resource::kRequestLog, "id") == "request_logs.timestamp");
  CHECK(SortExpression(Resource::kDatasetLog, "total_tokens") ==
        "dataset_logs.total_request_tokens");
  CHECK(SortExpression(Resource::kDataset, "id") == "datasets.uuid");
  CHECK(SortExpression(Resource::kRequestLog, "cost") == "request_logs.cost");
  CHECK_FALSE(SortExpression(Resource::kRequestLog, "metadata"));
  CHECK_FALSE(SortExpression(Resource::kRequestLog, "metadata__a"));
  CHECK_FALSE(SortExpression(Resource::kRequestLog, "nope"));
  CHECK_FALSE(IsSortable(Resource::kDatasetLog, "expected_output"));
  CHECK(IsSortable(Resource::kDatasetLog, "annotation_status"));
  CHECK(FindField(Resource::kRequestLog, "id")->name == "unique_id");
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset::filter
