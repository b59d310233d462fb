// SPDX-License-Identifier: MIT
// Sampling benchmarks: what a sampled dataset costs end to end, against hand-written SQLite.
//
//   load     N request logs (5 models, 500 customers, metadata, chat messages) spread over 90
//            days, inserted through one prepared statement in one write session; rows/s.
//   sample   CreateSampledDataset, the service D1 uses (COUNT, one ranking pass with a k-sized
//            heap, one INSERT ... SELECT of the chosen rows with prompt/completion/messages
//            derived in SQL), for 10% and 40% of one week with `model = gpt-4o`, and 10% of the
//            week unfiltered. Two baselines on a raw sqlite3 connection to the same file:
//              copy     the same chosen rows copied by a hand-written INSERT ... SELECT ... WHERE
//                       id IN (json_each(?)): the copy alone, no matching or ranking;
//              bottom-k the whole selection by hand: COUNT, then INSERT ... SELECT ... ORDER BY
//                       xxh3(unique_id, seed), unique_id LIMIT k (xxh3 registered as an SQL
//                       function); checked to pick the same rows as logset.
//            ratio = logset / baseline; rows/s = rows copied per second of the logset run.
//   all      100% of 18 days (about 200,000 logs): logset (the candidate query is the copy)
//            versus a hand-written INSERT ... SELECT ... WHERE; then the same import again (all
//            skipped as already imported) versus INSERT ... WHERE NOT EXISTS; then duplicating
//            that dataset versus one INSERT ... SELECT from dataset_logs.
//   summary  SummarizeDatasetLogs (S1) over that 200,000-log dataset, with and without one
//            evaluator's scores on every log, versus the hand-written aggregate queries.
//   rss      peak resident set size of the process (getrusage ru_maxrss): per row, as measured
//            right after the logset runs (before the baseline), and at the end.
//
// Flags: --logs N (default 1000000), --db PATH (default /tmp/logset_sampling_bench.db, rebuilt
// unless it already holds N logs), --reps R (default 3; the best run counts).
// Settings: the store's own connections (WAL, synchronous=NORMAL); baselines run on a raw
// sqlite3 connection to the same file with the same journal, each write in one transaction.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <xxhash.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "datasets/dataset_log_service.h"
#include "datasets/dataset_service.h"
#include "datasets/population_service.h"
#include "filter/filter_parser.h"
#include "logs/log_record.h"
#include "logset/store.h"
#include "store/store_access.h"

namespace {

using logset::Store;
using logset::internal::StoreAccess;
using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr int64_t kOrg = 1;
constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kStart = 1735689600LL * 1000000;  // 2025-01-01T00:00:00Z
constexpr int64_t kSpan = 90 * kDay;
constexpr uint64_t kSeed = 42;
const char* const kModels[] = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "Llama-3.1-70B",
                               "mistral-large"};

struct Options {
  long logs = 1000000;
  std::string db = "/tmp/logset_sampling_bench.db";
  int reps = 3;
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{
      "sampling_bench: sampled dataset creation, import, duplicate and summary against "
      "hand-written SQL."};
  app.add_option("--logs", o.logs, "Request logs in the bench store")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--db", o.db, "Store file, rebuilt unless it already holds --logs logs")
      ->capture_default_str();
  app.add_option("--reps", o.reps, "Runs per measurement; the best counts")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  return o;
}

double Ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Best of `reps` runs of `run`, in milliseconds.
double BestMs(int reps, const std::function<void()>& run) {
  double best = 1e300;
  for (int i = 0; i < reps; ++i) {
    const auto start = Clock::now();
    run();
    best = std::min(best, Ms(start));
  }
  return best;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

int64_t CountLogs(Store& store) {
  auto session = StoreAccess::Read(store);
  return session.db().execAndGet("SELECT count(*) FROM request_logs").getInt64();
}

void Load(Store& store, long logs) {
  const auto start = Clock::now();
  auto session = StoreAccess::Write(store);
  SQLite::Statement insert(
      session.db(),
      "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, environment, log_type, "
      "model, status, status_code, prompt_tokens, completion_tokens, total_request_tokens, cost, "
      "latency, stream, customer_identifier, input, output, metadata, prompt_messages, "
      "completion_message) VALUES (1, ?, ?, ?, 'prod', 'chat', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, "
      "?, ?, ?, ?)");
  uint64_t state = 7;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  char uid[33];
  for (long i = 0; i < logs; ++i) {
    const uint64_t a = next();
    const uint64_t b = next();
    const uint64_t r = b >> 20;
    std::snprintf(uid, sizeof uid, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    const int64_t ts = kStart + static_cast<int64_t>(static_cast<double>(i) / logs * kSpan);
    const int status = r % 20 == 0 ? 500 : 200;
    const std::string question =
        "Question " + std::to_string(i) + ": what is " + std::to_string(r % 97) + " squared?";
    const std::string answer = "It is " + std::to_string((r % 97) * (r % 97)) + ".";
    const ordered_json messages =
        ordered_json::array({{{"role", "system"}, {"content", "You are brief."}},
                             {{"role", "user"}, {"content", question}}});
    const ordered_json completion = {{"role", "assistant"}, {"content", answer}};
    const ordered_json metadata = {{"user_id", "u" + std::to_string(r % 10000)},
                                   {"tier", r % 3 == 0 ? "gold" : "free"}};
    int c = 1;
    insert.bind(c++, uid);
    insert.bind(c++, ts);
    insert.bind(c++, ts - static_cast<int64_t>(r % 5000) * 1000);
    insert.bind(c++, kModels[r % 5]);
    insert.bind(c++, status == 500 ? "error" : "success");
    insert.bind(c++, status);
    insert.bind(c++, static_cast<int64_t>(r % 1000));
    insert.bind(c++, static_cast<int64_t>(r % 300));
    insert.bind(c++, static_cast<int64_t>(r % 1000 + r % 300));
    insert.bind(c++, static_cast<double>(r % 1000) / 1000.0);
    insert.bind(c++, static_cast<double>(r % 5000) / 1000.0);
    insert.bind(c++, "customer-" + std::to_string(r % 500));
    insert.bind(c++, messages.dump());
    insert.bind(c++, completion.dump());
    insert.bind(c++, metadata.dump());
    insert.bind(c++, messages.dump());
    insert.bind(c++, completion.dump());
    insert.exec();
    insert.reset();
  }
  session.Commit();
  const double ms = Ms(start);
  std::printf("loaded %ld logs in %.1f s (%.0f rows/s, one prepared INSERT, one transaction)\n",
              logs, ms / 1000, logs / (ms / 1000));
}

// A raw sqlite3 connection to the store file, for the hand-written baselines.
class Raw {
 public:
  explicit Raw(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_busy_timeout(db_, 5000);
    Exec("PRAGMA synchronous = NORMAL");
    Exec("PRAGMA foreign_keys = ON");
    // xxh3(text, seed) as an order-preserving signed integer: SQLite integers are signed, so the
    // top bit is flipped to sort unsigned ranks correctly.
    sqlite3_create_function(
        db_, "xxh3", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
        [](sqlite3_context* ctx, int, sqlite3_value** argv) {
          const void* text = sqlite3_value_text(argv[0]);
          const int len = sqlite3_value_bytes(argv[0]);
          const uint64_t seed = static_cast<uint64_t>(sqlite3_value_int64(argv[1]));
          const uint64_t rank = XXH3_64bits_withSeed(text, static_cast<size_t>(len), seed);
          sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(rank ^ (1ULL << 63)));
        },
        nullptr, nullptr);
  }
  ~Raw() { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::fprintf(stderr, "raw exec failed: %s\n%s\n", error, sql.c_str());
      std::exit(1);
    }
  }

  // Runs `sql` with `binds` applied to the prepared statement, stepping every row; returns the
  // first column of the last row (0 if none).
  int64_t Run(const std::string& sql, const std::function<void(sqlite3_stmt*)>& binds) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "raw prepare failed: %s\n%s\n", sqlite3_errmsg(db_), sql.c_str());
      std::exit(1);
    }
    binds(stmt);
    int64_t last = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) last = sqlite3_column_int64(stmt, 0);
    if (rc != SQLITE_DONE) {
      std::fprintf(stderr, "raw step failed: %s\n", sqlite3_errmsg(db_));
      std::exit(1);
    }
    sqlite3_finalize(stmt);
    return last;
  }

 private:
  sqlite3* db_ = nullptr;
};

