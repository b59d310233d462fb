// SPDX-License-Identifier: MIT
// Keeping SQLite's index statistics whole: no index without a sqlite_stat1 row once any has one.
#include "store/index_stats.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

namespace logset::internal {

int AnalyzeIndexesWithoutStats(SQLite::Database& db) {
  if (!db.tableExists("sqlite_stat1")) return 0;
  std::vector<std::string> missing;
  {
    SQLite::Statement q(db,
                        "SELECT s.name FROM sqlite_schema AS s WHERE s.type = 'index' AND "
                        "NOT EXISTS (SELECT 1 FROM sqlite_stat1 AS t WHERE t.idx = s.name) AND "
                        "EXISTS (SELECT 1 FROM sqlite_stat1 AS t WHERE t.tbl = s.tbl_name) "
                        "ORDER BY s.name");
    while (q.executeStep()) missing.push_back(q.getColumn(0).getString());
  }
  for (const std::string& index : missing) {
    // Index names come from sqlite_schema; quoting keeps any name a single identifier.
    std::string quoted = "\"";
    for (const char c : index) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    db.exec("ANALYZE " + quoted + "\"");
  }
  return static_cast<int>(missing.size());
}

}  // namespace logset::internal
