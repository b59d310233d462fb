// SPDX-License-Identifier: MIT
// The SQL shape of one group's left fold, kept within what SQLite's parser can read.
#ifndef LOGSET_ENGINE_FILTER_TERM_FOLD_H_
#define LOGSET_ENGINE_FILTER_TERM_FOLD_H_

#include <vector>

#include "filter/filter_ast.h"
#include "filter/sql_fragment.h"

namespace logset::filter {

/// One compiled term of a group.
struct FoldPart {
  SqlFragment sql;  ///< a condition's predicate or a nested group's fold: safe as an operand of
                    ///< AND/OR (atomic or parenthesised)
  Connector connector = Connector::kAnd;  ///< ignored on the first part
  int nesting = 0;  ///< 0 for a condition, else 1 + the deepest nesting among the group's terms
};

/// The left fold of FILTERS.md (`acc = t1`, then `acc = acc <connector> t_i`) as one SQL boolean
/// that is true exactly when the fold is, for every part value including NULL.
///
/// Written naively, a fold nests one parenthesis per term and one per nested bundle, and SQLite
/// 3.40 fails past about 90 open parentheses ("parser stack overflow") or an expression depth of
/// 1,000, while a filter may hold 1,000 conditions in bundles 32 deep. So: a short, shallow fold keeps
/// the naive form; a fold with one connector becomes flat runs; any other fold is
/// split at its most nested part h as `(acc_h AND A) OR B` (A: the AND-joined parts after h; B:
/// the fold of the parts after h started from false), which puts the nested part first, where a
/// level costs the parser one parenthesis, and writes the rest as flat lists.
/// REQUIRES: `parts` is not empty.
SqlFragment FoldTerms(const std::vector<FoldPart>& parts);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_TERM_FOLD_H_
