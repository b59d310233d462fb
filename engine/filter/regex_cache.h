// SPDX-License-Identifier: MIT
// Compiled `regex` patterns, shared by the parser, the evaluator and the SQL function.
#ifndef LOGSET_ENGINE_FILTER_REGEX_CACHE_H_
#define LOGSET_ENGINE_FILTER_REGEX_CACHE_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace logset::filter {

/// An invalid pattern; what() says why, in PCRE2's words.
class RegexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A compiled pattern. PCRE2 rather than std::regex: libstdc++'s matcher recurses once per
/// character and overflows the stack on texts of about 100 KB, which would let one filter crash
/// the server; PCRE2 backtracks on the heap under a match limit. Compiled with ECMAScript-style
/// options (\u escapes, unset back-references match empty), matched byte-wise, unanchored.
/// Immutable after construction: one Regex may be searched from many threads at once.
class Regex {
 public:
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  /// True if the pattern occurs anywhere in `text`. A search that exceeds the match limit
  /// (a pathological pattern) counts as no match, identically in SQL and in the evaluator.
  bool Search(std::string_view text) const;

 private:
  friend std::shared_ptr<const Regex> CompileRegex(const std::string& pattern);
  struct Compiled;
  explicit Regex(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

/// The compiled form of `pattern`, from a process-wide cache (bounded; thread-safe). Throws
/// RegexError if `pattern` is invalid.
std::shared_ptr<const Regex> CompileRegex(const std::string& pattern);

/// `re.Search(text)`.
inline bool RegexSearch(const Regex& re, std::string_view text) { return re.Search(text); }

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_REGEX_CACHE_H_
