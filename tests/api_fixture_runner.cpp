// SPDX-License-Identifier: MIT
// The runner of the data-driven API fixtures in tests/data/api (format: tests/data/api/README.md).
#include "api_fixture_runner.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "logset/api.h"
#include "logset/keys.h"
#include "logset/store.h"
#include "test_util.h"
#include "util/ids.h"

namespace logset::testing {
namespace {

namespace fs = std::filesystem;

/// A fixture file that does not follow the format; reported as a failure of that file.
struct FixtureError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Saved = std::map<std::string, Json>;

std::string Short(const Json& value) {
  std::string s = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return s.size() > 300 ? s.substr(0, 300) + "..." : s;
}

std::string PointerToken(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return "/" + out;
}

// Replaces each ${name} in `text` by the saved value (strings without their quotes).
std::string SubstituteText(const std::string& text, const Saved& saved) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t start = text.find("${", pos);
    const size_t end = start == std::string::npos ? start : text.find('}', start);
    if (end == std::string::npos) return out + text.substr(pos);
    const std::string name = text.substr(start + 2, end - start - 2);
    const auto it = saved.find(name);
    if (it == saved.end()) throw FixtureError("${" + name + "} was not saved by an earlier step");
    out += text.substr(pos, start - pos);
    out += it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
    pos = end + 1;
  }
}

// Substitutes inside every string, key and value. A string that is exactly `${name}` becomes the
// saved value itself, so a saved integer or object keeps its type.
Json Substitute(const Json& value, const Saved& saved) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() > 3 && s.rfind("${", 0) == 0 && s.find('}') == s.size() - 1) {
      const auto it = saved.find(s.substr(2, s.size() - 3));
      if (it != saved.end()) return it->second;
    }
    return SubstituteText(s, saved);
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) {
      out[SubstituteText(key, saved)] = Substitute(item, saved);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(Substitute(item, saved));
    return out;
  }
  return value;
}

// Compares an actual response body with the expected subset, collecting every mismatch with the
// JSON pointer where it occurs.
class BodyMatcher {
 public:
  std::vector<std::string> mismatches;

  void Match(const Json& expected, const Json& actual, const std::string& pointer, bool exact) {
    if (expected.is_string() && MatchPlaceholder(expected.get<std::string>(), actual, pointer)) {
      return;
    }
    if (expected.is_object()) {
      if (!actual.is_object()) return Fail(pointer, "expected an object, got " + Short(actual));
      for (const auto& [key, item] : expected.items()) {
        const std::string at = pointer + PointerToken(key);
        const bool absent_expected = item.is_string() && item.get<std::string>() == "<absent>";
        if (absent_expected) {
          if (actual.contains(key)) Fail(at, "expected no such key, got " + Short(actual[key]));
        } else if (!actual.contains(key)) {
          Fail(at, "missing, expected " + Short(item));
        } else {
          Match(item, actual[key], at, false);
        }
      }
      if (exact) {
        for (const auto& [key, item] : actual.items()) {
          if (!expected.contains(key)) Fail(pointer + PointerToken(key), "unexpected key");
        }
      }
      return;
    }
    if (expected.is_array()) {
      if (!actual.is_array()) return Fail(pointer, "expected an array, got " + Short(actual));
      if (actual.size() != expected.size()) {
        Fail(pointer, "expected " + std::to_string(expected.size()) + " elements, got " +
                          std::to_string(actual.size()));
      }
      for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
        Match(expected[i], actual[i], pointer + "/" + std::to_string(i), false);
      }
      return;
    }
    // Integers must stay integers (API.md 1.1); an expected float matches any equal number.
    const bool same = expected.is_number_integer()
                          ? actual.is_number_integer() && actual == expected
                      : expected.is_number_float()
                          ? actual.is_number() && actual.get<double>() == expected.get<double>()
                          : actual == expected;
    if (!same) Fail(pointer, "expected " + Short(expected) + ", got " + Short(actual));
  }

 private:
  void Fail(const std::string& pointer, const std::string& what) {
    mismatches.push_back("body" + (pointer.empty() ? std::string("/") : pointer) + ": " + what);
  }

  // True if `pattern` is a placeholder (the mismatch, if any, is recorded).
  bool MatchPlaceholder(const std::string& pattern, const Json& actual,
                        const std::string& pointer) {
    static const std::regex kTimestamp(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)");
    bool ok = false;
    if (pattern == "<any>") {
      ok = true;
    } else if (pattern == "<string>") {
      ok = actual.is_string();
    } else if (pattern == "<number>") {
      ok = actual.is_number();
    } else if (pattern == "<integer>") {
      ok = actual.is_number_integer();
    } else if (pattern == "<uuid>") {
      ok = actual.is_string() && internal::IsUuid(actual.get<std::string>());
    } else if (pattern == "<logid>") {
      ok = actual.is_string() && internal::IsLogId(actual.get<std::string>());
    } else if (pattern == "<timestamp>") {
      ok = actual.is_string() && std::regex_match(actual.get<std::string>(), kTimestamp);
    } else if (pattern == "<absent>") {
      ok = false;  // reached only outside an object, where "absent" means nothing
    } else {
      return false;
    }
    if (!ok) Fail(pointer, "expected " + pattern + ", got " + Short(actual));
    return true;
  }
};

