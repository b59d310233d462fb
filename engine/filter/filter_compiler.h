// SPDX-License-Identifier: MIT
// The SQL back end: a filter AST to a parameterised boolean SQL expression.
#ifndef LOGSET_ENGINE_FILTER_FILTER_COMPILER_H_
#define LOGSET_ENGINE_FILTER_FILTER_COMPILER_H_

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "filter/filter_ast.h"
#include "filter/sql_fragment.h"

namespace SQLite {
class Statement;
}

namespace logset::filter {

/// A compiled filter: a boolean SQL expression over the resource's table, referenced by its real
/// name (`request_logs`, `dataset_logs`, `datasets`) and never aliased, plus the values of its
/// `?` placeholders in order. An empty filter compiles to `1`. Callers write e.g.
/// `SELECT ... FROM request_logs WHERE request_logs.org_id = ? AND (<sql>)`.
struct CompiledFilter {
  std::string sql;
  std::vector<SqlValue> params;
};

struct CompileOptions {
  /// SQLite JSON paths (`$."user_id"`) of the metadata keys that have an expression index on
  /// the resource's table; the compiler writes these paths as literals so that the emitted
  /// expression is exactly the indexed one. Obtain with LoadMetadataIndexes (metadata_index.h).
  /// Default: none.
  std::set<std::string> indexed_metadata_paths;
  /// Whether the index on one of `indexed_metadata_paths` may hold a TEXT value (a JSON string,
  /// object or array) in the snapshot the SQL will run against. When it cannot, an ordered
  /// comparison on the path is one bare index range, with no per-entry type check. Obtain with
  /// MetadataIndexHoldsText (metadata_index.h), in the transaction that runs the SQL. Default
  /// (unset): every index may hold text.
  std::function<bool(const std::string& json_path)> index_holds_text;
};

/// Compiles `filter` (parsed for `resource`) to SQL. Pure: the same filter and options (and
/// answers of `index_holds_text`) give the same text and parameters. Every value is a bound
/// parameter; identifiers come from the field catalog only; lists of several values are one bound
/// JSON array read with json_each. The SQL uses logset's SQL functions (store/sql_functions.h), so
/// it runs only on connections where RegisterSqlFunctions was called.
CompiledFilter CompileFilter(const Filter& filter, Resource resource,
                             const CompileOptions& options = {});

/// Binds `params` to `statement`'s placeholders `first_index`, `first_index + 1`, ... (1-based,
/// as SQLite counts). Throws SQLite::Exception if an index is out of range.
void BindParams(SQLite::Statement& statement, int first_index, const std::vector<SqlValue>& params);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_FILTER_COMPILER_H_
