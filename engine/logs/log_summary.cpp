// SPDX-License-Identifier: MIT
// The log summary of API.md 4.6, aggregated in SQL.
#include "logs/log_summary.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>

namespace logset::internal {
namespace {

const char* TableName(LogTable table) {
  return table == LogTable::kDatasetLogs ? "dataset_logs" : "request_logs";
}

const char* ScoreColumn(LogTable table) {
  return table == LogTable::kDatasetLogs ? "dataset_log_id" : "request_log_id";
}

double RealOrZero(const SQLite::Column& c) { return c.isNull() ? 0.0 : c.getDouble(); }

// TOTAL() sums in floating point, so a sum of huge token counts saturates instead of failing
// with SQLite's integer overflow; sums below 2^53 are exact.
int64_t SaturatedInt(double v) {
  constexpr double kLimit = 9.2e18;  // the largest round double below 2^63
  return v >= kLimit ? static_cast<int64_t>(kLimit) : static_cast<int64_t>(v);
}

}  // namespace

LogSummary ComputeLogSummary(SQLite::Database& db, int64_t org_id, LogTable table,
                             const SqlWhere& where) {
  LogSummary out;
  const std::string matching =
      std::string(" FROM ") + TableName(table) + " WHERE org_id = ? AND " + where.Condition();
  // TOTAL() is 0.0 over no rows where SUM() is NULL; AVG() skips NULLs and is NULL over none.
  SQLite::Statement totals(db,
                           "SELECT COUNT(*), TOTAL(cost), TOTAL(prompt_tokens), "
                           "TOTAL(completion_tokens), AVG(latency), AVG(tokens_per_second), "
                           "AVG(time_to_first_token)" +
                               matching);
  totals.bind(1, org_id);
  BindSqlValues(totals, 2, where.params);
  totals.executeStep();
  out.number_of_requests = totals.getColumn(0).getInt64();
  out.total_cost = totals.getColumn(1).getDouble();
  out.total_prompt_tokens = SaturatedInt(totals.getColumn(2).getDouble());
  out.total_completion_tokens = SaturatedInt(totals.getColumn(3).getDouble());
  out.avg_latency = RealOrZero(totals.getColumn(4));
  out.avg_tps = RealOrZero(totals.getColumn(5));
  out.avg_ttft = RealOrZero(totals.getColumn(6));
  if (out.number_of_requests == 0) return out;

  // The matching logs are a subquery in FROM so that `where` resolves its unqualified columns
  // against the log table alone (eval_scores and evaluators share names such as created_at).
  // A boolean score may be stored as true/false or as a number (scores.h renders both).
  SQLite::Statement scores(
      db, std::string("SELECT e.evaluator_id, e.slug, e.name, e.score_value_type, "
                      "AVG(s.numeric_value), "
                      "SUM(s.score_value = 'true' OR (s.score_value <> 'false' AND "
                      "s.numeric_value <> 0)), "
                      "SUM(s.score_value = 'false' OR s.numeric_value = 0) "
                      "FROM (SELECT id AS log_rowid") +
              matching + ") AS m JOIN eval_scores s ON s." + ScoreColumn(table) +
              " = m.log_rowid JOIN evaluators e ON e.org_id = ? AND e.evaluator_id = "
              "s.evaluator_id WHERE e.score_value_type IN ('numerical', 'percentage', 'boolean') "
              "GROUP BY e.evaluator_id ORDER BY e.evaluator_id");
  scores.bind(1, org_id);
  const int next = BindSqlValues(scores, 2, where.params);
  scores.bind(next, org_id);
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
