// SPDX-License-Identifier: MIT
// The SQL compiler: golden rows pin the SQL text and parameters of each operator, alias, field
// type and null case; the other cases pin purity, binding and that values never reach the text.
#include "filter/filter_compiler.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <string>

#include "filter/filter_parser.h"
#include "filter_test_util.h"

namespace logset::filter {
namespace {

using nlohmann::ordered_json;
using testing::J;
using testing::ParamsJson;

TEST_SUITE_BEGIN("filter compiler");

constexpr Resource kReq = Resource::kRequestLog;
constexpr Resource kDl = Resource::kDatasetLog;
constexpr Resource kDs = Resource::kDataset;

struct Golden {
  Resource resource;
  const char* filter;
  const char* sql;
  const char* params;  // JSON array
};

// Compiled with metadata key `user_id` indexed (its path is then a literal).
const Golden
    kGolden[] =
        {
            {kReq, R"j({})j", R"s(1)s", R"j([])j"},
            {kReq, R"j({"model": "gpt-4o"})j", R"s(request_logs.model = ?)s", R"j(["gpt-4o"])j"},
            {kReq, R"j({"model": ["a", "b"]})j",
             R"s(request_logs.model IN (SELECT value FROM json_each(?)))s",
             R"j(["[\"a\",\"b\"]"])j"},
            {kReq, R"j({"model": null})j", R"s(request_logs.model IS NULL)s", R"j([])j"},
            {kReq, R"j({"model": ["a", null]})j",
             R"s((request_logs.model = ? OR request_logs.model IS NULL))s", R"j(["a"])j"},
            {kReq, R"j({"model": []})j", R"s(0)s", R"j([])j"},
            {kReq, R"j({"model": {"operator": "not", "value": "a"}})j",
             R"s(request_logs.model IS NOT ?)s", R"j(["a"])j"},
            {kReq, R"j({"model": {"operator": "not", "value": null}})j",
             R"s(request_logs.model IS NOT NULL)s", R"j([])j"},
            {kReq, R"j({"model": {"operator": "not_in", "value": ["a", "b"]}})j",
             R"s(NOT coalesce(request_logs.model IN (SELECT value FROM json_each(?)), 0))s",
             R"j(["[\"a\",\"b\"]"])j"},
            {kReq, R"j({"model": {"operator": "not_in", "value": []}})j", R"s(1)s", R"j([])j"},
            {kReq, R"j({"cost": {"gt": 1}})j", R"s(request_logs.cost > ?)s", R"j([1])j"},
            {kReq, R"j({"cost": {"gte": 1.5}})j", R"s(request_logs.cost >= ?)s", R"j([1.5])j"},
            {kReq, R"j({"cost": {"lt": "2"}})j", R"s(request_logs.cost < ?)s", R"j([2])j"},
            {kReq, R"j({"cost": {"lte": [1, 2]}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(?) AS v WHERE request_logs.cost <= v.value))s",
             R"j(["[1,2]"])j"},
            {kReq, R"j({"cost": {"gt": null}})j", R"s(0)s", R"j([])j"},
            {kReq, R"j({"model": {"operator": "iexact", "value": "GPT"}})j",
             R"s(logset_fold(request_logs.model) = ?)s", R"j(["gpt"])j"},
            {kReq, R"j({"model": {"operator": "contains", "value": "50%_"}})j",
             R"s(instr(request_logs.model, ?) > 0)s", R"j(["50%_"])j"},
            {kReq, R"j({"model": {"operator": "not_contains", "value": ["a", "b"]}})j",
             R"s(NOT coalesce(EXISTS (SELECT 1 FROM json_each(?) AS v WHERE instr(request_logs.model, v.value) > 0), 0))s",
             R"j(["[\"a\",\"b\"]"])j"},
            {kReq, R"j({"model": {"operator": "icontains", "value": "Ä"}})j",
             R"s(logset_icontains(request_logs.model, ?))s", R"j(["ä"])j"},
            {kReq, R"j({"model": {"operator": "startswith", "value": "gpt"}})j",
             R"s(logset_startswith(request_logs.model, ?))s", R"j(["gpt"])j"},
            {kReq, R"j({"model": {"operator": "not_startswith", "value": "gpt"}})j",
             R"s(NOT coalesce(logset_startswith(request_logs.model, ?), 0))s", R"j(["gpt"])j"},
            {kReq, R"j({"model": {"operator": "endswith", "value": "mini"}})j",
             R"s(logset_endswith(request_logs.model, ?))s", R"j(["mini"])j"},
            {kReq, R"j({"model": {"operator": "not_endswith", "value": "mini"}})j",
             R"s(NOT coalesce(logset_endswith(request_logs.model, ?), 0))s", R"j(["mini"])j"},
            {kReq, R"j({"model": {"operator": "isnull", "value": true}})j",
             R"s(request_logs.model IS NULL)s", R"j([])j"},
            {kReq, R"j({"model": {"operator": "isnull", "value": false}})j",
             R"s(request_logs.model IS NOT NULL)s", R"j([])j"},
            {kReq, R"j({"model": {"operator": "empty"}})j",
             R"s((request_logs.model IS NULL OR request_logs.model = ''))s", R"j([])j"},
            {kReq, R"j({"model": {"operator": "not_empty"}})j",
             R"s(NOT coalesce((request_logs.model IS NULL OR request_logs.model = ''), 0))s",
             R"j([])j"},
            {kReq, R"j({"cost": {"operator": "empty"}})j", R"s(request_logs.cost IS NULL)s",
             R"j([])j"},
            {kReq, R"j({"model": {"operator": "regex", "value": "^gpt"}})j",
             R"s(logset_regex(request_logs.model, ?))s", R"j(["^gpt"])j"},
            {kReq, R"j({"model": {"operator": "ilike", "value": "GPT%mini"}})j",
             R"s(logset_ilike(request_logs.model, ?))s", R"j(["gpt%mini"])j"},
            {kReq, R"j({"input": {"operator": "full_text_search", "value": "hello World"}})j",
             R"s(logset_fts(CASE json_type(request_logs.input) WHEN 'text' THEN json_extract(request_logs.input, '$') WHEN 'null' THEN NULL ELSE request_logs.input END, ?))s",
             R"j(["hello world"])j"},
            {kReq, R"j({"metadata": {"operator": "has_key", "value": "user_id"}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(request_logs.metadata, '$') AS k WHERE k.key = ?))s",
             R"j(["user_id"])j"},
            {kReq, R"j({"metadata": {"operator": "has_key", "value": ["a", "b"]}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(?) AS v WHERE EXISTS (SELECT 1 FROM json_each(request_logs.metadata, '$') AS k WHERE k.key = v.value)))s",
             R"j(["[\"a\",\"b\"]"])j"},
            {kReq, R"j({"tools": {"operator": "overlap", "value": ["a", 1, true]}})j",
             R"s((json_type(request_logs.tools, '$') = 'array' AND EXISTS (SELECT 1 FROM json_each(request_logs.tools, '$') AS e, json_each(?) AS v WHERE e.atom = v.atom AND (e.type = v.type OR (e.type IN ('integer', 'real') AND v.type IN ('integer', 'real'))))))s",
             R"j(["[\"a\",1,true]"])j"},
            {kReq, R"j({"tools": {"operator": "not_overlap", "value": ["a"]}})j",
             R"s(NOT coalesce((json_type(request_logs.tools, '$') = 'array' AND EXISTS (SELECT 1 FROM json_each(request_logs.tools, '$') AS e, json_each(?) AS v WHERE e.atom = v.atom AND (e.type = v.type OR (e.type IN ('integer', 'real') AND v.type IN ('integer', 'real'))))), 0))s",
             R"j(["[\"a\"]"])j"},
            {kReq, R"j({"input": {"operator": "contains", "value": "hi"}})j",
             R"s(instr(CASE json_type(request_logs.input) WHEN 'text' THEN json_extract(request_logs.input, '$') WHEN 'null' THEN NULL ELSE request_logs.input END, ?) > 0)s",
             R"j(["hi"])j"},
            {kReq, R"j({"input": {"operator": "empty"}})j",
             R"s(coalesce(logset_unstring(request_logs.input) -> '$', 'null') IN ('null', '""', '[]', '{}'))s",
             R"j([])j"},
            {kReq, R"j({"input": "hi"})j",
             R"s(CASE json_type(request_logs.input) WHEN 'text' THEN json_extract(request_logs.input, '$') WHEN 'null' THEN NULL ELSE request_logs.input END = ?)s",
             R"j(["hi"])j"},
            {kReq, R"j({"output": {"operator": "has_key", "value": "k"}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(logset_unstring(request_logs.output), '$') AS k WHERE k.key = ?))s",
             R"j(["k"])j"},
            {kReq, R"j({"input": {"operator": "isnull"}})j",
             R"s(coalesce(json_type(logset_unstring(request_logs.input), '$'), 'null') = 'null')s",
             R"j([])j"},
            {kReq, R"j({"metadata__tier": "gold"})j",
             R"s(json_extract(request_logs.metadata, ?) = ?)s", R"j(["$.\"tier\"","gold"])j"},
            {kReq, R"j({"metadata__tier": 5})j", R"s(json_extract(request_logs.metadata, ?) = ?)s",
             R"j(["$.\"tier\"",5])j"},
            {kReq, R"j({"metadata__tier": true})j", R"s(json_type(request_logs.metadata, ?) = ?)s",
             R"j(["$.\"tier\"","true"])j"},
            {kReq, R"j({"metadata__tier": null})j",
             R"s(coalesce(json_type(request_logs.metadata, ?), 'null') = 'null')s",
             R"j(["$.\"tier\""])j"},
            {kReq, R"j({"metadata__tier": ["gold", "silver", 1, 2.5, false, null]})j",
             R"s((json_extract(request_logs.metadata, ?) IN (SELECT value FROM json_each(?)) OR (json_extract(request_logs.metadata, ?) IN (SELECT value FROM json_each(?)) AND json_type(request_logs.metadata, ?) IN ('integer', 'real')) OR json_type(request_logs.metadata, ?) = ? OR coalesce(json_type(request_logs.metadata, ?), 'null') = 'null'))s",
             R"j(["$.\"tier\"","[\"gold\",\"silver\"]","$.\"tier\"","[1,2.5]","$.\"tier\"","$.\"tier\"","false","$.\"tier\""])j"},
            {kReq, R"j({"metadata__tier": {"operator": "not", "value": "gold"}})j",
             R"s(NOT coalesce(json_extract(request_logs.metadata, ?) = ?, 0))s",
             R"j(["$.\"tier\"","gold"])j"},
            {kReq, R"j({"metadata__score": {"gt": 9}})j",
             R"s(logset_number(json_extract(request_logs.metadata, ?)) > ?)s",
             R"j(["$.\"score\"",9])j"},
            {kReq, R"j({"metadata__score": {"gt": 0.5}})j",
             R"s(CASE WHEN json_extract(request_logs.metadata, ?) IN (0, 1) AND json_type(request_logs.metadata, ?) IN ('true', 'false') THEN NULL ELSE logset_number(json_extract(request_logs.metadata, ?)) END > ?)s",
             R"j(["$.\"score\"","$.\"score\"","$.\"score\"",0.5])j"},
            // Indexed: ranges on the bare index expression (numbers below '', text above it),
            // json_type only for a 0 or 1 the comparison admits; several values: the loosest.
            {kReq, R"j({"metadata__user_id": {"gte": 18}})j",
             R"s((json_extract(request_logs.metadata, '$."user_id"') >= ? AND ((json_extract(request_logs.metadata, '$."user_id"') < '') OR (json_extract(request_logs.metadata, '$."user_id"') >= '' AND logset_number(json_extract(request_logs.metadata, '$."user_id"')) >= ?))))s",
             R"j([18,18])j"},
            {kReq, R"j({"metadata__user_id": {"lt": [3, 7.5, null]}})j",
             R"s(((json_extract(request_logs.metadata, '$."user_id"') < ? AND (json_extract(request_logs.metadata, '$."user_id"') NOT IN (0, 1) OR json_type(request_logs.metadata, '$."user_id"') IN ('integer', 'real'))) OR (json_extract(request_logs.metadata, '$."user_id"') >= '' AND logset_number(json_extract(request_logs.metadata, '$."user_id"')) < ?)))s",
             R"j([7.5,7.5])j"},
            {kReq, R"j({"metadata__user_id": {"gt": null}})j", R"s(0)s", R"j([])j"},
            {kReq, R"j({"metadata__score": {"gt": "abc"}})j", R"s(0)s", R"j([])j"},
            {kReq, R"j({"metadata__tier": {"operator": "contains", "value": "go"}})j",
             R"s(instr(CASE json_type(request_logs.metadata, ?) WHEN 'text' THEN json_extract(request_logs.metadata, ?) WHEN 'integer' THEN request_logs.metadata -> ? WHEN 'real' THEN request_logs.metadata -> ? END, ?) > 0)s",
             R"j(["$.\"tier\"","$.\"tier\"","$.\"tier\"","$.\"tier\"","go"])j"},
            {kReq, R"j({"metadata__tier": {"operator": "isnull"}})j",
             R"s(coalesce(json_type(request_logs.metadata, ?), 'null') = 'null')s",
             R"j(["$.\"tier\""])j"},
            {kReq, R"j({"metadata__tier": {"operator": "empty"}})j",
             R"s(coalesce(request_logs.metadata -> ?, 'null') IN ('null', '""', '[]', '{}'))s",
             R"j(["$.\"tier\""])j"},
            {kReq, R"j({"metadata__tags": {"operator": "overlap", "value": ["a"]}})j",
             R"s((json_type(request_logs.metadata, ?) = 'array' AND EXISTS (SELECT 1 FROM json_each(request_logs.metadata, ?) AS e, json_each(?) AS v WHERE e.atom = v.atom AND (e.type = v.type OR (e.type IN ('integer', 'real') AND v.type IN ('integer', 'real'))))))s",
             R"j(["$.\"tags\"","$.\"tags\"","[\"a\"]"])j"},
            {kReq, R"j({"metadata__a": {"operator": "has_key", "value": "b"}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(request_logs.metadata, ?) AS k WHERE k.key = ?))s",
             R"j(["$.\"a\"","b"])j"},
            {kReq, R"j({"metadata__a__b c": 1})j",
             R"s((json_extract(request_logs.metadata, ?) = ? AND json_type(request_logs.metadata, ?) IN ('integer', 'real')))s",
             R"j(["$.\"a\".\"b c\"",1,"$.\"a\".\"b c\""])j"},
            {kReq, R"j({"metadata__user_id": "u1"})j",
             R"s(json_extract(request_logs.metadata, '$."user_id"') = ?)s", R"j(["u1"])j"},
            {kReq, R"j({"metadata__a\"b.c": 1})j",
             R"s((json_extract(logset_json_path(request_logs.metadata, ?), '$') = ? AND json_type(logset_json_path(request_logs.metadata, ?), '$') IN ('integer', 'real')))s",
             R"j(["[\"a\\\"b.c\"]",1,"[\"a\\\"b.c\"]"])j"},
            {kReq,
             R"j({"metadata": {"operator_function": "mapContainsKey", "operator_args": ["user_id"], "value": [true]}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(request_logs.metadata, '$') AS k WHERE k.key = ?) = ?)s",
             R"j(["user_id",1])j"},
            {kReq,
             R"j({"metadata__a": {"operator_function": "mapContainsKey", "operator_args": ["k"], "operator": "not", "value": true}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(request_logs.metadata, ?) AS k WHERE k.key = ?) IS NOT ?)s",
             R"j(["$.\"a\"","k",1])j"},
            {kReq, R"j({"scores__ev1": {"gte": 0.5}})j",
             R"s((SELECT s.numeric_value FROM eval_scores AS s WHERE s.request_log_id = request_logs.id AND s.evaluator_id = ?) >= ?)s",
             R"j(["ev1",0.5])j"},
            {kReq, R"j({"stream": true})j", R"s(request_logs.stream = ?)s", R"j([1])j"},
            {kReq, R"j({"positive_feedback": [true, null]})j",
             R"s((request_logs.positive_feedback = ? OR request_logs.positive_feedback IS NULL))s",
             R"j([1])j"},
            {kReq,
             R"j({"timestamp": {"gte": "2025-07-26T08:10:00Z", "lte": "2025-07-27T08:10:00Z"}})j",
             R"s((request_logs.timestamp >= ? AND request_logs.timestamp <= ?))s",
             R"j([1753517400000000,1753603800000000])j"},
            {kReq,
             R"j({"model": "a", "status_code": {"value": 500, "connector": "OR"}, "cost": {"operator": "gt", "value": 1}})j",
             R"s(((request_logs.model = ? OR request_logs.status_code = ?) AND request_logs.cost > ?))s",
             R"j(["a",500,1])j"},
            {kReq,
             R"j({"g": {"connector": "OR", "filter_params": {"model": "a", "h": {"connector": "OR", "filter_params": {"cost": 1, "latency": 2}}}}, "status_code": 200})j", R"s(((request_logs.model = ? OR (request_logs.cost = ? AND request_logs.latency = ?)) AND request_logs.status_code = ?))s",
             R"j(["a",1,2,200])j"},
            {kDl, R"j({"dataset_id": "ds-1"})j",
             R"s((SELECT ds.uuid FROM datasets AS ds WHERE ds.id = dataset_logs.dataset_id) = ?)s",
             R"j(["ds-1"])j"},
            {kDl, R"j({"scores__e": 1})j",
             R"s((SELECT s.numeric_value FROM eval_scores AS s WHERE s.dataset_log_id = dataset_logs.id AND s.evaluator_id = ?) = ?)s",
             R"j(["e",1])j"},
            {kDl, R"j({"input": {"operator": "has_key", "value": "k"}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(dataset_logs.input, '$') AS k WHERE k.key = ?))s",
             R"j(["k"])j"},
            {kDs, R"j({"id": "x", "starred": false, "log_count": {"gt": 3}})j",
             R"s(((datasets.uuid = ? AND datasets.starred = ?) AND datasets.log_count > ?))s",
             R"j(["x",0,3])j"},
            {kReq, R"j({"status_code": {"operator": "not", "value": 200}})j",
             R"s(request_logs.status_code IS NOT ?)s", R"j([200])j"},
            {kReq, R"j({"latency": {"operator": "isnull"}})j", R"s(request_logs.latency IS NULL)s",
             R"j([])j"},
            {kReq, R"j({"positive_feedback": {"operator": "not_empty"}})j",
             R"s(NOT coalesce(request_logs.positive_feedback IS NULL, 0))s", R"j([])j"},
            {kReq, R"j({"timestamp": "2025-07-26T08:10:00.5Z"})j",
             R"s(request_logs.timestamp = ?)s", R"j([1753517400500000])j"},
            {kReq, R"j({"metadata__tier": {"operator": "isnull", "value": false}})j",
             R"s(coalesce(json_type(request_logs.metadata, ?), 'null') <> 'null')s",
             R"j(["$.\"tier\""])j"},
            {kReq, R"j({"metadata__tier": {"operator": "not_empty"}})j",
             R"s(NOT coalesce(coalesce(request_logs.metadata -> ?, 'null') IN ('null', '""', '[]', '{}'), 0))s",
             R"j(["$.\"tier\""])j"},
            {kReq, R"j({"tools": {"operator": "lt", "value": "b"}})j",
             R"s(CASE json_type(request_logs.tools) WHEN 'text' THEN json_extract(request_logs.tools, '$') WHEN 'null' THEN NULL ELSE request_logs.tools END < ?)s",
             R"j(["b"])j"},
            {kReq, R"j({"model": "a", "g": {"filter_params": {}}})j",
             R"s((request_logs.model = ? AND 1))s", R"j(["a"])j"},
            {kReq,
             R"j({"model": {"operator": "in", "value": ["a", "b", "c"]}, "provider_id": {"operator": "iexact", "value": ["X", "Y"]}})j",
             R"s((request_logs.model IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM json_each(?) AS v WHERE logset_fold(request_logs.provider_id) = v.value)))s",
             R"j(["[\"a\",\"b\",\"c\"]","[\"x\",\"y\"]"])j"},
            {kReq, R"j({"metadata__tier": {"operator": "icontains", "value": ["GO", "SI"]}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(?) AS v WHERE logset_icontains(CASE json_type(request_logs.metadata, ?) WHEN 'text' THEN json_extract(request_logs.metadata, ?) WHEN 'integer' THEN request_logs.metadata -> ? WHEN 'real' THEN request_logs.metadata -> ? END, v.value)))s",
             R"j(["[\"go\",\"si\"]","$.\"tier\"","$.\"tier\"","$.\"tier\"","$.\"tier\""])j"},
            {kReq, R"j({"metadata__tier": {"operator": "not_in", "value": []}})j", R"s(1)s",
             R"j([])j"},
            {kReq, R"j({"customer_identifier": "c1"})j",
             R"s(request_logs.customer_identifier = ?)s", R"j(["c1"])j"},
            {kReq, R"j({"model": {"operator": "full_text_search", "value": ["a b", "c"]}})j",
             R"s(EXISTS (SELECT 1 FROM json_each(?) AS v WHERE logset_fts(request_logs.model, v.value)))s",
             R"j(["[\"a b\",\"c\"]"])j"},
            {kReq, R"j({"prompt_messages": {"operator": "empty", "value": false}})j",
             R"s(NOT coalesce(request_logs.prompt_messages -> '$', 'null') IN ('null', '""', '[]', '{}'))s",
             R"j([])j"},
            {kDl, R"j({"messages": {"operator": "overlap", "value": [1, "1"]}})j",
             R"s((json_type(dataset_logs.messages, '$') = 'array' AND EXISTS (SELECT 1 FROM json_each(dataset_logs.messages, '$') AS e, json_each(?) AS v WHERE e.atom = v.atom AND (e.type = v.type OR (e.type IN ('integer', 'real') AND v.type IN ('integer', 'real'))))))s",
             R"j(["[1,\"1\"]"])j"},
            {kDl, R"j({"expected_output": {"operator": "regex", "value": "^\\d+$"}})j",
             R"s(logset_regex(CASE json_type(dataset_logs.expected_output) WHEN 'text' THEN json_extract(dataset_logs.expected_output, '$') WHEN 'null' THEN NULL ELSE dataset_logs.expected_output END, ?))s",
             R"j(["^\\d+$"])j"},
            {kDl, R"j({"metadata__user_id": {"operator": "startswith", "value": "u"}})j",
             R"s(logset_startswith(CASE json_type(dataset_logs.metadata, '$."user_id"') WHEN 'text' THEN json_extract(dataset_logs.metadata, '$."user_id"') WHEN 'integer' THEN dataset_logs.metadata -> '$."user_id"' WHEN 'real' THEN dataset_logs.metadata -> '$."user_id"' END, ?))s",
             R"j(["u"])j"},
            {kDs,
             R"j({"name": {"operator": "icontains", "value": "Straße"}, "created_at": {"gte": "2025-07-26T08:10:00Z"}, "type": {"operator": "in", "value": ["llm"], "connector": "OR"}})j",
             R"s(((logset_icontains(datasets.name, ?) AND datasets.created_at >= ?) OR datasets.type = ?))s",
             R"j(["straße",1753517400000000,"llm"])j"},
            {kReq, R"j({"metadata__tier": "[1,2]"})j",
             R"s((json_extract(request_logs.metadata, ?) = ? AND json_type(request_logs.metadata, ?) = 'text'))s",
             R"j(["$.\"tier\"","[1,2]","$.\"tier\""])j"},
            {kReq, R"j({"metadata__tier": [1, 5]})j",
             R"s((json_extract(request_logs.metadata, ?) IN (SELECT value FROM json_each(?)) AND json_type(request_logs.metadata, ?) IN ('integer', 'real')))s",
             R"j(["$.\"tier\"","[1,5]","$.\"tier\""])j"},
};

