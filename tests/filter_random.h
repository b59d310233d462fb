// SPDX-License-Identifier: MIT
// Seeded random values and table rows for the filter differential test.
#ifndef LOGSET_TESTS_FILTER_RANDOM_H_
#define LOGSET_TESTS_FILTER_RANDOM_H_

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "filter/filter_ast.h"

namespace logset::filter::testing {

/// Metadata keys for rows and filters alike, so that paths often hit: dots, brackets, quotes,
/// `__`, non-ASCII and the empty key included.
inline constexpr const char* kMetadataKeys[] = {"tier",   "score", "user_id", "tags",        "a",
                                                "nested", "a.b",   "we\"ird", "we\"ird.key", "k[0]",
                                                "",       "ключ",  "UPPER",   "a__b"};

/// A deterministic source of test values: the same seed gives the same sequence of calls the
/// same results. Not thread-safe.
class Random {
 public:
  explicit Random(std::uint64_t seed) : gen_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(gen_); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Int(0, N - 1)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Int(0, static_cast<int>(items.size()) - 1)];
  }

  /// One or two strings from a pool chosen to break naive implementations (case folding beyond
  /// ASCII, LIKE and GLOB wildcards, numeric and JSON-looking strings, whitespace).
  std::string String();
  /// A number near the boundaries: small integers, halves, 10.0, 2^53 + 1, 1e20, negatives.
  nlohmann::ordered_json Number();
  /// Null, a boolean, a Number() or a String().
  nlohmann::ordered_json Scalar();
  /// A small pool, so that arrays and overlap lists often share elements.
  nlohmann::ordered_json Small();
  /// A scalar, array or object, nested at most three levels.
  nlohmann::ordered_json Json(int depth = 0);
  /// Whole minutes half of the time, so that equality on timestamps sometimes holds.
  std::int64_t Micros();

 private:
  std::mt19937_64 gen_;
};

/// One row: the values to insert (by column) and the API object the evaluator sees.
struct Row {
  std::vector<std::pair<std::string, nlohmann::ordered_json>> columns;
  nlohmann::ordered_json api = nlohmann::ordered_json::object();
};

/// A random request log or dataset log (`resource`) of organisation 1, unique id derived from
/// `id`; dataset logs belong to dataset 1. Its `api` is the object API.md 4 renders, without
/// `scores` (see AddScores).
Row RandomLog(Random& r, Resource resource, int id);

/// A random dataset of organisation 1 with uuid `uuid-<id>`.
Row RandomDataset(Random& r, int id);

/// Inserts `row`'s columns into `table` and returns the new rowid. Throws SQLite::Exception if
/// the insert fails.
std::int64_t Insert(SQLite::Database& db, const char* table, const Row& row);

/// Inserts random scores for log `id` (evaluator e1 numeric, e2 sometimes not) and sets
/// `row.api["scores"]` to match.
void AddScores(Random& r, SQLite::Database& db, Resource resource, std::int64_t id, Row& row);

}  // namespace logset::filter::testing

#endif  // LOGSET_TESTS_FILTER_RANDOM_H_
