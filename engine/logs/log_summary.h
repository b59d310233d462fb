// SPDX-License-Identifier: MIT
// The log summary of API.md 4.6 (R5, S1, S2), aggregated in SQL over request or dataset logs.
#ifndef LOGSET_ENGINE_LOGS_LOG_SUMMARY_H_
#define LOGSET_ENGINE_LOGS_LOG_SUMMARY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logs/scores.h"
#include "logs/sql_where.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

/// One evaluator's scores over the matching logs. Numerical and percentage evaluators fill
/// `avg_score`; boolean ones fill the two counts.
struct EvaluatorScoreSummary {
  std::string evaluator_id;
  std::string evaluator_slug;
  std::string evaluator_name;
  std::string score_value_type;
  std::optional<double> avg_score;
  std::optional<int64_t> true_count;
  std::optional<int64_t> false_count;
};

/// The summary of a set of logs. Averages are over non-null values, 0.0 when there are none.
struct LogSummary {
  int64_t number_of_requests = 0;
  double total_cost = 0.0;
  int64_t total_prompt_tokens = 0;
  int64_t total_completion_tokens = 0;
  double avg_latency = 0.0;
  double avg_tps = 0.0;
  double avg_ttft = 0.0;
  /// By evaluator id; only numerical, percentage and boolean evaluators with at least one
  /// score on the matching logs.
  std::vector<EvaluatorScoreSummary> scores;
};

/// Summarises the logs of `table` in organisation `org_id` that match `where` (a fragment over
/// that table's unqualified columns; the organisation condition is added here, so a summary never
/// crosses organisations). Two queries: the aggregates, then the per-evaluator scores. Throws
/// SQLite::Exception if SQLite fails. REQUIRES: `db` is inside a session.
LogSummary ComputeLogSummary(SQLite::Database& db, int64_t org_id, LogTable table,
                             const SqlWhere& where);

/// The summary of the logs of dataset `dataset_rowid` (of organisation `org_id`) that match
/// `filter` (a fragment over dataset_logs; empty means every log). Without a filter it reads
/// only the summary indexes of schema/0002 (no table rows, no per-log join), which is what keeps
/// S1 fast on large datasets of wide logs. Throws SQLite::Exception if SQLite fails.
/// REQUIRES: `db` is inside a session.
LogSummary ComputeDatasetLogSummary(SQLite::Database& db, int64_t org_id, int64_t dataset_rowid,
                                    const SqlWhere& filter);

/// The API.md 4.6 object: every key present, integers as integers and reals as reals
/// (`total_cost` of nothing is `0.0`), `total_tokens` = prompt + completion totals.
Json LogSummaryJson(const LogSummary& summary);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_LOG_SUMMARY_H_
