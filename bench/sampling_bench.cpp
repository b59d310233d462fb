// SPDX-License-Identifier: MIT
// Sampling benchmark: sampled dataset creation, import, duplicate and summary against hand SQL.
//
//   data      N logs of bench::LogGenerator(seed) (~2 KB each, timestamps uniform over 180 days
//             from 2025-01-01) in DIR/logs.jsonl and DIR/store.db, made by PrepareBenchData in a
//             forked child (so generating and importing never count in this process's peak RSS)
//             and reused while DIR/marker says they hold N logs of this seed. Not timed.
//   windows   the week: 2025-03-01T00:00:00Z to 2025-03-07T23:59:59.999999Z (7/180 of the logs,
//             ~39k at 1M). The big window: from 2025-01-01 to the timestamp of the (N/5)-th log in
//             time order, so it holds 20% of N (200k at 1M, 20k at 100k) whatever N is.
//   sample    CreateSampledDataset (what D1 runs: COUNT, one ranking pass with a k-sized heap,
//             one INSERT ... SELECT of the chosen rows) for 10% and 40% of the week with
//             model = "gpt-4o" (a quarter of the traffic) and without a filter, sampler seed 42.
//             Two baselines:
//               copy      the same chosen rows by a hand-written INSERT ... SELECT ... WHERE id IN
//                         (json_each(?)): the copy alone, no matching or ranking;
//               bottom-k  the whole selection by hand: COUNT, then INSERT ... SELECT ... ORDER BY
//                         xxh3(unique_id, seed), unique_id LIMIT k (xxh3 registered as an SQL
//                         function); it must choose the same rows as logset.
//             Every hand-written copy from request logs (here and below) writes the shared core
//             columns, a random unique_id, and derives prompt, completion and messages from the
//             log's JSON in SQL as logset does (HandInsertHead), so both do the same work per row.
//   all       100% of the big window (the candidate query is the copy) vs a hand-written INSERT
//             ... SELECT ... WHERE; ImportSampledLogs of the same window into that dataset again
//             (every log skipped) vs INSERT ... WHERE NOT EXISTS; DuplicateDataset of it vs one
//             INSERT ... SELECT from dataset_logs.
//   summary   SummarizeDatasetLogs (S1, no filter) over the big dataset without scores, then with
//             one numerical evaluator's score on every log, vs the same aggregates by hand on the
//             current schema: totals over dataset_logs by dataset_id, then the scores grouped by
//             evaluator over eval_scores by its dataset_id column (schema 0002).
//
// Timed: each logset call above and each baseline statement with its BEGIN IMMEDIATE ... COMMIT;
// the best of --reps runs counts. Not timed: deleting what a run made, writing the scores. All
// logset runs come first, then all baselines on a raw sqlite3 connection to the same file opened
// only then, with the store writer's settings (WAL, synchronous=NORMAL, store/writer_tuning.h,
// temp_store=MEMORY, foreign keys), so the peak RSS shown is logset's alone: the process's
// getrusage peak right after the row's logset runs (the peak at the end, baselines included, is
// printed below the table). ratio = logset ms / baseline ms (lower is better); rows/s = the row
// count / logset seconds (for re-import and summary: the dataset's logs).
//
// The store is reused, so everything this program creates is named "sampling_bench..." and
// deleted at the end (and at the start, if an interrupted run left some); the row counts of
// datasets, dataset_logs, evaluators and eval_scores are checked to be back to their start values.
// Any check failing (baseline rows, summary answers, store left as found) prints MISMATCH and the
// program exits 1.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <xxhash.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bench_data.h"
#include "bench_flags.h"
#include "bench_util.h"
#include "child_process.h"
#include "datasets/dataset_filter.h"
#include "datasets/dataset_log_service.h"
#include "datasets/dataset_service.h"
#include "datasets/population_service.h"
#include "logs/log_record.h"
#include "logs/log_summary.h"
#include "logset/store.h"
#include "store/store_access.h"
#include "store/writer_tuning.h"

