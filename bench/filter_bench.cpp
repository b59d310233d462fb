// SPDX-License-Identifier: MIT
// Filter benchmarks: what the filter language costs on top of SQLite.
//
//   compile   parse + compile of representative filters, in microseconds per filter.
//   count     SELECT count(*) with the compiled filter versus the same question in hand-written
//             SQL (raw sqlite3 C API, bound parameters) on the same file; ratio = logset / hand.
//   page      the first page (50 rows, ORDER BY timestamp DESC) the same way.
//   metadata  equality on a metadata key before and after `CreateMetadataIndex`.
//
// Flags: --logs N (default 1000000), --db PATH (default /tmp/logset_filter_bench.db, rebuilt
// unless it already holds N logs), --reps R (default 3; the best run counts).
// Settings: WAL, synchronous=OFF while loading, all rows inserted in one transaction.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "filter/filter_compiler.h"
#include "filter/filter_parser.h"
#include "filter/metadata_index.h"
#include "store/migrations.h"
#include "store/sql_functions.h"

namespace {

using logset::filter::Resource;
using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

struct Options {
  long logs = 1000000;
  std::string db = "/tmp/logset_filter_bench.db";
  int reps = 3;
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{
      "filter_bench: what the filter language costs on top of SQLite (see the header comment)."};
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

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best of `reps` runs, in milliseconds.
double BestMs(int reps, const std::function<void()>& run) {
  double best = 1e300;
  for (int i = 0; i < reps; ++i) {
    const auto start = Clock::now();
    run();
    best = std::min(best, Seconds(start) * 1000);
  }
  return best;
}

constexpr std::int64_t kStart = 1753500000000000LL;  // 2025-07-26
const char* const kModels[] = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "Llama-3.1-70B",
                               "mistral-large"};

void Load(SQLite::Database& db, long logs) {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  logset::internal::Migrate(db);
  db.exec(
      "INSERT OR IGNORE INTO organizations (id, uuid, name, created_at) VALUES (1, 'o', 'default', "
      "0)");
  if (db.execAndGet("SELECT count(*) FROM request_logs").getInt64() == logs) return;
  db.exec("DELETE FROM request_logs");
  const auto start = Clock::now();
  SQLite::Transaction tx(db);
  SQLite::Statement insert(
      db,
      "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, environment, model, "
      "status, status_code, prompt_tokens, completion_tokens, total_request_tokens, cost, latency, "
      "stream, customer_identifier, input, output, metadata) VALUES "
      "(1, ?, ?, ?, 'prod', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)");
  std::uint64_t state = 42;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  char uid[33];
  for (long i = 0; i < logs; ++i) {
    const std::uint64_t r = next() >> 16;
    const int status = r % 20 == 0 ? 500 : 200;
    std::snprintf(uid, sizeof uid, "%032lx", static_cast<unsigned long>(i));
    const std::int64_t ts = kStart + i * 1000000LL;
    const ordered_json metadata = {{"user_id", "u" + std::to_string(r % 10000)},
                                   {"tier", r % 3 == 0 ? "gold" : "free"},
                                   {"score", static_cast<int>(r % 100)}};
    insert.bind(1, uid);
    insert.bind(2, static_cast<int64_t>(ts));
    insert.bind(3, static_cast<int64_t>(ts - 500000));
    insert.bind(4, kModels[r % 5]);
    insert.bind(5, status == 500 ? "error" : "success");
    insert.bind(6, status);
    insert.bind(7, static_cast<int>(r % 1000));
    insert.bind(8, static_cast<int>(r % 300));
    insert.bind(9, static_cast<int>(r % 1000 + r % 300));
    insert.bind(10, (r % 1000) / 1000.0);
    insert.bind(11, (r % 5000) / 1000.0);
    insert.bind(12, "customer-" + std::to_string(r % 500));
    insert.bind(13, ordered_json("Say hello to request " + std::to_string(i)).dump());
    insert.bind(14, ordered_json("Hello number " + std::to_string(r % 1000)).dump());
    insert.bind(15, metadata.dump());
    insert.exec();
    insert.reset();
  }
  tx.commit();
  db.exec("ANALYZE");
  std::printf("loaded %ld logs in %.1f s (%.0f rows/s)\n", logs, Seconds(start),
              logs / Seconds(start));
}

// One comparison: a filter and the hand-written WHERE clause (bound values) a person would write.
struct Case {
  const char* name;
  const char* filter;
  const char* hand_where;
  std::vector<std::string> hand_params;  // bound as text, integers or reals by their look
};

// Runs `sql` through the raw C API with `params`, stepping every row.
void RunRaw(sqlite3* db, const std::string& sql, const std::vector<std::string>& params) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "prepare failed: %s\n%s\n", sqlite3_errmsg(db), sql.c_str());
    std::exit(1);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string& p = params[i];
    char* end = nullptr;
    const long long n = std::strtoll(p.c_str(), &end, 10);
    if (!p.empty() && *end == '\0') {
      sqlite3_bind_int64(stmt, static_cast<int>(i + 1), n);
    } else if (const double d = std::strtod(p.c_str(), &end); !p.empty() && *end == '\0') {
      sqlite3_bind_double(stmt, static_cast<int>(i + 1), d);
    } else {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), p.c_str(), -1, SQLITE_TRANSIENT);
    }
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
  }
  sqlite3_finalize(stmt);
}

