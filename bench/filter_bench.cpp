// SPDX-License-Identifier: MIT
// Filter benchmark: logset's filters against hand-written SQL and a naive JSONL scan.
//
//   data      N logs from bench::LogGenerator(seed) written to DIR/logs.jsonl, then loaded into
//             DIR/store.db by ImportRequestLogsJsonl (what `logset logs import` runs;
//             PrepareBenchData, no ANALYZE). Both are reused while DIR/marker says they hold N
//             logs of this seed.
//             Leftover metadata indexes are dropped first, so each run starts without them.
//   compile   ParseFilter + CompileFilter of four representative filters, µs per filter.
//   logset    per scenario, timed from the filter JSON text: a ReadSession on the Store,
//             ParseJsonDocument (the API's and the CLI's parser), ParseFilter,
//             CompileLogFilter (which reads the metadata indexes), then SELECT count(*) FROM
//             request_logs WHERE org_id = ? AND (<compiled>) prepared, bound and stepped. The
//             list page instead runs ReadRequestLogPage (what R2 runs under HTTP: the exact
//             count, then 50 rows ORDER BY cost DESC, unique_id decoded, then their scores).
//   baseline  the same question written by hand, prepared, bound and stepped through the raw
//             sqlite3 C API on a second, read-only connection to the same file (temp_store =
//             MEMORY like the store's connections); the list page counts, then reads every column
//             of the same 50 rows. ratio = logset ms / baseline ms (lower is better; the issue's
//             goal for typed-column and metadata filters is <= 1.10).
//   naive     what a user without logset writes: read DIR/logs.jsonl line by line, parse each
//             line with nlohmann::json, test the condition in C++, count (for the page: keep the
//             50 highest costs). Run once, not best of R: it is slow.
//   metadata  the two metadata scenarios run before and after CreateMetadataIndex on their keys.
//
// logset and baseline are the best of --reps runs. rows/s = N / logset seconds (rows the query
// has to consider, not rows matched). Peak RSS is this process's peak so far (getrusage), the
// import included when it ran. All three answers are compared: a difference prints MISMATCH and
// the program exits 1.
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <queue>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "api/query_params.h"
#include "api/sorting.h"
#include "bench_data.h"
#include "bench_flags.h"
#include "bench_util.h"
#include "filter/filter_compiler.h"
#include "filter/filter_parser.h"
#include "filter/metadata_index.h"
#include "log_generator.h"
#include "logs/log_filter_sql.h"
#include "logs/log_record.h"
#include "logs/request_log_store.h"
#include "logset/store.h"
#include "store/store_access.h"
#include "util/json_parse.h"

namespace {

using logset::bench::BestMs;
using logset::bench::Clock;
using logset::bench::Fixed;
using logset::bench::Seconds;
using logset::filter::Resource;
using logset::filter::SqlValue;
using logset::internal::StoreAccess;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr int kPageSize = 50;

struct Options {
  long logs = 1000000;
  uint64_t seed = 42;
  std::string dir = "/tmp/logset_filter_bench";
  int reps = 3;
  std::string only;  // measure only the scenarios whose label contains this
  bool naive = true;
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{"filter_bench: logset's filters against hand-written SQL and a naive JSONL scan."};
  logset::bench::AddDataFlags(app, o.logs, o.seed, o.dir,
                              "Working directory for logs.jsonl and store.db (reused)");
  logset::bench::AddRepsFlag(app, o.reps, "Runs per logset/baseline measurement; the best counts");
  app.add_option("--only", o.only,
                 "Measure only the scenarios whose label contains this text (e.g. 'indexed')");
  app.add_flag("!--no-naive", o.naive,
               "Skip the naive JSONL scan (about 10 s per scenario at 1M logs)");
  logset::bench::ParseOrExit(app, argc, argv);
  return o;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "filter_bench: %s\n", what.c_str());
  std::exit(1);
}

// One question asked three ways. `kind` kPage is the sorted list page; the rest count.
struct Scenario {
  enum class Kind { kCount, kPage } kind = Kind::kCount;
  std::string name;
  std::string filter;                      // the filter JSON logset gets
  std::string hand_where;                  // what a person writes after "org_id = 1 AND "
  std::vector<SqlValue> hand_params;       // its bound values, in order
  std::function<bool(const json&)> naive;  // the C++ test a person writes for one parsed line
};

// What a run found: the matching count and, for the page, the costs of its rows in order.
struct Answer {
  long long count = 0;
  std::vector<double> costs;
  bool operator==(const Answer& other) const {
    return count == other.count && costs == other.costs;
  }
};