namespace {

using logset::Store;
using logset::bench::BestMs;
using logset::bench::Count;
using logset::bench::Fixed;
using logset::bench::PeakRssMb;
using logset::internal::StoreAccess;
namespace li = logset::internal;

constexpr int64_t kOrg = 1;
constexpr uint64_t kSampleSeed = 42;
constexpr int64_t kDay = 86400LL * 1000000;
// Where LogGenerator's timestamps start (log_generator.cpp); they span 180 days from there.
constexpr int64_t kGeneratorStart = 1735689600LL * 1000000;  // 2025-01-01T00:00:00Z
constexpr int64_t kWeekStart = kGeneratorStart + 59 * kDay;  // 2025-03-01T00:00:00Z
const std::string kPrefix = "sampling_bench";
const std::string kEvaluator = "sampling_bench_ev";

struct Options {
  long logs = 1000000;
  uint64_t seed = 42;
  std::string dir = "/tmp/logset_sampling_bench";
  int reps = 3;
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{"sampling_bench: sampled datasets, import, duplicate and summary vs hand SQL."};
  logset::bench::AddDataFlags(app, o.logs, o.seed, o.dir,
                              "Working directory for logs.jsonl and store.db (reused)");
  logset::bench::AddRepsFlag(app, o.reps, "Runs per measurement; the best counts");
  logset::bench::ParseOrExit(app, argc, argv);
  return o;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "sampling_bench: %s\n", what.c_str());
  std::exit(1);
}

// PrepareBenchData in a forked child, so generating and importing stay out of this process's
// peak RSS. Returns the store's path.
std::string PrepareInChild(const Options& o) {
  const std::optional<std::string> db = logset::bench::RunInChild(
      "sampling_bench: preparing the data",
      [&] { return logset::bench::PrepareBenchData(o.dir, o.logs, o.seed).db; });
  if (!db || db->empty()) Die("data preparation failed");
  return *db;
}

// The rows of the tables this program writes to; equal at start and end when it cleaned up.
std::vector<int64_t> Footprint(Store& store) {
  auto session = StoreAccess::Read(store);
  std::vector<int64_t> counts;
  for (const char* table : {"datasets", "dataset_logs", "evaluators", "eval_scores"}) {
    counts.push_back(
        session.db().execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64());
  }
  return counts;
}

// Deletes every dataset named kPrefix... and the evaluator kEvaluator; returns how many datasets.
int RemoveOwn(Store& store) {
  std::vector<std::string> uuids;
  {
    auto session = StoreAccess::Read(store);
    SQLite::Statement q(session.db(),
                        "SELECT uuid FROM datasets WHERE org_id = ? AND substr(name, 1, ?) = ?");
    q.bind(1, kOrg);
    q.bind(2, static_cast<int64_t>(kPrefix.size()));
    q.bind(3, kPrefix);
    while (q.executeStep()) uuids.push_back(q.getColumn(0).getString());
  }
  for (const std::string& uuid : uuids) li::DeleteDataset(store, kOrg, uuid);
  auto session = StoreAccess::Write(store);
  SQLite::Statement remove(session.db(),
                           "DELETE FROM evaluators WHERE org_id = ? AND evaluator_id = ?");
  remove.bind(1, kOrg);
  remove.bind(2, kEvaluator);
  remove.exec();
  session.Commit();
  return static_cast<int>(uuids.size());
}

// The timestamp of the `n`-th log (1-based) in time order: the big window's inclusive end.
int64_t NthTimestamp(Store& store, int64_t n) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement q(session.db(),
                      "SELECT timestamp FROM request_logs WHERE org_id = ? ORDER BY timestamp "
                      "LIMIT 1 OFFSET ?");
  q.bind(1, kOrg);
  q.bind(2, n - 1);
  if (!q.executeStep()) Die("the store holds fewer logs than --logs");
  return q.getColumn(0).getInt64();
}

