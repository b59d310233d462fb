// SPDX-License-Identifier: MIT
// CountCache: exact row counts remembered per connection until the database changes.
#ifndef LOGSET_ENGINE_STORE_COUNT_CACHE_H_
#define LOGSET_ENGINE_STORE_COUNT_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace logset::internal {

/// The state of the database as one connection sees it inside a read transaction: SQLite's
/// `PRAGMA data_version` (changes when any other connection commits) and the store's own commit
/// counter (changes when this connection's own writes commit, which data_version ignores).
struct DatabaseState {
  int64_t data_version = -1;
  uint64_t own_commits = 0;
  bool operator==(const DatabaseState& other) const {
    return data_version == other.data_version && own_commits == other.own_commits;
  }
};

/// Exact counts keyed by the query that produced them (its SQL and bound values, serialised by
/// the caller), valid for one DatabaseState: the first lookup under a new state forgets
/// everything. List pages count every matching row for the envelope's exact `count`, which at a
/// million logs costs far more than the page itself; paging through a result, or many clients
/// polling the same list, then counts once per database change. Memory is bounded: past
/// kMaxBytes of keys the cache starts over. Not thread-safe: one per connection, used only by
/// the session holding that connection.
class CountCache {
 public:
  static constexpr std::size_t kMaxBytes = 1 << 20;

  /// The count stored under `key` for `state`, or `compute()`'s result, stored. An exception from
  /// `compute` propagates and stores nothing.
  int64_t Get(const DatabaseState& state, const std::string& key,
              const std::function<int64_t()>& compute);

  std::size_t size() const { return counts_.size(); }

 private:
  DatabaseState state_;
  std::unordered_map<std::string, int64_t> counts_;
  std::size_t bytes_ = 0;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_COUNT_CACHE_H_
