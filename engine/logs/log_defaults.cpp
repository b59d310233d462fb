// SPDX-License-Identifier: MIT
// The defaults and derivations of the core log fields.
#include "logs/log_defaults.h"

#include <cmath>

#include "logset/error.h"
#include "util/saturating.h"

namespace logset::internal {
namespace {

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the ends of the range the API can write
// a timestamp in; a start_time derived from an absurd latency stops there rather than
// overflowing.
constexpr Micros kEarliestMicros = -62167219200LL * 1000000;
constexpr Micros kLatestMicros = 253402300799LL * 1000000 + 999999;

Micros DeriveStartTime(Micros timestamp, double latency) {
  const double latency_us = std::round(latency * 1e6);
  const double earliest = static_cast<double>(timestamp) - static_cast<double>(kEarliestMicros);
  const double latest = static_cast<double>(kLatestMicros) - static_cast<double>(timestamp);
  if (latency_us >= earliest) return kEarliestMicros;
  // Only a dataset log can carry a negative latency (request-log ingest refuses one).
  if (-latency_us >= latest) return kLatestMicros;
  return timestamp - static_cast<Micros>(latency_us);
}

}  // namespace

void ApplyCoreDefaults(LogRecord& c, const GivenCoreFields& given, const IngestDefaults& defaults) {
  c.status_code = given.status_code.value_or(200);
  c.total_request_tokens = given.total_tokens ? *given.total_tokens
                                              : SaturatingAdd(c.prompt_tokens, c.completion_tokens);
  if (given.status) {
    c.status = *given.status;
  } else {
    const bool failed = c.status_code >= 400 || (c.error_message && !c.error_message->empty());
    c.status = failed ? "error" : "success";
  }
  if (given.cost) {
    c.cost = *given.cost;
  } else if (given.prompt_unit_price || given.completion_unit_price) {
    c.cost =
        (static_cast<double>(c.prompt_tokens) * given.prompt_unit_price.value_or(0.0) +
         static_cast<double>(c.completion_tokens) * given.completion_unit_price.value_or(0.0)) /
        1e6;
    if (!std::isfinite(c.cost)) {
      throw InvalidArgument("api.invalid_field",
                            "cost: the unit prices give a cost too large to store.", "cost");
    }
  } else {
    c.cost = 0.0;
  }
  if (!c.tokens_per_second && c.latency && *c.latency > 0) {
    // A latency of a few nanoseconds makes the quotient overflow: derive nothing rather than
    // store an infinity that renders as null yet is not NULL to filters and summaries.
    const double tps = static_cast<double>(c.completion_tokens) / *c.latency;
    if (std::isfinite(tps)) c.tokens_per_second = tps;
  }
  c.timestamp = given.timestamp ? *given.timestamp : defaults.now;
  if (given.start_time) {
    c.start_time = *given.start_time;
  } else if (c.latency) {
    c.start_time = DeriveStartTime(c.timestamp, *c.latency);
  } else {
    c.start_time = c.timestamp;
  }
  c.environment = given.environment ? *given.environment : defaults.environment;
}

}  // namespace logset::internal
