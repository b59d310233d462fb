// SPDX-License-Identifier: MIT
// Importing request logs from JSONL: one R1 body per line, streamed, committed in batches.
#ifndef LOGSET_ENGINE_LOGS_JSONL_IMPORT_H_
#define LOGSET_ENGINE_LOGS_JSONL_IMPORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "logset/store.h"

namespace logset::internal {

struct JsonlImportOptions {
  int64_t org_id = 1;                ///< organisation the logs go to; default: the default one
  std::string environment = "prod";  ///< environment of lines that name none
  std::size_t batch_size = 1000;     ///< valid lines per transaction (0 counts as 1)
};

/// Counts so far. `lines` counts every line read, blank ones included, so line numbers match it.
struct JsonlImportProgress {
  int64_t lines = 0;
  int64_t imported = 0;
  int64_t failed = 0;
};

/// A line that was not imported: its 1-based number and the 400 detail R1 would have given.
struct JsonlLineError {
  int64_t line = 0;
  std::string reason;
};

/// Optional observers, called on the importing thread.
struct JsonlImportCallbacks {
  std::function<void(const JsonlLineError&)> on_error;          ///< each bad line, in order
  std::function<void(const JsonlImportProgress&)> on_progress;  ///< after each commit
};

/// Reads `in` line by line (never whole: memory is bounded by the batch size and the longest
/// line) and ingests each non-blank line as an R1 body with R1's validation and defaults. A bad
/// line (malformed JSON, not an object, a field of the wrong type, over 20 MB) is reported
/// through `on_error` and skipped; good lines are kept. Valid logs are committed every
/// `batch_size` lines and at the end. Returns the final counts. Throws StorageError if the input
/// cannot be read, and lets SQLite failures propagate; batches committed before a failure stay.
JsonlImportProgress ImportRequestLogsJsonl(Store& store, std::istream& in,
                                           const JsonlImportOptions& options,
                                           const JsonlImportCallbacks& callbacks = {});

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_JSONL_IMPORT_H_
