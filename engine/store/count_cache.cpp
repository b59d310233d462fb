// SPDX-License-Identifier: MIT
// CountCache: exact row counts remembered per connection until the database changes.
#include "store/count_cache.h"

namespace logset::internal {

int64_t CountCache::Get(const DatabaseState& state, const std::string& key,
                        const std::function<int64_t()>& compute) {
  if (!(state == state_)) {
    counts_.clear();
    bytes_ = 0;
    state_ = state;
  }
  if (const auto it = counts_.find(key); it != counts_.end()) return it->second;
  const int64_t count = compute();
  if (bytes_ + key.size() > kMaxBytes) {
    counts_.clear();
    bytes_ = 0;
  }
  if (key.size() <= kMaxBytes) {
    counts_.emplace(key, count);
    bytes_ += key.size();
  }
  return count;
}

}  // namespace logset::internal
