// SPDX-License-Identifier: MIT
// Integer sums that stop at the int64 range instead of overflowing (which is undefined in C++).
#ifndef LOGSET_ENGINE_UTIL_SATURATING_H_
#define LOGSET_ENGINE_UTIL_SATURATING_H_

#include <cstdint>
#include <limits>

namespace logset::internal {

/// a + b, or the int64 maximum (minimum) when the true sum is above (below) the range.
inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_SATURATING_H_
