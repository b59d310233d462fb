// SPDX-License-Identifier: MIT
// Dataset-log operations (L1-L7 a), each inside one session.
#include "datasets/dataset_log_service.h"

#include <algorithm>

#include "datasets/dataset_log_store.h"
#include "datasets/dataset_store.h"
#include "logs/matching_count.h"
#include "logset/error.h"
#include "store/store_access.h"
#include "util/ids.h"

namespace logset::internal {
namespace {

DatasetLog RequireLog(SQLite::Database& db, int64_t dataset_rowid, const std::string& unique_id) {
  auto log = FindDatasetLog(db, dataset_rowid, unique_id);
  if (!log) throw NotFound("dataset_logs.not_found");
  return std::move(*log);
}

DatasetLogView WithScores(SQLite::Database& db, int64_t org_id, DatasetLog log) {
  auto scores = LoadScores(db, org_id, LogTable::kDatasetLogs, {log.rowid});
  DatasetLogView view{std::move(log), {}};
  if (auto it = scores.find(view.log.rowid); it != scores.end())
    view.scores = std::move(it->second);
  return view;
}

void ApplyEdit(DatasetLog& log, const DatasetLogEdit& edit, EditMode mode) {
  if (mode == EditMode::kReplace) {
    log.core.input = edit.input.value_or(nullptr);
    log.core.output = edit.output.value_or(nullptr);
    log.expected_output = edit.expected_output.value_or(nullptr);
    log.prompt = edit.prompt.value_or(std::nullopt);
    log.completion = edit.completion.value_or(std::nullopt);
    const Json metadata = edit.metadata.value_or(Json::object());
    log.core.metadata = metadata.is_object() ? metadata : Json::object();
    return;
  }
  if (edit.input) log.core.input = *edit.input;
  if (edit.output) log.core.output = *edit.output;
  if (edit.expected_output) log.expected_output = *edit.expected_output;
  if (edit.prompt) log.prompt = *edit.prompt;
  if (edit.completion) log.completion = *edit.completion;
  if (edit.metadata) {
    if (!edit.metadata->is_object()) {
      log.core.metadata = Json::object();
    } else {
      // Shallow: each given key replaces or adds that key; a null value is kept as null.
      for (const auto& [key, value] : edit.metadata->items()) log.core.metadata[key] = value;
    }
  }
}

}  // namespace

void CheckDatasetLogPath(Store& store, int64_t org_id, const std::string& dataset_uuid,
                         const std::optional<std::string>& unique_id) {
  auto session = StoreAccess::Read(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  if (unique_id) RequireLog(session.db(), dataset.rowid, *unique_id);
}

std::vector<std::string> AddDatasetLogs(Store& store, int64_t org_id,
                                        const std::string& dataset_uuid,
                                        std::vector<DatasetLog> logs) {
  std::vector<std::string> ids;
  ids.reserve(logs.size());
  auto session = StoreAccess::Write(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  if (logs.empty()) return ids;
  DatasetLogInserter inserter(session.db(), dataset.rowid, org_id);
  int64_t completed = 0;
  for (DatasetLog& log : logs) {
    log.core.unique_id = NewLogId();
    inserter.Insert(log);
    completed += CompletedDelta(log);
    ids.push_back(log.core.unique_id);
  }
  AdjustDatasetCounts(session.db(), dataset.rowid, static_cast<int64_t>(logs.size()), completed,
                      NowMicros());
  session.Commit();
  return ids;
}

DatasetLogPage ListDatasetLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                               const BodyFilter& filters, const std::string& order_by,
                               int64_t limit, int64_t offset) {
  auto session = StoreAccess::Read(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  const SqlWhere where = CompileBodyFilter(session.db(), filters);
  DatasetLogPage page;
  page.count = CountMatching(session, "dataset_logs", "dataset_id", dataset.rowid, where);
  if (offset >= page.count) return page;
  ForEachDatasetLog(session.db(), dataset.rowid, where, order_by, limit, offset,
                    [&page](DatasetLog&& log) {
                      page.items.push_back({std::move(log), {}});
                    });
  std::vector<int64_t> rowids;
  rowids.reserve(page.items.size());
  for (const DatasetLogView& v : page.items) rowids.push_back(v.log.rowid);
  auto scores = LoadScores(session.db(), org_id, LogTable::kDatasetLogs, rowids);
  for (DatasetLogView& v : page.items) {
    if (auto it = scores.find(v.log.rowid); it != scores.end()) v.scores = std::move(it->second);
  }
  return page;
}

LogSummary SummarizeDatasetLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                                const BodyFilter& filters) {
  auto session = StoreAccess::Read(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  return ComputeDatasetLogSummary(session.db(), org_id, dataset.rowid,
                                  CompileBodyFilter(session.db(), filters));
}

DatasetLogView GetDatasetLog(Store& store, int64_t org_id, const std::string& dataset_uuid,
                             const std::string& unique_id) {
  auto session = StoreAccess::Read(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  return WithScores(session.db(), org_id, RequireLog(session.db(), dataset.rowid, unique_id));
}

DatasetLogView EditDatasetLog(Store& store, int64_t org_id, const std::string& dataset_uuid,
                              const std::string& unique_id, const DatasetLogEdit& edit,
                              EditMode mode) {
  auto session = StoreAccess::Write(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  DatasetLog log = RequireLog(session.db(), dataset.rowid, unique_id);
  ApplyEdit(log, edit, mode);
  const Micros now = NowMicros();
  log.updated_at = std::max(now, log.updated_at + 1);
  UpdateDatasetLogContent(session.db(), log);
  AdjustDatasetCounts(session.db(), dataset.rowid, 0, 0, now);
  DatasetLogView view = WithScores(session.db(), org_id, std::move(log));
  session.Commit();
  return view;
}

void DeleteDatasetLog(Store& store, int64_t org_id, const std::string& dataset_uuid,
                      const std::string& unique_id) {
  auto session = StoreAccess::Write(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  const DatasetLog log = RequireLog(session.db(), dataset.rowid, unique_id);
  DeleteDatasetLogRow(session.db(), log.rowid);
  AdjustDatasetCounts(session.db(), dataset.rowid, -1, -CompletedDelta(log), NowMicros());
  session.Commit();
}

}  // namespace logset::internal
