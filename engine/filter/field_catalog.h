// SPDX-License-Identifier: MIT
// The field catalog: per resource, each filterable field's type, API name and SQL expression.
#ifndef LOGSET_ENGINE_FILTER_FIELD_CATALOG_H_
#define LOGSET_ENGINE_FILTER_FIELD_CATALOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "filter/filter_ast.h"

namespace logset::filter {

/// One known field of a resource (API.md 6). Identifiers in compiled SQL come only from here.
struct FieldInfo {
  std::string name;  ///< canonical API name, also the key of the field in the API object
  FieldType type;
  std::string sql;  ///< SQL expression reading it, qualified by the real table name
  bool sortable;    ///< every field except the json ones
  /// Request-log `input`/`output`: the API renders a stored non-string value as its compact JSON
  /// text, so the evaluator sees a string where the database holds structure.
  bool api_stringified = false;
};

/// The SQL table name of `resource` (`request_logs`, `dataset_logs`, `datasets`).
const char* TableName(Resource resource);

/// Every catalog field of `resource`, in API.md order (aliases not included).
const std::vector<FieldInfo>& Fields(Resource resource);

/// The catalog entry for a filter field name, resolving the filter aliases (`id` is `unique_id`
/// on logs, `total_tokens`/`all_tokens` are `total_request_tokens`). Null when `name` is not a
/// catalog field; `metadata__`/`scores__` paths are not catalog fields (see ResolveFieldName).
const FieldInfo* FindField(Resource resource, std::string_view name);

/// The catalog entry `sort_by=<name>` sorts by (without a leading `-`), resolving the sort
/// aliases: on logs `id` sorts as `timestamp` and `total_tokens`/`all_tokens` as
/// `total_request_tokens`; on datasets `id` is the `uuid` column. Null when the field is
/// unknown or not sortable (json fields, metadata and score paths).
const FieldInfo* FindSortField(Resource resource, std::string_view name);

/// True when `sort_by=<name>` is allowed (see FindSortField).
bool IsSortable(Resource resource, std::string_view name);

/// The SQL ORDER BY expression for `sort_by=<name>` (e.g. `request_logs.timestamp`), or empty
/// when the field is unknown or unsortable. The caller adds ASC/DESC and the tie-breaker.
std::optional<std::string> SortExpression(Resource resource, std::string_view name);

/// A filter field name resolved: a catalog field, a metadata path or a score.
/// Throws nothing; `ok` is false when the name is neither (the parser reports it).
struct ResolvedField {
  bool ok = false;
  FieldRef ref;
};
/// Resolves `name`: catalog fields and aliases, `metadata__a__b` (`__` separates nesting
/// levels), `metadata.a` (everything after the first dot is one key), `scores__<evaluator_id>`.
/// Metadata and score paths exist only on log resources; key segments may not be empty.
ResolvedField ResolveFieldName(Resource resource, std::string_view name);

/// True when `name` is a catalog field (or alias) of `resource` or a valid `metadata__`,
/// `metadata.` or `scores__` path. R2 quick filters map every other name to `metadata__<name>`.
bool IsKnownFieldOrPath(Resource resource, std::string_view name);

/// Splits a metadata key as written after `metadata__` into its nesting levels (`a__b` ->
/// {"a", "b"}). Empty when any level would be empty.
std::vector<std::string> SplitMetadataKey(std::string_view key);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_FIELD_CATALOG_H_
