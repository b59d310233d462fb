// SPDX-License-Identifier: MIT
// The SQL functions every logset connection has (case folding, regex, ...), used by compiled filters.
#ifndef LOGSET_ENGINE_STORE_SQL_FUNCTIONS_H_
#define LOGSET_ENGINE_STORE_SQL_FUNCTIONS_H_

struct sqlite3;

namespace logset::internal {

/// Registers logset's deterministic SQL functions on `db`. Called by the store on every connection
/// it opens, before the connection is used. Throws StorageError if SQLite refuses a registration.
void RegisterSqlFunctions(sqlite3* db);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_SQL_FUNCTIONS_H_
