// SPDX-License-Identifier: MIT
// A parsed filter over a log table compiled to a WHERE fragment, using the store's metadata
// indexes.
#include "logs/log_filter_sql.h"

#include "filter/filter_compiler.h"
#include "filter/metadata_index.h"

namespace logset::internal {

SqlWhere CompileLogFilter(SQLite::Database& db, const filter::Filter& filter,
                          filter::Resource resource) {
  filter::CompileOptions options;
  options.indexed_metadata_paths = filter::LoadMetadataIndexes(db, resource);
  options.index_holds_text = [&db, resource](const std::string& json_path) {
    return filter::MetadataIndexHoldsText(db, resource, json_path);
  };
  filter::CompiledFilter compiled = filter::CompileFilter(filter, resource, options);
  SqlWhere where;
  where.And(compiled.sql, std::move(compiled.params));
  return where;
}

}  // namespace logset::internal
