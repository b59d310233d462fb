// SPDX-License-Identifier: MIT
// Filling and emptying datasets, each call inside one write session.
#include "datasets/population_service.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <utility>

#include "datasets/dataset_build.h"
#include "datasets/dataset_store.h"
#include "datasets/population_store.h"
#include "logset/error.h"
#include "sampler/sampler.h"
#include "store/store_access.h"
#include "util/ids.h"

namespace logset::internal {
namespace {

constexpr const char* kRemovalNeedsFilters =
    "filters: required unless is_deleting_all_logs is true.";

// What a sampled population step will copy: the chosen request logs and what to record of it.
struct SamplePlan {
  std::vector<int64_t> rowids;  // ascending
  std::string sampling_info;
};

// Selects the candidates (API.md 5.1.3) and samples them (one COUNT, one streaming ranking pass)
// on a read snapshot, so that the write lock is held only to copy the chosen rows.
SamplePlan PlanSample(Store& store, int64_t org_id, const std::string& dataset_uuid,
                      const SampledImport& spec) {
  const uint64_t seed = spec.seed.value_or(DefaultSeed(dataset_uuid));
  auto session = StoreAccess::Read(store);
  SQLite::Database& db = session.db();
  SqlWhere candidates;
  candidates.And("request_logs.org_id = ?", {org_id});
  candidates.And("request_logs.timestamp >= ? AND request_logs.timestamp <= ?",
                 {static_cast<int64_t>(spec.start_time), static_cast<int64_t>(spec.end_time)});
  SqlWhere filters = CompileBodyFilter(db, spec.filters);
  if (!filters.sql.empty()) candidates.And(filters.sql, std::move(filters.params));

  const CandidateQuery query{
      "FROM request_logs WHERE " + candidates.sql,
      [&candidates](SQLite::Statement& s) { BindSqlValues(s, 1, candidates.params); }};
  SampleResult sample = Sample(db, query, SampleSpec{spec.percentage, seed, spec.by_trace});

  SamplePlan plan;
  if (sample.all_selected) {
    // p = 100: every candidate, read off the same snapshot.
    if (sample.matched_count > 0) plan.rowids = RequestLogRowids(db, candidates);
  } else {
    plan.rowids = std::move(sample.selected_ids);
  }
  plan.sampling_info =
      SamplingInfoText(spec, seed, sample.matched_count, sample.selected_count);
  return plan;
}

// The next `rows` of `rowids` from `*next` on, advancing `*next`.
std::vector<int64_t> TakeRows(const std::vector<int64_t>& rowids, size_t* next, int64_t rows) {
  const size_t end = std::min(rowids.size(), *next + static_cast<size_t>(std::max<int64_t>(rows, 1)));
  std::vector<int64_t> slice(rowids.begin() + static_cast<std::ptrdiff_t>(*next),
                             rowids.begin() + static_cast<std::ptrdiff_t>(end));
  *next = end;
  return slice;
}

// Copies the request logs `rowids` into the existing dataset `uuid` in chunks, each its own
// transaction that skips logs the dataset already holds a copy of and adds what it copied to the
// dataset's counters; the last one also records `sampling_info`, if given. An import into an
// existing dataset becomes visible chunk by chunk; one cut short is completed by running it again,
// since logs already copied are skipped. Returns how many logs were added.
int64_t ImportRowids(Store& store, int64_t org_id, const std::string& uuid,
                     const std::vector<int64_t>& rowids,
                     const std::optional<std::string>& sampling_info) {
  const Micros now = NowMicros();
  ChunkedWriter writer(store);
  size_t next = 0;
  int64_t added = 0;
  do {
    Dataset d;
    writer.Run(
        // Looked up in every chunk: the dataset may have been deleted between two of them.
        [&](SQLite::Database& db) { d = RequireDataset(db, org_id, uuid); },
        [&](SQLite::Database& db, int64_t max_rows) {
          const std::vector<int64_t> slice = TakeRows(rowids, &next, max_rows);
          // Within one transaction only this import adds logs, and its slices are disjoint.
          const std::vector<int64_t> fresh =
              d.log_count > 0 ? WithoutImported(db, d.rowid, slice) : slice;
          const int64_t inserted =
              fresh.empty() ? 0 : InsertImportedLogs(db, d, RequestLogsWithRowids(fresh), now);
          if (inserted > 0) AdjustDatasetCounts(db, d.rowid, inserted, 0, now);
          if (next == rowids.size() && sampling_info) SetSamplingInfo(db, d.rowid, *sampling_info);
          added += inserted;
          return static_cast<int64_t>(slice.size());
        });
  } while (next < rowids.size());
  return added;
}

// Records that `added` logs were added to (or, negative, removed from) `dataset` at `now`:
// updated_at moves only when something changed, and always forwards.
void Touch(Dataset& dataset, int64_t added, int64_t completed_added, Micros now) {
  if (added == 0) return;
  dataset.log_count += added;
  dataset.completed_annotation_count += completed_added;
  dataset.updated_at = std::max(now, dataset.updated_at + 1);
}

Dataset Finish(WriteSession& session, Dataset dataset) {
  std::vector<Dataset> one{std::move(dataset)};
  LoadFirstLogIds(session.db(), one);
  session.Commit();
  return std::move(one.front());
}

Dataset NewDatasetRow(int64_t org_id, const NewDataset& request, Micros now) {
  Dataset d;
  d.org_id = org_id;
  d.uuid = NewUuid();
  d.name = request.name;
  d.description = request.description;
  d.type = request.type;
  d.initial_log_filters = request.initial_log_filters;
  d.created_at = now;
  d.updated_at = now;
  return d;
}

}  // namespace

std::string SamplingInfoText(const SampledImport& spec, uint64_t seed, int64_t matched_count,
                             int64_t selected_count) {
  Json info = Json::object();
  info["algorithm"] = "bottom-k/xxh3-64";
  // A decimal string: most JSON clients lose integers above 2^53.
  info["seed"] = std::to_string(seed);
  info["percentage"] = spec.percentage;
  info["sample_by"] = spec.by_trace ? "trace" : "log";
  info["start_time"] = FormatTimestamp(spec.start_time);
  info["end_time"] = FormatTimestamp(spec.end_time);
  info["filters"] = spec.filters.json;
  info["matched_count"] = matched_count;
  info["selected_count"] = selected_count;
  return info.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Dataset CreateSampledDataset(Store& store, int64_t org_id, const NewDataset& request,
                             const SampledImport& sampling) {
  const Micros now = NowMicros();
  Dataset d = NewDatasetRow(org_id, request, now);
  const SamplePlan plan = PlanSample(store, org_id, d.uuid, sampling);
  d.sampling_info = plan.sampling_info;
  // Populated before it is visible: updated_at stays created_at.
  if (static_cast<int64_t>(plan.rowids.size()) <= CurrentChunkPacing().first_rows) {
    auto session = StoreAccess::Write(store);
    InsertDataset(session.db(), d);
    if (!plan.rowids.empty()) {
      d.log_count = InsertImportedLogs(session.db(), d, RequestLogsWithRowids(plan.rowids), now);
    }
    UpdateDatasetPopulation(session.db(), d);
    return Finish(session, std::move(d));
  }
  DatasetBuild build(store, d);
  size_t next = 0;
  int64_t inserted = 0;
  while (next < plan.rowids.size()) {
    build.Chunk([&](SQLite::Database& db, int64_t max_rows) {
      const std::vector<int64_t> slice = TakeRows(plan.rowids, &next, max_rows);
      inserted += InsertImportedLogs(db, d, RequestLogsWithRowids(slice), now);
      return static_cast<int64_t>(slice.size());
    });
  }
  build.Finish([&](SQLite::Database& db) {
    d.log_count = inserted;
    d.updated_at = d.created_at;
    UpdateDatasetPopulation(db, d);
  });
  return d;
}

Dataset DuplicateDataset(Store& store, int64_t org_id, const DuplicateDatasetRequest& request) {
  const Micros now = NowMicros();
  Dataset d;
  Dataset source;
  {
    auto session = StoreAccess::Write(store);
    source = RequireDataset(session.db(), org_id, request.source_uuid);
    NewDataset fields;
    fields.name = request.name.value_or(source.name + " (copy)");
    fields.description = request.description.value_or(source.description);
    fields.type = request.type.value_or(source.type);
    fields.initial_log_filters = source.initial_log_filters;
    d = NewDatasetRow(org_id, fields, now);
    d.source_dataset_id = source.uuid;
    d.sampling_info = source.sampling_info;
    if (source.log_count <= CurrentChunkPacing().first_rows) {
      InsertDataset(session.db(), d);
      const CopiedLogs copied = CopyDatasetLogs(session.db(), source.rowid, d.rowid, now);
      d.log_count = copied.count;
      d.completed_annotation_count = copied.completed;
      UpdateDatasetPopulation(session.db(), d);
      return Finish(session, std::move(d));
    }
  }
  // A large copy: window by window of the source's rowids, the copy hidden until whole.
  DatasetBuild build(store, d);
  std::optional<LogIdRange> range;
  bool with_scores = false;
  {
    auto session = StoreAccess::Read(store);
    range = DatasetLogIdRange(session.db(), source.rowid);
    with_scores = DatasetHasScores(session.db(), source.rowid);
  }
  int64_t copied = 0;
  int64_t next = range ? range->first : 0;
  const auto require_unchanged_source = [&](SQLite::Database& db) {
    const Dataset current = RequireDataset(db, org_id, source.uuid);
    // Logs added to, removed from or edited in the source while it is copied would make the
    // copy a mixture; every such change moves the source's updated_at.
    if (current.updated_at != source.updated_at) {
      throw Conflict("datasets.source_changed",
                     "the dataset being copied changed during the copy; copy it again.");
    }
    return current;
  };
  while (range && next <= range->last) {
    build.Chunk(
        [&](SQLite::Database& db, int64_t max_rows) {
      // A window of rowids holds at most that many of the source's logs.
      const LogIdRange window{next, std::min(range->last, next + max_rows - 1)};
      copied += CopyDatasetLogWindow(db, source.rowid, d.rowid, window, with_scores, now);
      next = window.last + 1;
      return window.last - window.first + 1;
        },
        require_unchanged_source);
  }
  build.Finish([&](SQLite::Database& db) {
    const Dataset now_source = require_unchanged_source(db);
    d.log_count = copied;
    // The copy is exact, so the source's maintained count is the copy's.
    d.completed_annotation_count = now_source.completed_annotation_count;
    d.updated_at = d.created_at;
    UpdateDatasetPopulation(db, d);
  });
  return d;
}

int64_t ImportSampledLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const SampledImport& sampling) {
  if (!DatasetExists(store, org_id, dataset_uuid)) throw NotFound("datasets.not_found");
  const SamplePlan plan = PlanSample(store, org_id, dataset_uuid, sampling);
  // sampling_info describes the latest population step, even one that added nothing new.
  return ImportRowids(store, org_id, dataset_uuid, plan.rowids, plan.sampling_info);
}

int64_t ImportLogsByIds(Store& store, int64_t org_id, const std::string& dataset_uuid,
                        const std::vector<std::string>& unique_ids) {
  std::vector<int64_t> rowids;
  {
    auto session = StoreAccess::Read(store);
    RequireDataset(session.db(), org_id, dataset_uuid);
    if (unique_ids.empty()) return 0;
    rowids = RequestLogRowids(session.db(), RequestLogsWithIds(org_id, unique_ids));
  }
  if (rowids.empty()) return 0;
  return ImportRowids(store, org_id, dataset_uuid, rowids, std::nullopt);
}

int64_t RemoveDatasetLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const LogRemoval& removal) {
  if (!removal.all && removal.filters.Empty()) {
    throw InvalidArgument("datasets.remove_needs_filters", kRemovalNeedsFilters, "filters");
  }
  const Micros now = NowMicros();
  auto session = StoreAccess::Write(store);
  Dataset d = RequireDataset(session.db(), org_id, dataset_uuid);
  const SqlWhere where =
      removal.all ? SqlWhere{} : CompileBodyFilter(session.db(), removal.filters);
  const RemovedLogs removed = DeleteMatchingLogs(session.db(), d.rowid, where);
  if (removed.count == 0) return 0;
  Touch(d, -removed.count, -removed.completed, now);
  UpdateDatasetPopulation(session.db(), d);
  session.Commit();
  return removed.count;
}

}  // namespace logset::internal
