// SPDX-License-Identifier: MIT
// Filling and emptying datasets, each call inside one write session.
#include "datasets/population_service.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <utility>

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

// What one sampled population step did.
struct SampledStep {
  int64_t imported = 0;
  std::string sampling_info;
};

// Selects the candidates (API.md 5.1.3), samples them and copies the chosen ones in: one COUNT,
// one streaming ranking pass, one INSERT ... SELECT.
SampledStep RunSampledImport(SQLite::Database& db, const Dataset& dataset,
                             const SampledImport& spec, bool skip_imported, Micros now) {
  const uint64_t seed = spec.seed.value_or(DefaultSeed(dataset.uuid));
  SqlWhere candidates;
  candidates.And("request_logs.org_id = ?", {dataset.org_id});
  candidates.And("request_logs.timestamp >= ? AND request_logs.timestamp <= ?",
                 {static_cast<int64_t>(spec.start_time), static_cast<int64_t>(spec.end_time)});
  SqlWhere filters = CompileBodyFilter(db, spec.filters);
  if (!filters.sql.empty()) candidates.And(filters.sql, std::move(filters.params));

  const CandidateQuery query{
      "FROM request_logs WHERE " + candidates.sql,
      [&candidates](SQLite::Statement& s) { BindSqlValues(s, 1, candidates.params); }};
  const SampleResult sample = Sample(db, query, SampleSpec{spec.percentage, seed, spec.by_trace});

  SampledStep step;
  if (sample.all_selected) {
    // p = 100: the candidate condition itself selects the rows, no id list needed.
    if (sample.matched_count > 0) {
      step.imported = InsertImportedLogs(db, dataset, candidates, skip_imported, now);
    }
  } else {
    step.imported = InsertImportedLogs(db, dataset, RequestLogsWithRowids(sample.selected_ids),
                                       skip_imported, now);
  }
  step.sampling_info = SamplingInfoText(spec, seed, sample.matched_count, sample.selected_count);
  return step;
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
  auto session = StoreAccess::Write(store);
  InsertDataset(session.db(), d);
  // A new dataset holds no imports yet, so nothing needs skipping.
  const SampledStep step = RunSampledImport(session.db(), d, sampling, false, now);
  // Populated in the same transaction as its creation: updated_at stays created_at.
  d.log_count = step.imported;
  d.sampling_info = step.sampling_info;
  UpdateDatasetPopulation(session.db(), d);
  return Finish(session, std::move(d));
}

Dataset DuplicateDataset(Store& store, int64_t org_id, const DuplicateDatasetRequest& request) {
  const Micros now = NowMicros();
  auto session = StoreAccess::Write(store);
  const Dataset source = RequireDataset(session.db(), org_id, request.source_uuid);
  NewDataset fields;
  fields.name = request.name.value_or(source.name + " (copy)");
  fields.description = request.description.value_or(source.description);
  fields.type = request.type.value_or(source.type);
  fields.initial_log_filters = source.initial_log_filters;
  Dataset d = NewDatasetRow(org_id, fields, now);
  d.source_dataset_id = source.uuid;
  d.sampling_info = source.sampling_info;
  InsertDataset(session.db(), d);
  const CopiedLogs copied = CopyDatasetLogs(session.db(), source.rowid, d.rowid, now);
  d.log_count = copied.count;
  d.completed_annotation_count = copied.completed;
  UpdateDatasetPopulation(session.db(), d);
  return Finish(session, std::move(d));
}

int64_t ImportSampledLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const SampledImport& sampling) {
  const Micros now = NowMicros();
  auto session = StoreAccess::Write(store);
  Dataset d = RequireDataset(session.db(), org_id, dataset_uuid);
  const SampledStep step =
      RunSampledImport(session.db(), d, sampling, /*skip_imported=*/d.log_count > 0, now);
  Touch(d, step.imported, 0, now);
  // sampling_info describes the latest population step, even one that added nothing new.
  d.sampling_info = step.sampling_info;
  UpdateDatasetPopulation(session.db(), d);
  session.Commit();
  return step.imported;
}

int64_t ImportLogsByIds(Store& store, int64_t org_id, const std::string& dataset_uuid,
                        const std::vector<std::string>& unique_ids) {
  const Micros now = NowMicros();
  auto session = StoreAccess::Write(store);
  Dataset d = RequireDataset(session.db(), org_id, dataset_uuid);
  if (unique_ids.empty()) return 0;
  const int64_t imported =
      InsertImportedLogs(session.db(), d, RequestLogsWithIds(org_id, unique_ids),
                         /*skip_imported=*/d.log_count > 0, now);
  if (imported == 0) return 0;
  Touch(d, imported, 0, now);
  UpdateDatasetPopulation(session.db(), d);
  session.Commit();
  return imported;
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
