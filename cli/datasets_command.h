// SPDX-License-Identifier: MIT
// `logset datasets create|list|get|import|summary|delete|export`: the default organisation's
// datasets from the command line, through the same body readers and services as the API.
#ifndef LOGSET_CLI_DATASETS_COMMAND_H_
#define LOGSET_CLI_DATASETS_COMMAND_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace logset::cli {

/// `logset datasets create`: sampled from request logs (the default), empty (`--empty`) or a
/// copy of another dataset (`--duplicate-of`), as D1's three modes.
struct DatasetsCreateOptions {
  std::string db = "logset.db";
  std::optional<std::string> name;    ///< required unless duplicating
  std::optional<std::string> from;    ///< D1 start_time
  std::optional<std::string> to;      ///< D1 end_time
  std::optional<int64_t> sampling;    ///< percent, 1-100; default 100
  std::optional<std::string> filter;  ///< JSON filter object over request-log fields
  std::optional<std::string> seed;    ///< decimal unsigned 64-bit seed
  bool by_trace = false;
  bool empty = false;
  std::optional<std::string> duplicate_of;  ///< a dataset id
  bool json = false;
};

/// `logset datasets list`.
struct DatasetsListOptions {
  std::string db = "logset.db";
  int64_t page = 1;
  int64_t page_size = 50;  ///< clamped to 100, like the API
  std::string sort;        ///< a sort_by value (API.md 1.6); empty = -created_at
  bool json = false;
};

/// `logset datasets get|delete ID`.
struct DatasetsIdOptions {
  std::string db = "logset.db";
  std::string id;
  bool json = false;
};

/// `logset datasets import ID`: L8.
struct DatasetsImportOptions {
  std::string db = "logset.db";
  std::string id;
  std::string from;
  std::string to;
  std::optional<int64_t> sampling;
  std::optional<std::string> filter;
  std::optional<std::string> seed;
  bool by_trace = false;
  bool json = false;
};

/// `logset datasets summary ID`: S1, or S2 with `--filter`.
struct DatasetsSummaryOptions {
  std::string db = "logset.db";
  std::string id;
  std::optional<std::string> filter;  ///< JSON filter object over dataset-log fields
  bool json = false;
};

/// `logset datasets export ID`: L2 with is_exporting.
struct DatasetsExportOptions {
  std::string db = "logset.db";
  std::string id;
  std::string format = "csv";  ///< csv or jsonl
  std::optional<std::string> name;
  bool json = false;
};

/// Registers `datasets` and its subcommands on `app`, printing to `out` (which must outlive
/// parsing). SetupDatasets(app) prints to std::cout.
CLI::App* SetupDatasets(CLI::App& app, std::ostream& out);

/// Each Run function works on the default organisation of the store at `db`, prints a short
/// human summary (or with `json` the API's JSON for the same call) to `out`, and throws
/// logset::Error on failure: InvalidArgument for a bad flag value, with the API's detail but the
/// flag's name (`--sampling: must be an integer from 1 to 100.`); NotFound for an unknown dataset
/// or a missing store (reading commands never create one); StorageError if the store fails.
void RunDatasetsCreate(const DatasetsCreateOptions& options, std::ostream& out);
void RunDatasetsList(const DatasetsListOptions& options, std::ostream& out);
void RunDatasetsGet(const DatasetsIdOptions& options, std::ostream& out);
void RunDatasetsImport(const DatasetsImportOptions& options, std::ostream& out);
void RunDatasetsSummary(const DatasetsSummaryOptions& options, std::ostream& out);
void RunDatasetsDelete(const DatasetsIdOptions& options, std::ostream& out);
void RunDatasetsExport(const DatasetsExportOptions& options, std::ostream& out);

}  // namespace logset::cli

#endif  // LOGSET_CLI_DATASETS_COMMAND_H_
