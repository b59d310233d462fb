// SPDX-License-Identifier: MIT
// Parsing client JSON: key order kept, nesting and memory bounded, errors in the API's words.
#include "util/json_parse.h"

#include <cstring>
#include <string>

#include "logset/error.h"

namespace logset::internal {

namespace {

using Json = nlohmann::ordered_json;

// What one parsed value costs beyond its text, roughly, on a 64-bit libstdc++: the value itself,
// the heap block of an object or array, a member's key, a string too long for the small-string
// buffer. The estimate only has to tell a document built to amplify from an ordinary one.
constexpr std::size_t kValueBytes = sizeof(Json);
constexpr std::size_t kContainerBytes = 48;
constexpr std::size_t kHeapStringBytes = 32;
constexpr std::size_t kInlineString = 15;

std::size_t StringBytes(const std::string& s) {
  return s.size() > kInlineString ? s.size() + kHeapStringBytes : 0;
}

// nlohmann's own DOM builder with a depth count and a memory estimate: the same result as
// Json::parse, without the per-value std::function call and bookkeeping of its callback parser
// (a sixth of an import's time went there). A value may sit at most kMaxJsonDepth containers
// below the root container.
class BoundedDomBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;
  explicit BoundedDomBuilder(Json& result) : Base(result) {}

  bool null() { return Add(0) && Base::null(); }
  bool boolean(bool v) { return Add(0) && Base::boolean(v); }
  bool number_integer(Json::number_integer_t v) { return Add(0) && Base::number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Add(0) && Base::number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) {
    return Add(0) && Base::number_float(v, s);
  }
  bool string(Json::string_t& v) { return Add(StringBytes(v)) && Base::string(v); }
  bool binary(Json::binary_t& v) { return Add(v.size()) && Base::binary(v); }
  bool key(Json::string_t& k) { return Add(sizeof(std::string) + StringBytes(k)) && Base::key(k); }
  bool start_object(std::size_t elements) {
    Add(kContainerBytes);
    ++depth_;
    return Base::start_object(elements);
  }
  bool end_object() {
    --depth_;
    return Base::end_object();
  }
  bool start_array(std::size_t elements) {
    Add(kContainerBytes);
    ++depth_;
    return Base::start_array(elements);
  }
  bool end_array() {
    --depth_;
    return Base::end_array();
  }

 private:
  // `depth_` counts the containers around the value about to be added.
  bool Add(std::size_t extra) {
    if (depth_ > kMaxJsonDepth) {
      throw InvalidArgument("api.json_parse", "JSON parse error - nesting deeper than " +
                                                  std::to_string(kMaxJsonDepth) + " levels.");
    }
    bytes_ += kValueBytes + extra;
    if (bytes_ > kMaxJsonDomBytes) {
      throw TooLarge("api.json_too_large",
                     "Request body too large: its JSON would take over " +
                         std::to_string(kMaxJsonDomBytes >> 20) +
                         " MB in memory (too many small values).");
    }
    return true;
  }

  int depth_ = 0;
  std::size_t bytes_ = 0;
};

// nlohmann's "[json.exception.parse_error.101] reason" without the bracketed prefix.
std::string Reason(const Json::exception& e) {
  std::string reason = e.what();
  const size_t bracket = reason.find("] ");
  if (reason.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
    reason = reason.substr(bracket + 2);
  }
  return reason;
}

}  // namespace

nlohmann::ordered_json ParseJsonDocument(std::string_view text) {
  // nlohmann's lexer reads a NUL byte as the end of the input, so `{"a":1}\0junk` would parse.
  // JSON text can hold no raw NUL (inside a string it must be written \u0000).
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    const auto at = static_cast<const char*>(nul) - text.data();
    throw InvalidArgument("api.json_parse",
                          "JSON parse error - NUL byte at offset " + std::to_string(at) +
                              "; JSON text cannot contain one (write \\u0000 inside a string).");
  }
  try {
    Json result;
    BoundedDomBuilder builder(result);
    Json::sax_parse(text, &builder);
    return result;
  } catch (const Json::parse_error& e) {
    throw InvalidArgument("api.json_parse", "JSON parse error - " + Reason(e));
  } catch (const Json::out_of_range& e) {
    // 406: a number beyond the range of a double, such as 1e400.
    throw InvalidArgument("api.json_parse", "JSON parse error - " + Reason(e));
  }
}

}  // namespace logset::internal
