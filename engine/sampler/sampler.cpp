// SPDX-License-Identifier: MIT
// The seeded bottom-k sampler: one count, one streaming pass, a k-sized heap.
#include "sampler/sampler.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <queue>

#include "logset/error.h"

namespace logset::internal {
namespace {

// A log candidate: its rank and its unique_id (ids are 32 hex digits; shorter ones are padded
// with NUL, which sorts first, so the byte comparison is the string comparison).
struct LogEntry {
  uint64_t rank;
  std::array<char, 32> id;
  int64_t rowid;
  bool operator<(const LogEntry& o) const {
    if (rank != o.rank) return rank < o.rank;
    return std::memcmp(id.data(), o.id.data(), id.size()) < 0;
  }
};

struct TraceEntry {
  uint64_t rank;
  std::string key;  // "t<trace_unique_id>" or "l<unique_id>", see kTraceKey
  bool operator<(const TraceEntry& o) const {
    if (rank != o.rank) return rank < o.rank;
    // Ties by the id itself, then by kind, so the order is the id order of DESIGN.md 3.
    const int c = key.compare(1, std::string::npos, o.key, 1, std::string::npos);
    return c != 0 ? c < 0 : key[0] < o.key[0];
  }
};

// A log without a trace is its own trace. The prefix keeps a trace id and a log id that happen
// to be equal apart; ranking hashes the id without it.
constexpr const char* kTraceKey = "coalesce('t' || trace_unique_id, 'l' || unique_id)";

// Keeps the k smallest entries: a max-heap whose top is the largest kept.
template <typename Entry>
class BottomK {
 public:
  explicit BottomK(int64_t k) : k_(static_cast<size_t>(k)) {}
  void Offer(Entry e) {
    if (heap_.size() < k_) {
      heap_.push(std::move(e));
    } else if (k_ > 0 && e < heap_.top()) {
      heap_.pop();
      heap_.push(std::move(e));
    }
  }
  std::vector<Entry> Take() {
    std::vector<Entry> out;
    out.reserve(heap_.size());
    while (!heap_.empty()) {
      out.push_back(heap_.top());
      heap_.pop();
    }
    return out;
  }

 private:
  size_t k_;
  std::priority_queue<Entry> heap_;
};

SQLite::Statement Prepare(SQLite::Database& db, const CandidateQuery& q, const std::string& sql) {
  SQLite::Statement s(db, sql);
  if (q.bind) q.bind(s);
  return s;
}

std::vector<int64_t> SampleLogs(SQLite::Database& db, const CandidateQuery& q, int64_t k,
                                uint64_t seed) {
  BottomK<LogEntry> heap(k);
  auto scan = Prepare(db, q, "SELECT id, unique_id " + q.from_where);
  while (scan.executeStep()) {
    const SQLite::Column uid = scan.getColumn(1);
    const char* text = static_cast<const char*>(uid.getBlob());
    const size_t len = static_cast<size_t>(uid.getBytes());
    if (len > 32) {
      throw Error(ErrorCode::kInternal, "sampler.bad_id", "log unique_id longer than 32 bytes.");
    }
    LogEntry e{Rank(std::string_view(text, len), seed), {}, scan.getColumn(0).getInt64()};
    std::memcpy(e.id.data(), text, len);
    heap.Offer(e);
  }
  std::vector<int64_t> ids;
  for (const LogEntry& e : heap.Take()) ids.push_back(e.rowid);
  return ids;
}

std::vector<int64_t> SampleTraces(SQLite::Database& db, const CandidateQuery& q, int64_t k,
                                  uint64_t seed) {
  BottomK<TraceEntry> heap(k);
  auto scan = Prepare(db, q, std::string("SELECT DISTINCT ") + kTraceKey + " " + q.from_where);
  while (scan.executeStep()) {
    std::string key = scan.getColumn(0).getString();
    const uint64_t rank = Rank(std::string_view(key).substr(1), seed);
    heap.Offer(TraceEntry{rank, std::move(key)});
  }
  nlohmann::json chosen = nlohmann::json::array();
  for (TraceEntry& e : heap.Take()) chosen.push_back(std::move(e.key));

  auto members = Prepare(db, q,
                         "SELECT id " + q.from_where + " AND " + kTraceKey +
                             " IN (SELECT value FROM json_each(:chosen_traces))");
  members.bind(":chosen_traces", chosen.dump());
  std::vector<int64_t> ids;
  while (members.executeStep()) ids.push_back(members.getColumn(0).getInt64());
  return ids;
}

}  // namespace

int64_t SampleSize(int64_t n, int percentage) {
  if (n <= 0) return 0;
  const int64_t k = (n * percentage + 50) / 100;
  return k == 0 ? 1 : k;
}

uint64_t Rank(std::string_view id, uint64_t seed) {
  return XXH3_64bits_withSeed(id.data(), id.size(), seed);
}

uint64_t DefaultSeed(std::string_view dataset_id) {
  return XXH3_64bits(dataset_id.data(), dataset_id.size());
}

SampleResult Sample(SQLite::Database& db, const CandidateQuery& q, const SampleSpec& spec) {
  SampleResult result;
  // Counting traces reads each matching row's trace id (and sorts them); counting logs alone is
  // answered from an index, so the trace count is asked for only when traces are sampled.
  auto count = Prepare(db, q,
                       spec.by_trace ? std::string("SELECT count(*), count(DISTINCT ") + kTraceKey +
                                           ") " + q.from_where
                                     : "SELECT count(*), 0 " + q.from_where);
  count.executeStep();
  result.matched_count = count.getColumn(0).getInt64();
  const int64_t units = spec.by_trace ? count.getColumn(1).getInt64() : result.matched_count;

  if (spec.percentage >= 100 || result.matched_count == 0) {
    result.all_selected = true;
    result.selected_count = result.matched_count;
    return result;
  }
  const int64_t k = SampleSize(units, spec.percentage);
  result.selected_ids =
      spec.by_trace ? SampleTraces(db, q, k, spec.seed) : SampleLogs(db, q, k, spec.seed);
  std::sort(result.selected_ids.begin(), result.selected_ids.end());
  result.selected_count = static_cast<int64_t>(result.selected_ids.size());
  return result;
}

}  // namespace logset::internal
