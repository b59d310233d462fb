// SPDX-License-Identifier: MIT
// A parsed filter over a log table compiled to a WHERE fragment, using the store's metadata
// indexes.
#ifndef LOGSET_ENGINE_LOGS_LOG_FILTER_SQL_H_
#define LOGSET_ENGINE_LOGS_LOG_FILTER_SQL_H_

#include "filter/filter_ast.h"
#include "logs/sql_where.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

/// Compiles `filter` over `resource` (request logs or dataset logs) into a SqlWhere. The metadata
/// keys the user indexed (`logset index metadata KEY`) are read from `db`, so that the compiler
/// emits exactly the indexed expression and the planner can use the index.
SqlWhere CompileLogFilter(SQLite::Database& db, const filter::Filter& filter,
                          filter::Resource resource);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_LOG_FILTER_SQL_H_
