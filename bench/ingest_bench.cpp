// SPDX-License-Identifier: MIT
// Ingest benchmark: JSONL import and the bulk API against a hand-written prepared INSERT.
//
//   generate  N lines from bench::LogGenerator(seed) to DIR/logs.jsonl (streamed).
//   import    ImportRequestLogsJsonl (what `logset logs import` runs) into a fresh store file,
//             batches of 1,000, in a child process forked before anything else is loaded, so the
//             peak RSS shown (getrusage RUSAGE_CHILDREN ru_maxrss) is the import's alone.
//   bulk      Api::Handle POST /api/request-logs/bulk/ (R6) with 1,000 lines per request into a
//             fresh store file, in this process; the peak RSS shown is the process peak right
//             after it (it includes the generator's small footprint).
//   baseline  the same file read line by line, each line parsed with nlohmann::json and its
//             fields bound by hand to one raw sqlite3 prepared INSERT under a random id like the
//             API's (sequential ids would append to the unique index and skip the cost every real
//             log pays), all rows in one transaction, into a fresh store file whose schema
//             Store::Open created, with the store writer's settings (WAL, synchronous=NORMAL,
//             and store/writer_tuning.h's cache and checkpoint interval).
//   ratio     baseline_ms / logset_ms: logset's rate as a fraction of the baseline's ("0.80x"
//             means logset ingests at 80% of the hand-written rate). The goal is >= 0.8.
//
// Flags: --logs N (default 100000), --seed S (default 42), --dir DIR (default
// /tmp/logset_ingest_bench; its files are replaced).
#include <sqlite3.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "bench_flags.h"
#include "bench_util.h"
#include "child_process.h"
#include "log_generator.h"
#include "logs/jsonl_import.h"
#include "logset/api.h"
#include "logset/store.h"
#include "store/writer_tuning.h"
#include "util/ids.h"
#include "util/time.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  long logs = 100000;
  uint64_t seed = 42;
  std::string dir = "/tmp/logset_ingest_bench";
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{"ingest_bench: JSONL import and the bulk API against a raw prepared INSERT."};
  logset::bench::AddDataFlags(app, o.logs, o.seed, o.dir,
                              "Working directory for the JSONL file and stores (replaced)");
  logset::bench::ParseOrExit(app, argc, argv);
  return o;
}

double Ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double PeakRssMb(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "ingest_bench: %s\n", what.c_str());
  std::exit(1);
}

// A fresh store file at `path`: any earlier one (and its WAL) is removed first.
std::unique_ptr<logset::Store> FreshStore(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  logset::StoreOptions options;
  options.path = path;
  return logset::Store::Open(options);
}

// Runs the JSONL import in a forked child; returns its wall time in ms and its peak RSS in MB.
std::pair<double, double> ImportInChild(const std::string& jsonl, const std::string& db,
                                        long logs) {
  const std::optional<std::string> ms = logset::bench::RunInChild("ingest_bench: import", [&] {
    auto store = FreshStore(db);
    std::ifstream in(jsonl, std::ios::binary);
    const auto start = Clock::now();
    const auto result = logset::internal::ImportRequestLogsJsonl(*store, in, {});
    if (result.imported != logs || result.failed != 0) {
      throw std::runtime_error(std::to_string(result.failed) + " lines refused");
    }
    return std::to_string(Ms(start));
  });
  if (!ms) Die("import child failed");
  return {std::stod(*ms), PeakRssMb(RUSAGE_CHILDREN)};
}

// The bulk API run: its total time and each request's, whose tail shows what WAL checkpoints
// cost the commits (store/checkpointer.h runs them beside the writer).
struct BulkRun {
  double total_ms = 0;
  std::vector<double> request_ms;
};

BulkRun BulkApi(const std::string& jsonl, const std::string& db, long logs) {
  auto store = FreshStore(db);
  logset::Api api(*store);
  std::ifstream in(jsonl, std::ios::binary);
  logset::ApiRequest request;
  request.method = "POST";
  request.path = "/api/request-logs/bulk/";
  request.authorization = "Bearer bench-key";
  std::string line;
  long sent = 0;
  BulkRun run;
  const auto start = Clock::now();
  while (sent < logs) {
    request.body = "{\"logs\":[";
    int in_batch = 0;
    while (in_batch < 1000 && std::getline(in, line)) {
      if (in_batch++ > 0) request.body.push_back(',');
      request.body += line;
    }
    if (in_batch == 0) break;
    request.body += "]}";
    const auto request_start = Clock::now();
    const logset::ApiResponse response = api.Handle(request);
    run.request_ms.push_back(Ms(request_start));
    // R6 answers 200 even when items fail, so the counts are checked too.
    if (response.status != 200 ||
        nlohmann::json::parse(response.body).value("error_count", -1) != 0) {
      Die("bulk request failed: " + response.body.substr(0, 300));
    }
    sent += in_batch;
  }
  run.total_ms = Ms(start);
  if (sent != logs) Die("bulk sent " + std::to_string(sent) + " logs");
  return run;
}

void Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    Die(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

using nlohmann::json;

void BindText(sqlite3_stmt* s, int i, const json& body, const char* key) {
  const auto it = body.find(key);
  if (it != body.end() && it->is_string()) {
    const std::string& v = it->get_ref<const std::string&>();
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(s, i);
  }
}

void BindJson(sqlite3_stmt* s, int i, const json* value) {
  if (value == nullptr || value->is_null()) {
    sqlite3_bind_null(s, i);
    return;
  }
  const std::string text = value->dump();
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

const json* Find(const json& body, const char* key) {
  const auto it = body.find(key);
  return it == body.end() ? nullptr : &*it;
}

// The hand-written importer: what a careful programmer would write without logset.
double Baseline(const std::string& jsonl, const std::string& path, long logs) {
  FreshStore(path).reset();  // creates the schema, then closes
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open");
  Check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr,
                     nullptr),
        db, "pragmas");
  Check(
      sqlite3_exec(db, logset::internal::WriterTuningPragmas().c_str(), nullptr, nullptr, nullptr),
      db, "pragmas");
  sqlite3_stmt* insert = nullptr;
  Check(sqlite3_prepare_v2(
            db,
            "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, environment, "
            "log_type, model, provider_id, status, status_code, error_message, prompt_tokens, "
            "completion_tokens, total_request_tokens, cost, latency, time_to_first_token, "
            "temperature, max_tokens, stream, customer_identifier, thread_identifier, "
            "trace_unique_id, span_name, span_workflow_name, span_parent_id, input, output, "
            "metadata, customer_email, prompt_cache_hit_tokens, prompt_messages, "
            "completion_message) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
            "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, "
            "?30, ?31, ?32)",
            -1, &insert, nullptr),
        db, "prepare");
  std::ifstream in(jsonl, std::ios::binary);
  std::string line;
  long rows = 0;
  const auto start = Clock::now();
  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  while (std::getline(in, line)) {
    const json body = json::parse(line);
    // A random id like the API's: sequential ids would append to the unique index and hide
    // the random inserts every real log costs.
    const std::string uid = logset::internal::NewLogId();
    const int64_t ts = *logset::internal::ParseTimestamp(body.at("timestamp").get<std::string>());
    const double latency = body.value("latency", 0.0);
    const int64_t prompt = body.value("prompt_tokens", int64_t{0});
    const int64_t completion = body.value("completion_tokens", int64_t{0});
    sqlite3_bind_text(insert, 1, uid.data(), static_cast<int>(uid.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert, 2, ts);
    sqlite3_bind_int64(insert, 3, ts - static_cast<int64_t>(latency * 1e6));
    const std::string env = body.value("environment", std::string("prod"));
    sqlite3_bind_text(insert, 4, env.data(), static_cast<int>(env.size()), SQLITE_TRANSIENT);
    BindText(insert, 5, body, "log_type");
    BindText(insert, 6, body, "model");
    BindText(insert, 7, body, "provider_id");
    const std::string status = body.value("status", std::string("success"));
    sqlite3_bind_text(insert, 8, status.data(), static_cast<int>(status.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert, 9, body.value("status_code", int64_t{200}));
    BindText(insert, 10, body, "error_message");
    sqlite3_bind_int64(insert, 11, prompt);
    sqlite3_bind_int64(insert, 12, completion);
    sqlite3_bind_int64(insert, 13, prompt + completion);
    sqlite3_bind_double(insert, 14, body.value("cost", 0.0));
    sqlite3_bind_double(insert, 15, latency);
    const json* ttft = Find(body, "time_to_first_token");
    ttft ? sqlite3_bind_double(insert, 16, ttft->get<double>()) : sqlite3_bind_null(insert, 16);
    const json* temperature = Find(body, "temperature");
    temperature ? sqlite3_bind_double(insert, 17, temperature->get<double>())
                : sqlite3_bind_null(insert, 17);
    const json* max_tokens = Find(body, "max_tokens");
    max_tokens ? sqlite3_bind_int64(insert, 18, max_tokens->get<int64_t>())
               : sqlite3_bind_null(insert, 18);
    sqlite3_bind_int(insert, 19, body.value("stream", false) ? 1 : 0);
    BindText(insert, 20, body, "customer_identifier");
    BindText(insert, 21, body, "thread_identifier");
    BindText(insert, 22, body, "trace_unique_id");
    BindText(insert, 23, body, "span_name");
    BindText(insert, 24, body, "span_workflow_name");
    BindText(insert, 25, body, "span_parent_id");
    const json* input = Find(body, "input");
    const json* output = Find(body, "output");
    BindJson(insert, 26, input);
    BindJson(insert, 27, output);
    BindJson(insert, 28, Find(body, "metadata"));
    const json* params = Find(body, "customer_params");
    params ? BindText(insert, 29, *params, "email") : (void)sqlite3_bind_null(insert, 29);
    const json* usage = Find(body, "usage");
    sqlite3_bind_int64(insert, 30, usage ? usage->value("cache_read_input_tokens", int64_t{0}) : 0);
    BindJson(insert, 31, input && input->is_array() ? input : nullptr);
    BindJson(insert, 32, output && output->is_object() ? output : nullptr);
    Check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
    ++rows;
  }
  Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  const double ms = Ms(start);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  if (rows != logs) Die("baseline inserted " + std::to_string(rows) + " rows");
  return ms;
}

void Row(const char* scenario, double ms, double baseline_ms, long rows, double rss_mb) {
  std::printf("| %-35s | %10.0f | %11.0f | %5.2fx | %9.0f | %8.1f |\n", scenario, ms, baseline_ms,
              baseline_ms / ms, rows / (ms / 1000.0), rss_mb);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  fs::create_directories(o.dir);
  const std::string jsonl = o.dir + "/logs.jsonl";

  auto start = Clock::now();
  int64_t bytes = 0;
  {
    std::ofstream out(jsonl, std::ios::binary | std::ios::trunc);
    bytes = logset::bench::WriteLogsJsonl(o.seed, o.logs, out);
  }
  const double generate_ms = Ms(start);
  std::printf("ingest_bench: %ld logs, seed %llu, %.1f MB of JSONL generated in %.0f ms\n\n",
              o.logs, static_cast<unsigned long long>(o.seed), bytes / 1048576.0, generate_ms);

  const auto [import_ms, import_rss] = ImportInChild(jsonl, o.dir + "/import.db", o.logs);
  BulkRun bulk = BulkApi(jsonl, o.dir + "/bulk.db", o.logs);
  const double bulk_rss = PeakRssMb(RUSAGE_SELF);
  const double baseline_ms = Baseline(jsonl, o.dir + "/baseline.db", o.logs);
  const double baseline_rss = PeakRssMb(RUSAGE_SELF);

  std::printf("| %-35s | %10s | %11s | %6s | %9s | %8s |\n", "scenario", "logset ms", "baseline ms",
              "ratio", "rows/s", "peak MB");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(37, '-').c_str(), std::string(12, '-').c_str(),
              std::string(13, '-').c_str(), std::string(8, '-').c_str(),
              std::string(11, '-').c_str(), std::string(10, '-').c_str());
  Row("import JSONL (batches of 1,000)", import_ms, baseline_ms, o.logs, import_rss);
  Row("bulk API R6 (1,000 per request)", bulk.total_ms, baseline_ms, o.logs, bulk_rss);
  std::printf("| %-35s | %10s | %11.0f | %6s | %9.0f | %8.1f |\n",
              "baseline: raw prepared INSERT, 1 tx", "-", baseline_ms, "1.00x",
              o.logs / (baseline_ms / 1000.0), baseline_rss);
  std::printf(
      "\nratio = baseline ms / logset ms (logset's rate as a fraction of the hand-written one; "
      "goal >= 0.8).\npeak MB: import = its forked child alone; bulk and baseline = this "
      "process's peak so far.\n");
  std::vector<double>& r = bulk.request_ms;
  std::sort(r.begin(), r.end());
  std::printf(
      "bulk API, %zu requests of up to 1,000 logs: p50 %.1f ms, p99 %.1f ms, max %.1f ms.\n",
      r.size(), logset::bench::Quantile(r, 0.5), logset::bench::Quantile(r, 0.99), r.back());
  return 0;
}
