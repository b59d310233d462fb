// SPDX-License-Identifier: MIT
// Compiled `regex` patterns (PCRE2), shared by the parser, the evaluator and the SQL function.
#include "filter/regex_cache.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <mutex>
#include <unordered_map>

namespace logset::filter {

struct Regex::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Compiled() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

namespace {

// Bounds the work of one search: far above any sane pattern over a 20 MB text, far below a hang.
constexpr uint32_t kMatchLimit = 50'000'000;
// Compiling costs far more than matching, and the same few patterns recur in every row of a
// query. The cache is cleared wholesale when full: simple, and a working set larger than this is
// not a case worth an LRU.
constexpr size_t kMaxCachedPatterns = 256;

struct Cache {
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const Regex>> patterns;
};

Cache& TheCache() {
  static Cache* cache = new Cache();  // never destroyed: SQL functions may run during exit
  return *cache;
}

// One match-data block per thread: a search only needs to know whether it matched.
pcre2_match_data* ThreadMatchData() {
  struct Holder {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    ~Holder() { pcre2_match_data_free(data); }
  };
  thread_local Holder holder;
  return holder.data;
}

}  // namespace

Regex::Regex(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Regex::~Regex() = default;

bool Regex::Search(std::string_view text) const {
  pcre2_match_data* data = ThreadMatchData();
  if (data == nullptr) return false;
  const int rc = pcre2_match(compiled_->code, reinterpret_cast<PCRE2_SPTR>(text.data()),
                             text.size(), 0, 0, data, compiled_->context);
  return rc >= 0;
}

std::shared_ptr<const Regex> CompileRegex(const std::string& pattern) {
  Cache& cache = TheCache();
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto it = cache.patterns.find(pattern);
    if (it != cache.patterns.end()) return it->second;
  }
  // Compile outside the lock; a race only compiles the same pattern twice.
  auto compiled = std::make_unique<Regex::Compiled>();
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_compile_context* compile_context = pcre2_compile_context_create(nullptr);
  pcre2_set_compile_extra_options(compile_context, PCRE2_EXTRA_ALT_BSUX);
  compiled->code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                    PCRE2_ALT_BSUX | PCRE2_MATCH_UNSET_BACKREF, &error, &offset, compile_context);
  pcre2_compile_context_free(compile_context);
  if (compiled->code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof(message));
    throw RegexError(std::string(reinterpret_cast<const char*>(message)) + " at offset " +
                     std::to_string(offset));
  }
  compiled->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(compiled->context, kMatchLimit);
  std::shared_ptr<const Regex> re(new Regex(std::move(compiled)));

  std::lock_guard<std::mutex> lock(cache.mu);
  if (cache.patterns.size() >= kMaxCachedPatterns) cache.patterns.clear();
  cache.patterns.emplace(pattern, re);
  return re;
}

}  // namespace logset::filter
