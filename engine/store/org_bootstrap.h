// SPDX-License-Identifier: MIT
// The default organisation every store has from its creation (API.md 2).
#ifndef LOGSET_ENGINE_STORE_ORG_BOOTSTRAP_H_
#define LOGSET_ENGINE_STORE_ORG_BOOTSTRAP_H_

namespace SQLite {
class Database;
}

namespace logset::internal {

/// Creates organisation 1, "default", with a random UUID, unless it exists. Idempotent.
void EnsureDefaultOrganization(SQLite::Database& db);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_ORG_BOOTSTRAP_H_
