// SPDX-License-Identifier: MIT
// The in-memory evaluator: the meaning of FILTERS.md (nulls, typing, Unicode, connectors) pinned
// on fixed API objects. The differential test then holds the SQL back end to the same answers.
#include "filter/filter_evaluator.h"

#include <doctest/doctest.h>

#include <string>

#include "filter/filter_parser.h"
#include "filter/text_match.h"
#include "filter_test_util.h"

namespace logset::filter {
namespace {

using testing::J;

TEST_SUITE_BEGIN("filter evaluator");

// A request log as R2 renders it: input/output as strings, scores as a dict.
const char* const kRequestLog = R"({
  "id": "abc", "unique_id": "abc", "model": "Äpfel-Straße ΣΑΣ", "provider_id": "50%_off",
  "customer_identifier": null, "status_code": 200, "cost": 0.5, "latency": null, "stream": false,
  "positive_feedback": null, "timestamp": "2025-07-26T08:10:00.000000Z",
  "input": "[{\"role\":\"user\",\"content\":\"Hi\"}]", "output": "plain text",
  "tools": [], "tool_calls": null, "prompt_messages": [{"role": "user", "content": "Hi"}],
  "metadata": {"tier": "gold", "n": 10, "s": "10", "f": 10.0, "b": true, "z": 0, "nul": null,
               "tags": ["a", 1, true], "obj": {"k": "v"}, "empty": "", "arr0": [], "obj0": {},
               "we\"ird.key": "w"},
  "scores": {"e1": {"score_value": 0.75}, "e2": {"score_value": "good"}}
})";

struct Row {
  const char* filter;
  bool matches;
};

void CheckRows(Resource resource, const char* object, const std::initializer_list<Row>& rows) {
  const auto log = J(object);
  for (const Row& row : rows) {
    const std::string filter = row.filter;
    CAPTURE(filter);
    CHECK(Matches(ParseFilter(J(filter), resource, "/filters"), resource, log) == row.matches);
  }
}

TEST_CASE("text operators: case-sensitive ones are literal, case-insensitive ones fold Unicode") {
  CheckRows(
      Resource::kRequestLog, kRequestLog,
      {
          {R"({"model": "Äpfel-Straße ΣΑΣ"})", true},
          {R"({"model": "äpfel-straße σας"})", false},
          {R"({"model": {"iexact": "äpfel-straße σας"}})", true},
          {R"({"model": {"iexact": "ÄPFEL-STRAẞE ΣΑΣ"}})", true},
          {R"({"model": {"iexact": "äpfel-strasse σας"}})", false},  // simple folding: ß is not ss
          {R"({"model": {"icontains": "äPF"}})", true},
          {R"({"model": {"icontains": "σας"}})", true},
          {R"({"model": {"contains": "Straße"}})", true},
          {R"({"model": {"contains": "straße"}})", false},
          {R"({"provider_id": {"contains": "%_"}})", true},
          {R"({"provider_id": {"contains": "50%x"}})", false},
          {R"({"provider_id": {"startswith": "50%"}})", true},
          {R"({"provider_id": {"startswith": "5_"}})", false},
          {R"({"provider_id": {"endswith": "_off"}})", true},
          {R"({"provider_id": {"not_endswith": "_off"}})", false},
          {R"({"provider_id": {"ilike": "50%OFF"}})", true},
          {R"({"provider_id": {"ilike": "_0%"}})", true},
          {R"({"provider_id": {"ilike": "0%"}})", false},  // wildcards anchor the pattern
          {R"({"provider_id": {"ilike": "OFF"}})", true},  // no wildcard: substring
          {R"({"model": {"ilike": "äpfel%σασ"}})", true},
          {R"({"model": {"regex": "^Ä"}})", true},
          {R"({"model": {"regex": "^ä"}})", false},
          {R"({"model": {"full_text_search": "STRASSE"}})", false},
          {R"({"model": {"full_text_search": " straße  äpfel "}})", true},
          {R"({"model": {"trigram_word_similar": "äpfel banana"}})", false},
          {R"({"model": {"contains": ["x", "pfel"]}})", true},       // any value
          {R"({"model": {"not_contains": ["x", "pfel"]}})", false},  // none may match
          {R"({"model": {"not_contains": ["x", "y"]}})", true},
      });
}

