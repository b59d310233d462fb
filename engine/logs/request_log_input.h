// SPDX-License-Identifier: MIT
// Request-log bodies (R1, R6 items, JSONL lines, R4 patches) validated into typed structs, with
// every default and derivation of API.md 4.2, 4.4 and 5.7.
#ifndef LOGSET_ENGINE_LOGS_REQUEST_LOG_INPUT_H_
#define LOGSET_ENGINE_LOGS_REQUEST_LOG_INPUT_H_

#include <optional>
#include <string>

#include "logs/log_defaults.h"
#include "logs/request_log_record.h"

namespace logset::internal {

/// Validates one request-log body and returns the log to store, `unique_id` empty. Fields are
/// checked in API.md 4.4 table order and the first bad one is reported: throws InvalidArgument
/// whose detail starts with the field's name (`prompt_tokens: must be a non-negative integer.`,
/// `usage.prompt_tokens: ...`). Keys without a column of their own go to `extra`. `body` is taken
/// by value so that large `input`/`output` values can be moved rather than copied.
/// REQUIRES: body.is_object().
RequestLog ParseRequestLogInput(Json body, const IngestDefaults& defaults);

/// The R4 keys that were given. An outer nullopt means "not given"; an inner one, "set to null".
struct RequestLogPatch {
  std::optional<bool> is_pinned;
  std::optional<std::optional<bool>> positive_feedback;
  std::optional<std::optional<std::string>> note;
  std::optional<Json> metadata;  ///< an object to merge shallowly
};

/// Validates an R4 body: `is_pinned` (boolean), `positive_feedback` (boolean or null), `note`
/// (string or null), `metadata` (object); other keys are ignored. Throws InvalidArgument naming
/// the field for a wrong type (including `is_pinned: null` and `metadata: null`).
RequestLogPatch ParseRequestLogPatch(const Json& body);

/// Applies `patch` to `log`: given keys replace, metadata merges shallowly (API.md 5.5: each
/// top-level key replaces or adds that key in place; a null value is stored as null).
void ApplyRequestLogPatch(RequestLog& log, const RequestLogPatch& patch);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_REQUEST_LOG_INPUT_H_
