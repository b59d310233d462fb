// SPDX-License-Identifier: MIT
// Typed, validated reads of JSON body fields, with the 400 texts of API.md 1.3.
#ifndef LOGSET_ENGINE_UTIL_BODY_READER_H_
#define LOGSET_ENGINE_UTIL_BODY_READER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/time.h"

namespace logset::internal {

using Json = nlohmann::ordered_json;

/// Reads fields of one JSON object. Every getter returns nullopt (or nullptr) when the key is
/// absent or null, and throws InvalidArgument naming the field (`<prefix><key>: must be ...`)
/// when the value has the wrong type. `prefix` names nested objects: "metrics.", "logs[3].".
class BodyReader {
 public:
  explicit BodyReader(const Json& object, std::string prefix = {});

  /// The value at `key`, or nullptr if absent. Null values are returned.
  const Json* Find(std::string_view key) const;
  /// True if `key` is present and not null.
  bool Present(std::string_view key) const;
  /// `prefix + key`: the name errors report.
  std::string FieldName(std::string_view key) const;
  /// Throws InvalidArgument with detail "<field>: <message>" and `field` set.
  [[noreturn]] void Fail(std::string_view key, const std::string& message) const;

  std::optional<std::string> String(std::string_view key) const;
  std::optional<bool> Bool(std::string_view key) const;
  /// An integer; a float with no fraction (`40.0`) counts. With `non_negative`, < 0 is an error.
  std::optional<int64_t> Int(std::string_view key, bool non_negative = false) const;
  std::optional<double> Number(std::string_view key, bool non_negative = false) const;
  /// An ISO 8601 timestamp string (API.md 1.7).
  std::optional<Micros> Timestamp(std::string_view key) const;
  /// The object at `key` (must be an object if present and not null).
  const Json* Object(std::string_view key) const;
  /// The array at `key` (must be an array if present and not null).
  const Json* Array(std::string_view key) const;

 private:
  const Json& object_;
  std::string prefix_;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_BODY_READER_H_
