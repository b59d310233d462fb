// SPDX-License-Identifier: MIT
// The bottom-k sampler: exact sizes, determinism, nesting, trace mode and uniformity.
#include "sampler/sampler.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "logset/store.h"
#include "store/store_access.h"
#include "util/ids.h"

TEST_SUITE_BEGIN("sampler");

using logset::Store;
using logset::StoreOptions;
using logset::internal::CandidateQuery;
using logset::internal::SampleResult;
using logset::internal::SampleSpec;
using logset::internal::StoreAccess;

namespace {

// Inserts `n` request logs into org 1 with the given unique_ids (generated when empty) and
// trace ids (`trace_of(i)` returns "" for none). Returns the unique_ids in insertion order.
std::vector<std::string> InsertLogs(Store& store, const std::vector<std::string>& ids,
                                    const std::function<std::string(size_t)>& trace_of = {}) {
  auto session = StoreAccess::Write(store);
  SQLite::Statement insert(session.db(),
                           "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, "
                           "environment, status, status_code, prompt_tokens, completion_tokens, "
                           "total_request_tokens, cost, stream, trace_unique_id) "
                           "VALUES (1, ?, ?, ?, 'prod', 'success', 200, 0, 0, 0, 0, 0, ?)");
  for (size_t i = 0; i < ids.size(); ++i) {
    insert.bind(1, ids[i]);
    insert.bind(2, static_cast<int64_t>(i));
    insert.bind(3, static_cast<int64_t>(i));
    const std::string trace = trace_of ? trace_of(i) : "";
    if (trace.empty()) {
      insert.bind(4);
    } else {
      insert.bind(4, trace);
    }
    insert.exec();
    insert.reset();
  }
  session.Commit();
  return ids;
}

std::vector<std::string> NewIds(size_t n) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(logset::internal::NewLogId());
  return ids;
}

CandidateQuery AllLogs() { return CandidateQuery{"FROM request_logs WHERE org_id = 1", {}}; }

// The unique_ids a sample chose.
std::set<std::string> Chosen(Store& store, const SampleSpec& spec,
                             const CandidateQuery& q = AllLogs()) {
  auto session = StoreAccess::Read(store);
  const SampleResult r = logset::internal::Sample(session.db(), q, spec);
  std::set<std::string> out;
  if (r.all_selected) {
    SQLite::Statement all(session.db(), "SELECT unique_id " + q.from_where);
    while (all.executeStep()) out.insert(all.getColumn(0).getString());
    return out;
  }
  for (int64_t id : r.selected_ids) {
    SQLite::Statement one(session.db(), "SELECT unique_id FROM request_logs WHERE id = ?");
    one.bind(1, id);
    one.executeStep();
    out.insert(one.getColumn(0).getString());
  }
  return out;
}

std::unique_ptr<Store> MemoryStore() {
  StoreOptions options;
  options.path = ":memory:";
  return Store::Open(options);
}

}  // namespace

TEST_CASE("sample size rounds half up and keeps at least one log") {
  struct Row {
    int64_t n;
    int p;
    int64_t k;
  };
  const Row rows[] = {
      {0, 50, 0},
      {1, 1, 1},
      {1, 50, 1},
      {1, 100, 1},
      {2, 1, 1},
      {2, 25, 1},
      {2, 50, 1},
      {2, 75, 2},
      {3, 50, 2},
      {10, 5, 1},
      {10, 14, 1},
      {10, 15, 2},
      {10, 25, 3},
      {10, 100, 10},
      {99, 1, 1},
      {150, 1, 2},
      {149, 1, 1},
      {200, 33, 66},
      {1000, 10, 100},
      {1005, 10, 101},
      {1004, 10, 100},
      {7, 50, 4},
      {1000000, 40, 400000},
  };
  for (const Row& r : rows) {
    CAPTURE(r.n);
    CAPTURE(r.p);
    CHECK(logset::internal::SampleSize(r.n, r.p) == r.k);
  }
}

TEST_CASE("a sample has exactly k logs for many set sizes and percentages") {
  auto store = MemoryStore();
  const auto ids = InsertLogs(*store, NewIds(203));
  for (int p : {1, 2, 10, 33, 49, 50, 51, 99, 100}) {
    CAPTURE(p);
    const auto chosen = Chosen(*store, SampleSpec{p, 42, false});
    CHECK(static_cast<int64_t>(chosen.size()) == logset::internal::SampleSize(203, p));
  }
}

TEST_CASE("sets of zero, one and two logs give the documented sizes") {
  auto store = MemoryStore();
  CHECK(Chosen(*store, SampleSpec{50, 1, false}).empty());
  InsertLogs(*store, NewIds(1));
  CHECK(Chosen(*store, SampleSpec{1, 1, false}).size() == 1);
  InsertLogs(*store, NewIds(1));
  CHECK(Chosen(*store, SampleSpec{1, 1, false}).size() == 1);
  CHECK(Chosen(*store, SampleSpec{50, 1, false}).size() == 1);
  CHECK(Chosen(*store, SampleSpec{75, 1, false}).size() == 2);
}

