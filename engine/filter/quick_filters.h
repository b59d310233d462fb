// SPDX-License-Identifier: MIT
// R2/R5 quick filters: request-log filters written as URL query parameters (API.md 3, R2).
#ifndef LOGSET_ENGINE_FILTER_QUICK_FILTERS_H_
#define LOGSET_ENGINE_FILTER_QUICK_FILTERS_H_

#include <string>
#include <utility>
#include <vector>

#include "filter/filter_ast.h"

namespace logset::filter {

/// Builds one filter group from query parameters, in query order. REQUIRES: `params` holds only
/// the quick-filter parameters (decoded name, decoded value), the caller having taken out the
/// ones it handles itself (`page`, `page_size`, `sort_by`, `order_by`, `start_time`, `end_time`,
/// `environment`, `is_test`, `log_type`, `all_envs`, `include_fields`, `fetch_filters`).
/// - `f=v` is `{"f": {"operator": "", "value": ["v"]}}`;
/// - `f[value]=v`, `f[operator]=op`, `f[connector]=c` build one condition (the last of a
///   repeated part wins); a condition takes the position of its first parameter;
/// - values are strings coerced by the field's type (FILTERS.md 6); in timestamps a space before
///   a trailing `hh:mm` zone is a `+`;
/// - a name that is not a known field or a `metadata__`/`scores__` path means `metadata__<name>`;
///   there, for eq/not/in/not_in, a value spelling a number or a boolean matches that number or
///   boolean as well as the string (a query string cannot say which was meant).
/// Throws InvalidArgument (`filter.*`) whose field is the query parameter name (`cost[value]`).
Filter ParseQuickFilters(const std::vector<std::pair<std::string, std::string>>& params,
                         Resource resource);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_QUICK_FILTERS_H_
