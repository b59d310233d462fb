// SPDX-License-Identifier: MIT
// The operator vocabulary: every spelling clients send, mapped to one canonical operator.
#ifndef LOGSET_ENGINE_FILTER_OPERATORS_H_
#define LOGSET_ENGINE_FILTER_OPERATORS_H_

#include <optional>
#include <string_view>

#include "filter/filter_ast.h"

namespace logset::filter {

/// The canonical operator for `name` (FILTERS.md 4): trimmed, alphabetic names matched
/// case-insensitively (`NOT IN`, `startsWith`). Empty when the name is unknown.
std::optional<Op> LookupOperator(std::string_view name);

/// What kind of operand an operator works on; the parser checks it against the field's type.
enum class OpClass {
  kEquality,  ///< eq, not, in, not_in: every field
  kOrdered,   ///< gt, gte, lt, lte: every field
  kText,      ///< contains, icontains, startswith, endswith, iexact, regex, ilike, fts
  kPresence,  ///< isnull, empty, not_empty: every field; the value is a boolean
  kKey,       ///< has_key: json fields and metadata paths
  kArray,     ///< overlap, not_overlap: json fields and metadata paths
};
OpClass ClassOf(Op op);

/// True for iexact, icontains, ilike and full_text_search, whose values the parser case folds.
bool IsCaseInsensitive(Op op);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_OPERATORS_H_
