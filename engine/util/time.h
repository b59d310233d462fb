// SPDX-License-Identifier: MIT
// Timestamps: ISO 8601 input in the forms API.md 1.7 accepts, UTC microsecond output.
#ifndef LOGSET_ENGINE_UTIL_TIME_H_
#define LOGSET_ENGINE_UTIL_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace logset::internal {

/// Microseconds since 1970-01-01T00:00:00Z; the unit every timestamp is stored in.
using Micros = int64_t;

/// Parses `YYYY-MM-DD` + (`T`|`t`|` `) + `HH:MM:SS` + optional `.` and 1-9 fraction digits (beyond
/// six truncated) + optional zone (`Z`, `z`, `+hh:mm`, `-hh:mm`; none means UTC). Returns nullopt
/// for anything else, including impossible dates and times. With `from_query`, a space directly
/// before a trailing `hh:mm` zone is read as `+` (a `+` in a query string decodes to a space).
std::optional<Micros> ParseTimestamp(std::string_view text, bool from_query = false);

/// Formats as UTC with six fraction digits: "2025-07-26T08:10:00.000000Z".
std::string FormatTimestamp(Micros t);

/// The current time, at microsecond precision.
Micros NowMicros();

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_TIME_H_