// A raw sqlite3 connection to the store file for the hand-written baselines.
class Raw {
 public:
  explicit Raw(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      Die("cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
    Exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY");
    Exec(logset::internal::WriterTuningPragmas());
    // xxh3(text, seed) as an order-preserving signed integer: SQLite integers are signed, so the
    // top bit is flipped for unsigned ranks to sort right.
    sqlite3_create_function(
        db_, "xxh3", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
        [](sqlite3_context* ctx, int, sqlite3_value** argv) {
          const void* text = sqlite3_value_text(argv[0]);
          const int len = sqlite3_value_bytes(argv[0]);
          const auto seed = static_cast<uint64_t>(sqlite3_value_int64(argv[1]));
          const uint64_t rank = XXH3_64bits_withSeed(text, static_cast<size_t>(len), seed);
          sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(rank ^ (1ULL << 63)));
        },
        nullptr, nullptr);
  }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  ~Raw() { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      Die(std::string("raw exec failed: ") + (error ? error : "?") + "\n" + sql);
    }
  }

  // Prepares `sql`, lets `bind` bind it and steps every row; returns the first column of the
  // last row (0 if none).
  int64_t Run(const std::string& sql, const std::function<void(sqlite3_stmt*)>& bind) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      Die(std::string("raw prepare failed: ") + sqlite3_errmsg(db_) + "\n" + sql);
    }
    bind(stmt);
    int64_t last = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) last = sqlite3_column_int64(stmt, 0);
    if (rc != SQLITE_DONE) Die(std::string("raw step failed: ") + sqlite3_errmsg(db_));
    sqlite3_finalize(stmt);
    return last;
  }

  // Runs `sql` (binding ?1 to `dataset`) in one write transaction.
  void Write(const std::string& sql, int64_t dataset,
             const std::function<void(sqlite3_stmt*)>& bind = nullptr) {
    Exec("BEGIN IMMEDIATE");
    Run(sql, [&](sqlite3_stmt* stmt) {
      sqlite3_bind_int64(stmt, 1, dataset);
      if (bind) bind(stmt);
    });
    Exec("COMMIT");
  }

  void EmptyDataset(int64_t dataset) {
    Exec("DELETE FROM dataset_logs WHERE dataset_id = " + std::to_string(dataset));
  }

 private:
  sqlite3* db_ = nullptr;
};

// What a person copying rows by hand writes: core columns, a random id, the source id, and the
// dataset log's prompt, completion and messages derived from the request log as API.md 5.4 says
// (the last user message's text, the output's text, prompt_messages plus completion_message), so
// that the baseline does the work logset does.
std::string HandInsertHead() {
  const std::string& columns = li::LogRecordColumns();
  std::string select = columns;
  select.replace(select.find("unique_id"), 9, "lower(hex(randomblob(16)))");
  return "INSERT INTO dataset_logs (dataset_id, org_id, " + columns +
         ", prompt, completion, messages, annotation_status, source_log_id, created_at, "
         "updated_at) SELECT ?1, 1, " +
         select +
         ", CASE json_type(input) WHEN 'text' THEN input ->> '$' WHEN 'array' THEN (SELECT "
         "m.value ->> '$.content' FROM json_each(input) AS m WHERE m.value ->> '$.role' = 'user' "
         "ORDER BY m.key DESC LIMIT 1) END, CASE json_type(output) WHEN 'text' THEN output ->> "
         "'$' WHEN 'object' THEN output ->> '$.content' END, CASE WHEN completion_message IS "
         "NULL THEN coalesce(prompt_messages, '[]') ELSE json_insert(coalesce(prompt_messages, "
         "'[]'), '$[#]', json(completion_message)) END, 'pending', unique_id, 0, 0 FROM "
         "request_logs ";
}

struct Window {
  std::string name;
  int64_t start;      // inclusive
  int64_t end;        // inclusive
  const char* model;  // null: no filter
  int percentage;
};

li::SampledImport Spec(const Window& w) {
  li::SampledImport spec;
  spec.start_time = w.start;
  spec.end_time = w.end;
  if (w.model != nullptr) {
    spec.filters = li::ParseBodyFilter(nlohmann::ordered_json{{"model", w.model}}, "filters",
                                       logset::filter::Resource::kRequestLog);
  }
  spec.percentage = w.percentage;
  spec.seed = kSampleSeed;
  return spec;
}

std::string HandWhere(const Window& w) {
  return std::string("WHERE org_id = 1 AND timestamp >= ?2 AND timestamp <= ?3") +
         (w.model != nullptr ? " AND model = ?4" : "");
}

void BindWindow(sqlite3_stmt* stmt, const Window& w) {
  sqlite3_bind_int64(stmt, 2, w.start);
  sqlite3_bind_int64(stmt, 3, w.end);
  if (w.model != nullptr) sqlite3_bind_text(stmt, 4, w.model, -1, SQLITE_STATIC);
}

li::NewDataset Named(const std::string& suffix) {
  li::NewDataset d;
  d.name = kPrefix + " " + suffix;
  return d;
}