void RequireKeys(const Json& object, const std::string& where,
                 const std::vector<std::string>& allowed) {
  if (!object.is_object()) throw FixtureError(where + " must be an object");
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw FixtureError(where + " has unknown key \"" + key + "\"");
    }
  }
}

std::string StringField(const Json& object, const std::string& key, const std::string& where,
                        const Saved& saved, const std::string& fallback = "") {
  if (!object.contains(key)) return fallback;
  if (!object[key].is_string()) throw FixtureError(where + "." + key + " must be a string");
  return SubstituteText(object[key].get<std::string>(), saved);
}

std::string HexDecode(const std::string& hex) {
  if (hex.size() % 2 != 0) throw FixtureError("raw_body_hex must have an even length");
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!std::isxdigit(static_cast<unsigned char>(hex[i])) ||
        !std::isxdigit(static_cast<unsigned char>(hex[i + 1]))) {
      throw FixtureError("raw_body_hex must be hex digits");
    }
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

ApiRequest BuildRequest(const Json& request, const Saved& saved) {
  RequireKeys(request, "request",
              {"method", "path", "query", "auth", "host", "forwarded_proto", "body", "raw_body",
               "raw_body_hex"});
  if (!request.contains("method") || !request.contains("path")) {
    throw FixtureError("request needs method and path");
  }
  ApiRequest r;
  r.method = StringField(request, "method", "request", saved);
  r.path = StringField(request, "path", "request", saved);
  r.query = StringField(request, "query", "request", saved);
  r.host = StringField(request, "host", "request", saved);
  r.forwarded_proto = StringField(request, "forwarded_proto", "request", saved);
  if (request.contains("auth") && request["auth"].is_null()) {
    r.authorization.clear();
  } else {
    r.authorization = StringField(request, "auth", "request", saved, "Bearer test-key");
  }
  const int bodies = static_cast<int>(request.contains("body")) +
                     static_cast<int>(request.contains("raw_body")) +
                     static_cast<int>(request.contains("raw_body_hex"));
  if (bodies > 1) throw FixtureError("request has more than one of body, raw_body, raw_body_hex");
  if (request.contains("body")) r.body = Substitute(request["body"], saved).dump();
  r.body += StringField(request, "raw_body", "request", saved);
  if (request.contains("raw_body_hex")) {
    if (!request["raw_body_hex"].is_string()) throw FixtureError("raw_body_hex must be a string");
    r.body = HexDecode(request["raw_body_hex"].get<std::string>());
  }
  return r;
}

// Checks one response against `expect`; returns the mismatches.
std::vector<std::string> CheckResponse(const Json& expect, const ApiResult& result,
                                       const Saved& saved) {
  RequireKeys(expect, "expect", {"status", "body", "headers", "body_exact"});
  if (!expect.contains("status") || !expect["status"].is_number_integer()) {
    throw FixtureError("expect.status must be an integer");
  }
  std::vector<std::string> out;
  if (result.status != expect["status"].get<int>()) {
    out.push_back("status: expected " + expect["status"].dump() + ", got " +
                  std::to_string(result.status));
  }
  if (expect.contains("body")) {
    const Json body = Substitute(expect["body"], saved);
    if (body.is_null()) {
      if (!result.raw_body.empty()) out.push_back("body: expected empty, got " + result.raw_body);
    } else if (result.body.is_discarded() || result.raw_body.empty()) {
      out.push_back("body: expected JSON, got \"" + result.raw_body.substr(0, 300) + "\"");
    } else {
      BodyMatcher matcher;
      const bool exact = expect.value("body_exact", false);
      matcher.Match(body, result.body, "", exact);
      out.insert(out.end(), matcher.mismatches.begin(), matcher.mismatches.end());
    }
  }
  return out;
}

