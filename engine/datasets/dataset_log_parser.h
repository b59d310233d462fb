// SPDX-License-Identifier: MIT
// Reading an L1 body (or one L7 item) into a new dataset log: validation, promotion of metric and
// identity fields, and the defaults of API.md 4.2 and 5.4.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_LOG_PARSER_H_
#define LOGSET_ENGINE_DATASETS_DATASET_LOG_PARSER_H_

#include <string>

#include "datasets/dataset_log.h"

namespace logset::internal {

/// Builds the dataset log an L1 body describes, with every default applied (API.md 4.2, 5.4):
/// promotable fields come from the top level, then `metrics`, then `metadata`; the other core
/// fields of API.md 4.2 (temperature, max_tokens, stream, positive_feedback, tools, tool_calls,
/// `environment`, and unit prices for a missing cost) from the top level; derived fields are
/// derived as for request logs (ApplyCoreDefaults); `prompt` and `completion` are derived when
/// absent. `environment` defaults to the caller's; created_at and updated_at are `now`, as is
/// `timestamp` unless given. Server-assigned fields (ids, organization_id, dataset_id, scores,
/// annotation fields, source_log_id, created_at, updated_at) are ignored, so a log's L3 body can
/// be sent as is. `unique_id` is left empty for the caller to assign. Throws InvalidArgument with
/// the 400 detail of API.md (e.g. `input: This field is required.`, `metrics.cost: must be a
/// number.`); a wrong type inside `metadata` is not an error, the value is simply not promoted.
/// REQUIRES: `body` is a JSON object.
DatasetLog ParseNewDatasetLog(const Json& body, const std::string& environment, Micros now);

/// The `prompt` derived from `input` (API.md 5.4): the string itself, else the string content of
/// the last "user" message of a message array, else null.
std::optional<std::string> DerivePrompt(const Json& input);
/// The `completion` derived from `output`: the string itself, else the string `content` of an
/// object, else null.
std::optional<std::string> DeriveCompletion(const Json& output);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_LOG_PARSER_H_
