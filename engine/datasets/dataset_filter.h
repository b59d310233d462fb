// SPDX-License-Identifier: MIT
// The filters of the dataset endpoints: read from a request body, kept with the client's JSON for
// echoing, and compiled to SQL. The one place dataset-side filters become WHERE fragments.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_FILTER_H_
#define LOGSET_ENGINE_DATASETS_DATASET_FILTER_H_

#include <string_view>

#include "filter/filter_ast.h"
#include "logs/sql_where.h"
#include "util/body_reader.h"

namespace SQLite {
class Database;
}

namespace logset::internal {

/// A validated filter from a request body, over one resource's fields (API.md 6: request-log
/// fields for D1 `initial_log_filters`, L7 c and L8; dataset fields for D2; dataset-log fields for
/// L2, L9 and S2).
struct BodyFilter {
  /// The empty filter (matches everything) over `resource`.
  explicit BodyFilter(filter::Resource over = filter::Resource::kDatasetLog) : resource(over) {}

  filter::Resource resource;
  /// The client's object exactly as sent (key order, scalars, operator spelling), `{}` when
  /// absent: what `current_filters`, `initial_log_filters` and `sampling_info.filters` echo.
  Json json = Json::object();
  filter::Filter ast;

  /// True when the filter holds no condition, not even inside a bundle, and so matches every
  /// row (`{}`, or `{"group": {"filter_params": {}}}`).
  bool Empty() const;
};

/// Reads body key `key` as a filter over `resource`; absent or null is the empty filter. Throws
/// InvalidArgument: `<key>: must be an object.` (field `<key>`) for a value that is not an
/// object, and the filter parser's errors (FILTERS.md 8) with field and detail naming the JSON
/// pointer below `/<key>` (e.g. `/initial_log_filters/cost/operator`).
BodyFilter ReadBodyFilter(const BodyReader& body, std::string_view key, filter::Resource resource);

/// Parses a bare filter object (the CLI's `--filter` JSON) as ReadBodyFilter would read it at
/// body key `key`, so errors name the same pointers as the API's. Throws as ReadBodyFilter.
BodyFilter ParseBodyFilter(const Json& filters, std::string_view key, filter::Resource resource);

/// `filter` as a WHERE fragment over its resource's table (columns qualified by the real table
/// name, never aliased), using the metadata expression indexes `db` has. An empty filter gives an
/// empty fragment. REQUIRES: `db` is inside a session.
SqlWhere CompileBodyFilter(SQLite::Database& db, const BodyFilter& filter);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_FILTER_H_
