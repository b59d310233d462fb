// SPDX-License-Identifier: MIT
// How compiled SQL reads a condition's field: a typed scalar, or a JSON document and path.
#ifndef LOGSET_ENGINE_FILTER_FIELD_SQL_H_
#define LOGSET_ENGINE_FILTER_FIELD_SQL_H_

#include <set>
#include <string>

#include "filter/filter_ast.h"
#include "filter/sql_fragment.h"
#include "filter/value_coercion.h"

namespace logset::filter {

/// The SQL view of one field.
/// - Text, number, boolean, timestamp (catalog columns, scores, mapContainsKey): `scalar` is
///   the value, NULL when the field is null.
/// - Json columns: `scalar` is the text text operators see (a JSON string's content, any other
///   value's stored compact text); `doc`/`path` locate the structure (path `'$'`).
/// - Metadata paths: `doc`/`path` locate the node; `scalar` is unused.
struct FieldSql {
  FieldKind kind;
  SqlFragment scalar;
  SqlFragment doc;
  SqlFragment path;
  /// True when `path` is the literal of an expression index on `json_extract(doc, path)`.
  bool indexed = false;
  /// When `indexed`: the SQLite JSON path itself (`$."user_id"`), as CompileOptions names it.
  std::string index_path;
};

/// The SQL view of `field` on `resource`'s table. Metadata paths whose SQLite path is in
/// `indexed_paths` are written as literals, exactly as the expression index was created, so the
/// planner can use it; every other path is a bound parameter.
FieldSql FieldSqlOf(const FieldRef& field, Resource resource,
                    const std::set<std::string>& indexed_paths);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_FIELD_SQL_H_
