// SPDX-License-Identifier: MIT
// RequestLog: a stored request log, the core fields plus those only request logs have (API.md 4.4).
#ifndef LOGSET_ENGINE_LOGS_REQUEST_LOG_RECORD_H_
#define LOGSET_ENGINE_LOGS_REQUEST_LOG_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>

#include "logs/log_record.h"

namespace logset::internal {

/// One request log as stored in request_logs. Defaults are those of a log nobody described.
struct RequestLog {
  LogRecord core;
  std::optional<std::string> customer_email;
  bool is_pinned = false;
  std::optional<std::string> note;
  int64_t prompt_cache_hit_tokens = 0;
  int64_t prompt_cache_creation_tokens = 0;
  Json prompt_messages;     ///< an array, or null
  Json completion_message;  ///< an object, or null
  /// Every body key that has no column of its own (unknown keys, `usage`, `customer_params`,
  /// unit prices), so nothing a client sent is lost. Written on insert; not read back by lists.
  Json extra = Json::object();
};

/// A request log with its row id (the key scores reference).
struct StoredRequestLog {
  int64_t rowid = 0;
  RequestLog log;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_REQUEST_LOG_RECORD_H_
