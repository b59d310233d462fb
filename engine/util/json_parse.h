// SPDX-License-Identifier: MIT
// Parsing client JSON: key order kept, nesting bounded, errors in the API's words (API.md 1.1).
#ifndef LOGSET_ENGINE_UTIL_JSON_PARSE_H_
#define LOGSET_ENGINE_UTIL_JSON_PARSE_H_

#include <nlohmann/json.hpp>
#include <string_view>

namespace logset::internal {

/// Documents nested deeper than this are refused: serialising them back would recurse that deep.
inline constexpr int kMaxJsonDepth = 512;

/// Parses `text` as one JSON document. Throws InvalidArgument with detail
/// `JSON parse error - <reason>` for malformed JSON, invalid UTF-8 or nesting beyond kMaxJsonDepth.
nlohmann::ordered_json ParseJsonDocument(std::string_view text);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_JSON_PARSE_H_
