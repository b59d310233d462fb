// SPDX-License-Identifier: MIT
// JSON value rules shared by the SQL functions and the evaluator: numbers, JSON text, paths.
#include "filter/json_value.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace logset::filter {

using nlohmann::ordered_json;

std::optional<Number> ParseNumericString(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t digits = i - int_start;
  bool is_int = true;
  if (i < s.size() && s[i] == '.') {
    is_int = false;
    ++i;
    const size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    digits += i - frac_start;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    is_int = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t exp_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == exp_start) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::string text(s);
  Number n;
  if (is_int) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno == 0) {
      n.i = v;
      return n;
    }
  }
  errno = 0;
  double d = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(d)) return std::nullopt;
  n.is_int = false;
  n.d = d;
  return n;
}

std::optional<Number> NumberOf(const ordered_json& v) {
  Number n;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      n.i = static_cast<std::int64_t>(u);
    } else {
      n.is_int = false;
      n.d = static_cast<double>(u);
    }
    return n;
  }
  if (v.is_number_integer()) {
    n.i = v.get<std::int64_t>();
    return n;
  }
  if (v.is_number_float()) {
    n.is_int = false;
    n.d = v.get<double>();
    return n;
  }
  return std::nullopt;
}

namespace {

// Exact integer-versus-double order, as sqlite3IntFloatCompare: no precision lost either way.
int IntFloatCompare(std::int64_t i, double r) {
  if (r < -9223372036854775808.0) return 1;
  if (r >= 9223372036854775808.0) return -1;
  auto y = static_cast<std::int64_t>(r);
  if (i < y) return -1;
  if (i > y) return 1;
  auto s = static_cast<double>(i);
  if (s < r) return -1;
  if (s > r) return 1;
  return 0;
}

}  // namespace

int CompareNumbers(const Number& a, const Number& b) {
  if (a.is_int && b.is_int) return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  if (a.is_int) return IntFloatCompare(a.i, b.d);
  if (b.is_int) return -IntFloatCompare(b.i, a.d);
  return a.d < b.d ? -1 : (a.d > b.d ? 1 : 0);
}

std::string JsonText(const ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::optional<std::string> UnstringStoredJson(std::string_view stored) {
  if (stored.empty() || stored.front() != '"') return std::nullopt;
  ordered_json outer = ordered_json::parse(stored, nullptr, false);
  if (outer.is_discarded() || !outer.is_string()) return std::nullopt;
  ordered_json inner = ordered_json::parse(outer.get_ref<const std::string&>(), nullptr, false);
  if (inner.is_discarded() || !(inner.is_object() || inner.is_array())) return std::nullopt;
  return inner.dump();
}

ordered_json StructureOfApiString(const std::string& text) {
  ordered_json inner = ordered_json::parse(text, nullptr, false);
  if (!inner.is_discarded() && (inner.is_object() || inner.is_array())) return inner;
  return ordered_json(text);
}

const ordered_json* FindPath(const ordered_json& root, const std::vector<std::string>& path) {
  const ordered_json* node = &root;
  for (const std::string& key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::optional<std::string> SqlitePath(const std::vector<std::string>& keys) {
  std::string path = "$";
  for (const std::string& key : keys) {
    std::string quoted = ordered_json(key).dump();  // the key's JSON text, as stored
    std::string_view escaped(quoted);
    escaped = escaped.substr(1, escaped.size() - 2);
    if (escaped.find('"') == std::string_view::npos) {
      path += ".\"";
      path += escaped;
      path += '"';
    } else if (!escaped.empty() && escaped.find_first_of(".[") == std::string_view::npos) {
      path += '.';
      path += escaped;
    } else {
      return std::nullopt;
    }
  }
  return path;
}

std::string SqlStringLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace logset::filter
