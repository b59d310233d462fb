// SPDX-License-Identifier: MIT
// Parsing client JSON: key order kept, nesting bounded, errors in the API's words.
#include "util/json_parse.h"

#include <string>

#include "logset/error.h"

namespace logset::internal {

namespace {

using Json = nlohmann::ordered_json;

// nlohmann's own DOM builder with a depth count: the same result as Json::parse, without the
// per-value std::function call and bookkeeping of its callback parser (a sixth of an import's
// time went there). A value may sit at most kMaxJsonDepth containers below the root container.
class DepthLimitedDomBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;
  explicit DepthLimitedDomBuilder(Json& result) : Base(result) {}

  bool null() { return Check() && Base::null(); }
  bool boolean(bool v) { return Check() && Base::boolean(v); }
  bool number_integer(Json::number_integer_t v) { return Check() && Base::number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Check() && Base::number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) {
    return Check() && Base::number_float(v, s);
  }
  bool string(Json::string_t& v) { return Check() && Base::string(v); }
  bool binary(Json::binary_t& v) { return Check() && Base::binary(v); }
  bool start_object(std::size_t elements) {
    Check();
    ++depth_;
    return Base::start_object(elements);
  }
  bool end_object() {
    --depth_;
    return Base::end_object();
  }
  bool start_array(std::size_t elements) {
    Check();
    ++depth_;
    return Base::start_array(elements);
  }
  bool end_array() {
    --depth_;
    return Base::end_array();
  }

 private:
  // `depth_` counts the containers around the value about to be added.
  bool Check() const {
    if (depth_ > kMaxJsonDepth) {
      throw InvalidArgument("api.json_parse", "JSON parse error - nesting deeper than " +
                                                  std::to_string(kMaxJsonDepth) + " levels.");
    }
    return true;
  }

  int depth_ = 0;
};

}  // namespace

nlohmann::ordered_json ParseJsonDocument(std::string_view text) {
  try {
    Json result;
    DepthLimitedDomBuilder builder(result);
    Json::sax_parse(text, &builder);
    return result;
  } catch (const Json::parse_error& e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep its reason.
    std::string reason = e.what();
    const size_t bracket = reason.find("] ");
    if (reason.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
      reason = reason.substr(bracket + 2);
    }
    throw InvalidArgument("api.json_parse", "JSON parse error - " + reason);
  }
}

}  // namespace logset::internal
