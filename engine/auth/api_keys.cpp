// SPDX-License-Identifier: MIT
// Issuing, listing and revoking API keys; organisations are created on first use.
#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>

#include "auth/authenticate.h"
#include "logset/error.h"
#include "logset/keys.h"
#include "store/sqlite_errors.h"
#include "store/store_access.h"
#include "util/ids.h"
#include "util/time.h"

namespace logset {
namespace {

using internal::StoreAccess;

constexpr size_t kPrefixLength = 8;

int64_t FindOrCreateOrg(SQLite::Database& db, const std::string& name) {
  SQLite::Statement find(db, "SELECT id FROM organizations WHERE name = ?");
  find.bind(1, name);
  if (find.executeStep()) return find.getColumn(0).getInt64();
  SQLite::Statement insert(db,
                           "INSERT INTO organizations (uuid, name, created_at) VALUES (?, ?, ?)");
  insert.bind(1, internal::NewUuid());
  insert.bind(2, name);
  insert.bind(3, static_cast<int64_t>(internal::NowMicros()));
  insert.exec();
  return db.getLastInsertRowid();
}

const char* kSelectKeys =
    "SELECT k.id, k.key_prefix, o.name, o.id, k.environment, k.created_at, "
    "k.revoked_at IS NOT NULL FROM api_keys k JOIN organizations o ON o.id = k.org_id ";

ApiKeyInfo ReadKey(SQLite::Statement& s) {
  ApiKeyInfo info;
  info.id = s.getColumn(0).getInt64();
  info.prefix = s.getColumn(1).getString();
  info.organization = s.getColumn(2).getString();
  info.organization_id = s.getColumn(3).getInt64();
  info.environment = s.getColumn(4).getString();
  info.created_at = internal::FormatTimestamp(s.getColumn(5).getInt64());
  info.revoked = s.getColumn(6).getInt() != 0;
  return info;
}

ApiKeyInfo LoadKey(SQLite::Database& db, int64_t id) {
  SQLite::Statement s(db, std::string(kSelectKeys) + "WHERE k.id = ?");
  s.bind(1, id);
  if (!s.executeStep()) throw NotFound("keys.not_found", "no such key.");
  return ReadKey(s);
}

}  // namespace

namespace {

IssuedApiKey AddKey(Store& store, const std::string& organization, const std::string& environment,
                    const std::optional<std::string>& pinned_key) {
  if (organization.empty()) {
    throw InvalidArgument("keys.bad_org", "organization: must not be empty.", "organization");
  }
  if (environment != "prod" && environment != "test") {
    throw InvalidArgument("keys.bad_environment",
                          "environment: must be prod or test, not '" + environment + "'.",
                          "environment");
  }
  std::string key = pinned_key.value_or("ls_" + internal::RandomHex(24));
  // A usable key is exactly what the Authorization parser would read back.
  const auto parsed = internal::ParseAuthorization("Bearer " + key);
  if (!parsed || *parsed != key) {
    throw InvalidArgument("keys.bad_key", "key: must be non-empty and contain no whitespace.",
                          "key");
  }
  const std::string hash = internal::HashKey(key);

  auto session = StoreAccess::Write(store);
  SQLite::Database& db = session.db();
  const int64_t org_id = FindOrCreateOrg(db, organization);

  SQLite::Statement existing(db, "SELECT id, org_id, environment FROM api_keys WHERE key_hash = ?");
  existing.bind(1, hash);
  int64_t id = 0;
  if (existing.executeStep()) {
    if (existing.getColumn(1).getInt64() != org_id ||
        existing.getColumn(2).getString() != environment) {
      throw InvalidArgument("keys.key_taken",
                            "key: already issued to another organisation or environment.", "key");
    }
    id = existing.getColumn(0).getInt64();
    // Pinning a key that was revoked brings it back: the caller asked for exactly this key.
    SQLite::Statement revive(db, "UPDATE api_keys SET revoked_at = NULL WHERE id = ?");
    revive.bind(1, id);
    revive.exec();
  } else {
    SQLite::Statement insert(db,
                             "INSERT INTO api_keys (key_hash, key_prefix, org_id, environment, "
                             "created_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, hash);
    // At most half of the key is shown, so that a short pinned key is not stored in clear.
    insert.bind(2, key.substr(0, std::min(kPrefixLength, key.size() / 2)));
    insert.bind(3, org_id);
    insert.bind(4, environment);
    insert.bind(5, static_cast<int64_t>(internal::NowMicros()));
    insert.exec();
    id = db.getLastInsertRowid();
  }
  IssuedApiKey issued{key, LoadKey(db, id)};
  session.Commit();
  return issued;
}

std::vector<ApiKeyInfo> ListKeys(Store& store) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement s(session.db(), std::string(kSelectKeys) + "ORDER BY k.id");
  std::vector<ApiKeyInfo> out;
  while (s.executeStep()) out.push_back(ReadKey(s));
  return out;
}

ApiKeyInfo RevokeKey(Store& store, const std::string& id_or_prefix) {
  auto session = StoreAccess::Write(store);
  SQLite::Database& db = session.db();
  SQLite::Statement find(db,
                         "SELECT id FROM api_keys WHERE CAST(id AS TEXT) = ?1 "
                         "OR (key_prefix = ?1 AND ?1 <> '')");
  find.bind(1, id_or_prefix);
  std::vector<int64_t> ids;
  while (find.executeStep()) ids.push_back(find.getColumn(0).getInt64());
  if (ids.empty()) {
    throw NotFound("keys.not_found", "no key has id or prefix '" + id_or_prefix + "'.");
  }
  if (ids.size() > 1) {
    throw InvalidArgument("keys.ambiguous",
                          "'" + id_or_prefix + "' matches several keys; give the key id.");
  }
  SQLite::Statement revoke(db,
                           "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?");
  revoke.bind(1, static_cast<int64_t>(internal::NowMicros()));
  revoke.bind(2, ids.front());
  revoke.exec();
  ApiKeyInfo info = LoadKey(db, ids.front());
  session.Commit();
  return info;
}

}  // namespace

// A held write lock past the busy timeout surfaces from SQLite; the header promises only
// logset errors.
IssuedApiKey AddApiKey(Store& store, const std::string& organization,
                       const std::string& environment,
                       const std::optional<std::string>& pinned_key) {
  return internal::Translated([&] { return AddKey(store, organization, environment, pinned_key); });
}

std::vector<ApiKeyInfo> ListApiKeys(Store& store) {
  return internal::Translated([&] { return ListKeys(store); });
}

ApiKeyInfo RevokeApiKey(Store& store, const std::string& id_or_prefix) {
  return internal::Translated([&] { return RevokeKey(store, id_or_prefix); });
}

}  // namespace logset
