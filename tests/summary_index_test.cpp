// SPDX-License-Identifier: MIT
// schema/0002's summary indexes: the upgrade of an existing file fills each score's dataset, new
// scores get theirs whoever inserts them, and a whole-dataset summary reads nothing but indexes.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "dataset_test_util.h"
#include "logs/log_summary.h"
#include "store/migrations.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using internal::StoreAccess;

// A dataset log row with only its required columns.
std::string DatasetLogRow(int64_t id, int64_t dataset_id, double cost) {
  const std::string n = std::to_string(id);
  return "(" + n + ", " + std::to_string(dataset_id) + ", 1, 'log_" + n +
         "', 0, 0, 'prod', 'success', 200, 1, 2, 3, " + std::to_string(cost) + ", 0, 0, 0)";
}

int64_t ScoreDataset(SQLite::Database& db, int64_t score_id) {
  SQLite::Statement q(db, "SELECT dataset_id FROM eval_scores WHERE id = ?");
  q.bind(1, score_id);
  REQUIRE(q.executeStep());
  return q.getColumn(0).isNull() ? -1 : q.getColumn(0).getInt64();
}

// Collects the text of every statement a connection runs while it is alive.
class StatementRecorder {
 public:
  explicit StatementRecorder(sqlite3* db) : db_(db) {
    sqlite3_trace_v2(db_, SQLITE_TRACE_STMT, &StatementRecorder::OnStatement, this);
  }
  ~StatementRecorder() { sqlite3_trace_v2(db_, 0, nullptr, nullptr); }
  StatementRecorder(const StatementRecorder&) = delete;
  StatementRecorder& operator=(const StatementRecorder&) = delete;

  const std::vector<std::string>& statements() const { return statements_; }

 private:
  static int OnStatement(unsigned, void* self, void* stmt, void*) {
    auto* recorder = static_cast<StatementRecorder*>(self);
    recorder->statements_.emplace_back(sqlite3_sql(static_cast<sqlite3_stmt*>(stmt)));
    return 0;
  }

  sqlite3* db_;
  std::vector<std::string> statements_;
};

std::string Plan(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
  std::string plan;
  while (q.executeStep()) plan += q.getColumn(3).getString() + "\n";
  return plan;
}

}  // namespace

TEST_SUITE_BEGIN("summary indexes");

TEST_CASE(
    "upgrading a version-1 file reports each migration and gives dataset scores their dataset") {
  testing::TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(internal::Migrations().at(0).sql);
    raw.exec("PRAGMA user_version = 1");
    raw.exec(
        "INSERT INTO organizations (id, uuid, name, created_at) VALUES (1, 'u', 'default', 0);"
        "INSERT INTO datasets (id, org_id, uuid, name, created_at, updated_at) VALUES "
        "(7, 1, 'a', 'a', 0, 0), (9, 1, 'b', 'b', 0, 0);"
        "INSERT INTO dataset_logs (id, dataset_id, org_id, unique_id, timestamp, start_time, "
        "environment, status, status_code, prompt_tokens, completion_tokens, "
        "total_request_tokens, cost, stream, created_at, updated_at) VALUES " +
        DatasetLogRow(1, 7, 0.5) + ", " + DatasetLogRow(2, 9, 1.5) + ";" +
        "INSERT INTO request_logs (id, org_id, unique_id, timestamp, start_time, environment, "
        "status, status_code, prompt_tokens, completion_tokens, total_request_tokens, cost, "
        "stream) VALUES (5, 1, 'r', 0, 0, 'prod', 'success', 200, 0, 0, 0, 0, 0);"
        "INSERT INTO eval_scores (id, dataset_log_id, request_log_id, evaluator_id, "
        "score_value, numeric_value, created_at) VALUES (1, 1, NULL, 'e', '1', 1, 0), "
        "(2, 2, NULL, 'e', '2', 2, 0), (3, NULL, 5, 'e', '3', 3, 0)");
  }
  StoreOptions options;
  options.path = path;
  std::vector<std::string> progress;
  options.on_progress = [&progress](const std::string& line) { progress.push_back(line); };
  auto store = Store::Open(options);
  CHECK(store->schema_version() == Store::LatestSchemaVersion());
  // One line per migration applied, naming it; a new file is created silently.
  REQUIRE(progress.size() == internal::Migrations().size() - 1);
  CHECK(progress[0].find("to schema version 2 of") != std::string::npos);
  CHECK(progress[0].find(internal::Migrations().at(1).name) != std::string::npos);
  {
    StoreOptions fresh;
    fresh.path = dir.File("new.db");
    fresh.on_progress = [&progress](const std::string& line) { progress.push_back(line); };
    Store::Open(fresh);
    CHECK(progress.size() == internal::Migrations().size() - 1);
  }
  auto session = StoreAccess::Read(*store);
  CHECK(ScoreDataset(session.db(), 1) == 7);
  CHECK(ScoreDataset(session.db(), 2) == 9);
  CHECK(ScoreDataset(session.db(), 3) == -1);  // a request log's score has no dataset
  // The upgraded file summarises from the indexes like a new one.
  const internal::LogSummary s = internal::ComputeDatasetLogSummary(session.db(), 1, 9, {});
  CHECK(s.number_of_requests == 1);
  CHECK(s.total_cost == 1.5);
}

