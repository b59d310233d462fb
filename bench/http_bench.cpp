// SPDX-License-Identifier: MIT
// HTTP benchmark: requests/s and latency of `logset serve` over loopback, 1, 4 and 16 clients.
//
//   setup     N logs from bench::LogGenerator(seed) imported into DIR/http.db (reused when it
//             already holds N logs), 1,000 unique_ids spread over the table picked for R3.
//   server    a logset::Server on 127.0.0.1, port 0 (a free port), in this process, with 16
//             worker threads: a worker serves one kept-alive connection at a time, so 16 clients
//             need 16 workers (the default is max(8, hardware threads)).
//   list      GET /api/request-logs/list/?page_size=50 (R2, first page, newest first).
//   get       GET /api/request-logs/<uid>/ (R3), cycling through the picked ids.
//   levels    1, 4 and 16 client threads, each an httplib::Client with keep-alive; the level does
//             --requests requests in all (split evenly) or stops at --seconds, whichever comes
//             first, timed from when every client has connected (one untimed GET /healthz each).
//             Every answer must be 200; any other counts as an error.
//   columns   requests/s over the level's wall time; p50 and p99 of per-request latency. No
//             baseline: there is no hand-written HTTP server to compare with; the goal
//             is >= 3,000 req/s with 16 clients and p99 < 20 ms on the list page.
//
// Flags: --logs N (default 100000), --seed S (default 42), --dir DIR (default
// /tmp/logset_http_bench), --requests R (default 2000), --seconds T (default 20).
#include <httplib.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "log_generator.h"
#include "logs/jsonl_import.h"
#include "logset/server.h"
#include "logset/store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  long logs = 100000;
  uint64_t seed = 42;
  std::string dir = "/tmp/logset_http_bench";
  long requests = 2000;
  double seconds = 20;
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{"http_bench: logset serve over loopback with 1, 4 and 16 keep-alive clients."};
  app.add_option("--logs", o.logs, "Request logs in the served store")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--seed", o.seed, "Generator seed")->capture_default_str();
  app.add_option("--dir", o.dir, "Directory of the store (reused when it holds --logs logs)")
      ->capture_default_str();
  app.add_option("--requests", o.requests, "Requests per concurrency level")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--seconds", o.seconds, "Time cap per concurrency level")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  return o;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "http_bench: %s\n", what.c_str());
  std::exit(1);
}

// Runs `sql` on the store file and returns the first column of every row as text.
std::vector<std::string> Query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// Makes sure DIR/http.db holds exactly the N generated logs; returns its path.
std::string PrepareStore(const Options& o) {
  fs::create_directories(o.dir);
  const std::string db = o.dir + "/http.db";
  const auto count = Query(db, "SELECT count(*) FROM request_logs");
  if (!count.empty() && std::atol(count[0].c_str()) == o.logs) return db;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  const std::string jsonl = o.dir + "/logs.jsonl";
  {
    std::ofstream out(jsonl, std::ios::binary | std::ios::trunc);
    logset::bench::WriteLogsJsonl(o.seed, o.logs, out);
  }
  logset::StoreOptions options;
  options.path = db;
  auto store = logset::Store::Open(options);
  std::ifstream in(jsonl, std::ios::binary);
  const auto result = logset::internal::ImportRequestLogsJsonl(*store, in, {});
  if (result.imported != o.logs) Die("setup import failed");
  fs::remove(jsonl);
  return db;
}

struct LevelResult {
  long done = 0;
  long errors = 0;
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// `clients` threads share `total` requests; target(i) gives the i-th request's path.
template <typename Target>
LevelResult RunLevel(int port, int clients, long total, double cap_seconds, Target target) {
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<long> errors{0};
  const httplib::Headers headers = {{"Authorization", "Bearer bench-key"}};
  // Every client connects (one untimed GET /healthz) before the clock starts, so the figures are
  // those of kept-alive connections, not of connection setup.
  std::atomic<int> connected{0};
  std::atomic<bool> go{false};
  Clock::time_point deadline;  // written before `go`, read after it
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      if (!client.Get("/healthz")) ++errors;
      ++connected;
      while (!go.load()) std::this_thread::yield();
      const long mine = total / clients + (c < total % clients ? 1 : 0);
      latencies[c].reserve(mine);
      for (long i = 0; i < mine && Clock::now() < deadline; ++i) {
        const std::string path = target(i * clients + c);
        const auto sent = Clock::now();
        const auto res = client.Get(path, headers);
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (!res || res->status != 200) ++errors;
      }
    });
  }
  while (connected.load() < clients) std::this_thread::yield();
  const auto start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(cap_seconds));
  go = true;
  for (std::thread& t : threads) t.join();
  LevelResult r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  r.done = static_cast<long>(all.size());
  r.errors = errors.load();
  if (!all.empty()) {
    r.p50_ms = all[all.size() / 2];
    r.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  const auto setup_start = Clock::now();
  const std::string db = PrepareStore(o);
  const long step = std::max(1L, o.logs / 1000);
  const std::vector<std::string> uids = Query(db, "SELECT unique_id FROM request_logs WHERE id % " +
                                                      std::to_string(step) + " = 0 LIMIT 1000");
  if (uids.empty()) Die("no logs to retrieve");
  std::printf(
      "http_bench: %ld logs (seed %llu) ready in %.1f s; %ld requests per level, "
      "cap %.0f s\n\n",
      o.logs, static_cast<unsigned long long>(o.seed),
      std::chrono::duration<double>(Clock::now() - setup_start).count(), o.requests, o.seconds);

  logset::StoreOptions store_options;
  store_options.path = db;
  auto store = logset::Store::Open(store_options);
  logset::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = 16;
  logset::Server server(*store, server_options);
  const int port = server.Start();

  std::printf("| %-30s | %7s | %8s | %8s | %7s | %7s | %6s |\n", "scenario", "clients", "requests",
              "req/s", "p50 ms", "p99 ms", "errors");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(32, '-').c_str(), std::string(9, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(9, '-').c_str(), std::string(9, '-').c_str(),
              std::string(8, '-').c_str());
  long failures = 0;
  const auto report = [&](const char* name, int clients, const LevelResult& r) {
    std::printf("| %-30s | %7d | %8ld | %8.0f | %7.2f | %7.2f | %6ld |\n", name, clients, r.done,
                r.done / r.seconds, r.p50_ms, r.p99_ms, r.errors);
    std::fflush(stdout);
    failures += r.errors;
  };
  for (int clients : {1, 4, 16}) {
    report("GET list page (page_size=50)", clients,
           RunLevel(port, clients, o.requests, o.seconds,
                    [](long) { return std::string("/api/request-logs/list/?page_size=50"); }));
  }
  for (int clients : {1, 4, 16}) {
    report("GET one log by unique_id", clients,
           RunLevel(port, clients, o.requests, o.seconds, [&uids](long i) {
             return "/api/request-logs/" + uids[static_cast<size_t>(i) % uids.size()] + "/";
           }));
  }
  server.Stop();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("\npeak RSS of this process (server and clients): %.1f MB\n",
              usage.ru_maxrss / 1024.0);
  return failures == 0 ? 0 : 1;
}