TEST_CASE("null and missing fields: only equality with null and negative operators match") {
  CheckRows(Resource::kRequestLog, kRequestLog,
            {
                {R"({"customer_identifier": null})", true},
                {R"({"customer_identifier": "x"})", false},
                {R"({"customer_identifier": {"operator": "not", "value": "x"}})", true},
                {R"({"customer_identifier": {"operator": "not", "value": null}})", false},
                {R"({"customer_identifier": {"operator": "not_in", "value": ["x"]}})", true},
                {R"({"customer_identifier": {"operator": "not_contains", "value": "x"}})", true},
                {R"({"customer_identifier": {"operator": "not_startswith", "value": "x"}})", true},
                {R"({"customer_identifier": {"operator": "contains", "value": ""}})", false},
                {R"({"customer_identifier": {"operator": "in", "value": ["x"]}})", false},
                {R"({"customer_identifier": {"operator": "in", "value": ["x", null]}})", true},
                {R"({"customer_identifier": {"operator": "regex", "value": ".*"}})", false},
                {R"({"customer_identifier": {"operator": "isnull"}})", true},
                {R"({"customer_identifier": {"operator": "isnull", "value": [false]}})", false},
                {R"({"customer_identifier": {"operator": "empty"}})", true},
                {R"({"customer_identifier": {"operator": "gt", "value": ""}})", false},
                {R"({"latency": {"gt": 0}})", false},
                {R"({"latency": {"lt": 0}})", false},
                {R"({"latency": {"not": 1}})", true},
                {R"({"metadata__missing": null})", true},
                {R"({"metadata__nul": null})", true},
                {R"({"metadata__nul": {"operator": "isnull", "value": false}})", false},
                {R"({"metadata__missing": {"not": "x"}})", true},
                {R"({"metadata__missing": {"has_key": "x"}})", false},
                {R"({"scores__e3": {"operator": "isnull"}})", true},
                {R"({"scores__e2": null})", true},  // a non-numeric score reads as null
                {R"({"model": {"gt": null}})", false},
                {R"({"model": {"operator": "contains"}})", false},
            });
}

TEST_CASE("typed fields coerce values: numbers, booleans, timestamps and text") {
  CheckRows(Resource::kRequestLog, kRequestLog,
            {
                {R"({"status_code": "200"})", true},
                {R"({"status_code": 200.0})", true},
                {R"({"status_code": [404, 200]})", true},
                {R"({"status_code": {"in": []}})", false},
                {R"({"status_code": {"not_in": []}})", true},
                {R"({"status_code": {"gte": 200, "lt": "300"}})", true},
                {R"({"cost": {"gt": "0.25"}})", true},
                {R"({"cost": {"lte": 0.4999}})", false},
                {R"({"stream": false})", true},
                {R"({"stream": "FALSE"})", true},
                {R"({"stream": 0})", true},
                {R"({"stream": {"operator": "not", "value": true}})", true},
                {R"({"positive_feedback": false})", false},
                {R"({"timestamp": {"gte": "2025-07-26T10:10:00+02:00"}})", true},
                {R"({"timestamp": {"gt": "2025-07-26T10:10:00+02:00"}})", false},
                {R"({"timestamp": "2025-07-26 08:10:00"})", true},
                {R"({"timestamp": {"lt": "2025-07-26t08:10:00.000001z"}})", true},
                {R"({"id": "abc", "total_tokens": {"operator": "isnull"}})", true},
                {R"({"scores__e1": {"gte": 0.5}})", true},
                {R"({"scores__e1": "0.75"})", true},
            });
}

