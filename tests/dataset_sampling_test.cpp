// SPDX-License-Identifier: MIT
// Sampled populations through Api::Handle (D1 sampled mode, L8): exact sizes, the bottom-k
// selection checked against an independent xxh3 oracle, determinism, nesting, seeds, trace mode,
// sampling_info, and the candidate set (organisation, inclusive time range, filters).
#include <doctest/doctest.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dataset_test_util.h"
#include "util/ids.h"

namespace logset {
namespace {

using dataset_test::DatasetHarness;
using dataset_test::InsertRequestLogRows;
using testing::ApiResult;
using testing::Json;

constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kJan1 = 1735689600LL * 1000000;  // 2025-01-01T00:00:00Z
constexpr const char* kFrom = "2025-01-01T00:00:00Z";
constexpr const char* kTo = "2025-01-31T00:00:00Z";

// k of API.md 5.2, written out independently of the engine.
int64_t ExpectedK(int64_t n, int p) {
  if (n == 0) return 0;
  return std::max<int64_t>(1, (n * p + 50) / 100);
}

std::vector<std::string> NewIds(size_t n) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(internal::NewLogId());
  return ids;
}

// `n` logs of organisation 1 spread over January 2025; returns their unique_ids.
std::vector<std::string> InsertJanuaryLogs(DatasetHarness& t, size_t n) {
  std::vector<std::string> ids = NewIds(n);
  std::vector<int64_t> ts;
  for (size_t i = 0; i < n; ++i) ts.push_back(kJan1 + static_cast<int64_t>(i % 29) * kDay + 1);
  InsertRequestLogRows(*t.store, ids, ts);
  return ids;
}

// The oracle: the k ids with the smallest XXH3_64bits_withSeed, ties by id (API.md 5.2).
std::vector<std::string> BottomK(std::vector<std::string> ids, uint64_t seed, int64_t k) {
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (const std::string& id : ids)
    ranked.emplace_back(XXH3_64bits_withSeed(id.data(), id.size(), seed), id);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (int64_t i = 0; i < k && i < static_cast<int64_t>(ranked.size()); ++i) {
    out.push_back(ranked[i].second);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Json Sampled(int p, const Json& extra = Json::object()) {
  Json body = {{"name", "s"}, {"start_time", kFrom}, {"end_time", kTo}, {"sampling", p}};
  for (const auto& [key, value] : extra.items()) body[key] = value;
  return body;
}

bool IsSubset(const std::vector<std::string>& small, const std::vector<std::string>& large) {
  return std::includes(large.begin(), large.end(), small.begin(), small.end());
}

}  // namespace

TEST_SUITE_BEGIN("dataset_sampling");

TEST_CASE("a sampled dataset holds exactly k logs, rounding half up and keeping at least one") {
  struct Row {
    size_t n;
    int p;
    int64_t k;
  };
  // Written by hand from k = floor((n * p + 50) / 100), at least 1 when n > 0.
  const Row rows[] = {{0, 50, 0},    {1, 1, 1},      {1, 100, 1}, {2, 1, 1},   {2, 25, 1},
                      {2, 50, 1},    {2, 75, 2},     {2, 100, 2}, {3, 50, 2},  {7, 50, 4},
                      {10, 14, 1},   {10, 15, 2},    {10, 25, 3}, {149, 1, 1}, {150, 1, 2},
                      {203, 33, 67}, {203, 99, 201}, {99, 1, 1}};
  for (const Row& row : rows) {
    CAPTURE(row.n);
    CAPTURE(row.p);
    DatasetHarness t;
    InsertJanuaryLogs(t, row.n);
    const Json d = t.CreateDataset(Sampled(row.p));
    CHECK(d["log_count"] == row.k);
    CHECK(d["status"] == "ready");
    CHECK(d["sampling_info"]["matched_count"] == row.n);
    CHECK(d["sampling_info"]["selected_count"] == row.k);
    CHECK(t.Logs(d["id"]).size() == static_cast<size_t>(row.k));
  }
}

TEST_CASE("D1 and L8 give exactly k for many set sizes and percentages") {
  for (size_t n : {0, 1, 2, 3, 7, 10, 41, 99, 150, 203}) {
    DatasetHarness t;
    InsertJanuaryLogs(t, n);
    for (int p : {1, 2, 10, 14, 15, 24, 25, 33, 49, 50, 51, 75, 99, 100}) {
      CAPTURE(n);
      CAPTURE(p);
      const Json d = t.CreateDataset(Sampled(p));
      CHECK(d["log_count"] == ExpectedK(static_cast<int64_t>(n), p));
      const std::string empty = t.NewDataset("empty");
      const ApiResult r =
          t.Call("POST", "/api/datasets/" + empty + "/logs/import/",
                 {{"start_time", kFrom}, {"end_time", kTo}, {"sampling_percentage", p}});
      REQUIRE_MESSAGE(r.status == 200, r.raw_body);
      CHECK(r.body["imported_count"] == ExpectedK(static_cast<int64_t>(n), p));
      CHECK(t.Dataset(empty)["log_count"] == r.body["imported_count"]);
    }
  }
}

TEST_CASE("the sample is the k smallest xxh3 ranks of the unique_ids under the seed") {
  DatasetHarness t;
  const std::vector<std::string> ids = InsertJanuaryLogs(t, 157);
  for (uint64_t seed : {uint64_t{0}, uint64_t{7}, uint64_t{18446744073709551615ull}}) {
    for (int p : {1, 13, 50, 99}) {
      CAPTURE(seed);
      CAPTURE(p);
      const Json d = t.CreateDataset(Sampled(p, {{"sampling_seed", std::to_string(seed)}}));
      CHECK(t.SourceIds(d["id"]) == BottomK(ids, seed, ExpectedK(157, p)));
    }
  }
}

TEST_CASE("the same seed selects the same logs across runs, insertion orders and page sizes") {
  const std::vector<std::string> ids = NewIds(120);
  std::vector<int64_t> ts;
  for (size_t i = 0; i < ids.size(); ++i) ts.push_back(kJan1 + static_cast<int64_t>(i) * 1000);
  DatasetHarness forward;
  InsertRequestLogRows(*forward.store, ids, ts);
  DatasetHarness backward;
  std::vector<std::string> reversed_ids(ids.rbegin(), ids.rend());
  std::vector<int64_t> reversed_ts(ts.rbegin(), ts.rend());
  InsertRequestLogRows(*backward.store, reversed_ids, reversed_ts);

  const Json body = Sampled(30, {{"sampling_seed", 424242}});
  const Json a = forward.CreateDataset(body);
  const Json b = forward.CreateDataset(body);
  const Json c = backward.CreateDataset(body);
  const std::vector<std::string> chosen = forward.SourceIds(a["id"]);
  CHECK(chosen.size() == 36);
  CHECK(forward.SourceIds(b["id"]) == chosen);
  CHECK(backward.SourceIds(c["id"]) == chosen);
  CHECK(chosen == BottomK(ids, 424242, 36));

  // Paging through 7 at a time shows the same set as one page of 100.
  std::vector<std::string> paged;
  for (int page = 1; page <= 6; ++page) {
    const ApiResult r =
        forward.Call("GET", "/api/datasets/" + a["id"].get<std::string>() +
                                "/logs/list/?page_size=7&page=" + std::to_string(page));
    for (const Json& log : r.body["results"]) paged.push_back(log["source_log_id"]);
  }
  std::sort(paged.begin(), paged.end());
  CHECK(paged == chosen);
}

TEST_CASE("with one seed a smaller percentage selects a subset of a larger one") {
  DatasetHarness t;
  InsertJanuaryLogs(t, 250);
  std::vector<std::string> previous;
  for (int p : {1, 5, 10, 20, 33, 50, 90, 100}) {
    CAPTURE(p);
    const Json d = t.CreateDataset(Sampled(p, {{"sampling_seed", 99}}));
    const std::vector<std::string> chosen = t.SourceIds(d["id"]);
    CHECK(chosen.size() == static_cast<size_t>(ExpectedK(250, p)));
    CHECK(IsSubset(previous, chosen));
    previous = chosen;
  }
  // The same holds for imports into existing datasets (L8 uses the same sampler).
  const std::string small = t.NewDataset("small");
  const std::string large = t.NewDataset("large");
  for (const auto& [ds, p] : {std::pair<std::string, int>{small, 10}, {large, 40}}) {
    REQUIRE(t.Call("POST", "/api/datasets/" + ds + "/logs/import/",
                   {{"start_time", kFrom},
                    {"end_time", kTo},
                    {"sampling_percentage", p},
                    {"sampling_seed", "99"}})
                .status == 200);
  }
  CHECK(IsSubset(t.SourceIds(small), t.SourceIds(large)));
}

TEST_CASE("different seeds differ and the default seed is derived from each dataset's id") {
  DatasetHarness t;
  const std::vector<std::string> ids = InsertJanuaryLogs(t, 200);
  const Json one = t.CreateDataset(Sampled(50, {{"sampling_seed", 1}}));
  const Json two = t.CreateDataset(Sampled(50, {{"sampling_seed", 2}}));
  CHECK(t.SourceIds(one["id"]) != t.SourceIds(two["id"]));

  const Json a = t.CreateDataset(Sampled(50));
  const Json b = t.CreateDataset(Sampled(50));
  CHECK(t.SourceIds(a["id"]) != t.SourceIds(b["id"]));
  for (const Json& d : {a, b}) {
    const std::string id = d["id"];
    const uint64_t seed = XXH3_64bits(id.data(), id.size());
    CHECK(d["sampling_info"]["seed"] == std::to_string(seed));
    CHECK(t.SourceIds(id) == BottomK(ids, seed, 100));
  }
  // What a dataset records reproduces it.
  const Json again = t.CreateDataset(Sampled(50, {{"sampling_seed", a["sampling_info"]["seed"]}}));
  CHECK(t.SourceIds(again["id"]) == t.SourceIds(a["id"]));

  // L8 defaults to the seed of the dataset it imports into.
  const std::string target = t.NewDataset("target");
  REQUIRE(t.Call("POST", "/api/datasets/" + target + "/logs/import/",
                 {{"start_time", kFrom}, {"end_time", kTo}, {"sampling_percentage", 50}})
              .status == 200);
  const uint64_t target_seed = XXH3_64bits(target.data(), target.size());
  CHECK(t.Dataset(target)["sampling_info"]["seed"] == std::to_string(target_seed));
  CHECK(t.SourceIds(target) == BottomK(ids, target_seed, 100));
}

TEST_CASE("sampling by trace keeps whole traces of the candidate set") {
  DatasetHarness t;
  std::vector<std::string> ids = NewIds(160);
  std::vector<int64_t> ts;
  std::vector<std::string> traces;
  std::map<std::string, std::string> trace_of;
  for (size_t i = 0; i < ids.size(); ++i) {
    // 40 traces of 1 to 4 logs, then 20 logs without a trace; every 9th log falls after the
    // range, so its trace is only partly a candidate.
    const bool outside = i % 9 == 8;
    ts.push_back(outside ? kJan1 + 40 * kDay : kJan1 + static_cast<int64_t>(i) * 1000);
    traces.push_back(i < 140 ? "trace-" + std::to_string(i % 40) : "");
    trace_of[ids[i]] = traces.back();
  }
  InsertRequestLogRows(*t.store, ids, ts, traces);
  // The units: distinct traces among the candidates, and each traceless candidate on its own.
  std::set<std::string> units;
  std::map<std::string, std::set<std::string>> members;  // unit -> candidate log ids
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ts[i] > kJan1 + 30 * kDay) continue;
    const std::string unit = traces[i].empty() ? ids[i] : traces[i];
    units.insert(unit);
    members[unit].insert(ids[i]);
  }
  const std::vector<std::string> unit_list(units.begin(), units.end());

