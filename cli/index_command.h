// SPDX-License-Identifier: MIT
// `logset index metadata KEY | list`: expression indexes on metadata keys.
#ifndef LOGSET_CLI_INDEX_COMMAND_H_
#define LOGSET_CLI_INDEX_COMMAND_H_

#include <iostream>
#include <string>

namespace logset::cli {

/// `logset index metadata KEY`.
struct IndexMetadataOptions {
  std::string db = "logset.db";
  std::string key;            ///< what follows `metadata__` in a filter; `a__b` is nested
  bool dataset_logs = false;  ///< index dataset logs instead of request logs
};

/// `logset index list`.
struct IndexListOptions {
  std::string db = "logset.db";
  bool json = false;
};

/// Creates (or finds) the index and prints its name. Filters on `metadata__<key>` then use it.
/// Throws InvalidArgument for a key that cannot be indexed, NotFound if there is no store.
void RunIndexMetadata(const IndexMetadataOptions& options, std::ostream& out = std::cout);

/// Prints the metadata indexes of the store: a table, or JSON with `json`.
void RunIndexList(const IndexListOptions& options, std::ostream& out = std::cout);

}  // namespace logset::cli

#endif  // LOGSET_CLI_INDEX_COMMAND_H_
