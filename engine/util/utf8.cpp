// SPDX-License-Identifier: MIT
// UTF-8 validity through utf8proc, which rejects surrogates and overlong forms as RFC 3629 does.
#include "util/utf8.h"

#include <utf8proc.h>

namespace logset::internal {

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    if (*p < 0x80) {  // ASCII needs no decoding
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t code_point = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &code_point);
    if (n <= 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

}  // namespace logset::internal