// The hand-written copy: core columns, a random id, the source id; nothing derived.
std::string HandInsertHead() {
  const std::string& columns = logset::internal::LogRecordColumns();
  std::string select = columns;
  select.replace(select.find("unique_id"), 9, "lower(hex(randomblob(16)))");
  return "INSERT INTO dataset_logs (dataset_id, org_id, " + columns +
         ", messages, annotation_status, source_log_id, created_at, updated_at) SELECT ?1, 1, " +
         select + ", '[]', 'pending', unique_id, 0, 0 FROM request_logs ";
}

struct Scenario {
  const char* name;
  int64_t start;
  int64_t end;
  const char* model;  // null: no filter
  int percentage;
};

logset::internal::SampledImport Spec(const Scenario& s) {
  logset::internal::SampledImport spec;
  spec.start_time = s.start;
  spec.end_time = s.end;
  if (s.model != nullptr) {
    spec.filters = logset::internal::ParseBodyFilter(ordered_json{{"model", s.model}}, "filters",
                                                     logset::filter::Resource::kRequestLog);
  }
  spec.percentage = s.percentage;
  spec.seed = kSeed;
  return spec;
}

std::string HandWhere(const Scenario& s) {
  return std::string("WHERE org_id = 1 AND timestamp >= ?2 AND timestamp <= ?3") +
         (s.model != nullptr ? " AND model = ?4" : "");
}

void BindRange(sqlite3_stmt* stmt, int64_t dataset, const Scenario& s) {
  sqlite3_bind_int64(stmt, 1, dataset);
  sqlite3_bind_int64(stmt, 2, s.start);
  sqlite3_bind_int64(stmt, 3, s.end);
  if (s.model != nullptr) sqlite3_bind_text(stmt, 4, s.model, -1, SQLITE_STATIC);
}

// Source rowids (request_logs.id) of a dataset's logs as a JSON array, and its source ids sorted.
std::pair<std::string, std::vector<std::string>> Chosen(Store& store, const std::string& uuid) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement q(session.db(),
                      "SELECT r.id, r.unique_id FROM dataset_logs d JOIN datasets s ON s.id = "
                      "d.dataset_id JOIN request_logs r ON r.unique_id = d.source_log_id WHERE "
                      "s.uuid = ?");
  q.bind(1, uuid);
  nlohmann::json ids = nlohmann::json::array();
  std::vector<std::string> uids;
  while (q.executeStep()) {
    ids.push_back(q.getColumn(0).getInt64());
    uids.push_back(q.getColumn(1).getString());
  }
  std::sort(uids.begin(), uids.end());
  return {ids.dump(), uids};
}

std::vector<std::string> SourceIds(Store& store, int64_t dataset_rowid) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement q(session.db(), "SELECT source_log_id FROM dataset_logs WHERE dataset_id = ?");
  q.bind(1, dataset_rowid);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  std::sort(out.begin(), out.end());
  return out;
}

int64_t Rowid(Store& store, const std::string& uuid) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement q(session.db(), "SELECT id FROM datasets WHERE uuid = ?");
  q.bind(1, uuid);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

logset::internal::NewDataset Named(const char* name) {
  logset::internal::NewDataset d;
  d.name = name;
  return d;
}

