// SPDX-License-Identifier: MIT
// Small helpers shared by the benchmark programs: timing, peak RSS and a markdown table printer.
#ifndef LOGSET_BENCH_BENCH_UTIL_H_
#define LOGSET_BENCH_BENCH_UTIL_H_

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace logset::bench {

using Clock = std::chrono::steady_clock;

/// Seconds elapsed since `start`.
inline double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Runs `run` `reps` times (at least once) and returns the fastest run in milliseconds.
inline double BestMs(int reps, const std::function<void()>& run) {
  double best = 0;
  for (int i = 0; i < std::max(reps, 1); ++i) {
    const auto start = Clock::now();
    run();
    const double ms = Seconds(start) * 1000;
    best = i == 0 ? ms : std::min(best, ms);
  }
  return best;
}

/// The `q` quantile (0 to 1) of `sorted`, which is in ascending order and not empty: the value
/// at index q * size, the last one at most (p50 of 4 values is the third).
inline double Quantile(const std::vector<double>& sorted, double q) {
  const auto index = static_cast<size_t>(q * static_cast<double>(sorted.size()));
  return sorted[std::min(sorted.size() - 1, index)];
}

/// Peak resident set size in MB of this process (`RUSAGE_SELF`) or of its waited-for children
/// (`RUSAGE_CHILDREN`, the largest one), as getrusage reports it so far.
inline double PeakRssMb(int who = RUSAGE_SELF) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

/// `value` with `decimals` fraction digits and commas between thousands: 1234567.8 ->
/// "1,234,567.8".
inline std::string Fixed(double value, int decimals = 0) {
  if (!std::isfinite(value)) return value != value ? "nan" : (value < 0 ? "-inf" : "inf");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
  std::string digits = buf;
  const std::size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : digits.substr(dot);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
  return (negative ? "-" : "") + whole + fraction;
}

/// An integer count with thousands separators: 1000000 -> "1,000,000".
inline std::string Count(long long value) { return Fixed(static_cast<double>(value), 0); }

/// A markdown table printed with every column padded to its widest cell, so it reads well in a
/// terminal and pastes unchanged into a README. The first column is left-aligned, the others
/// (numbers) right-aligned. Not thread-safe.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}

  /// Adds a row; missing cells print empty, extra cells are ignored.
  void AddRow(std::vector<std::string> cells) {
    cells.resize(header_.size());
    rows_.push_back(std::move(cells));
  }

  void Print(std::FILE* out = stdout) const {
    std::vector<std::size_t> width(header_.size(), 3);
    for (std::size_t c = 0; c < header_.size(); ++c) width[c] = std::max(width[c], Len(header_[c]));
    for (const auto& row : rows_) {
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], Len(row[c]));
    }
    PrintRow(out, header_, width);
    std::string rule = "|";
    for (std::size_t c = 0; c < width.size(); ++c) {
      rule += c == 0 ? " :" + std::string(width[c] - 1, '-') + " |"
                     : " " + std::string(width[c] - 1, '-') + ": |";
    }
    std::fprintf(out, "%s\n", rule.c_str());
    for (const auto& row : rows_) PrintRow(out, row, width);
  }

 private:
  // Display width: UTF-8 continuation bytes take no column (µ, ×, – in cells).
  static std::size_t Len(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
  }

  static void PrintRow(std::FILE* out, const std::vector<std::string>& cells,
                       const std::vector<std::size_t>& width) {
    std::string line = "|";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(width[c] - Len(cells[c]), ' ');
      line += " " + (c == 0 ? cells[c] + pad : pad + cells[c]) + " |";
    }
    std::fprintf(out, "%s\n", line.c_str());
  }

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace logset::bench

#endif  // LOGSET_BENCH_BENCH_UTIL_H_
