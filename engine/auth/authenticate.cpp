// SPDX-License-Identifier: MIT
// Resolving an Authorization header to the calling organisation.
#include "auth/authenticate.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <openssl/evp.h>

#include <cctype>

#include "logset/error.h"
#include "util/ascii.h"

namespace logset::internal {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

Unauthorized NotProvided() {
  return Unauthorized("auth.missing", "Authentication credentials were not provided.");
}

}  // namespace

std::optional<std::string> ParseAuthorization(std::string_view header) {
  size_t space = 0;
  while (space < header.size() && !IsSpace(header[space])) ++space;
  const std::string_view scheme = header.substr(0, space);
  if (!EqualsIgnoreAsciiCase(scheme, "bearer") && !EqualsIgnoreAsciiCase(scheme, "api-key"))
    return std::nullopt;
  if (space >= header.size() || header[space] != ' ') return std::nullopt;
  std::string_view key = header.substr(space);
  while (!key.empty() && IsSpace(key.front())) key.remove_prefix(1);
  while (!key.empty() && IsSpace(key.back())) key.remove_suffix(1);
  if (key.empty()) return std::nullopt;
  for (char c : key) {
    if (IsSpace(c)) return std::nullopt;
  }
  return std::string(key);
}

std::string HashKey(std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(key.data(), key.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

bool IsOpenMode(SQLite::Database& db) {
  return db.execAndGet("SELECT NOT EXISTS (SELECT 1 FROM api_keys)").getInt() != 0;
}

Caller Authenticate(SQLite::Database& db, std::string_view authorization_header) {
  const auto key = ParseAuthorization(authorization_header);
  if (!key) throw NotProvided();

  Caller caller;
  if (IsOpenMode(db)) {
    SQLite::Statement org(db, "SELECT id, uuid FROM organizations WHERE id = 1");
    if (!org.executeStep())
      throw StorageError("store.no_default_org", "default organisation missing.");
    caller.org_id = org.getColumn(0).getInt64();
    caller.org_uuid = org.getColumn(1).getString();
    caller.environment = "prod";
    return caller;
  }
  SQLite::Statement find(db,
                         "SELECT o.id, o.uuid, k.environment FROM api_keys k "
                         "JOIN organizations o ON o.id = k.org_id "
                         "WHERE k.key_hash = ? AND k.revoked_at IS NULL");
  find.bind(1, HashKey(*key));
  if (!find.executeStep()) {
    throw Unauthorized("auth.invalid_key", "Your API key is invalid or expired.");
  }
  caller.org_id = find.getColumn(0).getInt64();
  caller.org_uuid = find.getColumn(1).getString();
  caller.environment = find.getColumn(2).getString();
  return caller;
}

}  // namespace logset::internal
