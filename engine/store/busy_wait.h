// SPDX-License-Identifier: MIT
// How a connection waits for another connection's write lock.
#ifndef LOGSET_ENGINE_STORE_BUSY_WAIT_H_
#define LOGSET_ENGINE_STORE_BUSY_WAIT_H_

#include <chrono>

struct sqlite3;

namespace logset::internal {

/// The longest a waiting connection sleeps between two tries for the lock. Long writes leave the
/// lock free for a pause longer than this between their chunks (see dataset_build.h), so a writer
/// waiting in any logset process is sure to try during the pause.
inline constexpr std::chrono::milliseconds kBusyPollMax{4};

/// Replaces SQLite's busy timeout on `db` with a handler that retries for up to `timeout_ms`
/// (measured on the clock, not summed sleeps), sleeping 1 ms, then 2, then kBusyPollMax between
/// tries. SQLite's own handler sleeps up to 100 ms between tries and so never sees the short gaps
/// a chunked writer leaves. `timeout_ms` <= 0: never wait.
void InstallBusyWait(sqlite3* db, int timeout_ms);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_BUSY_WAIT_H_
