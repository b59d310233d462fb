// SPDX-License-Identifier: MIT
// How compiled SQL reads a condition's field: a typed scalar, or a JSON document and path.
#include "filter/field_sql.h"

#include <nlohmann/json.hpp>

#include "filter/field_catalog.h"
#include "filter/json_value.h"

namespace logset::filter {
namespace {

// The metadata node: `metadata` plus a bound path; a literal path when the key is indexed; a
// C++ lookup for keys SQLite paths cannot spell (a `"` together with `.` or `[`).
void LocateMetadata(const FieldRef& field, Resource resource,
                    const std::set<std::string>& indexed_paths, FieldSql* out) {
  const std::string column = std::string(TableName(resource)) + ".metadata";
  std::optional<std::string> path = SqlitePath(field.path);
  if (!path) {
    nlohmann::ordered_json keys = field.path;
    out->doc =
        SqlFragment("logset_json_path(" + column + ", ") + SqlFragment::Param(keys.dump()) + ")";
    out->path = "'$'";
    return;
  }
  out->doc = SqlFragment(column);
  out->indexed = indexed_paths.count(*path) != 0;
  if (out->indexed) out->index_path = *path;
  out->path = out->indexed ? SqlFragment(SqlStringLiteral(*path)) : SqlFragment::Param(*path);
}

void LocateJsonColumn(const FieldInfo& info, FieldSql* out) {
  const SqlFragment column(info.sql);
  // A JSON string's content for text operators, the stored compact text of anything else.
  // Stored JSON null reads as SQL NULL: API clients cannot tell the two apart.
  out->scalar = "CASE json_type(" + column + ") WHEN 'text' THEN json_extract(" + column +
                ", '$') WHEN 'null' THEN NULL ELSE " + column + " END";
  out->doc = info.api_stringified ? "logset_unstring(" + column + ")" : column;
  out->path = "'$'";
}

SqlFragment ScoreExpression(const FieldRef& field, Resource resource) {
  const std::string table = TableName(resource);
  const char* fk = resource == Resource::kRequestLog ? "request_log_id" : "dataset_log_id";
  return SqlFragment("(SELECT s.numeric_value FROM eval_scores AS s WHERE s." + std::string(fk) +
                     " = " + table + ".id AND s.evaluator_id = ") +
         SqlFragment::Param(field.evaluator_id) + ")";
}

}  // namespace

FieldSql FieldSqlOf(const FieldRef& field, Resource resource,
                    const std::set<std::string>& indexed_paths) {
  FieldSql out{KindOf(field), {}, {}, {}, false, {}};
  switch (field.kind) {
    case FieldRef::Kind::kColumn:
      if (field.column->type == FieldType::kJson) {
        LocateJsonColumn(*field.column, &out);
      } else {
        out.scalar = SqlFragment(field.column->sql);
      }
      break;
    case FieldRef::Kind::kMetadata:
      LocateMetadata(field, resource, indexed_paths, &out);
      break;
    case FieldRef::Kind::kScore:
      out.scalar = ScoreExpression(field, resource);
      break;
  }
  if (field.map_key) {
    // "Has key k" is true or false, never NULL: EXISTS over the object's members. json_each
    // yields integer keys for arrays and a NULL key for scalars, which never equal a text key.
    out.scalar = "EXISTS (SELECT 1 FROM json_each(" + out.doc + ", " + out.path +
                 ") AS k WHERE k.key = " + SqlFragment::Param(*field.map_key) + ")";
  }
  return out;
}

}  // namespace logset::filter
