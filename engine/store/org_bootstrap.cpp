// SPDX-License-Identifier: MIT
// The default organisation every store has from its creation.
#include "store/org_bootstrap.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "util/ids.h"
#include "util/time.h"

namespace logset::internal {

void EnsureDefaultOrganization(SQLite::Database& db) {
  // Look first: opening an existing store should not need the write lock.
  if (db.execAndGet("SELECT EXISTS (SELECT 1 FROM organizations WHERE id = 1)").getInt() != 0) {
    return;
  }
  // OR IGNORE: another process may have created it between our open and this statement.
  SQLite::Statement insert(db,
                           "INSERT OR IGNORE INTO organizations (id, uuid, name, created_at) "
                           "VALUES (1, ?, 'default', ?)");
  insert.bind(1, NewUuid());
  insert.bind(2, static_cast<int64_t>(NowMicros()));
  insert.exec();
}

}  // namespace logset::internal