  for (int p : {10, 30, 75}) {
    CAPTURE(p);
    const Json d = t.CreateDataset(Sampled(p, {{"sample_by", "trace"}, {"sampling_seed", 5}}));
    const std::vector<std::string> chosen_units =
        BottomK(unit_list, 5, ExpectedK(static_cast<int64_t>(units.size()), p));
    std::vector<std::string> expected;
    for (const std::string& unit : chosen_units) {
      expected.insert(expected.end(), members[unit].begin(), members[unit].end());
    }
    std::sort(expected.begin(), expected.end());
    const std::vector<std::string> got = t.SourceIds(d["id"]);
    CHECK(got == expected);
    CHECK(d["log_count"] == expected.size());
    CHECK(d["sampling_info"]["sample_by"] == "trace");
    CHECK(d["sampling_info"]["matched_count"] == 160 - 160 / 9);
    CHECK(d["sampling_info"]["selected_count"] == expected.size());
  }
}

TEST_CASE("sampling_info records how the population was made, filters exactly as sent") {
  DatasetHarness t;
  t.IngestLogs(Json::array({{{"model", "gpt-4o"}, {"timestamp", "2025-01-02T00:00:00Z"}},
                            {{"model", "gpt-4o"}, {"timestamp", "2025-01-03T00:00:00Z"}},
                            {{"model", "claude"}, {"timestamp", "2025-01-03T00:00:00Z"}}}));
  const std::string filters =
      R"({"model":{"value":["gpt-4o"],"operator":"IN"},"status_code":{"operator":"eq","value":200}})";
  const ApiResult r = testing::ApiCallRaw(
      *t.api, "POST", "/api/datasets/",
      R"({"name":"s","start_time":"2025-01-01T02:00:00+02:00","end_time":"2025-01-31T00:00:00Z",)"
      R"("sampling":50,"sampling_seed":"18446744073709551615","initial_log_filters":)" +
          filters + "}",
      dataset_test::kMine);
  REQUIRE_MESSAGE(r.status == 201, r.raw_body);
  const Json expected = Json::parse(
      R"({"algorithm":"bottom-k/xxh3-64","seed":"18446744073709551615","percentage":50,)"
      R"("sample_by":"log","start_time":"2025-01-01T00:00:00.000000Z",)"
      R"("end_time":"2025-01-31T00:00:00.000000Z","filters":)" +
      filters + R"(,"matched_count":2,"selected_count":1})");
  CHECK(r.body["sampling_info"] == expected);
  CHECK(dataset_test::Keys(r.body["sampling_info"]) == dataset_test::Keys(expected));
  CHECK(r.raw_body.find(R"("filters":)" + filters) != std::string::npos);
  CHECK(r.raw_body.find(R"("initial_log_filters":)" + filters) != std::string::npos);
  CHECK(r.body["log_count"] == 1);
  CHECK(r.body["updated_at"] == r.body["created_at"]);
  CHECK(t.Dataset(r.body["id"]) == r.body);

  // An integer seed is recorded as its decimal string too; L8 replaces the record.
  const std::string ds = r.body["id"];
  const ApiResult imported = t.Call("POST", "/api/datasets/" + ds + "/logs/import/",
                                    {{"start_time", "2025-01-03T00:00:00Z"},
                                     {"end_time", "2025-01-03T00:00:00Z"},
                                     {"sampling_seed", 12345},
                                     {"sample_by", "log"}});
  REQUIRE_MESSAGE(imported.status == 200, imported.raw_body);
  const Json info = t.Dataset(ds)["sampling_info"];
  CHECK(info == Json::parse(R"({"algorithm":"bottom-k/xxh3-64","seed":"12345","percentage":100,
      "sample_by":"log","start_time":"2025-01-03T00:00:00.000000Z",
      "end_time":"2025-01-03T00:00:00.000000Z","filters":{},"matched_count":2,
      "selected_count":2})"));
}