std::vector<std::string> CheckHeaders(const Json& expect, const ApiResult& result,
                                      const Saved& saved) {
  std::vector<std::string> out;
  if (!expect.contains("headers")) return out;
  const Json& headers = expect["headers"];
  if (!headers.is_object()) throw FixtureError("expect.headers must be an object");
  // Content-Type is implied by a non-empty body (ApiResponse), as the HTTP adapter sends it.
  ApiResult with_type = result;
  if (!result.raw_body.empty() && !result.Header("Content-Type")) {
    with_type.headers.emplace_back("Content-Type", "application/json");
  }
  for (const auto& [name, value] : headers.items()) {
    const auto actual = with_type.Header(name);
    if (value.is_null()) {
      if (actual) out.push_back("header " + name + ": expected absent, got \"" + *actual + "\"");
    } else if (!value.is_string()) {
      throw FixtureError("expect.headers." + name + " must be a string or null");
    } else {
      const std::string wanted = SubstituteText(value.get<std::string>(), saved);
      if (actual != wanted) {
        out.push_back("header " + name + ": expected \"" + wanted + "\", got " +
                      (actual ? "\"" + *actual + "\"" : std::string("none")));
      }
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> RunFixture(const fs::path& file) {
  const std::string name = file.filename().string();
  Json fixture;
  try {
    fixture = Json::parse(ReadFileBytes(file));
  } catch (const Json::exception& e) {
    return {name + ": not valid JSON: " + e.what()};
  }
  std::string where = name;
  try {
    RequireKeys(fixture, "the fixture", {"description", "keys", "steps"});
    if (!fixture.contains("steps") || !fixture["steps"].is_array() || fixture["steps"].empty()) {
      throw FixtureError("steps must be a non-empty array");
    }
    auto store = OpenMemoryStore();
    for (const Json& key : fixture.value("keys", Json::array())) {
      RequireKeys(key, "keys[]", {"org", "key", "environment"});
      AddApiKey(*store, key.at("org").get<std::string>(),
                key.value("environment", std::string("prod")), key.at("key").get<std::string>());
    }
    const Api api(*store);
    Saved saved;
    for (size_t i = 0; i < fixture["steps"].size(); ++i) {
      const Json& step = fixture["steps"][i];
      where = name + " step " + std::to_string(i);
      RequireKeys(step, "step", {"description", "request", "expect", "save"});
      if (!step.contains("request") || !step.contains("expect")) {
        throw FixtureError("a step needs request and expect");
      }
      const ApiRequest request = BuildRequest(step["request"], saved);
      where += " (" + request.method + " " + request.path +
               (request.query.empty() ? "" : "?" + request.query) + ")";
      const ApiResult result = ApiSend(api, request);
      std::vector<std::string> failures = CheckResponse(step["expect"], result, saved);
      const auto header_failures = CheckHeaders(step["expect"], result, saved);
      failures.insert(failures.end(), header_failures.begin(), header_failures.end());
      const Json saves = step.value("save", Json::object());
      if (!saves.is_object()) throw FixtureError("save must be an object");
      for (const auto& [save_name, pointer] : saves.items()) {
        if (!pointer.is_string()) throw FixtureError("save." + save_name + " must be a string");
        const Json::json_pointer ptr(pointer.get<std::string>());
        if (result.body.is_discarded() || !result.body.contains(ptr)) {
          failures.push_back("save " + save_name + ": response has no " +
                             pointer.get<std::string>());
        } else {
          saved[save_name] = result.body[ptr];
        }
      }
      if (!failures.empty()) {
        // Later steps build on this one, so the file stops at its first failing step.
        for (std::string& f : failures) f = where + ": " + f;
        failures.push_back(where + ": response was " + std::to_string(result.status) + " " +
                           result.raw_body.substr(0, 500));
        return failures;
      }
    }
  } catch (const FixtureError& e) {
    return {where + ": malformed fixture: " + e.what()};
  } catch (const std::exception& e) {
    return {where + ": " + e.what()};
  }
  return {};
}

std::vector<fs::path> FixtureFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(LOGSET_TEST_DATA_DIR) / "api")) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace logset::testing