Answer RunLogset(logset::Store& store, const Scenario& s) {
  if (s.kind == Scenario::Kind::kPage) {
    // An empty commit forgets the counts the store remembers (store/count_cache.h), so every
    // run pays for its count like the first request after a write; http_bench shows the rest.
    StoreAccess::Write(store).Commit();
  }
  auto session = StoreAccess::Read(store);
  SQLite::Database& db = session.db();
  const auto where = logset::internal::CompileLogFilter(
      db,
      logset::filter::ParseFilter(logset::internal::ParseJsonDocument(s.filter),
                                  Resource::kRequestLog, "/filters"),
      Resource::kRequestLog);
  Answer answer;
  if (s.kind == Scenario::Kind::kPage) {
    const std::string order_by =
        logset::internal::OrderByClause(logset::internal::QueryParams("sort_by=-cost"),
                                        logset::internal::SortResource::kRequestLogs, "-timestamp");
    const auto page =
        logset::internal::ReadRequestLogPage(session, 1, where, order_by, kPageSize, 0);
    answer.count = page.count;
    for (const auto& log : page.logs) answer.costs.push_back(log.log.core.cost);
    return answer;
  }
  const auto q = session.Prepare("SELECT count(*) FROM request_logs WHERE org_id = ? AND " +
                                 where.Condition());
  q->bind(1, 1);
  logset::internal::BindSqlValues(*q, 2, where.params);
  q->executeStep();
  answer.count = q->getColumn(0).getInt64();
  return answer;
}

