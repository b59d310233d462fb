// SPDX-License-Identifier: MIT
// The `current_filters` echo of list pages: the body's filters in the per-field condition shape.
#ifndef LOGSET_ENGINE_API_CURRENT_FILTERS_H_
#define LOGSET_ENGINE_API_CURRENT_FILTERS_H_

#include <nlohmann/json.hpp>

namespace logset::internal {

/// What a list page echoes for the validated filter object `filters`: an object mapping each
/// top-level field to one object with `operator` and `value`, the shape the official client's
/// page model accepts (it drops a page holding any other shape). Shorthands become conditions: a
/// scalar is `{"operator": "eq", "value": v}`, a list of scalars `{"operator": "in", "value":
/// [..]}`, an operator-keyed object its first condition; a list of conditions is echoed as its
/// first element; a condition missing `operator` or `value` gets `"eq"` or null. Conditions keep
/// the client's spelling, values and key order; bundles are echoed as sent. A filter wrapped whole
/// in one bundle is echoed as the filter inside it. Anything but an object echoes as `{}`.
nlohmann::ordered_json CurrentFiltersEcho(const nlohmann::ordered_json& filters);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_CURRENT_FILTERS_H_
