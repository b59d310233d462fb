// SPDX-License-Identifier: MIT
// The defaults and derivations of the core log fields (API.md 4.2, 5.7), one implementation for
// request-log ingest and dataset-log creation alike.
#ifndef LOGSET_ENGINE_LOGS_LOG_DEFAULTS_H_
#define LOGSET_ENGINE_LOGS_LOG_DEFAULTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "logs/log_record.h"

namespace logset::internal {

/// What a body cannot say for itself.
struct IngestDefaults {
  std::string environment = "prod";  ///< the API key's environment
  Micros now = 0;                    ///< the ingest time: the default `timestamp`
};

/// The core fields a body gave (validated), before any default applies; nullopt means not given.
struct GivenCoreFields {
  std::optional<std::string> status;
  std::optional<int64_t> status_code;
  std::optional<int64_t> total_tokens;
  std::optional<double> cost;
  std::optional<double> prompt_unit_price;  ///< USD per 1M tokens, only to derive `cost`
  std::optional<double> completion_unit_price;
  std::optional<Micros> timestamp;
  std::optional<Micros> start_time;
  std::optional<std::string> environment;
};

/// Sets status_code, total_request_tokens, status, cost, tokens_per_second, timestamp, start_time
/// and environment of `log` from `given`, else from what `log` already holds (prompt and
/// completion tokens, error_message, latency, a given tokens_per_second) and `defaults`:
/// status_code 200; total = prompt + completion (saturating); status "error" for a code >= 400
/// or a non-empty error_message; cost from the unit prices, else 0; tokens_per_second =
/// completion / latency when latency > 0 and the quotient is finite; timestamp `now`;
/// start_time = timestamp - latency, held within the years a timestamp can be written in.
/// Throws InvalidArgument (`cost: ...`) if the unit prices give a cost too large to store.
void ApplyCoreDefaults(LogRecord& log, const GivenCoreFields& given,
                       const IngestDefaults& defaults);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_LOG_DEFAULTS_H_
