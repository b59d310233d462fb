// SPDX-License-Identifier: MIT
// The schema migrations embedded from schema/*.sql, and applying them to a connection.
#ifndef LOGSET_ENGINE_STORE_MIGRATIONS_H_
#define LOGSET_ENGINE_STORE_MIGRATIONS_H_

#include <functional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace logset::internal {

struct Migration {
  const char* name;  ///< file name, e.g. "0001_init.sql"; version = position + 1
  const char* sql;
};

/// Every migration, in order; generated at build time by cmake/embed_schema.cmake.
const std::vector<Migration>& Migrations();

/// Brings `db` to the latest schema, one transaction per migration, recording the version in
/// PRAGMA user_version. Returns the version reached. Tells `on_progress` (if set) before each
/// migration of a file that already had a schema; creating a new file is quick and silent.
/// Throws StorageError if the file is newer than this build or a migration fails (that migration
/// is rolled back; earlier ones stay).
int Migrate(SQLite::Database& db,
            const std::function<void(const std::string&)>& on_progress = nullptr);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_MIGRATIONS_H_