// Binds `params` from index 1 to `sql`, prepared once per SQL text and kept like a hand-written
// program would keep it (logset keeps its statements too, store/statement_cache.h), and calls
// `row` for each result row.
void Raw(sqlite3* db, const std::string& sql, const std::vector<SqlValue>& params,
         const std::function<void(sqlite3_stmt*)>& row) {
  static std::map<std::pair<sqlite3*, std::string>, sqlite3_stmt*> kept;
  sqlite3_stmt*& stmt = kept[{db, sql}];
  if (stmt == nullptr && sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    Die(std::string("prepare failed: ") + sqlite3_errmsg(db) + "\n" + sql.substr(0, 300));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
      sqlite3_bind_int64(stmt, index, *n);
    } else if (const auto* d = std::get_if<double>(&params[i])) {
      sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* t = std::get_if<std::string>(&params[i])) {
      sqlite3_bind_text(stmt, index, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
    }
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
  if (rc != SQLITE_DONE) Die(std::string("step failed: ") + sqlite3_errmsg(db));
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
}

Answer RunHand(sqlite3* db, const Scenario& s) {
  const std::string from = " FROM request_logs WHERE org_id = 1 AND " + s.hand_where;
  Answer answer;
  Raw(db, "SELECT count(*)" + from, s.hand_params,
      [&](sqlite3_stmt* q) { answer.count = sqlite3_column_int64(q, 0); });
  if (s.kind != Scenario::Kind::kPage) return answer;
  // The columns R2 reads, each fetched the way a caller copying them out would.
  static const std::string kColumns = "id, " + logset::internal::LogRecordColumns() +
                                      ", customer_email, is_pinned, note, "
                                      "prompt_cache_hit_tokens, prompt_cache_creation_tokens, "
                                      "prompt_messages, completion_message";
  const int cost_column = [] {
    const std::string& c = kColumns;
    return static_cast<int>(std::count(c.begin(), c.begin() + c.find(" cost,"), ','));
  }();
  std::string sink;
  Raw(db, "SELECT " + kColumns + from + " ORDER BY cost DESC, unique_id LIMIT 50", s.hand_params,
      [&](sqlite3_stmt* q) {
        for (int c = 0; c < sqlite3_column_count(q); ++c) {
          const auto* text = sqlite3_column_text(q, c);
          if (text != nullptr) sink.assign(reinterpret_cast<const char*>(text));
        }
        answer.costs.push_back(sqlite3_column_double(q, cost_column));
      });
  return answer;
}

Answer RunNaive(const std::string& jsonl, const Scenario& s) {
  std::ifstream in(jsonl, std::ios::binary);
  std::string line;
  Answer answer;
  std::priority_queue<double, std::vector<double>, std::greater<>> top;  // the 50 highest costs
  while (std::getline(in, line)) {
    const json log = json::parse(line);
    if (!s.naive(log)) continue;
    ++answer.count;
    if (s.kind != Scenario::Kind::kPage) continue;
    top.push(log.value("cost", 0.0));
    if (top.size() > kPageSize) top.pop();
  }
  for (; !top.empty(); top.pop()) answer.costs.insert(answer.costs.begin(), top.top());
  return answer;
}

// The string at `key`, or "" when it is missing or not a string.
const std::string& Str(const json& j, const char* key) {
  static const std::string kNone;
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : kNone;
}

// A metadata value, or null when the key or metadata is missing.
const json& Meta(const json& log, const char* key) {
  static const json kNull;
  const auto m = log.find("metadata");
  if (m == log.end() || !m->is_object()) return kNull;
  const auto it = m->find(key);
  return it == m->end() ? kNull : *it;
}

std::vector<Scenario> Scenarios() {
  std::vector<Scenario> s;
  auto add = [&s](std::string name, std::string filter, std::string hand_where,
                  std::vector<SqlValue> hand_params, std::function<bool(const json&)> naive) {
    s.push_back({Scenario::Kind::kCount, std::move(name), std::move(filter), std::move(hand_where),
                 std::move(hand_params), std::move(naive)});
  };
  add("model =", R"({"model": "gpt-4o"})", "model = ?", {"gpt-4o"},
      [](const json& j) { return Str(j, "model") == "gpt-4o"; });
  // Generated timestamps are fixed-width UTC text, so comparing them as strings is exact.
  add("timestamp range (1 week)",
      R"({"timestamp": {"gte": "2025-03-01T00:00:00Z", "lt": "2025-03-08T00:00:00Z"}})",
      "timestamp >= ? AND timestamp < ?", {int64_t{1740787200000000}, int64_t{1741392000000000}},
      [](const json& j) {
        const std::string& t = Str(j, "timestamp");
        return t >= "2025-03-01T00:00:00.000000Z" && t < "2025-03-08T00:00:00.000000Z";
      });
  // A missing status_code is stored as 200 (R1's default).
  add("status_code + cost", R"({"status_code": 500, "cost": {"gt": 0.0005}})",
      "status_code = ? AND cost > ?", {int64_t{500}, 0.0005}, [](const json& j) {
        return j.value("status_code", 200) == 500 && j.value("cost", 0.0) > 0.0005;
      });
  add("customer_identifier in (3)",
      R"({"customer_identifier": ["cust_0001", "cust_0002", "cust_0003"]})",
      "customer_identifier IN (?, ?, ?)", {"cust_0001", "cust_0002", "cust_0003"},
      [](const json& j) {
        const std::string& c = Str(j, "customer_identifier");
        return c == "cust_0001" || c == "cust_0002" || c == "cust_0003";
      });
  // logset searches a JSON field's stored text (a string's content); the phrase holds no key,
  // role or quote, so searching the compact JSON text of a chat input answers the same.
  add("input contains phrase", R"({"input": {"operator": "contains", "value": "cannot login"}})",
      "instr(CASE json_type(input) WHEN 'text' THEN input ->> '$' ELSE input END, ?) > 0",
      {"cannot login"}, [](const json& j) {
        const auto it = j.find("input");
        if (it == j.end()) return false;
        const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
        return text.find("cannot login") != std::string::npos;
      });
  // Models are ASCII, so SQLite's ASCII-only LIKE folding answers as Unicode folding does.
  add("model icontains", R"({"model": {"operator": "icontains", "value": "CLAUDE"}})",
      "model LIKE ?", {"%claude%"}, [](const json& j) {
        std::string m = Str(j, "model");
        for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return m.find("claude") != std::string::npos;
      });
  // The hand-written JSON paths are the indexed expressions, as the index's creator writes them.
  add("metadata string =", R"({"metadata__user_id": "u370"})",
      R"(json_extract(metadata, '$."user_id"') = ?)", {"u370"}, [](const json& j) {
        const json& v = Meta(j, "user_id");
        return v.is_string() && v.get_ref<const std::string&>() == "u370";
      });
  // Equivalent here because session_turn is always an integer; on mixed types the hand query
  // would also match every text value (SQLite orders text above numbers), logset would not.
  add("metadata number >=", R"({"metadata__session_turn": {"gte": 18}})",
      R"(json_extract(metadata, '$."session_turn"') >= ?)", {int64_t{18}}, [](const json& j) {
        const json& v = Meta(j, "session_turn");
        return v.is_number() && v.get<double>() >= 18;
      });
  add("OR bundle (4 fields)",
      R"({"any": {"filter_params": {"model": "gemini-1.5-pro",
          "status_code": {"value": 429, "connector": "OR"},
          "customer_identifier": {"value": "cust_0007", "connector": "OR"},
          "cost": {"operator": "gt", "value": 0.009, "connector": "OR"}}}})",
      "(model = ? OR status_code = ? OR customer_identifier = ? OR cost > ?)",
      {"gemini-1.5-pro", int64_t{429}, "cust_0007", 0.009}, [](const json& j) {
        return Str(j, "model") == "gemini-1.5-pro" || j.value("status_code", 200) == 429 ||
               Str(j, "customer_identifier") == "cust_0007" || j.value("cost", 0.0) > 0.009;
      });
  // 5,000 customers: every 40th real one (cust_0020, cust_0060, ...) and 4,950 that do not exist.
  auto customers = std::make_shared<std::unordered_set<std::string>>();
  ordered_json list = ordered_json::array();
  std::string placeholders;
  std::vector<SqlValue> values;
  for (int i = 0; i < 5000; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, i < 50 ? "cust_%04d" : "cust_x%05d", i < 50 ? 40 * i + 20 : i);
    customers->insert(name);
    list.push_back(name);
    placeholders += i == 0 ? "?" : ", ?";
    values.emplace_back(std::string(name));
  }
  add("customer_identifier in (5,000)",
      ordered_json{{"customer_identifier", {{"operator", "in"}, {"value", list}}}}.dump(),
      "customer_identifier IN (" + placeholders + ")", std::move(values),
      [customers](const json& j) { return customers->count(Str(j, "customer_identifier")) > 0; });
  add("list page (model =, sort -cost, 50 rows)", R"({"model": "gpt-4o"})", "model = ?", {"gpt-4o"},
      [](const json& j) { return Str(j, "model") == "gpt-4o"; });
  s.back().kind = Scenario::Kind::kPage;
  return s;
}

