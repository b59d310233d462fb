// SPDX-License-Identifier: MIT
// Index statistics stay whole: once a file has any, every index added later gets its own, so the
// planner never mistakes a new index for a very selective one.
#include "store/index_stats.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <string>

#include "filter/metadata_index.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using internal::StoreAccess;

void AddLogs(Store& store, int n) {
  auto session = StoreAccess::Write(store);
  SQLite::Statement insert(session.db(),
                           "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, "
                           "environment, status, status_code, prompt_tokens, completion_tokens, "
                           "total_request_tokens, cost, stream, metadata) VALUES (1, ?, ?, ?, "
                           "'prod', 'success', 200, 0, 0, 0, 0, 0, ?)");
  for (int i = 0; i < n; ++i) {
    insert.reset();
    insert.bind(1, "id" + std::to_string(i));
    insert.bind(2, int64_t{1000} * i);
    insert.bind(3, int64_t{1000} * i);
    insert.bind(4, "{\"k\":" + std::to_string(i % 3) + "}");
    insert.exec();
  }
  session.Commit();
}

bool HasStats(Store& store, const std::string& index) {
  auto session = StoreAccess::Read(store);
  if (!session.db().tableExists("sqlite_stat1")) return false;
  SQLite::Statement q(session.db(), "SELECT count(*) FROM sqlite_stat1 WHERE idx = ?");
  q.bind(1, index);
  q.executeStep();
  return q.getColumn(0).getInt() > 0;
}

// The plan of R2's default page: every log of the organisation, newest first.
std::string ListPlan(Store& store) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement q(session.db(),
                      "EXPLAIN QUERY PLAN SELECT id FROM request_logs WHERE org_id = 1 AND 1 "
                      "ORDER BY timestamp DESC, id LIMIT 50");
  std::string plan;
  while (q.executeStep()) plan += q.getColumn(3).getString() + "\n";
  return plan;
}

std::string AddMetadataIndex(Store& store) {
  auto session = StoreAccess::Write(store);
  const auto index = filter::CreateMetadataIndex(session.db(), filter::Resource::kRequestLog, "k");
  session.Commit();
  return index.index_name;
}

}  // namespace

TEST_SUITE_BEGIN("index stats");

TEST_CASE("a file without statistics stays without them when an index is added") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("plain.db"));
  AddLogs(*store, 50);
  const std::string index = AddMetadataIndex(*store);
  auto session = StoreAccess::Read(*store);
  CHECK_FALSE(session.db().tableExists("sqlite_stat1"));
}

TEST_CASE("an index added to a file with statistics gets its own, and list pages keep their plan") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("stats.db"));
  AddLogs(*store, 300);
  {
    auto session = StoreAccess::Write(*store);
    session.db().exec("ANALYZE");
    session.Commit();
  }
  const std::string index = AddMetadataIndex(*store);
  CHECK(HasStats(*store, index));
  const std::string plan = ListPlan(*store);
  CAPTURE(plan);
  // Without its statistics the new index looked like ten rows per organisation: SQLite searched
  // it and sorted every log.
  CHECK(plan.find("request_logs_org_timestamp") != std::string::npos);
  CHECK(plan.find("TEMP B-TREE FOR ORDER BY") == std::string::npos);  // a full sort
}

TEST_CASE("opening a file with statistics analyses the indexes that lack them, once") {
  testing::TempDir dir;
  const std::string path = dir.File("reopen.db");
  {
    auto store = testing::OpenFileStore(path);
    AddLogs(*store, 100);
  }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("ANALYZE");
    raw.exec("CREATE INDEX later ON request_logs(org_id, cost)");
  }
  auto store = testing::OpenFileStore(path);
  CHECK(HasStats(*store, "later"));
  auto session = StoreAccess::Write(*store);
  CHECK(internal::AnalyzeIndexesWithoutStats(session.db()) == 0);
}

TEST_SUITE_END();

}  // namespace logset