// The source request_logs ids of a dataset's logs as a JSON array, and its source unique_ids
// sorted.
std::pair<std::string, std::vector<std::string>> Chosen(Store& store, int64_t dataset_rowid) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement q(session.db(),
                      "SELECT r.id, r.unique_id FROM dataset_logs d JOIN request_logs r ON "
                      "r.unique_id = d.source_log_id WHERE d.dataset_id = ?");
  q.bind(1, dataset_rowid);
  nlohmann::json ids = nlohmann::json::array();
  std::vector<std::string> uids;
  while (q.executeStep()) {
    ids.push_back(q.getColumn(0).getInt64());
    uids.push_back(q.getColumn(1).getString());
  }
  std::sort(uids.begin(), uids.end());
  return {ids.dump(), uids};
}

// Gives every log of the dataset a score of the numerical evaluator kEvaluator (made if missing).
void AddScores(Store& store, int64_t dataset_rowid) {
  auto session = StoreAccess::Write(store);
  SQLite::Statement evaluator(
      session.db(),
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (?1, ?2, ?2, 'Sampling bench', 'numerical', 0) "
      "ON CONFLICT (org_id, evaluator_id) DO NOTHING");
  evaluator.bind(1, kOrg);
  evaluator.bind(2, kEvaluator);
  evaluator.exec();
  SQLite::Statement scores(session.db(),
                           "INSERT INTO eval_scores (dataset_log_id, dataset_id, evaluator_id, "
                           "score_value, numeric_value, created_at) SELECT id, dataset_id, ?, "
                           "'0.5', 0.5, 0 FROM dataset_logs WHERE dataset_id = ?");
  scores.bind(1, kEvaluator);
  scores.bind(2, dataset_rowid);
  scores.exec();
  session.Commit();
}

// Best of `reps` runs of `timed`, in ms; `untimed` runs after each (cleanup, checks).
double BestMsThen(int reps, const std::function<void()>& timed,
                  const std::function<void()>& untimed) {
  double best = 0;
  for (int i = 0; i < reps; ++i) {
    const double ms = BestMs(1, timed);
    best = i == 0 ? ms : std::min(best, ms);
    untimed();
  }
  return best;
}

// One table row; base_ms is filled in the baseline phase.
struct Row {
  std::string scenario;
  std::string baseline;
  int64_t rows = 0;
  double logset_ms = 0;
  double rss_mb = 0;
  double base_ms = 0;
};

// A sampled window's logset result, kept for its baselines.
struct Sampled {
  Window window;
  std::string json_ids;           // chosen request_logs ids
  std::vector<std::string> uids;  // chosen unique_ids, sorted
};

// The runs in order: every logset run first (so the peak RSS after each is logset's own), then
// every baseline on a raw connection opened only then.
class SamplingBench {
 public:
  SamplingBench(const Options& o, const std::string& db_path, Store& store)
      : o_(o), db_path_(db_path), store_(store) {
    big_count_ = std::max<int64_t>(1, (o.logs + 4) / 5);
    big_ = Window{"", kGeneratorStart, NthTimestamp(store, big_count_), nullptr, 100};
    big_days_ =
        Fixed(static_cast<double>(big_.end - big_.start) / static_cast<double>(kDay), 1) + " days";
  }

  const std::string& big_days() const { return big_days_; }
  int64_t big_count() const { return big_count_; }
  bool all_agree() const { return all_agree_; }

  void LogsetSamples() {
    const int64_t week_end = kWeekStart + 7 * kDay - 1;
    for (const Window& w :
         {Window{"10% of a week, model = gpt-4o", kWeekStart, week_end, "gpt-4o", 10},
          Window{"40% of a week, model = gpt-4o", kWeekStart, week_end, "gpt-4o", 40},
          Window{"10% of a week, no filter", kWeekStart, week_end, nullptr, 10},
          Window{"40% of a week, no filter", kWeekStart, week_end, nullptr, 40}}) {
      Sampled s{w, {}, {}};
      li::Dataset d;
      Row row{w.name, "copy"};
      row.logset_ms = BestMsThen(
          o_.reps, [&] { d = li::CreateSampledDataset(store_, kOrg, Named("sample"), Spec(w)); },
          [&] {
            std::tie(s.json_ids, s.uids) = Chosen(store_, d.rowid);
            li::DeleteDataset(store_, kOrg, d.uuid);
          });
      row.rows = d.log_count;
      row.rss_mb = PeakRssMb();
      samples_.push_back(row);
      row.baseline = "bottom-k";
      samples_.push_back(row);
      sampled_.push_back(std::move(s));
    }
  }