TEST_CASE("metadata compares by JSON type: strings, numbers and booleans never mix") {
  CheckRows(
      Resource::kRequestLog, kRequestLog,
      {
          {R"({"metadata__tier": "gold"})", true},
          {R"({"metadata.tier": "gold"})", true},
          {R"({"metadata__tier": "GOLD"})", false},
          {R"({"metadata__n": 10})", true},
          {R"({"metadata__n": "10"})", false},
          {R"({"metadata__s": "10"})", true},
          {R"({"metadata__s": 10})", false},
          {R"({"metadata__f": 10})", true},  // 10 equals 10.0
          {R"({"metadata__b": true})", true},
          {R"({"metadata__b": 1})", false},  // true does not equal 1
          {R"({"metadata__z": false})", false},
          {R"({"metadata__z": 0})", true},
          {R"({"metadata__s": {"gt": 9}})", true},  // a numeric string compares as its number
          {R"({"metadata__n": {"gt": "9"}})", true},
          {R"({"metadata__tier": {"gt": 9}})", false},
          {R"({"metadata__tier": {"lt": 9}})", false},
          {R"({"metadata__n": {"gt": "abc"}})", false},
          {R"({"metadata__b": {"gt": 0}})", false},         // booleans are not numbers
          {R"({"metadata__n": {"contains": "1"}})", true},  // numbers by their JSON text
          {R"({"metadata__f": {"endswith": ".0"}})", true},
          {R"({"metadata__b": {"contains": "tr"}})", false},
          {R"({"metadata__obj": {"contains": "k"}})", false},
          {R"({"metadata__obj__k": "v"})", true},
          {R"({"metadata__we\"ird.key": "w"})", true},
          {R"({"metadata__tags": {"overlap": ["x", 1]}})", true},
          {R"({"metadata__tags": {"overlap": ["1"]}})", false},
          {R"({"metadata__tags": {"overlap": [true]}})", true},
          {R"({"metadata__tags": {"not_overlap": ["x"]}})", true},
          {R"({"metadata__tier": {"overlap": ["gold"]}})", false},
          {R"({"metadata": {"has_key": "tier"}})", true},
          {R"({"metadata": {"has_key": ["nope", "nul"]}})", true},
          {R"({"metadata__obj": {"has_key": "k"}})", true},
          {R"({"metadata__tags": {"has_key": "0"}})", false},
          {R"({"metadata__empty": {"operator": "empty"}})", true},
          {R"({"metadata__arr0": {"operator": "empty"}})", true},
          {R"({"metadata__obj0": {"operator": "is_empty"}})", true},
          {R"({"metadata__missing": {"operator": "empty"}})", true},
          {R"({"metadata__z": {"operator": "empty"}})", false},
          {R"({"metadata__tier": {"operator": "not_empty"}})", true},
          {R"({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["tier"],
                                  "value": [true]}})",
           true},
          {R"({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["nope"],
                                  "value": [true]}})",
           false},
          {R"({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["nope"],
                                  "value": false}})",
           true},
          {R"({"metadata__obj": {"operator_function": "mapContainsKey", "operator_args": ["k"],
                                       "value": true}})",
           true},
      });
}

TEST_CASE("json fields: text operators read compact JSON text, structure operators the value") {
  CheckRows(Resource::kRequestLog, kRequestLog,
            {
                {R"({"input": {"contains": "\"role\":\"user\""}})", true},
                {R"({"input": {"has_key": "role"}})", false},  // an array, not an object
                {R"({"output": "plain text"})", true},
                {R"({"output": {"operator": "empty"}})", false},
                {R"({"tools": {"operator": "empty"}})", true},
                {R"({"tool_calls": {"operator": "isnull"}})", true},
                {R"({"tool_calls": {"operator": "empty"}})", true},
                {R"({"prompt_messages": {"contains": "\"content\":\"Hi\""}})", true},
            });
  CheckRows(Resource::kDatasetLog,
            R"({"input": {"q": "x"}, "output": "done", "expected_output": ["a", 2],
                "metadata": {}, "dataset_id": "ds-1", "scores": [{"evaluator_id": "e1", "score_value": 1.0}]})",
            {
                {R"({"input": {"has_key": "q"}})", true},
                {R"({"input": {"contains": "{\"q\":\"x\"}"}})", true},
                {R"({"input": "{\"q\":\"x\"}"})", true},
                {R"({"output": {"startswith": "do"}})", true},
                {R"({"expected_output": {"overlap": [2]}})", true},
                {R"({"expected_output": {"overlap": ["2"]}})", false},
                {R"({"dataset_id": "ds-1"})", true},
                {R"({"scores__e1": 1})", true},  // the detail list form of scores
            });
}

