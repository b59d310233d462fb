// SPDX-License-Identifier: MIT
// API keys and organisations: issuing, listing and revoking the keys the API accepts.
#ifndef LOGSET_KEYS_H_
#define LOGSET_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace logset {

class Store;

/// A stored key, as far as it can be shown: keys are kept only as SHA-256 hashes.
struct ApiKeyInfo {
  int64_t id = 0;
  std::string prefix;        ///< the first 8 characters, to tell keys apart
  std::string organization;  ///< organisation name
  int64_t organization_id = 0;
  std::string environment;  ///< "prod" or "test"
  std::string created_at;   ///< ISO 8601 UTC
  bool revoked = false;
};

/// A key just issued. `key` is shown once and never stored.
struct IssuedApiKey {
  std::string key;
  ApiKeyInfo info;
};

/// Issues a key for the organisation named `organization` (created if missing) in `environment`
/// ("prod" or "test"). With `pinned_key`, that exact value becomes the key (for test set-ups);
/// otherwise a random one is generated. Issuing an already stored pinned key for the same
/// organisation and environment returns it again. Throws InvalidArgument for a bad environment, an
/// empty organisation name, or a pinned key that is empty, holds whitespace, or belongs to
/// another organisation or environment.
IssuedApiKey AddApiKey(Store& store, const std::string& organization,
                       const std::string& environment = "prod",
                       const std::optional<std::string>& pinned_key = std::nullopt);

/// Every key ever issued, oldest first.
std::vector<ApiKeyInfo> ListApiKeys(Store& store);

/// Revokes the key whose id (decimal) or prefix is `id_or_prefix`. Throws NotFound if none
/// matches and InvalidArgument if a prefix matches several keys.
ApiKeyInfo RevokeApiKey(Store& store, const std::string& id_or_prefix);

}  // namespace logset

#endif  // LOGSET_KEYS_H_
