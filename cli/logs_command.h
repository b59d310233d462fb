// SPDX-License-Identifier: MIT
// `logset logs import|list|get`: request logs from the command line.
#ifndef LOGSET_CLI_LOGS_COMMAND_H_
#define LOGSET_CLI_LOGS_COMMAND_H_

#include <cstdint>
#include <iostream>
#include <string>

namespace logset::cli {

/// `logset logs import FILE.jsonl`: defaults are those of the command line.
struct LogsImportOptions {
  std::string file;  ///< a JSONL file, or "-" for stdin
  std::string db = "logset.db";
  int64_t batch = 1000;  ///< valid lines per transaction
};

/// `logset logs list`.
struct LogsListOptions {
  std::string db = "logset.db";
  int64_t page = 1;
  int64_t page_size = 50;  ///< clamped to 1000, like the API
  std::string sort;        ///< a sort_by value (API.md 1.6); empty = -timestamp
  std::string filter;      ///< a filter object as JSON text (FILTERS.md); empty = every log
  bool json = false;       ///< JSON for programs instead of a table for people
};

/// `logset logs get UID`.
struct LogsGetOptions {
  std::string db = "logset.db";
  std::string unique_id;
};

/// Imports the file into the default organisation (prod) with R1's validation: each bad line is
/// named on `err` with its number and reason, good lines are kept, and the summary line
/// "imported N, failed M" goes to `out`. Progress is shown on stderr when it is a terminal.
/// Throws InvalidArgument (exit 2) if any line failed or the file cannot be opened, and
/// StorageError (exit 5) if the store fails.
void RunLogsImport(const LogsImportOptions& options, std::istream& in = std::cin,
                   std::ostream& out = std::cout, std::ostream& err = std::cerr);

/// Prints one page of the default organisation's request logs, newest first unless `sort` says
/// otherwise: a table, or with `json` {count, page, page_size, results} where results are R2
/// items. Throws NotFound if there is no store at `db`, InvalidArgument for a bad sort field or a
/// bad filter (its detail names the JSON pointer of the offending element).
void RunLogsList(const LogsListOptions& options, std::ostream& out = std::cout);

/// Prints the request log as R3 JSON. Throws NotFound if there is no store or no such log.
void RunLogsGet(const LogsGetOptions& options, std::ostream& out = std::cout);

}  // namespace logset::cli

#endif  // LOGSET_CLI_LOGS_COMMAND_H_
