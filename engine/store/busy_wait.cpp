// SPDX-License-Identifier: MIT
// A busy handler that polls often enough to catch the pauses between a long write's chunks.
#include "store/busy_wait.h"

#include <sqlite3.h>

#include <cstdint>
#include <thread>

namespace logset::internal {
namespace {

// The handler gets only a count of earlier tries, so the start of the wait is kept per thread:
// a connection is stepped by one thread at a time and waits for one lock at a time.
thread_local std::chrono::steady_clock::time_point wait_started;

int BusyWait(void* timeout, int tries) {
  const auto now = std::chrono::steady_clock::now();
  if (tries == 0) wait_started = now;
  const auto limit = std::chrono::milliseconds(static_cast<int>(reinterpret_cast<intptr_t>(timeout)));
  if (now - wait_started >= limit) return 0;
  const std::chrono::milliseconds pause =
      tries < 2 ? std::chrono::milliseconds(1)
                : (tries < 4 ? std::chrono::milliseconds(2) : kBusyPollMax);
  std::this_thread::sleep_for(pause);
  return 1;
}

}  // namespace

void InstallBusyWait(sqlite3* db, int timeout_ms) {
  if (timeout_ms <= 0) {
    sqlite3_busy_handler(db, nullptr, nullptr);
    return;
  }
  sqlite3_busy_handler(db, BusyWait, reinterpret_cast<void*>(static_cast<intptr_t>(timeout_ms)));
}

}  // namespace logset::internal
