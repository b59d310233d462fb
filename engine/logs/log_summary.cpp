// SPDX-License-Identifier: MIT
// The log summary of API.md 4.6, aggregated in SQL.
#include "logs/log_summary.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace logset::internal {
namespace {

const char* TableName(LogTable table) {
  return table == LogTable::kDatasetLogs ? "dataset_logs" : "request_logs";
}

const char* ScoreColumn(LogTable table) {
  return table == LogTable::kDatasetLogs ? "dataset_log_id" : "request_log_id";
}

// A sum or mean of finite values can still overflow a double; clients read these fields as
// numbers, never null, so an overflow answers the largest finite value of its sign.
double FiniteOrZero(const SQLite::Column& c) {
  if (c.isNull()) return 0.0;
  const double v = c.getDouble();
  if (std::isnan(v)) return 0.0;
  return std::isinf(v) ? std::copysign(std::numeric_limits<double>::max(), v) : v;
}

int64_t Saturated(double v) {
  constexpr double kLimit = 9.2e18;  // the largest round double below 2^63
  return v >= kLimit ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(v);
}

bool IsIntegerOverflow(const SQLite::Exception& e) {
  return std::string_view(e.what()).find("integer overflow") != std::string_view::npos;
}

// Fills the totals from `where` over `table` and returns false when no log matches.
bool ReadTotals(SQLite::Database& db, int64_t org_id, LogTable table, const SqlWhere& where,
                LogSummary& out) {
  // SUM() adds integers exactly but fails once a total passes 2^63; TOTAL() cannot fail but
  // rounds past 2^53. So token totals are exact SUMs, and only when one overflows are they
  // summed again as TOTAL and saturated at the int64 maximum. TOTAL(cost) is 0.0 over no rows
  // where SUM() is NULL; AVG() skips NULLs and is NULL over none.
  const auto read = [&](bool exact) {
    const char* token_sum = exact ? "SUM" : "TOTAL";
    SQLite::Statement totals(db, std::string("SELECT COUNT(*), TOTAL(cost), ") + token_sum +
                                     "(prompt_tokens), " + token_sum +
                                     "(completion_tokens), AVG(latency), AVG(tokens_per_second), "
                                     "AVG(time_to_first_token) FROM " +
                                     TableName(table) + " WHERE org_id = ? AND " +
                                     where.Condition());
    totals.bind(1, org_id);
    BindSqlValues(totals, 2, where.params);
    totals.executeStep();
    out.number_of_requests = totals.getColumn(0).getInt64();
    out.total_cost = FiniteOrZero(totals.getColumn(1));
    const auto tokens = [&](int column) {
      return exact ? totals.getColumn(column).getInt64()
                   : Saturated(totals.getColumn(column).getDouble());
    };
    out.total_prompt_tokens = tokens(2);
    out.total_completion_tokens = tokens(3);
    out.avg_latency = FiniteOrZero(totals.getColumn(4));
    out.avg_tps = FiniteOrZero(totals.getColumn(5));
    out.avg_ttft = FiniteOrZero(totals.getColumn(6));
  };
  try {
    read(true);
  } catch (const SQLite::Exception& e) {
    if (!IsIntegerOverflow(e)) throw;
    read(false);
  }
  return out.number_of_requests > 0;
}

// The per-evaluator aggregates over the scores `source` yields (what follows FROM, naming the score
// table `s`; their parameters are bound from index 1), for the evaluators of `org_id` whose type
// has an aggregate. Scores are aggregated per evaluator before the join, so evaluators are looked
// up once each rather than once per score. A boolean score may be stored as true/false or as a
// number (scores.h renders both).
void ReadScores(SQLite::Database& db, int64_t org_id, const std::string& source,
                const std::vector<SqlValue>& source_params, LogSummary& out) {
  SQLite::Statement scores(
      db,
      "SELECT e.evaluator_id, e.slug, e.name, e.score_value_type, a.avg_score, a.true_count, "
      "a.false_count FROM (SELECT s.evaluator_id, AVG(s.numeric_value) AS avg_score, "
      "SUM(s.score_value = 'true' OR (s.score_value <> 'false' AND s.numeric_value <> 0)) "
      "AS true_count, SUM(s.score_value = 'false' OR s.numeric_value = 0) AS false_count "
      "FROM " +
          source +
          " GROUP BY s.evaluator_id) AS a JOIN evaluators e ON e.org_id = ? AND "
          "e.evaluator_id = a.evaluator_id WHERE e.score_value_type IN ('numerical', "
          "'percentage', 'boolean') ORDER BY e.evaluator_id");
  scores.bind(BindSqlValues(scores, 1, source_params), org_id);
  while (scores.executeStep()) {
    EvaluatorScoreSummary s;
    s.evaluator_id = scores.getColumn(0).getString();
    s.evaluator_slug = scores.getColumn(1).getString();
    s.evaluator_name = scores.getColumn(2).getString();
    s.score_value_type = scores.getColumn(3).getString();
    if (s.score_value_type == "boolean") {
      s.true_count = scores.getColumn(5).getInt64();
      s.false_count = scores.getColumn(6).getInt64();
    } else {
      const SQLite::Column avg = scores.getColumn(4);
      if (!avg.isNull()) s.avg_score = avg.getDouble();
    }
    out.scores.push_back(std::move(s));
  }
}

// The scores of the logs of `table` matching `where`, joined per log. The matching logs are a
// subquery in FROM so that `where` resolves its unqualified columns against the log table alone
// (eval_scores and evaluators share names such as created_at).
void ReadMatchingScores(SQLite::Database& db, int64_t org_id, LogTable table, const SqlWhere& where,
                        LogSummary& out) {
  std::vector<SqlValue> params{org_id};
  params.insert(params.end(), where.params.begin(), where.params.end());
  ReadScores(db, org_id,
             std::string("(SELECT id AS log_rowid FROM ") + TableName(table) +
                 " WHERE org_id = ? AND " + where.Condition() + ") AS m JOIN eval_scores s ON s." +
                 ScoreColumn(table) + " = m.log_rowid",
             params, out);
}

}  // namespace