void CompileMicrobench() {
  const char* const kFilters[] = {
      R"({"model": "gpt-4o"})",
      R"({"timestamp": {"gte": "2025-03-01T00:00:00Z", "lt": "2025-03-08T00:00:00Z"}, "status_code": 500})",
      R"({"metadata__user_id": "u370", "cost": {"gt": 0.001}, "model": {"operator": "icontains", "value": "GPT"}})",
      R"({"g": {"connector": "OR", "filter_params": {"model": ["gpt-4o", "mistral-large"], "metadata__region": "eu-west-1",
          "h": {"filter_params": {"latency": {"lt": 1}, "input": {"operator": "full_text_search", "value": "refund 42"}}}}}})",
  };
  for (const char* filter : kFilters) {
    const ordered_json parsed = ordered_json::parse(filter);
    const int n = 20000;
    size_t chars = 0;
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
      chars += logset::filter::CompileFilter(
                   logset::filter::ParseFilter(parsed, Resource::kRequestLog, "/filters"),
                   Resource::kRequestLog)
                   .sql.size();
    }
    std::printf("compile %6.2f µs/filter  (%zu chars of SQL)  %.60s\n", Seconds(start) * 1e6 / n,
                chars / n, filter);
  }
}

// What logset does for every filtered query before SQLite runs it, timed in parts on the
// metadata `=` filter (whose count takes ~9 µs, so these parts decide its ratio).
void FixedCostMicrobench(logset::Store& store) {
  const std::string filter = R"({"metadata__user_id": "u370"})";
  const int n = 20000;
  auto per_call_us = [n](const std::function<void()>& step) {
    return BestMs(5,
                  [&] {
                    for (int i = 0; i < n; ++i) step();
                  }) *
           1000 / n;
  };
  size_t sink = 0;
  const double session_us = per_call_us([&] { StoreAccess::Read(store); });
  const double parse_us = per_call_us([&] {
    sink += logset::filter::ParseFilter(logset::internal::ParseJsonDocument(filter),
                                        Resource::kRequestLog, "/filters")
                .terms.size();
  });
  const auto parsed = logset::filter::ParseFilter(logset::internal::ParseJsonDocument(filter),
                                                  Resource::kRequestLog, "/filters");
  auto session = StoreAccess::Read(store);
  const double indexes_us = per_call_us([&] {
    sink += logset::filter::LoadMetadataIndexes(session.db(), Resource::kRequestLog).size();
  });
  const double compile_us = per_call_us([&] {
    sink += logset::internal::CompileLogFilter(session.db(), parsed, Resource::kRequestLog)
                .Condition()
                .size();
  });
  std::printf(
      "fixed cost per filtered query (%s): read session %.2f µs, JSON text to filter %.2f µs,\n"
      "  compile %.2f µs (of which reading the metadata index list %.2f µs)\n",
      filter.c_str(), session_us, parse_us, compile_us, indexes_us);
  if (sink == 0) Die("the fixed-cost loops compiled nothing");  // also keeps them from being elided
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  const auto wall = Clock::now();
  const logset::bench::BenchData data = logset::bench::PrepareBenchData(o.dir, o.logs, o.seed);
  const std::string& jsonl = data.jsonl;
  const std::string& db_path = data.db;
  logset::StoreOptions store_options;
  store_options.path = db_path;
  auto store = logset::Store::Open(store_options);
  {
    auto session = StoreAccess::Write(*store);
    for (const auto& index : logset::filter::ListMetadataIndexes(session.db())) {
      session.db().exec("DROP INDEX " + index.index_name);
    }
    session.Commit();
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_exec(raw, "PRAGMA temp_store = MEMORY", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Die("cannot open " + db_path);
  }
  std::printf("filter_bench: %s logs, seed %s, best of %d runs (naive: one run)\n\n",
              logset::bench::Count(o.logs).c_str(), std::to_string(o.seed).c_str(), o.reps);
  CompileMicrobench();
  std::printf("\n");

  logset::bench::Table table({"scenario", "rows matched", "logset ms", "baseline ms", "ratio",
                              "naive ms", "naive/logset", "rows/s", "peak RSS MB"});
  bool all_agree = true;
  auto measure = [&](const Scenario& s, const std::string& label) {
    Answer logset_answer, hand_answer;
    if (label.find(o.only) == std::string::npos) return;
    const double logset_ms = BestMs(o.reps, [&] { logset_answer = RunLogset(*store, s); });
    const double hand_ms = BestMs(o.reps, [&] { hand_answer = RunHand(raw, s); });
    const auto start = Clock::now();
    const Answer naive_answer = o.naive ? RunNaive(jsonl, s) : hand_answer;
    const double naive_ms = o.naive ? Seconds(start) * 1000 : 0;
    const bool agree = logset_answer == hand_answer && logset_answer == naive_answer;
    if (!agree) {
      all_agree = false;
      std::printf("MISMATCH in '%s': logset %lld, baseline %lld, naive %lld rows%s\n",
                  label.c_str(), logset_answer.count, hand_answer.count, naive_answer.count,
                  s.kind == Scenario::Kind::kPage ? " (or the page's costs differ)" : "");
    }
    table.AddRow(
        {label, agree ? logset::bench::Count(logset_answer.count) : "MISMATCH",
         Fixed(logset_ms, logset_ms < 1 ? 3 : 2), Fixed(hand_ms, hand_ms < 1 ? 3 : 2),
         Fixed(logset_ms / hand_ms, 2) + "x", o.naive ? Fixed(naive_ms, 0) : "-",
         o.naive ? Fixed(naive_ms / logset_ms, naive_ms / logset_ms < 100 ? 1 : 0) + "x" : "-",
         Fixed(o.logs / (logset_ms / 1000)), Fixed(logset::bench::PeakRssMb(), 1)});
  };
  const std::vector<Scenario> scenarios = Scenarios();
  for (const Scenario& s : scenarios)
    measure(s, s.name + (s.name.rfind("metadata", 0) == 0 ? " (no index)" : ""));
  for (const char* key : {"user_id", "session_turn"}) {
    const auto start = Clock::now();
    auto session = StoreAccess::Write(*store);
    logset::filter::CreateMetadataIndex(session.db(), Resource::kRequestLog, key);
    session.Commit();
    std::printf("CreateMetadataIndex(%s) took %.2f s\n", key, Seconds(start));
  }
  for (const Scenario& s : scenarios) {
    if (s.name.rfind("metadata", 0) == 0) measure(s, s.name + " (indexed)");
  }
  std::printf("\n");
  FixedCostMicrobench(*store);
  std::printf("\n");
  table.Print();
  std::printf(
      "\nratio = logset / baseline (hand-written SQL, raw sqlite3 API, same file); naive = read the"
      " JSONL and\nparse every line with nlohmann::json, one run; rows/s = %s logs / logset "
      "seconds; peak RSS = process so far.\nTotal wall time %.1f s.\n",
      logset::bench::Count(o.logs).c_str(), Seconds(wall));
  sqlite3_close_v2(raw);  // finalised with the statements Raw keeps, at exit
  if (!all_agree) {
    std::fprintf(stderr, "filter_bench: MISMATCH: the three answers differ (see above)\n");
    return 1;
  }
  return 0;
}
