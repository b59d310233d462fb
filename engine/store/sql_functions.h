// SPDX-License-Identifier: MIT
// The SQL functions every logset connection has (case folding, regex, ...), used by compiled
// filters.
#ifndef LOGSET_ENGINE_STORE_SQL_FUNCTIONS_H_
#define LOGSET_ENGINE_STORE_SQL_FUNCTIONS_H_

struct sqlite3;

namespace logset::internal {

/// Registers logset's deterministic SQL functions on `db`. Called by the store on every connection
/// it opens, before the connection is used. Throws StorageError if SQLite refuses a registration.
///
/// Each calls the same C++ the in-memory filter evaluator calls (filter/text_match.h,
/// filter/json_value.h, filter/regex_cache.h), so SQL and evaluator agree; all return NULL when
/// their first argument is NULL:
/// - `logset_fold(x)`: Unicode simple case folding.
/// - `logset_icontains(x, f)`: 1 if `f` (already folded) occurs in folded `x`, else 0; the same
///   as `instr(logset_fold(x), f) > 0` for UTF-8 `f`, without the folded copy.
/// - `logset_startswith(x, p)`, `logset_endswith(x, p)`: byte-wise prefix / suffix tests.
/// - `logset_regex(x, p)`: ECMAScript search of pattern `p` in `x` (compiled patterns cached).
/// - `logset_ilike(x, p)`: `p` (already folded) as a LIKE pattern against folded `x`.
/// - `logset_fts(x, q)`: every whitespace-separated word of `q` (folded) occurs in folded `x`.
/// - `logset_number(x)`: a number, or a numeric string as its number; NULL otherwise.
/// - `logset_unstring(j)`: request-log input/output structure (see UnstringStoredJson).
/// - `logset_json_path(j, keys)`: the compact JSON of the node at the JSON array of keys `keys`
///   below document `j`, or NULL; for metadata keys no SQLite JSON path can spell.
void RegisterSqlFunctions(sqlite3* db);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_SQL_FUNCTIONS_H_
