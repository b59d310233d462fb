// SPDX-License-Identifier: MIT
// Rendering request logs as API JSON.
#include "logs/request_log_json.h"

namespace logset::internal {
namespace {

template <typename T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

Json RequestLogJson(const RequestLog& log, const std::string& org_uuid,
                    const std::vector<ScoreObject>& scores) {
  Json out = Json::object();
  AppendLogRecordJson(out, log.core, org_uuid, IoEncoding::kJsonText);
  out["prompt_messages"] = log.prompt_messages;
  out["completion_message"] = log.completion_message;
  out["customer_email"] = OrNull(log.customer_email);
  out["is_pinned"] = log.is_pinned;
  out["note"] = OrNull(log.note);
  out["failed"] = log.core.status == "error";
  out["prompt_cache_hit_tokens"] = log.prompt_cache_hit_tokens;
  out["prompt_cache_creation_tokens"] = log.prompt_cache_creation_tokens;
  out["scores"] = ScoresAsDict(scores);
  return out;
}

Json RequestLogCreatedJson(const RequestLog& log, const std::string& org_uuid) {
  const LogRecord& c = log.core;
  Json out = Json::object();
  out["id"] = c.unique_id;
  out["unique_id"] = c.unique_id;
  out["organization_id"] = org_uuid;
  out["customer_identifier"] = OrNull(c.customer_identifier);
  out["status"] = c.status;
  out["cost"] = c.cost;
  out["timestamp"] = FormatTimestamp(c.timestamp);
  out["environment"] = c.environment;
  out["latency"] = OrNull(c.latency);
  out["time_to_first_token"] = OrNull(c.time_to_first_token);
  out["prompt_cache_creation_tokens"] = log.prompt_cache_creation_tokens;
  out["prompt_cache_hit_tokens"] = log.prompt_cache_hit_tokens;
  return out;
}

}  // namespace logset::internal
