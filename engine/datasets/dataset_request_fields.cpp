// SPDX-License-Identifier: MIT
// Body fields shared by the dataset and dataset-log endpoints.
#include "datasets/dataset_request_fields.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "logset/error.h"

namespace logset::internal {

std::optional<int64_t> ReadPercentage(const BodyReader& body, std::string_view key) {
  const Json* v = body.Find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  std::optional<int64_t> percent;
  if (v->is_number_unsigned()) {
    if (v->get<uint64_t>() <= 100) percent = static_cast<int64_t>(v->get<uint64_t>());
  } else if (v->is_number_integer()) {
    percent = v->get<int64_t>();
  } else if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::isfinite(d) && std::floor(d) == d && d >= 1 && d <= 100) {
      percent = static_cast<int64_t>(d);
    }
  }
  if (!percent || *percent < 1 || *percent > 100) {
    body.Fail(key, "must be an integer from 1 to 100.");
  }
  return percent;
}

TimeRange ReadTimeRange(const BodyReader& body, bool enforce) {
  TimeRange range{body.Timestamp("start_time"), body.Timestamp("end_time")};
  if (!enforce) return range;
  if (!range.start) body.Fail("start_time", "This field is required.");
  if (!range.end) body.Fail("end_time", "This field is required.");
  if (*range.start > *range.end) {
    body.Fail("start_time", "must not be after end_time.");
  }
  return range;
}

std::optional<uint64_t> ReadSamplingSeed(const BodyReader& body) {
  const Json* v = body.Find("sampling_seed");
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_number_unsigned()) return v->get<uint64_t>();
  // The decimal string exists because many JSON clients lose precision above 2^53.
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    const bool digits =
        !s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
      errno = 0;
      const unsigned long long seed = std::strtoull(s.c_str(), nullptr, 10);
      if (errno == 0) return static_cast<uint64_t>(seed);
    }
  }
  body.Fail("sampling_seed", "must be an unsigned 64-bit integer or its decimal string.");
}

bool ReadSampleByTrace(const BodyReader& body) {
  const auto sample_by = body.String("sample_by");
  if (!sample_by) return false;
  if (*sample_by != "log" && *sample_by != "trace") {
    body.Fail("sample_by", "must be \"log\" or \"trace\".");
  }
  return *sample_by == "trace";
}

}  // namespace logset::internal
