// SPDX-License-Identifier: MIT
// The string tests shared by the SQL functions and the evaluator, so both back ends agree exactly.
#ifndef LOGSET_ENGINE_FILTER_TEXT_MATCH_H_
#define LOGSET_ENGINE_FILTER_TEXT_MATCH_H_

#include <string>
#include <string_view>

namespace logset::filter {

/// Unicode simple case folding (CaseFolding.txt statuses C and S), code point by code point, so
/// a string keeps its length in code points: `Ä` -> `ä`, `Σ`/`ς` -> `σ`, `ẞ` -> `ß`, while `ß`
/// stays `ß` (full folding would give `ss`). Bytes that are not valid UTF-8 are copied unchanged.
std::string FoldCase(std::string_view text);

/// FoldCase into `*folded` (replacing its contents), reusing its capacity.
void FoldCaseInto(std::string_view text, std::string* folded);

/// `ilike`: `pattern` (already folded) against `folded_text`. With `%` or `_` in the pattern it is
/// an anchored SQL LIKE match (`%` any run of code points, `_` exactly one; no escape character);
/// with neither, a substring test.
bool IlikeMatch(std::string_view folded_text, std::string_view folded_pattern);

/// `full_text_search`: every word of `folded_query` (split on ASCII whitespace) occurs in
/// `folded_text`. A query without words matches every text.
bool FullTextMatch(std::string_view folded_text, std::string_view folded_query);

/// Byte-wise prefix and suffix tests (`%`, `_`, `*`, `\` and friends are literal).
bool StartsWith(std::string_view text, std::string_view prefix);
bool EndsWith(std::string_view text, std::string_view suffix);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_TEXT_MATCH_H_
