// SPDX-License-Identifier: MIT
// `logset bench generate`: reproducible request-log JSONL for benchmarks and demos.
#ifndef LOGSET_CLI_BENCH_COMMAND_H_
#define LOGSET_CLI_BENCH_COMMAND_H_

#include <cstdint>
#include <iostream>
#include <string>

namespace logset::cli {

/// `logset bench generate --logs N --seed S (--out FILE.jsonl | --db PATH)`.
struct BenchGenerateOptions {
  int64_t logs = 100000;
  uint64_t seed = 42;
  std::string out;  ///< the JSONL file to write (replaced), or "-" for stdout
  std::string db;   ///< instead of `out`: import the logs straight into this store
};

/// Makes `logs` R1 bodies from bench::LogGenerator(seed), streaming (memory stays flat whatever
/// the count); the same seed and count always give the same bytes. With `out`, writes them one
/// per line and, unless writing to stdout, prints "wrote N logs (B bytes) to FILE" on `out`.
/// With `db`, imports them into the default organisation of that store (created if missing) as
/// `logset logs import` would, without a file, and prints "imported N logs into PATH". Throws
/// InvalidArgument (exit 2) unless exactly one of `out` and `db` is given or if the file cannot
/// be created, StorageError (exit 5) if a write or the store fails.
void RunBenchGenerate(const BenchGenerateOptions& options, std::ostream& out = std::cout);

}  // namespace logset::cli

#endif  // LOGSET_CLI_BENCH_COMMAND_H_