// `rss`: the process's peak RSS measured right after the logset runs, before the baseline ran.
void PrintRow(const char* scenario, const char* baseline, int64_t rows, double logset_ms,
              double base_ms, double rss) {
  std::printf("%-30s %-10s %7lld %10.1f %11.1f %6.2f %10.0f %8.1f\n", scenario, baseline,
              static_cast<long long>(rows), logset_ms, base_ms, logset_ms / base_ms,
              rows / (logset_ms / 1000), rss);
}

void RunScenario(Store& store, Raw& raw, const Options& o, const Scenario& s) {
  // logset, end to end through the service.
  double logset_ms = 1e300;
  int64_t rows = 0;
  std::string json_ids;
  std::vector<std::string> logset_rows;
  for (int rep = 0; rep < o.reps; ++rep) {
    const auto start = Clock::now();
    const logset::internal::Dataset d =
        logset::internal::CreateSampledDataset(store, kOrg, Named("bench"), Spec(s));
    logset_ms = std::min(logset_ms, Ms(start));
    rows = d.log_count;
    std::tie(json_ids, logset_rows) = Chosen(store, d.uuid);
    logset::internal::DeleteDataset(store, kOrg, d.uuid);
  }
  const double rss = PeakRssMb();

  const logset::internal::Dataset target =
      logset::internal::CreateEmptyDataset(store, kOrg, Named("baseline"));
  const int64_t target_rowid = Rowid(store, target.uuid);
  // The copy alone: the same rows, by id.
  double copy_ms = 1e300;
  for (int rep = 0; rep < o.reps; ++rep) {
    const auto start = Clock::now();
    raw.Exec("BEGIN IMMEDIATE");
    raw.Run(HandInsertHead() + "WHERE id IN (SELECT value FROM json_each(?2))",
            [&](sqlite3_stmt* stmt) {
              sqlite3_bind_int64(stmt, 1, target_rowid);
              sqlite3_bind_text(stmt, 2, json_ids.c_str(), -1, SQLITE_TRANSIENT);
            });
    raw.Exec("COMMIT");
    copy_ms = std::min(copy_ms, Ms(start));
    raw.Exec("DELETE FROM dataset_logs WHERE dataset_id = " + std::to_string(target_rowid));
  }
  // The whole selection by hand: count, then the k smallest xxh3 ranks.
  double hand_ms = 1e300;
  bool same_rows = true;
  for (int rep = 0; rep < o.reps; ++rep) {
    const auto start = Clock::now();
    raw.Exec("BEGIN IMMEDIATE");
    const int64_t n = raw.Run("SELECT count(*) FROM request_logs " + HandWhere(s),
                              [&](sqlite3_stmt* stmt) { BindRange(stmt, target_rowid, s); });
    const int64_t k = n == 0 ? 0 : std::max<int64_t>(1, (n * s.percentage + 50) / 100);
    raw.Run(HandInsertHead() + HandWhere(s) + " ORDER BY xxh3(unique_id, ?5), unique_id LIMIT ?6",
            [&](sqlite3_stmt* stmt) {
              BindRange(stmt, target_rowid, s);
              sqlite3_bind_int64(stmt, 5, static_cast<sqlite3_int64>(kSeed));
              sqlite3_bind_int64(stmt, 6, k);
            });
    raw.Exec("COMMIT");
    hand_ms = std::min(hand_ms, Ms(start));
    same_rows = same_rows && SourceIds(store, target_rowid) == logset_rows;
    raw.Exec("DELETE FROM dataset_logs WHERE dataset_id = " + std::to_string(target_rowid));
  }
  logset::internal::DeleteDataset(store, kOrg, target.uuid);
  PrintRow(s.name, "copy", rows, logset_ms, copy_ms, rss);
  PrintRow(s.name, "bottom-k", rows, logset_ms, hand_ms, rss);
  if (!same_rows) std::printf("  WARNING: the hand-written bottom-k chose different rows\n");
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  logset::StoreOptions options;
  options.path = o.db;
  std::unique_ptr<Store> store = Store::Open(options);
  if (CountLogs(*store) != o.logs) {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(o.db + suffix);
    store = Store::Open(options);
    Load(*store, o.logs);
  }
  {
    // Leftovers of an interrupted run would skew the copies.
    auto session = StoreAccess::Write(*store);
    session.db().exec("DELETE FROM datasets; DELETE FROM evaluators");
    session.Commit();
  }
  const double load_rss = PeakRssMb();
  Raw raw(o.db);
  std::printf("sampling_bench: %ld logs in %s, best of %d runs, seed %llu\n\n", o.logs,
              o.db.c_str(), o.reps, static_cast<unsigned long long>(kSeed));
  std::printf("%-30s %-10s %7s %10s %11s %6s %10s %8s\n", "scenario", "baseline", "rows",
              "logset ms", "baseline ms", "ratio", "rows/s", "peak MB");

  const int64_t week_start = kStart + 30 * kDay;
  const int64_t week_end = week_start + 7 * kDay;
  for (const Scenario& s :
       {Scenario{"10% of a week, model=gpt-4o", week_start, week_end, "gpt-4o", 10},
        Scenario{"40% of a week, model=gpt-4o", week_start, week_end, "gpt-4o", 40},
        Scenario{"10% of a week, no filter", week_start, week_end, nullptr, 10},
        Scenario{"40% of a week, no filter", week_start, week_end, nullptr, 40}}) {
    RunScenario(*store, raw, o, s);
  }

  // 100%: the candidate query itself is the copy; 18 days is about 200,000 logs at 1M.
  const Scenario all{"100% of 18 days", kStart, kStart + 18 * kDay, nullptr, 100};
  double logset_ms = 1e300;
  logset::internal::Dataset big;
  for (int rep = 0; rep < o.reps; ++rep) {
    if (!big.uuid.empty()) logset::internal::DeleteDataset(*store, kOrg, big.uuid);
    const auto start = Clock::now();
    big = logset::internal::CreateSampledDataset(*store, kOrg, Named("big"), Spec(all));
    logset_ms = std::min(logset_ms, Ms(start));
  }
  double rss = PeakRssMb();
  const logset::internal::Dataset target =
      logset::internal::CreateEmptyDataset(*store, kOrg, Named("baseline"));
  const int64_t target_rowid = Rowid(*store, target.uuid);
  double hand_ms = BestMs(o.reps, [&] {
    raw.Exec("BEGIN IMMEDIATE");
    raw.Run(HandInsertHead() + HandWhere(all),
            [&](sqlite3_stmt* stmt) { BindRange(stmt, target_rowid, all); });
    raw.Exec("COMMIT");
    raw.Exec("DELETE FROM dataset_logs WHERE dataset_id = " + std::to_string(target_rowid));
  });
  logset::internal::DeleteDataset(*store, kOrg, target.uuid);
  PrintRow(all.name, "insert", big.log_count, logset_ms, hand_ms, rss);

  // Re-importing the same range adds nothing: the cost of deduplication.
  const int64_t big_rowid = Rowid(*store, big.uuid);
  logset_ms = BestMs(
      o.reps, [&] { logset::internal::ImportSampledLogs(*store, kOrg, big.uuid, Spec(all)); });
  hand_ms = BestMs(o.reps, [&] {
    raw.Exec("BEGIN IMMEDIATE");
    raw.Run(HandInsertHead() + HandWhere(all) +
                " AND NOT EXISTS (SELECT 1 FROM dataset_logs d WHERE d.dataset_id = ?1 AND "
                "d.source_log_id = request_logs.unique_id)",
            [&](sqlite3_stmt* stmt) { BindRange(stmt, big_rowid, all); });
    raw.Exec("COMMIT");
  });
  PrintRow("re-import 18 days (0 new)", "not exists", big.log_count, logset_ms, hand_ms, rss);

  // Duplicating the big dataset: logset copies in windows of rowids, scores included.
  logset_ms = BestMs(o.reps, [&] {
    const logset::internal::Dataset copy =
        logset::internal::DuplicateDataset(*store, kOrg, {big.uuid, {}, {}, {}});
    logset::internal::DeleteDataset(*store, kOrg, copy.uuid);
  });
  rss = PeakRssMb();
  const logset::internal::Dataset copy_target =
      logset::internal::CreateEmptyDataset(*store, kOrg, Named("baseline"));
  const int64_t copy_rowid = Rowid(*store, copy_target.uuid);
  const std::string& columns = logset::internal::LogRecordColumns();
  std::string copied_columns = columns;
  copied_columns.replace(copied_columns.find("unique_id"), 9, "lower(hex(randomblob(16)))");
  hand_ms = BestMs(o.reps, [&] {
    raw.Exec("BEGIN IMMEDIATE");
    raw.Exec("INSERT INTO dataset_logs (dataset_id, org_id, " + columns +
             ", messages, annotation_status, source_log_id, created_at, updated_at) SELECT " +
             std::to_string(copy_rowid) + ", org_id, " + copied_columns +
             ", messages, annotation_status, source_log_id, 0, 0 FROM dataset_logs WHERE "
             "dataset_id = " +
             std::to_string(big_rowid));
    raw.Exec("COMMIT");
    raw.Exec("DELETE FROM dataset_logs WHERE dataset_id = " + std::to_string(copy_rowid));
  });
  logset::internal::DeleteDataset(*store, kOrg, copy_target.uuid);
  PrintRow("duplicate the 18-day dataset", "insert", big.log_count, logset_ms, hand_ms, rss);

  // Summary over the big dataset, without and then with one evaluator's scores on every log.
  std::printf("\n%-30s %10s %11s %6s\n", "summary (S1)", "logset ms", "baseline ms", "ratio");
  const logset::internal::BodyFilter none(logset::filter::Resource::kDatasetLog);
  auto time_summary = [&](const char* name) {
    const double best = BestMs(
        o.reps, [&] { logset::internal::SummarizeDatasetLogs(*store, kOrg, big.uuid, none); });
    const double hand = BestMs(o.reps, [&] {
      raw.Run(
          "SELECT count(*), total(cost), total(prompt_tokens), total(completion_tokens), "
          "avg(latency), avg(tokens_per_second), avg(time_to_first_token) FROM dataset_logs "
          "WHERE dataset_id = ?1",
          [&](sqlite3_stmt* stmt) { sqlite3_bind_int64(stmt, 1, big_rowid); });
      raw.Run(
          "SELECT evaluator_id, avg(numeric_value), sum(score_value = 'true' OR "
          "(score_value <> 'false' AND numeric_value <> 0)), sum(score_value = 'false' OR "
          "numeric_value = 0) FROM eval_scores WHERE dataset_id = ?1 GROUP BY evaluator_id",
          [&](sqlite3_stmt* stmt) { sqlite3_bind_int64(stmt, 1, big_rowid); });
    });
    std::printf("%-30s %10.1f %11.1f %6.2f\n", name, best, hand, best / hand);
  };
  char label[64];
  std::snprintf(label, sizeof label, "%lld logs, no scores", static_cast<long long>(big.log_count));
  time_summary(label);
  {
    auto session = StoreAccess::Write(*store);
    session.db().exec(
        "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
        "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
    SQLite::Statement scores(session.db(),
                             "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, "
                             "numeric_value, created_at) SELECT id, 'ev', '0.5', 0.5, 0 FROM "
                             "dataset_logs WHERE dataset_id = ?");
    scores.bind(1, big_rowid);
    scores.exec();
    session.Commit();
  }
  std::snprintf(label, sizeof label, "%lld logs, 1 evaluator",
                static_cast<long long>(big.log_count));
  time_summary(label);
  logset::internal::DeleteDataset(*store, kOrg, big.uuid);

  std::printf("\npeak RSS: %.1f MB (%.1f MB after loading)\n", PeakRssMb(), load_rss);
  return 0;
}
