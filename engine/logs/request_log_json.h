// SPDX-License-Identifier: MIT
// The request-log object of API.md 4.4 and the R1 response, as JSON.
#ifndef LOGSET_ENGINE_LOGS_REQUEST_LOG_JSON_H_
#define LOGSET_ENGINE_LOGS_REQUEST_LOG_JSON_H_

#include <string>
#include <vector>

#include "logs/request_log_record.h"
#include "logs/scores.h"

namespace logset::internal {

/// The full request log (R2 items, R3, R4): the core fields of API.md 4.2 with `input`/`output`
/// as strings, then the 4.4 fields, then `scores` as a dict. Every field is present.
Json RequestLogJson(const RequestLog& log, const std::string& org_uuid,
                    const std::vector<ScoreObject>& scores);

/// The R1 response: `{id, unique_id, organization_id, customer_identifier, status, cost,
/// timestamp, environment, latency, time_to_first_token, prompt_cache_creation_tokens,
/// prompt_cache_hit_tokens}` with the stored values. REQUIRES: log.core.unique_id is set.
Json RequestLogCreatedJson(const RequestLog& log, const std::string& org_uuid);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_REQUEST_LOG_JSON_H_