TEST_CASE("a dataset score inserted without its dataset gets it from its log") {
  dataset_test::LogHarness t;
  const std::string uid = t.Add({{"input", "x"}})["unique_id"].get<std::string>();
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, created_at) "
      "SELECT id, 'e', '1', 0 FROM dataset_logs WHERE unique_id = '" +
      uid + "'");
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores WHERE dataset_id = "
                 "(SELECT id FROM datasets WHERE uuid = '" +
                 t.ds + "')") == 1);
  // An explicit value is kept (the duplicate copy sets it itself), and request-log scores stay
  // without one.
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, dataset_id, evaluator_id, score_value, "
      "created_at) SELECT id, dataset_id, 'f', '1', 0 FROM dataset_logs WHERE unique_id = '" +
      uid + "'");
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores WHERE dataset_id IS NULL") == 0);
  REQUIRE(t.Call("POST", "/api/request-logs/", {{"input", "y"}}).status == 200);
  t.Exec(
      "INSERT INTO eval_scores (request_log_id, evaluator_id, score_value, created_at) "
      "SELECT id, 'e', '1', 0 FROM request_logs");
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores WHERE dataset_id IS NULL") == 1);
}

TEST_CASE("a whole-dataset summary reads only covering indexes, never a log row") {
  dataset_test::LogHarness t;
  for (int i = 0; i < 3; ++i) t.Add({{"input", std::to_string(i)}, {"cost", i}});
  const int64_t dataset_rowid = t.Scalar("SELECT id FROM datasets WHERE uuid = '" + t.ds + "'");
  auto session = StoreAccess::Read(*t.store);
  std::vector<std::string> statements;
  {
    StatementRecorder recorder(session.db().getHandle());
    const internal::LogSummary s =
        internal::ComputeDatasetLogSummary(session.db(), 1, dataset_rowid, {});
    CHECK(s.number_of_requests == 3);
    statements = recorder.statements();
  }
  REQUIRE(statements.size() == 2);  // the totals, then the scores
  const std::string totals = Plan(session.db(), statements[0]);
  const std::string scores = Plan(session.db(), statements[1]);
  CAPTURE(totals);
  CAPTURE(scores);
  CHECK(totals.find("USING COVERING INDEX dataset_logs_dataset_summary (dataset_id=? AND "
                    "org_id=?)") != std::string::npos);
  CHECK(scores.find("USING COVERING INDEX eval_scores_dataset_summary (dataset_id=?)") !=
        std::string::npos);
  for (const std::string& plan : {totals, scores}) {
    CHECK(plan.find("SCAN") == std::string::npos);
    CHECK(plan.find("dataset_logs USING INDEX") == std::string::npos);
    CHECK(plan.find("eval_scores USING INDEX") == std::string::npos);
  }
}

TEST_SUITE_END();

}  // namespace logset
