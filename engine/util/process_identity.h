// SPDX-License-Identifier: MIT
// Naming a running process so that another process can later tell whether it still runs.
#ifndef LOGSET_ENGINE_UTIL_PROCESS_IDENTITY_H_
#define LOGSET_ENGINE_UTIL_PROCESS_IDENTITY_H_

#include <string>

namespace logset::internal {

/// This process as "<boot id>/<pid>/<start time>": a pid alone is reused, but a pid with the
/// kernel's start time of that process, on the same boot, names one process forever. Where
/// /proc cannot be read, "?/<pid>/?".
const std::string& ThisProcessIdentity();

enum class ProcessState { kRunning, kGone, kUnknown };

/// Whether the process `identity` (from ThisProcessIdentity, possibly in another process) still
/// runs on this machine. kGone for a process of an earlier boot, or a pid now running another
/// process (or none). kUnknown when it cannot be told: an identity written without /proc (the
/// "?" form), text that is not an identity, no /proc here, or a pid /proc hides that still runs.
ProcessState ProcessStateOf(const std::string& identity);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_UTIL_PROCESS_IDENTITY_H_
