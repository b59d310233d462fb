// SPDX-License-Identifier: MIT
// JsonWriter: compact JSON text written straight into a string, as nlohmann's dump() writes it.
#include "util/json_writer.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace logset::internal {
namespace {

using Json = nlohmann::ordered_json;

// The first byte in memory is the lowest of a loaded word only on little-endian machines; on
// others the block test still skips plain runs and the bytes are then checked one by one.
constexpr bool kLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

// The length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 if it is not one. s[i] is not ASCII.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

// A mask with the high bit set in each byte of `x` that is below 0x20, '"', '\\' or not ASCII.
// Only the lowest set byte is exact (a borrow can mark bytes above a marked one), which is all the
// caller uses: the offset of the first byte that needs attention.
uint64_t SpecialBytes(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const auto zero_bytes = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t control = (x - 0x20 * kOnes) & ~x & kHigh;
  return control | (x & kHigh) | zero_bytes(x ^ ('"' * kOnes)) | zero_bytes(x ^ ('\\' * kOnes));
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view value) {
  const size_t start = out.size();
  out.reserve(out.size() + value.size() + 2);
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < value.size();) {
    // Plain ASCII is most of a stored prompt: skip it eight bytes at a time (rendering the list
    // page spent 16% of its time in this loop when it went byte by byte).
    if (i + 8 <= value.size()) {
      uint64_t block;
      std::memcpy(&block, value.data() + i, 8);
      const uint64_t special = SpecialBytes(block);
      if (special == 0) {
        i += 8;
        continue;
      }
      if constexpr (kLittleEndian) i += static_cast<size_t>(__builtin_ctzll(special)) / 8;
    }
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const size_t length = Utf8SequenceLength(value, i);
      if (length == 0) {
        // Invalid UTF-8: rare (every stored string passed a JSON parse), so let nlohmann apply
        // its own replacement rules rather than imitate them.
        out.resize(start);
        out += Json(std::string(value)).dump(-1, ' ', false, Json::error_handler_t::replace);
        return;
      }
      i += length;
      continue;
    }
    out.append(value.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        char escaped[7];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out += escaped;
      }
    }
    run = ++i;
  }
  out.append(value.data() + run, value.size() - run);
  out += '"';
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_value_.empty()) {
    if (has_value_.back()) out_ += ',';
    has_value_.back() = true;
  }
}

void JsonWriter::BeginObject() {
  Separate();
  out_ += '{';
  has_value_.push_back(false);
}

void JsonWriter::EndObject() {
  out_ += '}';
  has_value_.pop_back();
}

void JsonWriter::BeginArray() {
  Separate();
  out_ += '[';
  has_value_.push_back(false);
}

void JsonWriter::EndArray() {
  out_ += ']';
  has_value_.pop_back();
}

void JsonWriter::Key(std::string_view name) {
  Separate();
  AppendJsonString(out_, name);
  out_ += ':';
  after_key_ = true;
}

void JsonWriter::Null() {
  Separate();
  out_ += "null";
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
}

void JsonWriter::Int(int64_t value) {
  Separate();
  out_ += std::to_string(value);
}

void JsonWriter::Double(double value) {
  Separate();
  if (!std::isfinite(value)) {
    out_ += "null";
    return;
  }
  std::array<char, 64> buffer{};
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out_.append(buffer.data(), static_cast<size_t>(end - buffer.data()));
}

void JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(out_, value);
}

void JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
}

void JsonWriter::Value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      BeginObject();
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        Key(key);
        Value(member);
      }
      EndObject();
      return;
    case Json::value_t::array:
      BeginArray();
      for (const Json& element : value) Value(element);
      EndArray();
      return;
    case Json::value_t::string:
      String(value.get_ref<const Json::string_t&>());
      return;
    case Json::value_t::boolean:
      Bool(value.get<bool>());
      return;
    case Json::value_t::number_integer:
      Int(value.get<int64_t>());
      return;
    case Json::value_t::number_unsigned:
      Separate();
      out_ += std::to_string(value.get<uint64_t>());
      return;
    case Json::value_t::number_float:
      Double(value.get<double>());
      return;
    case Json::value_t::null:
    case Json::value_t::discarded:  // dump() writes <discarded>; parsed documents never hold one
      Null();
      return;
    case Json::value_t::binary:
      Separate();
      out_ += value.dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
  }
}

std::string DumpJson(const Json& value) {
  std::string out;
  JsonWriter(out).Value(value);
  return out;
}

}  // namespace logset::internal
