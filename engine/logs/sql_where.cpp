// SPDX-License-Identifier: MIT
// A parameterised WHERE fragment and binding its values.
#include "logs/sql_where.h"

#include <SQLiteCpp/Statement.h>

#include <type_traits>
#include <variant>

namespace logset::internal {

void SqlWhere::And(const std::string& condition, std::vector<SqlValue> values) {
  if (!sql.empty()) sql += " AND ";
  sql += "(" + condition + ")";
  params.insert(params.end(), std::make_move_iterator(values.begin()),
                std::make_move_iterator(values.end()));
}

std::string SqlWhere::Condition() const { return sql.empty() ? "1" : "(" + sql + ")"; }

int BindSqlValues(SQLite::Statement& statement, int first, const std::vector<SqlValue>& values) {
  int i = first;
  for (const SqlValue& v : values) {
    std::visit(
        [&statement, i](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            statement.bind(i);
          } else if constexpr (std::is_same_v<T, bool>) {
            statement.bind(i, value ? 1 : 0);
          } else if constexpr (std::is_integral_v<T>) {
            statement.bind(i, static_cast<int64_t>(value));
          } else {
            statement.bind(i, value);
          }
        },
        v);
    ++i;
  }
  return i;
}

}  // namespace logset::internal
