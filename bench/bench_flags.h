// SPDX-License-Identifier: MIT
// The command-line flags every benchmark program shares, with the same checks everywhere.
#ifndef LOGSET_BENCH_BENCH_FLAGS_H_
#define LOGSET_BENCH_BENCH_FLAGS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace logset::bench {

/// Adds --logs (1 to 10^9), --seed (an unsigned 64-bit integer; CLI11 alone would wrap "-1"
/// around to 2^64 - 1 rather than refuse it) and --dir (not empty), showing their defaults.
inline void AddDataFlags(CLI::App& app, long& logs, uint64_t& seed, std::string& dir,
                         const std::string& dir_help) {
  app.add_option("--logs", logs, "Generated request logs")
      ->check(CLI::Range(1L, 1000000000L))
      ->capture_default_str();
  app.add_option("--seed", seed, "Generator seed")
      ->check(
          [](const std::string& s) { return s.rfind('-', 0) == 0 ? "must not be negative" : ""; })
      ->capture_default_str();
  app.add_option("--dir", dir, dir_help)
      ->check([](const std::string& s) { return s.empty() ? "must not be empty" : ""; })
      ->capture_default_str();
}

/// Adds --reps: how many times each measurement runs (1 to 10^6); the best run counts.
inline void AddRepsFlag(CLI::App& app, int& reps, const std::string& help) {
  app.add_option("--reps", reps, help)->check(CLI::Range(1, 1000000))->capture_default_str();
}

/// Parses argv into `app`'s options; on --help or a bad value prints CLI11's message and exits
/// the process with its status.
inline void ParseOrExit(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
}

}  // namespace logset::bench

#endif  // LOGSET_BENCH_BENCH_FLAGS_H_
