// SPDX-License-Identifier: MIT
// Running one piece of benchmark work in a forked child, so its memory stays out of the parent's.
#ifndef LOGSET_BENCH_CHILD_PROCESS_H_
#define LOGSET_BENCH_CHILD_PROCESS_H_

#include <functional>
#include <optional>
#include <string>

namespace logset::bench {

/// Forks, runs `work` in the child and returns the string it produced, or nullopt if it threw
/// (its message is printed to stderr with `what`), or the child died or exited otherwise. Peak
/// RSS measured with getrusage(RUSAGE_CHILDREN) afterwards is the child's. stdout is flushed
/// before the fork so that nothing buffered is printed twice. REQUIRES: no other threads (fork
/// copies only the calling one).
std::optional<std::string> RunInChild(const std::string& what,
                                      const std::function<std::string()>& work);

}  // namespace logset::bench

#endif  // LOGSET_BENCH_CHILD_PROCESS_H_