  // Creates the big dataset (kept until Finish) and re-imports and duplicates it.
  void LogsetBigWindow() {
    int left = o_.reps;
    all_ = Row{"100% of " + big_days_ + " (20% of logs)", "insert"};
    all_.logset_ms = BestMsThen(
        o_.reps,
        [&] { big_set_ = li::CreateSampledDataset(store_, kOrg, Named("big"), Spec(big_)); },
        [&] {
          if (--left > 0) li::DeleteDataset(store_, kOrg, big_set_.uuid);
        });
    all_.rows = big_set_.log_count;
    all_.rss_mb = PeakRssMb();
    if (big_set_.log_count < big_count_) Mismatch("the big window holds fewer logs than N/5");

    reimport_ = Row{"re-import that window (0 new)", "not exists", big_set_.log_count};
    int64_t added = 0;
    reimport_.logset_ms = BestMs(
        o_.reps, [&] { added += li::ImportSampledLogs(store_, kOrg, big_set_.uuid, Spec(big_)); });
    reimport_.rss_mb = PeakRssMb();
    if (added != 0) Mismatch("re-importing the window added " + Count(added) + " logs");

    duplicate_ = Row{"duplicate that dataset", "insert", big_set_.log_count};
    li::Dataset copy;
    duplicate_.logset_ms = BestMsThen(
        o_.reps,
        [&] {
          copy = li::DuplicateDataset(store_, kOrg, {big_set_.uuid, kPrefix + " copy", {}, {}});
        },
        [&] {
          if (copy.log_count != big_set_.log_count) Mismatch("the duplicate's log count differs");
          li::DeleteDataset(store_, kOrg, copy.uuid);
        });
    duplicate_.rss_mb = PeakRssMb();
  }

  // S1 over the big dataset without, then with, one evaluator's score on every log.
  void LogsetSummaries() {
    plain_ = Row{"summary S1, no scores", "aggregates", big_set_.log_count};
    Summarize(plain_, false);
    AddScores(store_, big_set_.rowid);
    scored_ = Row{"summary S1, 1 evaluator on every log", "aggregates", big_set_.log_count};
    Summarize(scored_, true);
    logset_rss_ = PeakRssMb();
  }

  void Baselines() {
    Raw raw(db_path_);
    const li::Dataset target = li::CreateEmptyDataset(store_, kOrg, Named("baseline"));
    const auto empty_target = [&] { raw.EmptyDataset(target.rowid); };
    for (std::size_t i = 0; i < sampled_.size(); ++i) {
      const Sampled& s = sampled_[i];
      samples_[2 * i].base_ms = BestMsThen(
          o_.reps,
          [&] {
            raw.Write(HandInsertHead() + "WHERE id IN (SELECT value FROM json_each(?2))",
                      target.rowid, [&](sqlite3_stmt* stmt) {
                        sqlite3_bind_text(stmt, 2, s.json_ids.c_str(), -1, SQLITE_STATIC);
                      });
          },
          empty_target);
      std::vector<std::string> hand_uids;
      samples_[2 * i + 1].base_ms = BestMsThen(
          o_.reps, [&] { HandBottomK(raw, target.rowid, s.window); },
          [&] {
            hand_uids = Chosen(store_, target.rowid).second;
            empty_target();
          });
      if (hand_uids != s.uids)
        Mismatch("the hand-written bottom-k chose other rows: " + s.window.name);
    }

    const auto bind_big = [&](sqlite3_stmt* stmt) { BindWindow(stmt, big_); };
    all_.base_ms = BestMsThen(
        o_.reps, [&] { raw.Write(HandInsertHead() + HandWhere(big_), target.rowid, bind_big); },
        empty_target);
    reimport_.base_ms = BestMs(o_.reps, [&] {
      raw.Write(HandInsertHead() + HandWhere(big_) +
                    " AND NOT EXISTS (SELECT 1 FROM dataset_logs d WHERE d.dataset_id = ?1 AND "
                    "d.source_log_id = request_logs.unique_id)",
                big_set_.rowid, bind_big);
    });
    const std::string& columns = li::LogRecordColumns();
    std::string fresh_ids = columns;
    fresh_ids.replace(fresh_ids.find("unique_id"), 9, "lower(hex(randomblob(16)))");
    duplicate_.base_ms = BestMsThen(
        o_.reps,
        [&] {
          raw.Write("INSERT INTO dataset_logs (dataset_id, org_id, " + columns +
                        ", messages, annotation_status, source_log_id, created_at, updated_at) "
                        "SELECT ?1, org_id, " +
                        fresh_ids +
                        ", messages, annotation_status, source_log_id, 0, 0 FROM dataset_logs "
                        "WHERE dataset_id = ?2",
                    target.rowid,
                    [&](sqlite3_stmt* stmt) { sqlite3_bind_int64(stmt, 2, big_set_.rowid); });
        },
        empty_target);

    int64_t hand_count = 0;
    scored_.base_ms = BestMs(o_.reps, [&] { hand_count = HandSummary(raw); });
    raw.Exec("DELETE FROM eval_scores WHERE dataset_id = " + std::to_string(big_set_.rowid));
    plain_.base_ms = BestMs(o_.reps, [&] { hand_count = HandSummary(raw); });
    if (hand_count != big_set_.log_count) Mismatch("the hand-written summary counts other logs");
    end_rss_ = PeakRssMb();
    li::DeleteDataset(store_, kOrg, target.uuid);
  }

