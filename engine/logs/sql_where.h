// SPDX-License-Identifier: MIT
// SqlWhere: a parameterised WHERE fragment over one log table, and binding its values.
#ifndef LOGSET_ENGINE_LOGS_SQL_WHERE_H_
#define LOGSET_ENGINE_LOGS_SQL_WHERE_H_

#include <string>
#include <vector>

#include "filter/sql_fragment.h"

namespace SQLite {
class Statement;
}

namespace logset::internal {

/// A value bound to one `?`: null, an integer, a real or text. The filter compiler's type, so a
/// compiled filter's values append without conversion.
using SqlValue = filter::SqlValue;

/// A WHERE fragment with its bound values in placeholder order. Column names are unqualified and
/// the fragment is evaluated against one table (request_logs or dataset_logs), so it can be placed
/// in any query whose innermost FROM is that table. Values never appear in `sql`.
struct SqlWhere {
  std::string sql;  ///< empty matches every row
  std::vector<SqlValue> params;

  /// ANDs `condition` (SQL text with `?` placeholders for `values`, in order) onto the fragment.
  void And(const std::string& condition, std::vector<SqlValue> values = {});
  /// The fragment as one parenthesised condition: "(...)", or "1" when empty.
  std::string Condition() const;
};

/// Binds `values` to `statement` from parameter index `first`; returns the next free index.
int BindSqlValues(SQLite::Statement& statement, int first, const std::vector<SqlValue>& values);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_SQL_WHERE_H_
