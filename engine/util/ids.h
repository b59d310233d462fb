// SPDX-License-Identifier: MIT
// Identifiers: UUID v4 for datasets and tasks, 32 hex digits for logs, from the OS's CSPRNG.
#ifndef LOGSET_ENGINE_UTIL_IDS_H_
#define LOGSET_ENGINE_UTIL_IDS_H_

#include <string>
#include <string_view>

namespace logset::internal {

/// A random UUID v4, lowercase and hyphenated: "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a".
std::string NewUuid();
/// A log unique_id: a UUID v4 without hyphens, 32 lowercase hex digits.
std::string NewLogId();
/// `n` random bytes as lowercase hex (2n characters).
std::string RandomHex(size_t n);

/// True if `s` has the exact shape NewUuid() produces (any version nibble accepted).
bool IsUuid(std::string_view s);
/// True if `s` is 32 lowercase hex digits.
bool IsLogId(std::string_view s);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_IDS_H_
