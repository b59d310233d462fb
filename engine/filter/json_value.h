// SPDX-License-Identifier: MIT
// JSON value rules shared by the SQL functions and the evaluator: numbers, JSON text, paths.
#ifndef LOGSET_ENGINE_FILTER_JSON_VALUE_H_
#define LOGSET_ENGINE_FILTER_JSON_VALUE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace logset::filter {

/// A number as SQLite holds it: a 64-bit integer or a double.
struct Number {
  bool is_int = true;
  std::int64_t i = 0;
  double d = 0;
};

/// Parses a numeric string: optional sign, digits with an optional fraction (or a fraction
/// alone), optional exponent; nothing else, no spaces. Integers that fit 64 bits stay integers.
/// Empty for anything else, including values that overflow a double.
std::optional<Number> ParseNumericString(std::string_view text);

/// The number a JSON number holds; unsigned values above INT64_MAX become doubles, as in SQLite.
/// Empty for non-numbers.
std::optional<Number> NumberOf(const nlohmann::ordered_json& value);

/// Three-way comparison with SQLite's semantics: exact, also between integers and doubles.
int CompareNumbers(const Number& a, const Number& b);

/// The text a text operator sees in a JSON value: a string itself, anything else its compact
/// JSON text (`dump()`, as the store writes JSON).
std::string JsonText(const nlohmann::ordered_json& value);

/// Request-log `input`/`output` reach API clients as strings: a stored JSON string as is, any
/// other value as its compact text. The structure operators (`has_key`, `overlap`, `empty`) see
/// such a string as the object or array it spells, else as the string. This is the same rule
/// for stored JSON text: the compact text of the object or array a stored JSON string spells, or
/// empty when the stored value is to be used unchanged.
std::optional<std::string> UnstringStoredJson(std::string_view stored);
/// The evaluator side of UnstringStoredJson, for the string an API client sees.
nlohmann::ordered_json StructureOfApiString(const std::string& text);

/// The node at `path` below `root`, stepping only into objects; null when absent.
const nlohmann::ordered_json* FindPath(const nlohmann::ordered_json& root,
                                       const std::vector<std::string>& path);

/// The SQLite (3.40) JSON path of `keys` below the document root, e.g. `$."user_id"."a b"`, or
/// empty when a key cannot be written in such a path. SQLite compares path keys with the key's
/// JSON text as stored, escapes included, and a quoted key ends at the next `"`; so a key is
/// quoted unless it holds a `"`, is then written bare, and cannot be written at all when it also
/// holds `.` or `[`.
std::optional<std::string> SqlitePath(const std::vector<std::string>& keys);

/// `text` as an SQL string literal: single quotes, embedded quotes doubled.
std::string SqlStringLiteral(std::string_view text);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_JSON_VALUE_H_
