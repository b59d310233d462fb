// SPDX-License-Identifier: MIT
// SQL back end versus in-memory evaluator over random filters and random rows: same result sets.
//
// Rows are inserted directly into an in-memory database with the schema, each with its API JSON
// as API.md 4 renders it (filter_random.h). Filters are random JSON in every shape FILTERS.md
// accepts (filter_generator.h). Reproduce a failure with LOGSET_FILTER_SEED=<seed printed>
// (default seed is fixed).
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "filter/filter_compiler.h"
#include "filter/filter_evaluator.h"
#include "filter/filter_parser.h"
#include "filter/metadata_index.h"
#include "filter_generator.h"
#include "filter_random.h"
#include "filter_test_util.h"
#include "logset/error.h"

namespace logset::filter {
namespace {

using nlohmann::ordered_json;
using testing::AddScores;
using testing::FilterGenerator;
using testing::Insert;
using testing::Random;
using testing::RandomDataset;
using testing::RandomLog;
using testing::Row;

TEST_SUITE_BEGIN("filter differential");

struct Table {
  Resource resource;
  const char* name;
  std::vector<std::int64_t> ids;
  std::vector<ordered_json> api;
};

std::set<std::int64_t> SqlMatches(SQLite::Database& db, const Table& t, const CompiledFilter& c) {
  SQLite::Statement q(db, std::string("SELECT id FROM ") + t.name + " WHERE " + t.name +
                              ".org_id = ? AND (" + c.sql + ")");
  q.bind(1, 1);
  BindParams(q, 2, c.params);
  std::set<std::int64_t> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
  return out;
}

// 160 random request logs and dataset logs and 60 datasets, with their API renderings.
std::vector<Table> RandomTables(Random& r, SQLite::Database& db) {
  std::vector<Table> tables = {{Resource::kRequestLog, "request_logs", {}, {}},
                               {Resource::kDatasetLog, "dataset_logs", {}, {}},
                               {Resource::kDataset, "datasets", {}, {}}};
  SQLite::Transaction tx(db);
  for (int i = 0; i < 160; ++i) {
    for (Table* t : {&tables[0], &tables[1]}) {
      Row row = RandomLog(r, t->resource, i + (t == &tables[0] ? 0 : 1000));
      const std::int64_t id = Insert(db, t->name, row);
      AddScores(r, db, t->resource, id, row);
      t->ids.push_back(id);
      t->api.push_back(row.api);
    }
    if (i < 60) {
      Row row = RandomDataset(r, i);
      tables[2].ids.push_back(Insert(db, "datasets", row));
      tables[2].api.push_back(row.api);
    }
  }
  tx.commit();
  return tables;
}

TEST_CASE("SQL and the evaluator select the same rows for 10000 random filters") {
  const char* env = std::getenv("LOGSET_FILTER_SEED");
  const std::uint64_t seed = env != nullptr ? std::strtoull(env, nullptr, 10) : 20250726;
  CAPTURE(seed);
  Random r(seed);
  auto db = testing::OpenFilterDb();
  std::vector<Table> tables = RandomTables(r, *db);
  // Indexed keys compile to literal paths: cover that form too.
  CreateMetadataIndex(*db, Resource::kRequestLog, "tier");
  CreateMetadataIndex(*db, Resource::kRequestLog, "score");
  CreateMetadataIndex(*db, Resource::kRequestLog, "nested__a");
  CreateMetadataIndex(*db, Resource::kDatasetLog, "we\"ird");
  CreateMetadataIndex(*db, Resource::kDatasetLog, "tier");

  const auto start = std::chrono::steady_clock::now();
  int accepted = 0, rejected = 0, mismatches = 0;
  std::size_t matched_rows = 0, total_rows = 0;
  for (int attempt = 0; accepted < 10000 && attempt < 20000 && mismatches < 3; ++attempt) {
    Table& t = tables[r.Int(0, 9) < 5 ? 0 : (r.Int(0, 9) < 7 ? 1 : 2)];
    const ordered_json json = FilterGenerator(r, t.resource).Map(0);
    Filter filter;
    try {
      filter = ParseFilter(json, t.resource, "/filters");
    } catch (const InvalidArgument&) {
      ++rejected;
      continue;
    }
    ++accepted;
    CompileOptions options;
    options.indexed_metadata_paths = LoadMetadataIndexes(*db, t.resource);
    const CompiledFilter compiled = CompileFilter(filter, t.resource, options);
    const std::set<std::int64_t> sql = SqlMatches(*db, t, compiled);
    for (size_t i = 0; i < t.ids.size(); ++i) {
      const bool in_sql = sql.count(t.ids[i]) != 0;
      const bool in_memory = Matches(filter, t.resource, t.api[i]);
      matched_rows += in_memory ? 1 : 0;
      ++total_rows;
      if (in_sql != in_memory) {
        ++mismatches;
        MESSAGE("seed " << seed << ", filter " << json.dump() << "\n  sql: " << compiled.sql
                        << "\n  params: " << testing::ParamsJson(compiled.params).dump()
                        << "\n  row: " << t.api[i].dump() << "\n  sql says " << in_sql
                        << ", evaluator says " << in_memory);
        break;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE(accepted << " filters (" << rejected << " rejected by the parser), " << matched_rows
                   << " of " << total_rows << " row checks matched, " << seconds << " s");
  CHECK(mismatches == 0);
  CHECK(accepted >= 10000);
  // Both outcomes must be common, or the test proves little.
  CHECK(matched_rows > total_rows / 10);
  CHECK(matched_rows < total_rows * 9 / 10);
}

// Filters at the documented limits: 1,000 conditions, bundles 32 deep. Written naively their SQL
// nests a parenthesis per term and per bundle, past what SQLite's parser accepts.
class LimitFilters {
 public:
  explicit LimitFilters(Random& r) : r_(r) {}

  // `n` conditions over four fields in one map; connectors all AND, all OR, alternating or random.
  ordered_json Flat(int n, int mode) {
    ordered_json map = ordered_json::object();
    for (int i = 0; i < n; ++i) {
      const char* connector = mode == 0   ? "AND"
                              : mode == 1 ? "OR"
                              : mode == 2 ? (i % 2 ? "OR" : "AND")
                                          : (r_.Int(0, 1) ? "OR" : "AND");
      AddCondition(map, i % 4, connector);
    }
    return map;
  }

  // Bundles `depth` deep, each level holding `siblings` conditions and the next level, first or last.
  ordered_json Chain(int depth, int siblings, bool group_first) {
    ordered_json inner = Flat(1, 0);
    for (int level = 0; level < depth; ++level) {
      ordered_json bundle = {{"connector", r_.Int(0, 1) ? "OR" : "AND"}, {"filter_params", inner}};
      ordered_json map = ordered_json::object();
      if (group_first) map["g"] = bundle;
      for (int i = 0; i < siblings; ++i) AddCondition(map, i % 4, r_.Int(0, 1) ? "OR" : "AND");
      if (!group_first) map["g"] = bundle;
      inner = std::move(map);
    }
    return inner;
  }

  // A binary tree of bundles `depth` deep, each node two bundles and two conditions.
  ordered_json Tree(int depth) {
    if (depth == 0) return Flat(1, 0);
    ordered_json map = ordered_json::object();
    map["a"] = {{"connector", "AND"}, {"filter_params", Tree(depth - 1)}};
    AddCondition(map, 0, r_.Int(0, 1) ? "OR" : "AND");
    map["b"] = {{"connector", "OR"}, {"filter_params", Tree(depth - 1)}};
    AddCondition(map, 1, r_.Int(0, 1) ? "OR" : "AND");
    return map;
  }

 private:
  void AddCondition(ordered_json& map, int field, const char* connector) {
    static const char* const kFields[] = {"cost", "model", "status_code", "metadata__tier"};
    ordered_json c = {{"connector", connector}};
    switch (field) {
      case 0:
        c["operator"] = "gt";
        c["value"] = r_.Int(0, 2) * 0.5;
        break;
      case 1:
        c["operator"] = "icontains";
        c["value"] = std::string(1, static_cast<char>('a' + r_.Int(0, 5)));
        break;
      case 2:
        c["operator"] = "not";
        c["value"] = 200;
        break;
      default:
        c["operator"] = "eq";
        c["value"] = r_.Int(0, 1) ? "gold" : "free";
    }
    ordered_json& list = map[kFields[field]];
    if (list.is_null()) list = ordered_json::array();
    list.push_back(std::move(c));
  }

  Random& r_;
};

TEST_CASE("filters at the documented limits run in SQL and agree with the evaluator") {
  Random r(7);
  auto db = testing::OpenFilterDb();
  const Table t = RandomTables(r, *db)[0];
  LimitFilters make(r);
  std::vector<std::pair<std::string, ordered_json>> cases;
  for (int mode = 0; mode < 4; ++mode) {
    cases.emplace_back("1000 conditions, connector mode " + std::to_string(mode),
                       make.Flat(kMaxConditions, mode));
    cases.emplace_back("13 conditions, connector mode " + std::to_string(mode), make.Flat(13, mode));
  }
  for (int siblings : {0, 1, 2, 5, 30}) {
    for (bool first : {true, false}) {
      cases.emplace_back("32 bundles deep, " + std::to_string(siblings) + " siblings" +
                             (first ? ", bundle first" : ", bundle last"),
                         make.Chain(kMaxBundleDepth, siblings, first));
    }
  }
  cases.emplace_back("a binary tree of bundles 8 deep", make.Tree(8));
  ordered_json strings = ordered_json::array(), numbers = ordered_json::array();
  for (size_t i = 0; i < kMaxListValues; ++i) {
    strings.push_back("c" + std::to_string(i % 50000));
    numbers.push_back(static_cast<double>(i) / 1000.0);
  }
  cases.emplace_back("in, 100,000 values",
                     ordered_json{{"customer_identifier", {{"operator", "in"}, {"value", strings}}}});
  cases.emplace_back("not_in on metadata, 100,000 values",
                     ordered_json{{"metadata__tier", {{"operator", "not_in"}, {"value", strings}}}});
  cases.emplace_back("gt, 100,000 values",
                     ordered_json{{"cost", {{"operator", "gt"}, {"value", numbers}}}});

  for (const auto& [name, json] : cases) {
    CAPTURE(name);
    const Filter filter = ParseFilter(json, t.resource, "/filters");
    const CompiledFilter compiled = CompileFilter(filter, t.resource, CompileOptions{});
    std::set<std::int64_t> sql;
    REQUIRE_NOTHROW(sql = SqlMatches(*db, t, compiled));
    int mismatches = 0;
    for (size_t i = 0; i < t.ids.size(); ++i) {
      if ((sql.count(t.ids[i]) != 0) != Matches(filter, t.resource, t.api[i])) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
}

// Every JSON type near 0, 1 and 10, numeric and non-numeric strings, nested and missing.
constexpr const char* kBoundaryValues[] = {
    "true",    "false",     "null",     "0",       "1",
    "0.0",     "1.0",       "-0.25",    "0.5",     "2",
    "10",      "10.5",      "1e20",     "-3",      "9007199254740993",
    "\"0\"",   "\"1\"",     "\"1.0\"",  "\"-0\"",  "\" 1\"",
    "\"+2\"",  "\".5\"",    "\"10\"",   "\"1e3\"", "\"1e400\"",
    "\"abc\"", "\"\"",      "\"true\"", "{}",      "[]",
    "[1]",     "{\"a\":1}", "\"[1]\""};

// Rows holding each of `values` at metadata.k and metadata.n.a (and a row without either per
// value); every ordered operator against bounds near them must select in SQL what the evaluator
// selects: unindexed, indexed in the general shape, and indexed with the store's probe of the
// index for text (MetadataIndexHoldsText), which is `holds_text` for these rows.
void CheckOrderedBoundaries(const std::vector<const char*>& values, bool holds_text) {
  auto db = testing::OpenFilterDb();
  std::vector<std::int64_t> ids;
  std::vector<ordered_json> api;
  for (const char* v : values) {
    for (int missing = 0; missing < 2; ++missing) {
      ordered_json metadata = ordered_json::object();
      if (missing == 0) {
        metadata["k"] = ordered_json::parse(v);
        metadata["n"] = {{"a", ordered_json::parse(v)}};
      }
      SQLite::Statement insert(*db,
                               "INSERT INTO request_logs (org_id, unique_id, timestamp, "
                               "start_time, environment, status, status_code, prompt_tokens, "
                               "completion_tokens, total_request_tokens, cost, stream, metadata) "
                               "VALUES (1, ?, 0, 0, 'prod', 'success', 200, 0, 0, 0, 0, 0, ?)");
      insert.bind(1, "u" + std::to_string(ids.size()));
      insert.bind(2, metadata.dump());
      insert.exec();
      ids.push_back(db->getLastInsertRowid());
      api.push_back({{"metadata", metadata}});
    }
  }
  const char* const kOps[] = {"gt", "gte", "lt", "lte"};
  const char* const kBounds[] = {"-1", "0",    "0.0",   "0.5",    "1",         "1.0", "2",
                                 "10", "1e20", "\"1\"", "[0, 2]", "[1, null]", "null"};
  enum Mode { kUnindexed, kIndexed, kProbed };
  for (const Mode mode : {kUnindexed, kIndexed, kProbed}) {
    if (mode == kIndexed) {
      CreateMetadataIndex(*db, Resource::kRequestLog, "k");
      CreateMetadataIndex(*db, Resource::kRequestLog, "n__a");
    }
    CompileOptions options;
    options.indexed_metadata_paths = LoadMetadataIndexes(*db, Resource::kRequestLog);
    if (mode == kProbed) {
      for (const std::string& path : options.indexed_metadata_paths) {
        CAPTURE(path);
        REQUIRE(MetadataIndexHoldsText(*db, Resource::kRequestLog, path) == holds_text);
      }
      options.index_holds_text = [&db](const std::string& path) {
        return MetadataIndexHoldsText(*db, Resource::kRequestLog, path);
      };
    }
    for (const char* field : {"metadata__k", "metadata__n__a"}) {
      for (const char* op : kOps) {
        for (const char* bound : kBounds) {
          const ordered_json json = {{field, {{op, ordered_json::parse(bound)}}}};
          CAPTURE(json.dump());
          CAPTURE(mode);
          const Filter filter = ParseFilter(json, Resource::kRequestLog, "/filters");
          const CompiledFilter c = CompileFilter(filter, Resource::kRequestLog, options);
          CHECK((c.sql == "0" || (mode != kUnindexed) == (c.sql.find("'$.") != std::string::npos)));
          // Without text in the index no entry needs its text read as a number.
          const bool bare = mode == kProbed && !holds_text;
          CHECK((c.sql == "0" || bare == (c.sql.find("logset_number") == std::string::npos)));
          const Table t{Resource::kRequestLog, "request_logs", ids, api};
          const std::set<std::int64_t> sql = SqlMatches(*db, t, c);
          for (size_t i = 0; i < ids.size(); ++i) {
            CAPTURE(api[i].dump());
            CHECK((sql.count(ids[i]) != 0) == Matches(filter, Resource::kRequestLog, api[i]));
          }
        }
      }
    }
  }
}

TEST_CASE("ordered metadata comparisons agree at the boundaries, indexed or not") {
  CheckOrderedBoundaries(
      std::vector<const char*>(std::begin(kBoundaryValues), std::end(kBoundaryValues)),
      /*holds_text=*/true);
}

TEST_CASE("on an index without text an ordered comparison is a bare range and still agrees") {
  // The same values without strings, objects and arrays: numbers, booleans and null only.
  std::vector<const char*> numbers_only;
  for (const char* v : kBoundaryValues) {
    if (v[0] != '"' && v[0] != '{' && v[0] != '[') numbers_only.push_back(v);
  }
  REQUIRE(numbers_only.size() == 15);
  CheckOrderedBoundaries(numbers_only, /*holds_text=*/false);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset::filter
