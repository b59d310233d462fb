// SPDX-License-Identifier: MIT
// Generates and imports the benchmarks' data set once per size and seed.
#include "bench_data.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "log_generator.h"
#include "logs/jsonl_import.h"
#include "logset/store.h"

namespace logset::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

BenchData PrepareBenchData(const std::string& dir, int64_t logs, uint64_t seed) {
  fs::create_directories(dir);
  const BenchData data{dir + "/logs.jsonl", dir + "/store.db"};
  const std::string marker_path = dir + "/marker";
  const std::string marker = std::to_string(logs) + " " + std::to_string(seed);
  std::string found;
  std::getline(std::ifstream(marker_path), found);
  if (found == marker && fs::exists(data.jsonl) && fs::exists(data.db)) {
    std::printf("reusing %s and %s (%lld logs, seed %llu)\n", data.jsonl.c_str(), data.db.c_str(),
                static_cast<long long>(logs), static_cast<unsigned long long>(seed));
    return data;
  }
  // The marker goes first and comes back last, so an interrupted run is redone next time.
  fs::remove(marker_path);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(data.db + suffix);
  auto start = Clock::now();
  {
    std::ofstream out(data.jsonl, std::ios::binary | std::ios::trunc);
    out.exceptions(std::ios::badbit | std::ios::failbit);
    const int64_t bytes = WriteLogsJsonl(seed, logs, out);
    std::printf("generated %lld logs (%.0f MB of JSONL) in %.1f s\n", static_cast<long long>(logs),
                static_cast<double>(bytes) / 1048576.0, SecondsSince(start));
  }
  start = Clock::now();
  {
    StoreOptions options;
    options.path = data.db;
    auto store = Store::Open(options);
    std::ifstream in(data.jsonl, std::ios::binary);
    const auto result = internal::ImportRequestLogsJsonl(*store, in, {});
    if (result.imported != logs || result.failed != 0) {
      std::fprintf(stderr, "bench: the import of %s refused %lld lines\n", data.jsonl.c_str(),
                   static_cast<long long>(result.failed));
      std::exit(1);
    }
  }
  std::printf("imported in %.1f s\n", SecondsSince(start));
  std::fflush(stdout);
  std::ofstream(marker_path) << marker << "\n";
  return data;
}

}  // namespace logset::bench
