// SPDX-License-Identifier: MIT
// `sort_by` / `order_by` (API.md 1.6): one field, ascending or descending, ties by id.
#ifndef LOGSET_ENGINE_API_SORTING_H_
#define LOGSET_ENGINE_API_SORTING_H_

#include <string>

#include "api/query_params.h"

namespace logset::internal {

/// The sortable resources, each with its own allow-list of fields.
enum class SortResource { kDatasets, kRequestLogs, kDatasetLogs, kEvalTasks };

/// Returns the ORDER BY clause body (without "ORDER BY") for the query's `sort_by` (or, when that
/// is absent, `order_by`), or for `default_sort` when neither is given. Ties are broken by the
/// resource's id column, ascending. Log and dataset columns are qualified by their table name
/// (`request_logs.timestamp`), so the caller selects from that table without an alias.
/// Throws InvalidArgument (`sort_by: unknown or unsortable field 'x'.`) for a field that is not
/// sortable, a JSON field, a metadata path or a comma list.
std::string OrderByClause(const QueryParams& query, SortResource resource,
                          const std::string& default_sort);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_SORTING_H_
