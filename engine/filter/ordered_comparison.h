// SPDX-License-Identifier: MIT
// Ordered comparisons (gt, gte, lt, lte) in SQL: the operator, and the shapes on metadata paths.
#ifndef LOGSET_ENGINE_FILTER_ORDERED_COMPARISON_H_
#define LOGSET_ENGINE_FILTER_ORDERED_COMPARISON_H_

#include <vector>

#include "filter/field_sql.h"
#include "filter/filter_ast.h"
#include "filter/sql_fragment.h"

namespace logset::filter {

/// The SQL operator of ordered operator `op`, spaces included: " > ", " >= ", " < " or " <= ".
/// REQUIRES: `op` is kGt, kGte, kLt or kLte.
const char* ComparisonOperator(Op op);

/// The number that ordered comparison `op` with `values` sees at the unindexed metadata path
/// `f`: JSON numbers and numeric strings as numbers, everything else (booleans included) NULL.
/// The boolean guard is left out when neither 0 nor 1 could satisfy the comparison, because
/// then the 1 and 0 that json_extract returns for true and false cannot match anyway.
/// REQUIRES: `f` is a metadata path; `op` is ordered; `values` are numbers or null.
SqlFragment MetadataNumber(const FieldSql& f, Op op, const std::vector<Value>& values);

/// The whole predicate "the node at `f` compares `op` to any of `values`" for a metadata path
/// with an expression index, shaped so that SQLite reads index ranges; `0` when every value is
/// null. Selects the same rows as comparing MetadataNumber with each value, provided that, when
/// `may_hold_text` is false, the index indeed holds no TEXT value.
/// REQUIRES: `f.indexed`; `op` is ordered; `values` are numbers or null.
SqlFragment IndexedMetadataOrdered(const FieldSql& f, Op op, const std::vector<Value>& values,
                                   bool may_hold_text);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_ORDERED_COMPARISON_H_
