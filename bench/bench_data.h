// SPDX-License-Identifier: MIT
// The benchmarks' shared data set: generated JSONL and a store loaded from it, reused across runs.
#ifndef LOGSET_BENCH_BENCH_DATA_H_
#define LOGSET_BENCH_BENCH_DATA_H_

#include <cstdint>
#include <string>

namespace logset::bench {

/// Where a prepared data set lives.
struct BenchData {
  std::string jsonl;  ///< DIR/logs.jsonl: `logs` lines of LogGenerator(seed)
  std::string db;     ///< DIR/store.db: those lines imported by `logset logs import`'s routine
};

/// Makes DIR/logs.jsonl and DIR/store.db hold `logs` logs of LogGenerator(`seed`), imported with
/// ImportRequestLogsJsonl, unless DIR/marker says they already do (then nothing is
/// touched, so a program may keep state such as indexes in the store between runs at its own
/// risk). Creates DIR. Prints what it generated or reused, with timings, to stdout. Exits the
/// process with a message if the import refuses a line (the generator's output must always
/// import). The store is not ANALYZEd: logset never gathers statistics itself, so the planner
/// sees what it sees in real stores (with statistics it once chose the (org_id, model) index
/// over the time range for a filtered sample and read a quarter of the table).
/// Throws std::filesystem::filesystem_error or std::ios_base::failure on I/O errors.
BenchData PrepareBenchData(const std::string& dir, int64_t logs, uint64_t seed);

}  // namespace logset::bench

#endif  // LOGSET_BENCH_BENCH_DATA_H_