  void Print(double wall_seconds) const {
    logset::bench::Table table({"scenario", "baseline", "rows", "logset ms", "baseline ms", "ratio",
                                "rows/s", "peak RSS MB"});
    std::vector<Row> rows = samples_;
    rows.insert(rows.end(), {all_, reimport_, duplicate_, plain_, scored_});
    for (const Row& r : rows) {
      table.AddRow({r.scenario, r.baseline, Count(r.rows), Fixed(r.logset_ms, 1),
                    Fixed(r.base_ms, 1), Fixed(r.logset_ms / r.base_ms, 2) + "x",
                    Fixed(static_cast<double>(r.rows) / (r.logset_ms / 1000)), Fixed(r.rss_mb, 1)});
    }
    table.Print();
    const auto verdict = [](bool met) { return met ? "met" : "NOT met"; };
    // The two 10% rows (filtered, unfiltered): the goal holds for either.
    const double sample_ms = std::max(samples_[0].logset_ms, samples_[4].logset_ms);
    const double summary_ms = std::max(plain_.logset_ms, scored_.logset_ms);
    std::printf(
        "\nratio = logset / baseline (lower is better); baselines: raw sqlite3 connection, same "
        "file, the store writer's settings.\nPeak RSS: logset's runs alone; %s MB at the end, the "
        "baselines' connection included.\n\nGoals (issues 4 and 5, set for 1,000,000 logs):\n"
        "- sampling 10%% of one week end to end < 1,500 ms: %s (%s ms with the filter, %s ms "
        "without)\n- peak RSS < 200 MB: %s (%s MB)\n- summary over the ~200,000-log dataset < 100 "
        "ms: %s (%s logs here: %s ms without scores, %s ms with)\n\nTotal wall time %s s.\n",
        Fixed(end_rss_, 1).c_str(), verdict(sample_ms < 1500),
        Fixed(samples_[0].logset_ms, 1).c_str(), Fixed(samples_[4].logset_ms, 1).c_str(),
        verdict(logset_rss_ < 200), Fixed(logset_rss_, 1).c_str(), verdict(summary_ms < 100),
        Count(big_set_.log_count).c_str(), Fixed(plain_.logset_ms, 1).c_str(),
        Fixed(scored_.logset_ms, 1).c_str(), Fixed(wall_seconds, 1).c_str());
  }

  void Mismatch(const std::string& what) {
    all_agree_ = false;
    std::printf("MISMATCH: %s\n", what.c_str());
  }

