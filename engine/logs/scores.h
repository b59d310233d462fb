// SPDX-License-Identifier: MIT
// Score objects attached to logs (API.md 4.7), loaded in one query for a page of logs.
#ifndef LOGSET_ENGINE_LOGS_SCORES_H_
#define LOGSET_ENGINE_LOGS_SCORES_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/time.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

class ReadSession;

using Json = nlohmann::ordered_json;

/// Which table a log row lives in; scores reference either.
enum class LogTable { kRequestLogs, kDatasetLogs };

struct ScoreObject {
  std::string evaluator_id;
  std::string evaluator_slug;
  std::string evaluator_name;
  std::string score_value_type;
  Json score_value;  ///< rendered per type: real, 1.0/0.0 for boolean, else the stored JSON
  Micros created_at = 0;
};

/// The scores of each of `rowids` (the logs' INTEGER PRIMARY KEYs), ordered by evaluator id.
/// Logs without scores are absent from the map.
std::unordered_map<int64_t, std::vector<ScoreObject>> LoadScores(
    SQLite::Database& db, int64_t org_id, LogTable table, const std::vector<int64_t>& rowids);
/// The same, on a session's connection with its kept statement (the list and retrieve paths).
std::unordered_map<int64_t, std::vector<ScoreObject>> LoadScores(
    ReadSession& session, int64_t org_id, LogTable table, const std::vector<int64_t>& rowids);

/// `{"<evaluator_id>": {score object}, ...}`: list items and request logs.
Json ScoresAsDict(const std::vector<ScoreObject>& scores);
/// `[{score object}, ...]` ordered by evaluator id: dataset-log detail.
Json ScoresAsList(const std::vector<ScoreObject>& scores);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_SCORES_H_
