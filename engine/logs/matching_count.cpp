// SPDX-License-Identifier: MIT
// The exact number of logs a list matches, counted once per database state.
#include "logs/matching_count.h"

#include <SQLiteCpp/Statement.h>

#include <cstdio>
#include <string>
#include <type_traits>
#include <variant>

#include "store/store_access.h"

namespace logset::internal {
namespace {

// The statement and its values as one string that no other statement or values produce: each
// value is tagged with its type and text is length-prefixed, so no value can imitate a boundary.
std::string CountKey(const std::string& sql, int64_t scope_value,
                     const std::vector<SqlValue>& params) {
  std::string key = sql;
  key += '\0';
  key += std::to_string(scope_value);
  for (const SqlValue& v : params) {
    std::visit(
        [&key](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            key += "|n";
          } else if constexpr (std::is_same_v<T, std::string>) {
            key += "|t" + std::to_string(value.size()) + ":" + value;
          } else if constexpr (std::is_same_v<T, double>) {
            char exact[40];  // %a is exact: two reals share a key only if they are equal
            std::snprintf(exact, sizeof exact, "|r%a", value);
            key += exact;
          } else {
            key += "|i" + std::to_string(value);
          }
        },
        v);
  }
  return key;
}

}  // namespace

int64_t CountMatching(ReadSession& session, const char* table, const char* scope_column,
                      int64_t scope_value, const SqlWhere& where) {
  const std::string sql = std::string("SELECT count(*) FROM ") + table + " WHERE " + scope_column +
                          " = ? AND " + where.Condition();
  return session.CachedCount(CountKey(sql, scope_value, where.params), [&] {
    const CachedStatement count = session.Prepare(sql);
    count->bind(1, scope_value);
    BindSqlValues(*count, 2, where.params);
    count->executeStep();
    return count->getColumn(0).getInt64();
  });
}

}  // namespace logset::internal
