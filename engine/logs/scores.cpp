// SPDX-License-Identifier: MIT
// Score objects attached to logs, loaded in one query for a page of logs.
#include "logs/scores.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "store/store_access.h"

namespace logset::internal {
namespace {

Json RenderValue(const std::string& type, const Json& stored) {
  if (type == "numerical" || type == "percentage") {
    return stored.is_number() ? Json(stored.get<double>()) : stored;
  }
  if (type == "boolean") {
    if (stored.is_boolean()) return stored.get<bool>() ? 1.0 : 0.0;
    if (stored.is_number()) return stored.get<double>() != 0 ? 1.0 : 0.0;
  }
  return stored;
}

Json ScoreJson(const ScoreObject& s) {
  return Json{{"evaluator_id", s.evaluator_id},     {"evaluator_slug", s.evaluator_slug},
              {"evaluator_name", s.evaluator_name}, {"score_value_type", s.score_value_type},
              {"score_value", s.score_value},       {"created_at", FormatTimestamp(s.created_at)}};
}

// The scores of the rows bound as a JSON array, ordered by evaluator; one bound array rather than
// a placeholder per row, since a page holds up to 1,000 logs.
std::string ScoresQuery(LogTable table) {
  const char* column = table == LogTable::kDatasetLogs ? "s.dataset_log_id" : "s.request_log_id";
  return std::string("SELECT ") + column +
         ", s.evaluator_id, e.slug, e.name, e.score_value_type, s.score_value, s.created_at "
         "FROM eval_scores s LEFT JOIN evaluators e ON e.org_id = ? AND e.evaluator_id = "
         "s.evaluator_id WHERE " +
         column + " IN (SELECT value FROM json_each(?)) ORDER BY s.evaluator_id";
}

std::unordered_map<int64_t, std::vector<ScoreObject>> ReadScores(
    SQLite::Statement& q, int64_t org_id, const std::vector<int64_t>& rowids) {
  std::unordered_map<int64_t, std::vector<ScoreObject>> out;
  q.bind(1, org_id);
  q.bind(2, Json(rowids).dump());
  while (q.executeStep()) {
    ScoreObject s;
    s.evaluator_id = q.getColumn(1).getString();
    s.evaluator_slug = q.getColumn(2).isNull() ? s.evaluator_id : q.getColumn(2).getString();
    s.evaluator_name = q.getColumn(3).isNull() ? s.evaluator_id : q.getColumn(3).getString();
    s.score_value_type = q.getColumn(4).isNull() ? "numerical" : q.getColumn(4).getString();
    s.score_value = RenderValue(s.score_value_type, Json::parse(q.getColumn(5).getString()));
    s.created_at = q.getColumn(6).getInt64();
    out[q.getColumn(0).getInt64()].push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::unordered_map<int64_t, std::vector<ScoreObject>> LoadScores(
    SQLite::Database& db, int64_t org_id, LogTable table, const std::vector<int64_t>& rowids) {
  if (rowids.empty()) return {};
  SQLite::Statement q(db, ScoresQuery(table));
  return ReadScores(q, org_id, rowids);
}

std::unordered_map<int64_t, std::vector<ScoreObject>> LoadScores(
    ReadSession& session, int64_t org_id, LogTable table, const std::vector<int64_t>& rowids) {
  if (rowids.empty()) return {};
  static const std::string kQueries[] = {ScoresQuery(LogTable::kRequestLogs),
                                         ScoresQuery(LogTable::kDatasetLogs)};
  const CachedStatement q = session.Prepare(kQueries[table == LogTable::kDatasetLogs ? 1 : 0]);
  return ReadScores(*q, org_id, rowids);
}

Json ScoresAsDict(const std::vector<ScoreObject>& scores) {
  Json out = Json::object();
  for (const ScoreObject& s : scores) out[s.evaluator_id] = ScoreJson(s);
  return out;
}

Json ScoresAsList(const std::vector<ScoreObject>& scores) {
  Json out = Json::array();
  for (const ScoreObject& s : scores) out.push_back(ScoreJson(s));
  return out;
}

}  // namespace logset::internal
