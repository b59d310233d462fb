// SPDX-License-Identifier: MIT
// Body fields shared by the dataset and dataset-log endpoints: percentages, time ranges, sampling
// seeds and the sample_by mode.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_REQUEST_FIELDS_H_
#define LOGSET_ENGINE_DATASETS_DATASET_REQUEST_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "util/body_reader.h"

namespace logset::internal {

/// The most items one bulk call may carry (L7 `logs` and `log_ids`).
inline constexpr size_t kMaxBulkItems = 10000;

/// A percentage field (D1 `sampling`, L8 `sampling_percentage`): an integer from 1 to 100, where a
/// float with no fraction counts (`40.0` is 40). Returns nullopt when absent or null. Throws
/// InvalidArgument (`<key>: must be an integer from 1 to 100.`) for anything else, booleans and
/// numeric strings included.
std::optional<int64_t> ReadPercentage(const BodyReader& body, std::string_view key);

/// Both bounds of a time range, each type-checked as a timestamp. With `enforce` (a range that
/// will select logs), a missing bound is a 400 (`start_time: This field is required.`) and so is
/// a start after the end (`start_time: must not be after end_time.`; equal bounds are fine).
struct TimeRange {
  std::optional<Micros> start;
  std::optional<Micros> end;
};
TimeRange ReadTimeRange(const BodyReader& body, bool enforce);

/// `sampling_seed` (API.md 5.2): an unsigned 64-bit integer or its decimal string. Returns
/// nullopt when absent or null; throws InvalidArgument (`sampling_seed: must be an unsigned
/// 64-bit integer or its decimal string.`) for anything else.
std::optional<uint64_t> ReadSamplingSeed(const BodyReader& body);

/// `sample_by`: true for "trace", false for "log" or when absent or null. Throws InvalidArgument
/// (`sample_by: must be "log" or "trace".`) for anything else.
bool ReadSampleByTrace(const BodyReader& body);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_REQUEST_FIELDS_H_
