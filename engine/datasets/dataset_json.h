// SPDX-License-Identifier: MIT
// The dataset object of API.md 4.1: one shape for create, list items, retrieve and update.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_JSON_H_
#define LOGSET_ENGINE_DATASETS_DATASET_JSON_H_

#include <nlohmann/json.hpp>

#include "datasets/dataset.h"

namespace logset::internal {

using Json = nlohmann::ordered_json;

/// Every field of API.md 4.1, always present, in table order. `organization` and
/// `organization_id` are both the integer organisation id; `initial_log_filters` is the stored
/// text parsed back with its key order and number types intact; `log_ids` is `dataset.log_ids`.
Json DatasetJson(const Dataset& dataset);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_JSON_H_