CompileOptions IndexedUserId() {
  CompileOptions options;
  options.indexed_metadata_paths.insert(R"($."user_id")");
  return options;
}

TEST_CASE("each golden filter compiles to its SQL and parameters") {
  for (const Golden& row : kGolden) {
    const std::string filter = row.filter;
    CAPTURE(filter);
    const CompiledFilter c = CompileFilter(ParseFilter(J(filter), row.resource, "/filters"),
                                           row.resource, IndexedUserId());
    CHECK(c.sql == row.sql);
    CHECK(ParamsJson(c.params) == J(row.params));
  }
}

TEST_CASE("each golden SQL is valid on the schema and binds all its parameters") {
  auto db = testing::OpenFilterDb();
  for (const Golden& row : kGolden) {
    const std::string filter = row.filter;
    CAPTURE(filter);
    const CompiledFilter c = CompileFilter(ParseFilter(J(filter), row.resource, "/filters"),
                                           row.resource, IndexedUserId());
    const std::string table = TableName(row.resource);
    SQLite::Statement q(*db, "SELECT count(*) FROM " + table + " WHERE " + table +
                                 ".org_id = ? AND (" + c.sql + ")");
    CHECK(q.getBindParameterCount() == static_cast<int>(c.params.size()) + 1);
    q.bind(1, 1);
    BindParams(q, 2, c.params);
    CHECK(q.executeStep());
  }
}

