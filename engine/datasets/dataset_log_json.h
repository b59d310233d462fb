// SPDX-License-Identifier: MIT
// The dataset-log object of API.md 4.3: list items (scores as a dict) and detail (a list).
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_JSON_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_JSON_H_

#include <string>
#include <vector>

#include "datasets/dataset_log.h"
#include "logs/scores.h"

namespace logset::internal {

/// How `scores` is shaped (API.md 4.3): a dict on L2 items and exports, a list on L3-L5.
enum class ScoresShape { kDict, kList };

/// Every field of API.md 4.2 (input and output as native JSON) then 4.3, always present, in table
/// order. `dataset_uuid` is emitted as dataset_id and `org_uuid` as organization_id.
Json DatasetLogJson(const DatasetLog& log, const std::string& dataset_uuid,
                    const std::string& org_uuid, const std::vector<ScoreObject>& scores,
                    ScoresShape shape);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_JSON_H_
