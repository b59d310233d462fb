// SPDX-License-Identifier: MIT
// ASCII-only case helpers for protocol tokens (schemes, booleans, host names): never for user text,
// which the filter language folds with full Unicode rules.
#ifndef LOGSET_ENGINE_UTIL_ASCII_H_
#define LOGSET_ENGINE_UTIL_ASCII_H_

#include <string>
#include <string_view>

namespace logset::internal {

/// `s` with A-Z mapped to a-z; other bytes unchanged.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// True if `a` and `b` are equal ignoring ASCII case.
inline bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_ASCII_H_
