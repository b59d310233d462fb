// SPDX-License-Identifier: MIT
// The query string of a call: decoded parameters, typed getters, and re-encoding for page links.
#ifndef LOGSET_ENGINE_API_QUERY_PARAMS_H_
#define LOGSET_ENGINE_API_QUERY_PARAMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace logset::internal {

/// Percent-decodes `s`; with `plus_is_space`, '+' becomes ' ' (query strings, not paths).
std::string PercentDecode(std::string_view s, bool plus_is_space);

/// A parsed query string (API.md 1.1): percent-decoded, '+' is a space, a repeated parameter's
/// last value wins, an empty value counts as absent. Every name and value is valid UTF-8.
class QueryParams {
 public:
  struct Param {
    std::string raw;    ///< the `name=value` piece exactly as received
    std::string name;   ///< decoded
    std::string value;  ///< decoded
  };

  /// Throws InvalidArgument if a decoded name or value is not valid UTF-8.
  explicit QueryParams(std::string_view raw_query);

  /// The last non-empty value of `name`, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  /// Throws InvalidArgument (`<name>: must be true or false.`) unless true/false/1/0, any case.
  std::optional<bool> GetBool(std::string_view name) const;
  /// Every parameter in order, duplicates and empty values included.
  const std::vector<Param>& all() const { return params_; }

  /// The query string with `page` replaced in place (or appended last), other pieces untouched.
  std::string WithPage(int64_t page) const;

 private:
  std::vector<Param> params_;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_QUERY_PARAMS_H_
