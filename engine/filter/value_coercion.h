// SPDX-License-Identifier: MIT
// Typing of filter values (FILTERS.md 6): which operators a field takes, and value coercion.
#ifndef LOGSET_ENGINE_FILTER_VALUE_COERCION_H_
#define LOGSET_ENGINE_FILTER_VALUE_COERCION_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "filter/filter_ast.h"

namespace logset::filter {

/// How a condition's field behaves for typing: its catalog type, or the untyped metadata path.
enum class FieldKind { kText, kNumber, kBoolean, kTimestamp, kJson, kMetadata };
FieldKind KindOf(const FieldRef& field);

/// "integer field 'status_code'", "metadata path 'metadata__a'": for error messages.
std::string DescribeField(const FieldRef& field);

/// True when `op` may be used on `field` (text operators need text, json or metadata; has_key
/// and overlap need json or metadata).
bool OperatorApplies(const FieldRef& field, Op op);

/// Coerces a condition's `value` (a scalar or a list of scalars; null when missing) for `op` on
/// `field`, and compiles regex patterns into `regexes`. Throws InvalidArgument at `pointer` (or
/// `pointer/<i>` for a list element) for a value of the wrong type, a list over 100,000 values
/// or an invalid regex. REQUIRES: OperatorApplies(field, op).
std::vector<Value> CoerceValues(const FieldRef& field, Op op, const nlohmann::ordered_json& value,
                                const std::string& pointer, bool from_query_string,
                                std::vector<std::shared_ptr<const Regex>>* regexes);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_VALUE_COERCION_H_
