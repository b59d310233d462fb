// SPDX-License-Identifier: MIT
// Resolving an Authorization header to the calling organisation (API.md 2).
#ifndef LOGSET_ENGINE_AUTH_AUTHENTICATE_H_
#define LOGSET_ENGINE_AUTH_AUTHENTICATE_H_

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace logset::internal {

/// Who is calling, resolved from the API key (API.md 2).
struct Caller {
  int64_t org_id = 1;
  std::string org_uuid;     ///< emitted as organization_id on logs
  std::string environment;  ///< "prod" or "test": the key's environment
};

/// The key in `Bearer <key>` or `Api-Key <key>` (scheme case-insensitive, one or more spaces,
/// key trimmed, non-empty, no inner whitespace); nullopt for anything else.
std::optional<std::string> ParseAuthorization(std::string_view header);

/// Lowercase hex SHA-256 of `key`, the form keys are stored in.
std::string HashKey(std::string_view key);

/// Resolves the Authorization header. Open mode (no key ever stored): any well-formed key is the
/// default organisation in prod. Throws Unauthorized with the API.md 2 texts otherwise.
Caller Authenticate(SQLite::Database& db, std::string_view authorization_header);

/// True when the store has no keys, so the API accepts any well-formed key.
bool IsOpenMode(SQLite::Database& db);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_AUTH_AUTHENTICATE_H_
