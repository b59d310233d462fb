// SPDX-License-Identifier: MIT
// The exact number of logs a list matches, counted once per database state.
#ifndef LOGSET_ENGINE_LOGS_MATCHING_COUNT_H_
#define LOGSET_ENGINE_LOGS_MATCHING_COUNT_H_

#include <cstdint>

#include "logs/sql_where.h"

namespace logset::internal {

class ReadSession;

/// `SELECT count(*) FROM <table> WHERE <scope_column> = scope_value AND <where>` as of
/// `session`'s snapshot, through its count cache (store/count_cache.h): repeated for the same
/// query and an unchanged database it is a lookup. `table` and `scope_column` are trusted SQL
/// identifiers. Throws SQLite::Exception if SQLite fails.
int64_t CountMatching(ReadSession& session, const char* table, const char* scope_column,
                      int64_t scope_value, const SqlWhere& where);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_MATCHING_COUNT_H_
