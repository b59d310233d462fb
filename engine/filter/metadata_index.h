// SPDX-License-Identifier: MIT
// Expression indexes on metadata keys: creating them, and telling the compiler which exist.
#ifndef LOGSET_ENGINE_FILTER_METADATA_INDEX_H_
#define LOGSET_ENGINE_FILTER_METADATA_INDEX_H_

#include <set>
#include <string>
#include <vector>

#include "filter/filter_ast.h"

namespace SQLite {
class Database;
}

namespace logset::filter {

/// One metadata expression index. The index itself is the record: its name starts with
/// `<table>_metadata_` and its definition in sqlite_schema holds the JSON path, so the list
/// can never disagree with the indexes that exist (a user may drop one by hand).
struct MetadataIndex {
  Resource resource;       ///< kRequestLog or kDatasetLog
  std::string key;         ///< as given: what follows `metadata__` in a filter (`a__b` nests)
  std::string json_path;   ///< SQLite JSON path, e.g. `$."user_id"`
  std::string index_name;  ///< e.g. `request_logs_metadata_5f1c...`
};

/// Creates the expression index `json_extract(metadata, '<path>')` for metadata key `key` on
/// `resource`'s table (after `org_id` for request logs, `dataset_id` for dataset logs);
/// idempotent (an existing index is returned as is). Afterwards
/// LoadMetadataIndexes reports it and filters on `metadata__<key>` can use the index. Throws
/// InvalidArgument (tag `index.invalid_key`, field `key`) when `resource` has no metadata, or
/// `key` is empty, has an empty level or cannot be written as an SQLite JSON path (it holds `"`
/// together with `.` or `[`); StorageError when SQLite fails (e.g. the file is read-only).
MetadataIndex CreateMetadataIndex(SQLite::Database& db, Resource resource, const std::string& key);

/// Every metadata index, request logs first, then by index name. Throws StorageError.
std::vector<MetadataIndex> ListMetadataIndexes(SQLite::Database& db);

/// The JSON paths of `resource`'s indexed metadata keys: the value of
/// CompileOptions::indexed_metadata_paths. Empty for datasets. Cached per connection and checked
/// against the schema version on every call (a header read), so it always reflects the
/// connection's current snapshot; thread-safe across connections. Throws StorageError.
std::set<std::string> LoadMetadataIndexes(SQLite::Database& db, Resource resource);

/// Whether the index on `json_path` (one of LoadMetadataIndexes' paths) may hold a TEXT value:
/// CompileOptions::index_holds_text. Request logs are probed, one index seek per organisation,
/// so the answer is exact for the caller's snapshot: callers ask inside the transaction that
/// runs the compiled SQL. Dataset-log indexes are not probed (one seek per dataset would be too
/// many) and always may. Throws StorageError.
bool MetadataIndexHoldsText(SQLite::Database& db, Resource resource, const std::string& json_path);

/// The query MetadataIndexHoldsText runs for a request-log path (for plan tests).
std::string MetadataTextProbe(const std::string& json_path);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_METADATA_INDEX_H_
