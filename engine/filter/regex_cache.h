// SPDX-License-Identifier: MIT
// Compiled `regex` patterns, shared by the parser, the evaluator and the SQL function.
#ifndef LOGSET_ENGINE_FILTER_REGEX_CACHE_H_
#define LOGSET_ENGINE_FILTER_REGEX_CACHE_H_

#include <memory>
#include <regex>
#include <string>
#include <string_view>

namespace logset::filter {

/// The compiled ECMAScript form of `pattern`, from a process-wide cache (bounded; thread-safe:
/// compiled patterns are immutable and shared). Throws std::regex_error if `pattern` is invalid.
std::shared_ptr<const std::regex> CompileRegex(const std::string& pattern);

/// Unanchored search of `re` in `text`. A search the regex engine gives up on (too complex)
/// counts as no match, identically in SQL and in the evaluator.
bool RegexSearch(const std::regex& re, std::string_view text);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_REGEX_CACHE_H_