TEST_CASE("the same seed gives the same sample whatever the insertion order") {
  auto ids = NewIds(500);
  auto a = MemoryStore();
  InsertLogs(*a, ids);
  std::reverse(ids.begin(), ids.end());
  auto b = MemoryStore();
  InsertLogs(*b, ids);
  std::rotate(ids.begin(), ids.begin() + 137, ids.end());
  auto c = MemoryStore();
  InsertLogs(*c, ids);
  const auto sa = Chosen(*a, SampleSpec{20, 7, false});
  CHECK(sa == Chosen(*b, SampleSpec{20, 7, false}));
  CHECK(sa == Chosen(*c, SampleSpec{20, 7, false}));
  CHECK(sa == Chosen(*a, SampleSpec{20, 7, false}));
}

TEST_CASE("the sample is the k smallest ranks, ties broken by unique_id") {
  auto store = MemoryStore();
  const auto ids = InsertLogs(*store, NewIds(300));
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (const auto& id : ids) ranked.emplace_back(logset::internal::Rank(id, 99), id);
  std::sort(ranked.begin(), ranked.end());
  std::set<std::string> expected;
  for (size_t i = 0; i < 30; ++i) expected.insert(ranked[i].second);
  CHECK(Chosen(*store, SampleSpec{10, 99, false}) == expected);
}

TEST_CASE("a smaller percentage is a subset of a larger one for the same seed") {
  auto store = MemoryStore();
  InsertLogs(*store, NewIds(400));
  std::set<std::string> previous;
  for (int p : {5, 10, 20, 40, 41, 80, 100}) {
    const auto current = Chosen(*store, SampleSpec{p, 1234, false});
    CHECK(std::includes(current.begin(), current.end(), previous.begin(), previous.end()));
    previous = current;
  }
}

TEST_CASE("different seeds choose different samples") {
  auto store = MemoryStore();
  InsertLogs(*store, NewIds(400));
  const auto a = Chosen(*store, SampleSpec{10, 1, false});
  const auto b = Chosen(*store, SampleSpec{10, 2, false});
  CHECK(a.size() == b.size());
  CHECK(a != b);
  CHECK(logset::internal::DefaultSeed("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a") !=
        logset::internal::DefaultSeed("6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0b"));
}

TEST_CASE("only the candidate set is sampled") {
  auto store = MemoryStore();
  InsertLogs(*store, NewIds(100));
  // Timestamps are 0..99: keep the first 40.
  const CandidateQuery first40{"FROM request_logs WHERE org_id = 1 AND timestamp < ?",
                               [](SQLite::Statement& s) { s.bind(1, static_cast<int64_t>(40)); }};
  auto session = StoreAccess::Read(*store);
  const SampleResult r = logset::internal::Sample(session.db(), first40, SampleSpec{50, 5, false});
  CHECK(r.matched_count == 40);
  CHECK(r.selected_count == 20);
  for (int64_t id : r.selected_ids) {
    SQLite::Statement t(session.db(), "SELECT timestamp FROM request_logs WHERE id = ?");
    t.bind(1, id);
    t.executeStep();
    CHECK(t.getColumn(0).getInt64() < 40);
  }
}

TEST_CASE("trace mode keeps whole traces and counts logs without a trace as their own") {
  auto store = MemoryStore();
  // 60 traces of 3 logs each, plus 20 logs without a trace: T = 80 units.
  const auto ids = InsertLogs(*store, NewIds(200), [](size_t i) {
    return i < 180 ? "trace-" + std::to_string(i / 3) : std::string();
  });
  auto session = StoreAccess::Read(*store);
  const SampleResult r = logset::internal::Sample(session.db(), AllLogs(), SampleSpec{25, 3, true});
  CHECK(r.matched_count == 200);
  std::map<std::string, int> logs_per_trace;
  int solitary = 0;
  for (int64_t id : r.selected_ids) {
    SQLite::Statement t(session.db(), "SELECT trace_unique_id FROM request_logs WHERE id = ?");
    t.bind(1, id);
    t.executeStep();
    if (t.getColumn(0).isNull()) {
      ++solitary;
    } else {
      ++logs_per_trace[t.getColumn(0).getString()];
    }
  }
  for (const auto& [trace, n] : logs_per_trace) CHECK_MESSAGE(n == 3, trace);
  // k = floor((80 * 25 + 50) / 100) = 20 traces.
  CHECK(static_cast<int>(logs_per_trace.size()) + solitary == 20);
  CHECK(r.selected_count == static_cast<int64_t>(3 * logs_per_trace.size() + solitary));
}

TEST_CASE("ranks spread evenly over hash buckets") {
  // A chi-squared test over 16 buckets of 16,000 ranks: with 15 degrees of freedom the 99.9%
  // critical value is 37.7. The seed and ids are fixed, so the test is deterministic.
  constexpr int kBuckets = 16;
  constexpr int kDraws = 16000;
  int counts[kBuckets] = {};
  for (int i = 0; i < kDraws; ++i) {
    char id[33];
    std::snprintf(id, sizeof(id), "%032x", i * 2654435761u);
    ++counts[logset::internal::Rank(id, 2024) >> 60];
  }
  const double expected = static_cast<double>(kDraws) / kBuckets;
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 37.7);
}

TEST_SUITE_END();
