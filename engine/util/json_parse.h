// SPDX-License-Identifier: MIT
// Parsing client JSON: key order kept, nesting and memory bounded, errors in the API's words.
#ifndef LOGSET_ENGINE_UTIL_JSON_PARSE_H_
#define LOGSET_ENGINE_UTIL_JSON_PARSE_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace logset::internal {

/// Documents nested deeper than this are refused: serialising them back would recurse that deep.
inline constexpr int kMaxJsonDepth = 512;

/// Documents whose parsed form would hold more than this many bytes are refused. A 20 MB body of
/// `{}` items would otherwise become ~500 MB of small objects; ordinary documents (text, numbers,
/// objects with a few keys) take one to six times their text size, so a body under the 20 MB
/// limit that is not built to amplify stays well below it.
inline constexpr std::size_t kMaxJsonDomBytes = 128u * 1024u * 1024u;

/// Parses `text` as one JSON document. Throws InvalidArgument with detail
/// `JSON parse error - <reason>` for malformed JSON, invalid UTF-8, a NUL byte anywhere, a number
/// outside the range of a double (`1e400`), anything after the value, or nesting beyond
/// kMaxJsonDepth; TooLarge when the document would take more than kMaxJsonDomBytes in memory.
nlohmann::ordered_json ParseJsonDocument(std::string_view text);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_JSON_PARSE_H_