TEST_CASE("candidates are the organisation's logs inside the inclusive range that match") {
  DatasetHarness t;
  const std::vector<std::string> ids = t.IngestLogs(Json::array({
      {{"model", "gpt-4o"}, {"timestamp", "2025-01-09T23:59:59.999999Z"}},  // before
      {{"model", "gpt-4o"}, {"timestamp", "2025-01-10T00:00:00Z"}},         // at start
      {{"model", "gpt-4o"},
       {"timestamp", "2025-01-15T00:00:00Z"},
       {"metadata", {{"tier", "gold"}}}},
      {{"model", "claude"}, {"timestamp", "2025-01-15T00:00:00Z"}},         // other model
      {{"model", "gpt-4o"}, {"timestamp", "2025-01-20T00:00:00Z"}},         // at end
      {{"model", "gpt-4o"}, {"timestamp", "2025-01-20T00:00:00.000001Z"}},  // after
  }));
  t.IngestLogs(Json::array({{{"model", "gpt-4o"}, {"timestamp", "2025-01-15T00:00:00Z"}}}),
               dataset_test::kOther);
  const Json range = {{"start_time", "2025-01-10T00:00:00Z"}, {"end_time", "2025-01-20T00:00:00Z"}};
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  SUBCASE("D1 with initial_log_filters") {
    Json body = range;
    body["name"] = "d";
    body["initial_log_filters"] = {{"model", {{"operator", "eq"}, {"value", "gpt-4o"}}}};
    const Json d = t.CreateDataset(body);
    CHECK(t.SourceIds(d["id"]) == sorted({ids[1], ids[2], ids[4]}));
    CHECK(d["sampling_info"]["matched_count"] == 3);
  }
  SUBCASE("L8 with filters, and no filters") {
    const std::string ds = t.NewDataset("d");
    Json body = range;
    body["filters"] = {{"metadata__tier", "gold"}};
    ApiResult r = t.Call("POST", "/api/datasets/" + ds + "/logs/import/", body);
    CHECK(r.body["imported_count"] == 1);
    CHECK(t.SourceIds(ds) == std::vector<std::string>{ids[2]});
    r = t.Call("POST", "/api/datasets/" + ds + "/logs/import/", range);
    CHECK(r.body["imported_count"] == 3);
    CHECK(t.SourceIds(ds) == sorted({ids[1], ids[2], ids[3], ids[4]}));
  }
  SUBCASE("equal bounds select the logs at exactly that instant") {
    const Json d = t.CreateDataset({{"name", "d"},
                                    {"start_time", "2025-01-15T00:00:00Z"},
                                    {"end_time", "2025-01-15T00:00:00Z"}});
    CHECK(t.SourceIds(d["id"]) == sorted({ids[2], ids[3]}));
  }
  SUBCASE("zero matches still answers 201 with an empty dataset") {
    const Json d = t.CreateDataset({{"name", "d"},
                                    {"start_time", "2030-01-01T00:00:00Z"},
                                    {"end_time", "2030-01-02T00:00:00Z"},
                                    {"sampling", 10}});
    CHECK(d["log_count"] == 0);
    CHECK(d["log_ids"] == Json::array());
    CHECK(d["sampling_info"]["matched_count"] == 0);
    CHECK(d["sampling_info"]["selected_count"] == 0);
  }
}

TEST_SUITE_END();

}  // namespace logset
