// SPDX-License-Identifier: MIT
// Keeping SQLite's index statistics whole: no index without a sqlite_stat1 row once any has one.
#ifndef LOGSET_ENGINE_STORE_INDEX_STATS_H_
#define LOGSET_ENGINE_STORE_INDEX_STATS_H_

namespace SQLite {
class Database;
}

namespace logset::internal {

/// Runs `ANALYZE <index>` for every index without a row in sqlite_stat1 whose table has rows
/// there for other indexes (someone ran ANALYZE, and the index came later); a table without
/// statistics is left without. Returns how many indexes were analysed. Throws SQLite::Exception
/// if SQLite fails.
///
/// Why: SQLite plans with statistics where an index has them and assumes about ten rows per key
/// where it does not, so an index added after an ANALYZE (a metadata index, a migration's new
/// index) looks a hundred thousand times more selective than it is. At a million logs the list
/// page then searched a metadata index for `org_id = ?` and sorted every log: a second a page
/// instead of a millisecond. When none of a table's indexes has statistics they all share the same
/// defaults and the plans stay sound.
int AnalyzeIndexesWithoutStats(SQLite::Database& db);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_INDEX_STATS_H_