LogSummary ComputeLogSummary(SQLite::Database& db, int64_t org_id, LogTable table,
                             const SqlWhere& where) {
  LogSummary out;
  if (ReadTotals(db, org_id, table, where, out)) {
    ReadMatchingScores(db, org_id, table, where, out);
  }
  return out;
}

LogSummary ComputeDatasetLogSummary(SQLite::Database& db, int64_t org_id, int64_t dataset_rowid,
                                    const SqlWhere& filter) {
  LogSummary out;
  SqlWhere where;
  where.And("dataset_logs.dataset_id = ?", {dataset_rowid});
  if (!filter.sql.empty()) where.And(filter.sql, filter.params);
  if (!ReadTotals(db, org_id, LogTable::kDatasetLogs, where, out)) return out;
  if (filter.sql.empty()) {
    // Every log of the dataset: its scores are one range of eval_scores_dataset_summary.
    ReadScores(db, org_id, "eval_scores AS s WHERE s.dataset_id = ?", {dataset_rowid}, out);
    return out;
  }
  ReadMatchingScores(db, org_id, LogTable::kDatasetLogs, where, out);
  return out;
}

Json LogSummaryJson(const LogSummary& summary) {
  Json scores = Json::object();
  for (const EvaluatorScoreSummary& s : summary.scores) {
    scores[s.evaluator_id] = Json{
        {"evaluator_id", s.evaluator_id},
        {"evaluator_slug", s.evaluator_slug},
        {"evaluator_name", s.evaluator_name},
        {"score_value_type", s.score_value_type},
        {"avg_score", s.avg_score ? Json(*s.avg_score) : Json(nullptr)},
        {"true_count", s.true_count ? Json(*s.true_count) : Json(nullptr)},
        {"false_count", s.false_count ? Json(*s.false_count) : Json(nullptr)},
    };
  }
  Json out = Json::object();
  out["number_of_requests"] = summary.number_of_requests;
  out["total_cost"] = summary.total_cost;
  out["total_prompt_tokens"] = summary.total_prompt_tokens;
  out["total_completion_tokens"] = summary.total_completion_tokens;
  const int64_t headroom = INT64_MAX - summary.total_prompt_tokens;
  out["total_tokens"] = summary.total_completion_tokens > headroom
                            ? INT64_MAX
                            : summary.total_prompt_tokens + summary.total_completion_tokens;
  out["avg_latency"] = summary.avg_latency;
  out["avg_tps"] = summary.avg_tps;
  out["avg_ttft"] = summary.avg_ttft;
  out["scores"] = std::move(scores);
  return out;
}

}  // namespace logset::internal
