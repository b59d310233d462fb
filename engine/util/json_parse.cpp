// SPDX-License-Identifier: MIT
// Parsing client JSON: key order kept, nesting bounded, errors in the API's words.
#include "util/json_parse.h"

#include <string>

#include "logset/error.h"

namespace logset::internal {

nlohmann::ordered_json ParseJsonDocument(std::string_view text) {
  using Json = nlohmann::ordered_json;
  try {
    return Json::parse(text, [](int depth, Json::parse_event_t, Json&) {
      if (depth > kMaxJsonDepth) {
        throw InvalidArgument("api.json_parse", "JSON parse error - nesting deeper than " +
                                                    std::to_string(kMaxJsonDepth) + " levels.");
      }
      return true;
    });
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
