// SPDX-License-Identifier: MIT
// UTF-8 validity, for text that reaches the engine without passing the JSON parser.
#ifndef LOGSET_ENGINE_UTIL_UTF8_H_
#define LOGSET_ENGINE_UTIL_UTF8_H_

#include <string_view>

namespace logset::internal {

/// True if `text` is well-formed UTF-8: no stray continuation bytes, truncated or overlong
/// sequences, surrogates (U+D800-U+DFFF) or code points above U+10FFFF.
bool IsValidUtf8(std::string_view text);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_UTF8_H_
