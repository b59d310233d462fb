// SPDX-License-Identifier: MIT
// The seeded bottom-k sampler of DESIGN.md 3: exact, repeatable, nested percent samples.
#ifndef LOGSET_ENGINE_SAMPLER_SAMPLER_H_
#define LOGSET_ENGINE_SAMPLER_SAMPLER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace logset::internal {

/// The candidate set M: `from_where` is the text after SELECT's column list, e.g.
/// "FROM request_logs WHERE org_id = ? AND timestamp BETWEEN ? AND ? AND (<filter>)", and `bind`
/// binds its parameters (it is called once per statement prepared over it, from index 1). The
/// table must have columns id, unique_id and trace_unique_id.
struct CandidateQuery {
  std::string from_where;
  std::function<void(SQLite::Statement&)> bind;
};

struct SampleSpec {
  int percentage = 100;  ///< 1..100
  uint64_t seed = 0;
  bool by_trace = false;  ///< rank distinct traces instead of logs (a log without one is its own)
};

struct SampleResult {
  int64_t matched_count = 0;   ///< |M|, in logs
  int64_t selected_count = 0;  ///< logs chosen (in trace mode, all logs of the chosen traces)
  /// The chosen rows' ids, ascending. Empty when every candidate is chosen and `all_selected`.
  std::vector<int64_t> selected_ids;
  /// True when p = 100: every candidate is chosen, and the caller can copy with the candidate
  /// query itself instead of an id list.
  bool all_selected = false;
};

/// k = floor((n * p + 50) / 100), and at least 1 when n > 0 (API.md 5.2).
int64_t SampleSize(int64_t n, int percentage);

/// The rank of a log (or trace) id: XXH3_64bits_withSeed over its bytes.
uint64_t Rank(std::string_view id, uint64_t seed);

/// The default seed of a dataset: XXH3_64bits of its id's text, so two datasets sampled from the
/// same logs differ and each is reproducible from the seed it records.
uint64_t DefaultSeed(std::string_view dataset_id);

/// Selects the sample: one COUNT over the candidates, then one streaming pass that keeps the k
/// smallest (rank, unique_id) in a k-sized heap. Only ids and hashes are held in memory.
/// REQUIRES: 1 <= spec.percentage <= 100.
SampleResult Sample(SQLite::Database& db, const CandidateQuery& candidates, const SampleSpec& spec);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_SAMPLER_SAMPLER_H_