TEST_CASE("compiling is pure: the same filter gives the same SQL and parameters") {
  const Filter f = ParseFilter(J(R"({"model": ["a", "b"], "metadata__x": {"icontains": "Ä"},
                                      "g": {"connector": "OR", "filter_params": {"cost": {"gt": 1}}}})"),
                               kReq, "/filters");
  const CompiledFilter a = CompileFilter(f, kReq);
  const CompiledFilter b = CompileFilter(f, kReq);
  CHECK(a.sql == b.sql);
  CHECK(ParamsJson(a.params) == ParamsJson(b.params));
}

TEST_CASE("values and metadata keys never reach the SQL text") {
  const std::string evil = "x' OR 1=1; DROP TABLE request_logs; --";
  ordered_json filter = ordered_json::object();
  filter["model"] = evil;
  filter["metadata__" + evil] = {{"operator", "contains"}, {"value", evil}};
  filter["scores__" + evil] = 1;
  filter["metadata"] = {{"operator", "has_key"}, {"value", evil}};
  const CompiledFilter c = CompileFilter(ParseFilter(filter, kReq, "/filters"), kReq);
  CHECK(c.sql.find("DROP") == std::string::npos);
  CHECK(c.sql.find("1=1") == std::string::npos);
  CHECK(ParamsJson(c.params).dump().find("DROP TABLE") != std::string::npos);
}

