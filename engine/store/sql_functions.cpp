// SPDX-License-Identifier: MIT
// The SQL functions every logset connection has.
#include "store/sql_functions.h"

namespace logset::internal {

void RegisterSqlFunctions(sqlite3* /*db*/) {}

}  // namespace logset::internal
