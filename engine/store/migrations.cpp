// SPDX-License-Identifier: MIT
// Applies the embedded migrations in order, tracking the version in PRAGMA user_version.
#include "store/migrations.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

#include "logset/error.h"

namespace logset::internal {

int Migrate(SQLite::Database& db, const std::function<void(const std::string&)>& on_progress) {
  const auto& migrations = Migrations();
  const int latest = static_cast<int>(migrations.size());
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > latest) {
    throw StorageError("store.newer_schema",
                       "store '" + db.getFilename() + "' is at schema version " +
                           std::to_string(version) + ", newer than this logset build knows (" +
                           std::to_string(latest) + "); upgrade logset to open it.");
  }
  const bool upgrading = version > 0;
  while (version < latest) {
    const Migration& m = migrations[version];
    if (upgrading && on_progress) {
      on_progress("upgrading '" + db.getFilename() + "' to schema version " +
                  std::to_string(version + 1) + " of " + std::to_string(latest) + " (" + m.name +
                  ")");
    }
    // IMMEDIATE so that two processes opening a new file at once cannot both migrate it: the
    // second waits, then sees the new version and skips.
    db.exec("BEGIN IMMEDIATE");
    try {
      const int current = db.execAndGet("PRAGMA user_version").getInt();
      if (current == version) {
        db.exec(m.sql);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      }
      db.exec("COMMIT");
    } catch (const SQLite::Exception& e) {
      db.tryExec("ROLLBACK");
      throw StorageError("store.migration_failed",
                         std::string("migration ") + m.name + " failed: " + e.what());
    }
    version = db.execAndGet("PRAGMA user_version").getInt();
  }
  return version;
}

}  // namespace logset::internal
