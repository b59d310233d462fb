// SPDX-License-Identifier: MIT
// Compiled `regex` patterns, shared by the parser, the evaluator and the SQL function.
#include "filter/regex_cache.h"

#include <mutex>
#include <unordered_map>

namespace logset::filter {
namespace {

// Compiling a std::regex costs far more than matching it, and the same few patterns recur in
// every row of a query. The cache is cleared wholesale when full: simple, and a working set
// larger than this is not a case worth an LRU.
constexpr size_t kMaxCachedPatterns = 256;

struct Cache {
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const std::regex>> patterns;
};

Cache& TheCache() {
  static Cache* cache = new Cache();  // never destroyed: SQL functions may run during exit
  return *cache;
}

}  // namespace

std::shared_ptr<const std::regex> CompileRegex(const std::string& pattern) {
  Cache& cache = TheCache();
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto it = cache.patterns.find(pattern);
    if (it != cache.patterns.end()) return it->second;
  }
  // Compile outside the lock; a race only compiles the same pattern twice.
  auto re = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
  std::lock_guard<std::mutex> lock(cache.mu);
  if (cache.patterns.size() >= kMaxCachedPatterns) cache.patterns.clear();
  cache.patterns.emplace(pattern, re);
  return re;
}

bool RegexSearch(const std::regex& re, std::string_view text) {
  try {
    return std::regex_search(text.begin(), text.end(), re);
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace logset::filter
