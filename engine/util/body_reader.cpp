// SPDX-License-Identifier: MIT
// Typed, validated reads of JSON body fields.
#include "util/body_reader.h"

#include <cmath>

#include "logset/error.h"

namespace logset::internal {

BodyReader::BodyReader(const Json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

const Json* BodyReader::Find(std::string_view key) const {
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(std::string(key));
  return it == object_.end() ? nullptr : &*it;
}

bool BodyReader::Present(std::string_view key) const {
  const Json* v = Find(key);
  return v != nullptr && !v->is_null();
}

std::string BodyReader::FieldName(std::string_view key) const { return prefix_ + std::string(key); }

void BodyReader::Fail(std::string_view key, const std::string& message) const {
  const std::string field = FieldName(key);
  throw InvalidArgument("api.invalid_field", field + ": " + message, field);
}

std::optional<std::string> BodyReader::String(std::string_view key) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) Fail(key, "must be a string.");
  return v->get<std::string>();
}

std::optional<bool> BodyReader::Bool(std::string_view key) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) Fail(key, "must be a boolean.");
  return v->get<bool>();
}

std::optional<int64_t> BodyReader::Int(std::string_view key, bool non_negative) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const char* message = non_negative ? "must be a non-negative integer." : "must be an integer.";
  int64_t out = 0;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      Fail(key, message);
    }
    out = v->get<int64_t>();
  } else if (v->is_number_float()) {
    const double d = v->get<double>();
    // 9.2e18 is the largest double below 2^63; beyond it the cast would be undefined.
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9.2e18) Fail(key, message);
    out = static_cast<int64_t>(d);
  } else {
    Fail(key, message);
  }
  if (non_negative && out < 0) Fail(key, message);
  return out;
}

std::optional<double> BodyReader::Number(std::string_view key, bool non_negative) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const char* message = non_negative ? "must be a non-negative number." : "must be a number.";
  if (!v->is_number()) Fail(key, message);
  const double d = v->get<double>();
  if (!std::isfinite(d) || (non_negative && d < 0)) Fail(key, message);
  return d;
}

std::optional<Micros> BodyReader::Timestamp(std::string_view key) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const char* message = "must be an ISO 8601 timestamp such as 2025-07-26T08:10:00Z.";
  if (!v->is_string()) Fail(key, message);
  const auto t = ParseTimestamp(v->get_ref<const std::string&>());
  if (!t) Fail(key, message);
  return t;
}

const Json* BodyReader::Object(std::string_view key) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_object()) Fail(key, "must be an object.");
  return v;
}

const Json* BodyReader::Array(std::string_view key) const {
  const Json* v = Find(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_array()) Fail(key, "must be an array.");
  return v;
}

}  // namespace logset::internal