void RunCompiled(SQLite::Database& db, const std::string& sql,
                 const logset::filter::CompiledFilter& c) {
  SQLite::Statement q(db, sql);
  logset::filter::BindParams(q, 1, c.params);
  while (q.executeStep()) {
  }
}

logset::filter::CompiledFilter Compile(SQLite::Database& db, const char* filter) {
  logset::filter::CompileOptions options;
  options.indexed_metadata_paths = logset::filter::LoadMetadataIndexes(db, Resource::kRequestLog);
  return logset::filter::CompileFilter(
      logset::filter::ParseFilter(ordered_json::parse(filter), Resource::kRequestLog, "/filters"),
      Resource::kRequestLog, options);
}

const char* const kPageColumns = "id, unique_id, timestamp, model, cost, metadata";

void Compare(SQLite::Database& db, sqlite3* raw, const Options& o, const Case& c) {
  const logset::filter::CompiledFilter compiled = Compile(db, c.filter);
  const std::string where = "request_logs.org_id = 1 AND (" + compiled.sql + ")";
  const std::string hand = std::string("org_id = 1 AND ") + c.hand_where;
  const std::string page_tail = " ORDER BY timestamp DESC, id LIMIT 50";
  const double count_ms = BestMs(o.reps, [&] {
    RunCompiled(db, "SELECT count(*) FROM request_logs WHERE " + where, compiled);
  });
  const double count_hand = BestMs(o.reps, [&] {
    RunRaw(raw, "SELECT count(*) FROM request_logs WHERE " + hand, c.hand_params);
  });
  const double page_ms = BestMs(o.reps, [&] {
    RunCompiled(
        db, std::string("SELECT ") + kPageColumns + " FROM request_logs WHERE " + where + page_tail,
        compiled);
  });
  const double page_hand = BestMs(o.reps, [&] {
    RunRaw(raw,
           std::string("SELECT ") + kPageColumns + " FROM request_logs WHERE " + hand + page_tail,
           c.hand_params);
  });
  std::printf(
      "%-22s count %9.2f ms  hand %9.2f ms  ratio %5.2f | page %8.2f ms  hand %8.2f ms  ratio "
      "%5.2f\n",
      c.name, count_ms, count_hand, count_ms / count_hand, page_ms, page_hand, page_ms / page_hand);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  SQLite::Database db(o.db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  logset::internal::RegisterSqlFunctions(db.getHandle());
  Load(db, o.logs);
  for (const auto& index : logset::filter::ListMetadataIndexes(db))
    db.exec("DROP INDEX " + index.index_name);
  sqlite3* raw = nullptr;
  sqlite3_open_v2(o.db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::printf("filter_bench: %ld logs in %s, best of %d runs\n\n", o.logs, o.db.c_str(), o.reps);

  const char* const kCompileCases[] = {
      R"({"model": "gpt-4o"})",
      R"({"timestamp": {"gte": "2025-07-26T00:00:00Z", "lt": "2025-07-27T00:00:00Z"}, "status_code": 500})",
      R"({"metadata__user_id": "u42", "cost": {"gt": 0.5}, "model": {"operator": "icontains", "value": "GPT"}})",
      R"({"g": {"connector": "OR", "filter_params": {"model": ["gpt-4o", "mistral-large"], "metadata__tier": "gold",
          "h": {"filter_params": {"latency": {"lt": 1}, "input": {"operator": "full_text_search", "value": "hello 42"}}}}}})",
  };
  for (const char* filter : kCompileCases) {
    const ordered_json json = ordered_json::parse(filter);
    const int n = 20000;
    const auto start = Clock::now();
    size_t sink = 0;
    for (int i = 0; i < n; ++i) {
      sink += logset::filter::CompileFilter(
                  logset::filter::ParseFilter(json, Resource::kRequestLog, "/filters"),
                  Resource::kRequestLog)
                  .sql.size();
    }
    std::printf("compile %6.2f us/filter  (%zu chars)  %.60s\n", Seconds(start) * 1e6 / n, sink / n,
                filter);
  }
  std::printf("\n");

  const std::string day_end = std::to_string(kStart + 86400LL * 1000000);
  const std::vector<Case> cases = {
      {"model =", R"({"model": "gpt-4o"})", "model = ?", {"gpt-4o"}},
      {"timestamp range (1 d)",
       R"({"timestamp": {"gte": "2025-07-26T03:20:00Z", "lt": "2025-07-27T03:20:00Z"}})",
       "timestamp >= ? AND timestamp < ?",
       {std::to_string(kStart), day_end}},
      {"status_code + cost",
       R"({"status_code": 500, "cost": {"gt": 0.5}})",
       "status_code = ? AND cost > ?",
       {"500", "0.5"}},
      {"customer in (3)",
       R"({"customer_identifier": ["customer-1", "customer-2", "customer-3"]})",
       "customer_identifier IN (?, ?, ?)",
       {"customer-1", "customer-2", "customer-3"}},
      {"model icontains",
       R"({"model": {"operator": "icontains", "value": "GPT"}})",
       "model LIKE ?",
       {"%gpt%"}},
      {"input contains",
       R"({"input": {"operator": "contains", "value": "request 4242"}})",
       "instr(json_extract(input, '$'), ?) > 0",
       {"request 4242"}},
      {"metadata tier =",
       R"({"metadata__tier": "gold"})",
       "json_extract(metadata, '$.tier') = ?",
       {"gold"}},
      {"metadata score >",
       R"({"metadata__score": {"gt": 90}})",
       "json_extract(metadata, '$.score') > ?",
       {"90"}},
  };
  for (const Case& c : cases) Compare(db, raw, o, c);

  std::printf("\nmetadata index: metadata__user_id = \"u42\"\n");
  const Case user{"metadata user_id =",
                  R"({"metadata__user_id": "u42"})",
                  "json_extract(metadata, '$.\"user_id\"') = ?",
                  {"u42"}};
  Compare(db, raw, o, user);
  const auto start = Clock::now();
  logset::filter::CreateMetadataIndex(db, Resource::kRequestLog, "user_id");
  std::printf("CreateMetadataIndex(user_id) took %.1f s\n", Seconds(start));
  sqlite3_close(raw);
  sqlite3_open_v2(o.db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);  // see the new index
  Compare(db, raw, o, {"  ... indexed", user.filter, user.hand_where, user.hand_params});
  sqlite3_close(raw);
  return 0;
}
