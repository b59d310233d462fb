// SPDX-License-Identifier: MIT
// The filter parser: client JSON (FILTERS.md) to the AST, with every validation and coercion.
#ifndef LOGSET_ENGINE_FILTER_FILTER_PARSER_H_
#define LOGSET_ENGINE_FILTER_FILTER_PARSER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "filter/filter_ast.h"

namespace logset::filter {

/// Limits of FILTERS.md 8.
constexpr int kMaxBundleDepth = 32;
constexpr int kMaxConditions = 1000;
constexpr size_t kMaxListValues = 100000;

struct ParseOptions {
  /// The connector of top-level terms that do not give their own (R2's body key `operator`).
  /// Default AND.
  Connector default_connector = Connector::kAnd;
  /// Values come from a URL query string: in timestamps a space directly before a trailing
  /// `hh:mm` zone is read as `+` (API.md 1.7). Default false.
  bool from_query_string = false;
};

/// Parses a filter object (FILTERS.md 1-8) over the fields of `resource`. `pointer_prefix` is
/// the RFC 6901 pointer of `filters` in the request body (`/filters`, `/initial_log_filters`;
/// empty for a bare filter such as the CLI's `--filter`); every error names the pointer of the
/// offending element below it. Throws InvalidArgument (tag `filter.*`, `field()` the pointer,
/// `detail()` starting with it) for a non-object `filters`, an unknown field or operator, a value
/// of the wrong type, an invalid regex, a bad connector, an entry that is not an object or array,
/// extra keys in a condition, bundles nested deeper than 32, more than 1,000 conditions, or a
/// list of more than 100,000 values.
Filter ParseFilter(const nlohmann::ordered_json& filters, Resource resource,
                   const std::string& pointer_prefix, const ParseOptions& options = {});

/// The AND of two filters, each kept as one group (R2: quick filters AND body filters).
Filter AndFilters(Filter a, Filter b);

/// The RFC 6901 form of one pointer token (`~` -> `~0`, `/` -> `~1`).
std::string EscapePointerToken(const std::string& token);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_FILTER_PARSER_H_
