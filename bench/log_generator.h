// SPDX-License-Identifier: MIT
// A deterministic generator of realistic request logs as R1 bodies, for benchmarks and tests.
#ifndef LOGSET_BENCH_LOG_GENERATOR_H_
#define LOGSET_BENCH_LOG_GENERATOR_H_

#include <cstdint>
#include <ostream>
#include <random>
#include <string>

namespace logset::bench {

/// Produces an endless, reproducible stream of R1 bodies (POST /api/request-logs/) shaped like
/// production traffic: a skewed mix of 7 models and of 2,000 customers (a few heavy ones),
/// chat-message or plain-text input and output whose sizes vary from a few words to a few
/// kilobytes (16 chars to 4 KB in, 8 chars to 2 KB out; about 2 KB a line on average),
/// metadata mixing strings, integers, reals, booleans, nulls, arrays and objects, about 4%
/// errors, about 10% of logs in `test`, and traces of 2-6 spans sharing a trace_unique_id with
/// close timestamps. Timestamps are spread over 180 days from 2025-01-01.
///
/// Only std::mt19937_64's raw output is used (its sequence is fixed by the C++ standard, unlike
/// the std distributions), so the same seed gives byte-identical lines on every platform.
class LogGenerator {
 public:
  explicit LogGenerator(uint64_t seed);

  /// Replaces `line` with the next log's R1 body as compact JSON text, without a newline.
  void Next(std::string& line);

  /// Number of logs produced so far.
  int64_t produced() const { return produced_; }

 private:
  uint64_t Below(uint64_t n);  // uniform in [0, n), n > 0
  double Unit();               // uniform in [0, 1)
  std::string Hex32();
  std::string Text(int64_t chars);
  void StartTrace();

  std::mt19937_64 rng_;
  int64_t produced_ = 0;
  // The trace being emitted: spans left, its id, root span id, customer and time.
  int trace_left_ = 0;
  int trace_span_ = 0;
  std::string trace_id_;
  uint64_t trace_customer_ = 0;
  int64_t trace_time_ = 0;
};

/// Writes `count` lines (each an R1 body and '\n') from LogGenerator(seed) to `out`, one at a
/// time, so memory stays flat whatever the count. Returns the bytes written. Throws
/// std::ios_base::failure if `out` goes bad.
int64_t WriteLogsJsonl(uint64_t seed, int64_t count, std::ostream& out);

}  // namespace logset::bench

#endif  // LOGSET_BENCH_LOG_GENERATOR_H_
