// SPDX-License-Identifier: MIT
// Query plans: compiled filters on indexed fields use the index (EXPLAIN QUERY PLAN), including
// user-requested metadata expression indexes, and how those indexes are created, listed and
// cached.
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "filter/filter_compiler.h"
#include "filter/filter_parser.h"
#include "filter/metadata_index.h"
#include "filter_test_util.h"
#include "logset/error.h"
#include "store/migrations.h"
#include "test_util.h"

namespace logset::filter {
namespace {

using testing::J;

TEST_SUITE_BEGIN("filter plan");

// `filter` compiled against the indexes in `db`. With `probed`, indexes are probed for text as
// the store's compile does (CompileLogFilter).
CompiledFilter Compile(SQLite::Database& db, Resource resource, const std::string& filter,
                       bool probed) {
  CompileOptions options;
  options.indexed_metadata_paths = LoadMetadataIndexes(db, resource);
  if (probed) {
    options.index_holds_text = [&db, resource](const std::string& path) {
      return MetadataIndexHoldsText(db, resource, path);
    };
  }
  return CompileFilter(ParseFilter(J(filter), resource, "/filters"), resource, options);
}

// The plan of the list query shape the API handlers use, as one string of its detail lines.
std::string Plan(SQLite::Database& db, Resource resource, const std::string& filter,
                 bool probed = false) {
  const CompiledFilter c = Compile(db, resource, filter, probed);
  const std::string table = TableName(resource);
  const char* scope = resource == Resource::kDatasetLog ? "dataset_id" : "org_id";
  SQLite::Statement q(db, "EXPLAIN QUERY PLAN SELECT id FROM " + table + " WHERE " + table + "." +
                              scope + " = ? AND (" + c.sql + ")");
  q.bind(1, 1);
  BindParams(q, 2, c.params);
  std::string plan;
  while (q.executeStep()) plan += q.getColumn(3).getString() + "\n";
  return plan;
}

// 400 logs of organisation 1 whose metadata.turn is an integer, 0 to 39.
void InsertTurns(SQLite::Database& db) {
  db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
      "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, environment, status, "
      "status_code, prompt_tokens, completion_tokens, total_request_tokens, cost, stream, "
      "metadata) SELECT 1, 'u' || i, i, i, 'prod', 'success', 200, 0, 0, 0, 0, 0, "
      "json_object('turn', i % 40) FROM n");
}

bool Uses(const std::string& plan, const std::string& index) {
  return plan.find("INDEX " + index + " ") != std::string::npos;
}

TEST_CASE("filters on indexed request-log fields use their index") {
  auto db = testing::OpenFilterDb();
  const std::pair<const char*, const char*> kRows[] = {
      {R"({"timestamp": {"gte": "2025-07-26T00:00:00Z", "lte": "2025-07-27T00:00:00Z"}})",
       "request_logs_org_timestamp"},
      {R"({"timestamp": {"gt": "2025-07-26T00:00:00Z"}})", "request_logs_org_timestamp"},
      {R"({"model": "gpt-4o"})", "request_logs_org_model"},
      {R"({"model": ["gpt-4o", "gpt-4o-mini"]})", "request_logs_org_model"},
      {R"({"customer_identifier": "c1"})", "request_logs_org_customer"},
      {R"({"status_code": {"operator": "in", "value": [500, 502]}})",
       "request_logs_org_status_code"},
      {R"({"status_code": 500, "cost": {"gt": 1}})", "request_logs_org_status_code"},
  };
  for (const auto& [filter, index] : kRows) {
    const std::string plan = Plan(*db, Resource::kRequestLog, filter);
    CAPTURE(plan);
    CHECK(Uses(plan, index));
  }
}

TEST_CASE("a dataset-log timestamp range uses the dataset timestamp index") {
  auto db = testing::OpenFilterDb();
  const std::string plan =
      Plan(*db, Resource::kDatasetLog, R"({"timestamp": {"lt": "2025-07-26T00:00:00Z"}})");
  CAPTURE(plan);
  CHECK(Uses(plan, "dataset_logs_dataset_timestamp"));
}

TEST_CASE("an indexed metadata key uses its expression index and an unindexed one does not") {
  auto db = testing::OpenFilterDb();
  const MetadataIndex index = CreateMetadataIndex(*db, Resource::kRequestLog, "user_id");
  CHECK(index.json_path == R"($."user_id")");

  const std::string indexed = Plan(*db, Resource::kRequestLog, R"({"metadata__user_id": "u1"})");
  CAPTURE(indexed);
  CHECK(Uses(indexed, index.index_name));
  CHECK(indexed.find("<expr>=?") != std::string::npos);
  CHECK(Uses(Plan(*db, Resource::kRequestLog, R"({"metadata.user_id": ["u1", "u2"]})"),
             index.index_name));
  CHECK(Uses(Plan(*db, Resource::kRequestLog, R"({"metadata__user_id": 42})"), index.index_name));

  const std::string other = Plan(*db, Resource::kRequestLog, R"({"metadata__tier": "gold"})");
  CAPTURE(other);
  CHECK(other.find("<expr>") == std::string::npos);  // at most its org_id prefix

  const MetadataIndex nested = CreateMetadataIndex(*db, Resource::kDatasetLog, "a b__c.d");
  CHECK(nested.json_path == R"($."a b"."c.d")");
  CHECK(
      Uses(Plan(*db, Resource::kDatasetLog, R"({"metadata__a b__c.d": "x"})"), nested.index_name));
}

TEST_CASE("ordered comparisons on an indexed metadata key read index ranges, not every entry") {
  auto db = testing::OpenFilterDb();
  // One organisation's logs with statistics, as a real store has after ANALYZE: the org_id
  // prefix alone selects them all.
  InsertTurns(*db);
  const MetadataIndex index = CreateMetadataIndex(*db, Resource::kRequestLog, "turn");
  db->exec("ANALYZE");
  for (const char* filter :
       {R"({"metadata__turn": {"gte": 18}})", R"({"metadata__turn": {"gt": [0.5, 3]}})"}) {
    const std::string plan = Plan(*db, Resource::kRequestLog, filter);
    CAPTURE(plan);
    CHECK(plan.find("INDEX " + index.index_name + " (org_id=? AND <expr>>?)") != std::string::npos);
  }
  // Below a bound: the numbers under it, and every text (numeric strings), as two ranges.
  for (const char* filter :
       {R"({"metadata__turn": {"lt": 18}})", R"({"metadata__turn": {"lte": 1}})"}) {
    const std::string plan = Plan(*db, Resource::kRequestLog, filter);
    CAPTURE(plan);
    CHECK(plan.find("MULTI-INDEX OR") != std::string::npos);
    CHECK(plan.find("INDEX " + index.index_name + " (org_id=? AND <expr><?)") != std::string::npos);
    CHECK(plan.find("INDEX " + index.index_name + " (org_id=? AND <expr>>?)") != std::string::npos);
  }
}

TEST_CASE("on an index without text an ordered comparison is the bare range") {
  auto db = testing::OpenFilterDb();
  InsertTurns(*db);
  const MetadataIndex index = CreateMetadataIndex(*db, Resource::kRequestLog, "turn");
  const std::string prefix = "INDEX " + index.index_name + " (org_id=? AND ";
  CHECK_FALSE(MetadataIndexHoldsText(*db, Resource::kRequestLog, index.json_path));
  // The probe is one seek per organisation, never a scan of the logs.
  {
    SQLite::Statement q(*db, "EXPLAIN QUERY PLAN " + MetadataTextProbe(index.json_path));
    std::string probe;
    while (q.executeStep()) probe += q.getColumn(3).getString() + "\n";
    CAPTURE(probe);
    CHECK(probe.find(prefix + "<expr>>?)") != std::string::npos);
    CHECK(probe.find("SCAN request_logs") == std::string::npos);
  }
  std::string plan = Plan(*db, Resource::kRequestLog, R"({"metadata__turn": {"gte": 18}})", true);
  CAPTURE(plan);
  CHECK(plan.find(prefix + "<expr>>?)") != std::string::npos);
  // Exactly what a person writes by hand: no bound above the numbers, no check per entry.
  CHECK(Compile(*db, Resource::kRequestLog, R"({"metadata__turn": {"gte": 18}})", true).sql ==
        R"s((json_extract(request_logs.metadata, '$."turn"') >= ?))s");
  plan = Plan(*db, Resource::kRequestLog, R"({"metadata__turn": {"lt": 18}})", true);
  CHECK(plan.find(prefix + "<expr><?)") != std::string::npos);
  CHECK(plan.find("MULTI-INDEX OR") == std::string::npos);

  // One numeric string anywhere and the probe says so: back to the shape that reads text too.
  db->exec("UPDATE request_logs SET metadata = json_object('turn', '25') WHERE id = 7");
  CHECK(MetadataIndexHoldsText(*db, Resource::kRequestLog, index.json_path));
  plan = Plan(*db, Resource::kRequestLog, R"({"metadata__turn": {"gte": 18}})", true);
  CHECK(plan.find(prefix + "<expr>>?)") != std::string::npos);  // the text above the numbers too
  // Dataset-log indexes are not probed.
  const MetadataIndex dataset = CreateMetadataIndex(*db, Resource::kDatasetLog, "turn");
  CHECK(MetadataIndexHoldsText(*db, Resource::kDatasetLog, dataset.json_path));
}

TEST_CASE("creating a metadata index is idempotent and listed with its key") {
  auto db = testing::OpenFilterDb();
  const MetadataIndex first = CreateMetadataIndex(*db, Resource::kRequestLog, "it's");
  const MetadataIndex again = CreateMetadataIndex(*db, Resource::kRequestLog, "it's");
  CHECK(first.index_name == again.index_name);
  CreateMetadataIndex(*db, Resource::kRequestLog, "we\"ird");
  CreateMetadataIndex(*db, Resource::kDatasetLog, "user_id");

  const std::vector<MetadataIndex> all = ListMetadataIndexes(*db);
  REQUIRE(all.size() == 3);
  std::set<std::string> keys;
  for (const MetadataIndex& m : all) keys.insert(m.key + "@" + TableName(m.resource));
  CHECK(keys ==
        std::set<std::string>{"it's@request_logs", "we\"ird@request_logs", "user_id@dataset_logs"});
  CHECK(LoadMetadataIndexes(*db, Resource::kRequestLog) ==
        std::set<std::string>{R"($."it's")", R"($.we\"ird)"});
  CHECK(LoadMetadataIndexes(*db, Resource::kDataset).empty());

  // The index is the record: dropping it by hand unlists it.
  db->exec("DROP INDEX " + first.index_name);
  CHECK(LoadMetadataIndexes(*db, Resource::kRequestLog) == std::set<std::string>{R"($.we\"ird)"});
}

// LoadMetadataIndexes caches per connection; these check the cache never serves a list that
// differs from what sqlite_schema says for that connection's database now.
std::set<std::string> Paths(SQLite::Database& db) {
  return LoadMetadataIndexes(db, Resource::kRequestLog);
}

TEST_CASE("a connection sees the metadata indexes another connection creates or drops") {
  logset::testing::TempDir dir;
  const std::string path = dir.File("indexes.db");
  SQLite::Database writer(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  internal::Migrate(writer);
  SQLite::Database reader(path, SQLite::OPEN_READWRITE);
  CHECK(Paths(reader).empty());
  CHECK(Paths(reader).empty());  // now from the cache
  const MetadataIndex index = CreateMetadataIndex(writer, Resource::kRequestLog, "user_id");
  CHECK(Paths(reader) == std::set<std::string>{R"($."user_id")"});
  writer.exec("DROP INDEX " + index.index_name);
  CHECK(Paths(reader).empty());
  CHECK(Paths(writer).empty());
}

TEST_CASE("databases at the same schema version keep their own metadata index lists") {
  auto a = testing::OpenFilterDb();
  auto b = testing::OpenFilterDb();
  CreateMetadataIndex(*a, Resource::kRequestLog, "from_a");
  CreateMetadataIndex(*b, Resource::kRequestLog, "from_b");
  REQUIRE(a->execAndGet("PRAGMA schema_version").getInt() ==
          b->execAndGet("PRAGMA schema_version").getInt());
  for (int i = 0; i < 2; ++i) {
    CHECK(Paths(*a) == std::set<std::string>{R"($."from_a")"});
    CHECK(Paths(*b) == std::set<std::string>{R"($."from_b")"});
  }
}

TEST_CASE("a metadata index created in a rolled-back transaction is not listed afterwards") {
  auto db = testing::OpenFilterDb();
  db->exec("BEGIN");
  CreateMetadataIndex(*db, Resource::kRequestLog, "gone");
  CHECK(Paths(*db) == std::set<std::string>{R"($."gone")"});
  db->exec("ROLLBACK");
  CHECK(ListMetadataIndexes(*db).empty());
  // The next schema change reaches the version the rolled-back one had.
  CreateMetadataIndex(*db, Resource::kRequestLog, "kept");
  CHECK(Paths(*db) == std::set<std::string>{R"($."kept")"});
}

TEST_CASE("a closed connection's metadata index list is never served to a later connection") {
  for (int i = 0; i < 20; ++i) {
    auto db = testing::OpenFilterDb();
    const std::string key = "key" + std::to_string(i);
    if (i % 2 == 0) CreateMetadataIndex(*db, Resource::kRequestLog, key);
    const std::set<std::string> expected =
        i % 2 == 0 ? std::set<std::string>{"$.\"" + key + "\""} : std::set<std::string>{};
    CHECK(Paths(*db) == expected);
    CHECK(Paths(*db) == expected);
  }
}

TEST_CASE("connections on several threads each get their own metadata index list") {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int round = 0; round < 25; ++round) {
        auto db = testing::OpenFilterDb();
        const std::string key = "t" + std::to_string(t) + "_" + std::to_string(round);
        CreateMetadataIndex(*db, Resource::kRequestLog, key);
        for (int i = 0; i < 20; ++i) {
          if (Paths(*db) != std::set<std::string>{"$.\"" + key + "\""}) ++wrong;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(wrong == 0);
}

TEST_CASE("metadata index keys that cannot be indexed are rejected") {
  auto db = testing::OpenFilterDb();
  const std::pair<Resource, const char*> kRows[] = {
      {Resource::kDataset, "key: datasets have no metadata to index."},
      {Resource::kRequestLog, "key: must be a non-empty metadata key without empty levels."},
      {Resource::kRequestLog,
       "key: a key holding '\"' together with '.' or '[' cannot be indexed."},
  };
  const char* keys[] = {"user_id", "a____b", "we\"ird.key"};
  for (size_t i = 0; i < 3; ++i) {
    CHECK_THROWS_WITH_AS(CreateMetadataIndex(*db, kRows[i].first, keys[i]),
                         (std::string("index.invalid_key: ") + kRows[i].second).c_str(),
                         InvalidArgument);
  }
  CHECK_THROWS_AS(CreateMetadataIndex(*db, Resource::kRequestLog, ""), InvalidArgument);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset::filter
