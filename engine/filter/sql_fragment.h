// SPDX-License-Identifier: MIT
// A piece of SQL text with the values bound to its `?` placeholders, in order.
#ifndef LOGSET_ENGINE_FILTER_SQL_FRAGMENT_H_
#define LOGSET_ENGINE_FILTER_SQL_FRAGMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace logset::filter {

/// A value bound to a placeholder: null, integer, real or text.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// SQL text plus its parameters. Appending a fragment appends its parameters, so a fragment used
/// twice binds its values twice and placeholders always stay positional.
struct SqlFragment {
  std::string text;
  std::vector<SqlValue> params;

  SqlFragment() = default;
  SqlFragment(const char* sql) : text(sql) {}  // NOLINT: literal SQL reads naturally
  explicit SqlFragment(std::string sql) : text(std::move(sql)) {}

  /// A lone placeholder bound to `value`.
  static SqlFragment Param(SqlValue value) {
    SqlFragment f("?");
    f.params.push_back(std::move(value));
    return f;
  }

  SqlFragment& operator+=(const SqlFragment& other) {
    text += other.text;
    params.insert(params.end(), other.params.begin(), other.params.end());
    return *this;
  }
  SqlFragment& operator+=(const char* sql) {
    text += sql;
    return *this;
  }
};

inline SqlFragment operator+(SqlFragment a, const SqlFragment& b) { return a += b; }
inline SqlFragment operator+(SqlFragment a, const char* b) { return a += b; }
inline SqlFragment operator+(const char* a, const SqlFragment& b) { return SqlFragment(a) += b; }

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_SQL_FRAGMENT_H_