TEST_CASE("a list of 10000 values is one bound JSON array") {
  ordered_json values = ordered_json::array();
  for (int i = 0; i < 10000; ++i) values.push_back("m" + std::to_string(i));
  const CompiledFilter c = CompileFilter(
      ParseFilter({{"model", {{"operator", "not_in"}, {"value", values}}}}, kReq, "/filters"),
      kReq);
  CHECK(c.sql == "NOT coalesce(request_logs.model IN (SELECT value FROM json_each(?)), 0)");
  REQUIRE(c.params.size() == 1);
  CHECK(J(std::get<std::string>(c.params[0])) == values);

  auto db = testing::OpenFilterDb();
  db->exec(
      "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, environment, model, "
      "status, status_code, prompt_tokens, completion_tokens, total_request_tokens, cost, stream) "
      "VALUES (1, 'a', 0, 0, 'prod', 'm9999', 'success', 200, 0, 0, 0, 0, 0), "
      "(1, 'b', 0, 0, 'prod', 'other', 'success', 200, 0, 0, 0, 0, 0)");
  SQLite::Statement q(*db, "SELECT unique_id FROM request_logs WHERE " + c.sql);
  BindParams(q, 1, c.params);
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "b");
  CHECK_FALSE(q.executeStep());
}

TEST_CASE("BindParams binds nulls, integers, reals and text from the given index") {
  auto db = testing::OpenFilterDb();
  SQLite::Statement q(*db, "SELECT ?, typeof(?), typeof(?), typeof(?), typeof(?)");
  q.bind(1, "first");
  BindParams(q, 2, {std::monostate{}, std::int64_t{7}, 2.5, std::string("s")});
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(1).getString() == "null");
  CHECK(q.getColumn(2).getString() == "integer");
  CHECK(q.getColumn(3).getString() == "real");
  CHECK(q.getColumn(4).getString() == "text");
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset::filter
