// SPDX-License-Identifier: MIT
// JsonWriter: compact JSON text written straight into a string, byte for byte what
// nlohmann::ordered_json::dump() would give for the same document.
#ifndef LOGSET_ENGINE_UTIL_JSON_WRITER_H_
#define LOGSET_ENGINE_UTIL_JSON_WRITER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace logset::internal {

/// Appends one JSON document to `out` without building a DOM: list pages carry kilobytes of
/// stored JSON per log, which a DOM would parse, copy and re-escape. Stored compact JSON can be
/// spliced in as is with Raw(). Strings are escaped exactly as nlohmann's dump() escapes them
/// (with error_handler_t::replace for invalid UTF-8), numbers formatted as it formats them, so
/// the two ways of writing a response cannot be told apart.
///
/// The caller keeps the calls well formed (a Key before each member value, balanced Begin/End);
/// the writer only manages commas.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  /// The member name of the next value.
  void Key(std::string_view name);

  void Null();
  void Bool(bool value);
  void Int(int64_t value);
  /// Shortest round-trip form, ".0" on whole numbers; NaN and infinities as null (like dump()).
  void Double(double value);
  void String(std::string_view value);
  /// `json`: one complete, compact JSON value as dump() writes it (e.g. a stored JSON column).
  void Raw(std::string_view json);
  /// `value`, as `value.dump()` writes it.
  void Value(const nlohmann::ordered_json& value);

 private:
  void Separate();

  std::string& out_;
  // One entry per open container: whether it already holds a value.
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

/// `value.dump(-1, ' ', false, error_handler_t::replace)`, the same bytes, written faster: runs
/// of characters that need no escape are copied at once instead of one by one.
std::string DumpJson(const nlohmann::ordered_json& value);

/// Appends `value` to `out` as a quoted JSON string, escaped like nlohmann's dump().
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_JSON_WRITER_H_