TEST_CASE("conditions fold left in document order and bundles are one term") {
  CheckRows(
      Resource::kRequestLog, kRequestLog,
      {
          {R"({})", true},
          {R"({"model": "nope", "status_code": {"value": 200, "connector": "OR"}})", true},
          // (A OR B) AND C, not A OR (B AND C).
          {R"({"status_code": 200, "model": {"value": "nope", "connector": "OR"},
                     "cost": {"value": 99, "connector": "AND"}})",
           false},
          {R"({"model": {"value": "nope", "connector": "OR"}})", false},  // first connector ignored
          {R"({"status_code": 500, "g": {"connector": "OR",
                     "filter_params": {"cost": 0.5, "stream": false}}})",
           true},
          {R"({"status_code": 500, "g": {"connector": "OR", "filter_params": {}}})", true},
          {R"({"status_code": [{"value": 500}, {"value": 200, "connector": "OR"}]})", true},
      });
}

TEST_CASE("datasets are filtered by their API fields") {
  CheckRows(
      Resource::kDataset,
      R"({"id": "uuid-1", "name": "My Set", "description": "", "type": "llm", "status": "ready",
                "starred": true, "log_count": 3, "created_at": "2025-07-26T08:10:00.000000Z",
                "updated_at": "2025-07-27T08:10:00.000000Z"})",
      {
          {R"({"id": "uuid-1"})", true},
          {R"({"name": {"icontains": "my s"}})", true},
          {R"({"description": {"operator": "empty"}})", true},
          {R"({"starred": "true", "log_count": {"gt": 2}})", true},
          {R"({"updated_at": {"lt": "2025-07-27T08:10:00Z"}})", false},
      });
}

TEST_CASE("simple case folding maps one code point to one") {
  CHECK(FoldCase("ÄPFEL") == "äpfel");
  CHECK(FoldCase("Σσς") == "σσσ");
  CHECK(FoldCase("ẞ") == "ß");
  CHECK(FoldCase("ß") == "ß");
  CHECK(FoldCase("İ") == "İ");  // CaseFolding.txt has only F and T entries for it
  CHECK(FoldCase("ǅ") == "ǆ");
  CHECK(FoldCase("ﬁ") == "ﬁ");
  CHECK(FoldCase("\xe2\x84\xaa") == "k");  // KELVIN SIGN
  CHECK(FoldCase("ᾈ") == "ᾀ");
  CHECK(FoldCase("Ꭰ") == "Ꭰ");  // Cherokee folds to upper case
  CHECK(FoldCase("ꭰ") == "Ꭰ");
  CHECK(FoldCase(std::string("a\xff"
                             "B",
                             3)) == std::string("a\xff"
                                                "b",
                                                3));  // invalid UTF-8 kept
}

TEST_CASE("ilike matches whole strings with % and _ over code points") {
  CHECK(IlikeMatch("äpfel", "_pfel"));
  CHECK(IlikeMatch("äpfel", "%"));
  CHECK(IlikeMatch("", "%"));
  CHECK_FALSE(IlikeMatch("", "_"));
  CHECK(IlikeMatch("abcabc", "%b_a%"));
  CHECK_FALSE(IlikeMatch("abc", "a_"));
  CHECK(IlikeMatch("mississippi", "%iss%ppi"));
  CHECK(IlikeMatch("xay", "a"));  // no wildcard: substring
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset::filter