 private:
  void Summarize(Row& row, bool scored) {
    const li::BodyFilter no_filter(logset::filter::Resource::kDatasetLog);
    li::LogSummary summary;
    row.logset_ms = BestMs(o_.reps, [&] {
      summary = li::SummarizeDatasetLogs(store_, kOrg, big_set_.uuid, no_filter);
    });
    row.rss_mb = PeakRssMb();
    const bool right = summary.number_of_requests == big_set_.log_count &&
                       (scored ? summary.scores.size() == 1 && summary.scores[0].avg_score == 0.5
                               : summary.scores.empty());
    if (!right) Mismatch("the summary of '" + row.scenario + "' is wrong");
  }

  // COUNT, then the k smallest xxh3 ranks, in one write transaction.
  void HandBottomK(Raw& raw, int64_t target_rowid, const Window& w) {
    raw.Exec("BEGIN IMMEDIATE");
    const int64_t n = raw.Run("SELECT count(*) FROM request_logs " + HandWhere(w),
                              [&](sqlite3_stmt* stmt) { BindWindow(stmt, w); });
    const int64_t k = n == 0 ? 0 : std::max<int64_t>(1, (n * w.percentage + 50) / 100);
    raw.Run(HandInsertHead() + HandWhere(w) + " ORDER BY xxh3(unique_id, ?5), unique_id LIMIT ?6",
            [&](sqlite3_stmt* stmt) {
              sqlite3_bind_int64(stmt, 1, target_rowid);
              BindWindow(stmt, w);
              sqlite3_bind_int64(stmt, 5, static_cast<sqlite3_int64>(kSampleSeed));
              sqlite3_bind_int64(stmt, 6, k);
            });
    raw.Exec("COMMIT");
  }

  // The totals, then each evaluator's aggregates; returns the log count.
  int64_t HandSummary(Raw& raw) const {
    const auto bind = [&](sqlite3_stmt* stmt) { sqlite3_bind_int64(stmt, 1, big_set_.rowid); };
    const int64_t n = raw.Run(
        "SELECT count(*), total(cost), total(prompt_tokens), total(completion_tokens), "
        "avg(latency), avg(tokens_per_second), avg(time_to_first_token) FROM dataset_logs "
        "WHERE dataset_id = ?1 AND org_id = 1",
        bind);
    raw.Run(
        "SELECT evaluator_id, avg(numeric_value), sum(score_value = 'true' OR "
        "(score_value <> 'false' AND numeric_value <> 0)), sum(score_value = 'false' OR "
        "numeric_value = 0) FROM eval_scores WHERE dataset_id = ?1 GROUP BY evaluator_id",
        bind);
    return n;
  }

  const Options& o_;
  const std::string db_path_;
  Store& store_;
  int64_t big_count_ = 0;
  Window big_;
  std::string big_days_;
  li::Dataset big_set_;
  std::vector<Row> samples_;  // two rows (copy, bottom-k) per sampled window
  std::vector<Sampled> sampled_;
  Row all_, reimport_, duplicate_, plain_, scored_;
  double logset_rss_ = 0;
  double end_rss_ = 0;
  bool all_agree_ = true;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  const auto wall = logset::bench::Clock::now();
  const std::string db_path = PrepareInChild(o);
  logset::StoreOptions store_options;
  store_options.path = db_path;
  auto store = Store::Open(store_options);
  if (const int stale = RemoveOwn(*store)) {
    std::printf("removed %d datasets an interrupted run left\n", stale);
  }
  const std::vector<int64_t> footprint = Footprint(*store);

  SamplingBench bench(o, db_path, *store);
  std::printf(
      "sampling_bench: %s logs, seed %llu, best of %d runs (data preparation child peak RSS %.1f "
      "MB)\n  week 2025-03-01..07 (7/180 of the logs); big window 2025-01-01 + %s (the first %s "
      "logs)\n\n",
      Count(o.logs).c_str(), static_cast<unsigned long long>(o.seed), o.reps,
      PeakRssMb(RUSAGE_CHILDREN), bench.big_days().c_str(), Count(bench.big_count()).c_str());
  std::fflush(stdout);
  bench.LogsetSamples();
  bench.LogsetBigWindow();
  bench.LogsetSummaries();
  bench.Baselines();
  RemoveOwn(*store);
  if (Footprint(*store) != footprint) bench.Mismatch("the store was not left as found");
  bench.Print(logset::bench::Seconds(wall));
  if (!bench.all_agree()) {
    std::fprintf(stderr, "sampling_bench: MISMATCH (see above)\n");
    return 1;
  }
  return 0;
}
