// SPDX-License-Identifier: MIT
// The SQL of the datasets table.
#include "datasets/dataset_store.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "logset/error.h"
#include "util/ids.h"

namespace logset::internal {
namespace {

constexpr const char* kSelectColumns =
    "id, org_id, uuid, name, description, type, status, starred, tags, initial_log_filters, "
    "source_dataset_id, sampling_info, log_count, completed_annotation_count, created_at, "
    "updated_at";

std::optional<std::string> OptText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

std::vector<std::string> TagsFromText(const std::string& text) {
  std::vector<std::string> tags;
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return tags;
  for (const auto& t : parsed) {
    if (t.is_string()) tags.push_back(t.get<std::string>());
  }
  return tags;
}

std::string TagsToText(const std::vector<std::string>& tags) {
  return nlohmann::json(tags).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Dataset ReadDataset(SQLite::Statement& q) {
  Dataset d;
  d.rowid = q.getColumn(0).getInt64();
  d.org_id = q.getColumn(1).getInt64();
  d.uuid = q.getColumn(2).getString();
  d.name = q.getColumn(3).getString();
  d.description = q.getColumn(4).getString();
  d.type = q.getColumn(5).getString();
  d.status = q.getColumn(6).getString();
  d.starred = q.getColumn(7).getInt() != 0;
  d.tags = TagsFromText(q.getColumn(8).getString());
  d.initial_log_filters = q.getColumn(9).getString();
  d.source_dataset_id = OptText(q.getColumn(10));
  d.sampling_info = OptText(q.getColumn(11));
  d.log_count = q.getColumn(12).getInt64();
  d.completed_annotation_count = q.getColumn(13).getInt64();
  d.created_at = q.getColumn(14).getInt64();
  d.updated_at = q.getColumn(15).getInt64();
  return d;
}

}  // namespace

std::optional<Dataset> FindDataset(SQLite::Database& db, int64_t org_id, const std::string& uuid) {
  // A malformed id can never match; answering without a query keeps odd bytes away from SQLite.
  if (!IsUuid(uuid)) return std::nullopt;
  SQLite::Statement q(
      db, std::string("SELECT ") + kSelectColumns + " FROM datasets WHERE uuid = ? AND org_id = ? AND status = 'ready'");
  q.bind(1, uuid);
  q.bind(2, org_id);
  if (!q.executeStep()) return std::nullopt;
  return ReadDataset(q);
}

Dataset RequireDataset(SQLite::Database& db, int64_t org_id, const std::string& uuid) {
  auto dataset = FindDataset(db, org_id, uuid);
  if (!dataset) throw NotFound("datasets.not_found");
  return std::move(*dataset);
}

void InsertDataset(SQLite::Database& db, Dataset& d) {
  SQLite::Statement q(db,
                      "INSERT INTO datasets (org_id, uuid, name, description, type, status, "
                      "starred, tags, initial_log_filters, source_dataset_id, sampling_info, "
                      "log_count, completed_annotation_count, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int i = 1;
  q.bind(i++, d.org_id);
  q.bind(i++, d.uuid);
  q.bind(i++, d.name);
  q.bind(i++, d.description);
  q.bind(i++, d.type);
  q.bind(i++, d.status);
  q.bind(i++, d.starred ? 1 : 0);
  q.bind(i++, TagsToText(d.tags));
  q.bind(i++, d.initial_log_filters);
  if (d.source_dataset_id) {
    q.bind(i++, *d.source_dataset_id);
  } else {
    q.bind(i++);
  }
  if (d.sampling_info) {
    q.bind(i++, *d.sampling_info);
  } else {
    q.bind(i++);
  }
  q.bind(i++, d.log_count);
  q.bind(i++, d.completed_annotation_count);
  q.bind(i++, static_cast<int64_t>(d.created_at));
  q.bind(i++, static_cast<int64_t>(d.updated_at));
  q.exec();
  d.rowid = db.getLastInsertRowid();
}

int64_t CountDatasets(SQLite::Database& db, int64_t org_id, const SqlWhere& where) {
  SQLite::Statement q(db,
                      "SELECT count(*) FROM datasets WHERE org_id = ? AND status = 'ready' AND " +
                          where.Condition());
  q.bind(1, org_id);
  BindSqlValues(q, 2, where.params);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::vector<Dataset> ListDatasetRows(SQLite::Database& db, int64_t org_id, const SqlWhere& where,
                                     const std::string& order_by, int64_t limit, int64_t offset) {
  SQLite::Statement q(db, std::string("SELECT ") + kSelectColumns +
                              " FROM datasets WHERE org_id = ? AND status = 'ready' AND " +
                              where.Condition() +
                              " ORDER BY " + order_by + " LIMIT ? OFFSET ?");
  q.bind(1, org_id);
  const int next = BindSqlValues(q, 2, where.params);
  q.bind(next, limit);
  q.bind(next + 1, offset);
  std::vector<Dataset> out;
  while (q.executeStep()) out.push_back(ReadDataset(q));
  return out;
}

void LoadFirstLogIds(SQLite::Database& db, std::vector<Dataset>& datasets) {
  if (datasets.empty()) return;
  SQLite::Statement q(db,
                      "SELECT unique_id FROM dataset_logs WHERE dataset_id = ? "
                      "ORDER BY timestamp DESC, unique_id ASC LIMIT ?");
  for (Dataset& d : datasets) {
    d.log_ids.clear();
    // Most datasets listed are small or empty; the counter column saves a query for empty ones.
    if (d.log_count == 0) continue;
    q.reset();
    q.bind(1, d.rowid);
    q.bind(2, kDatasetLogIdsShown);
    while (q.executeStep()) d.log_ids.push_back(q.getColumn(0).getString());
  }
}

void UpdateDatasetRow(SQLite::Database& db, const Dataset& d) {
  SQLite::Statement q(db,
                      "UPDATE datasets SET name = ?, description = ?, starred = ?, tags = ?, "
                      "updated_at = ? WHERE id = ?");
  q.bind(1, d.name);
  q.bind(2, d.description);
  q.bind(3, d.starred ? 1 : 0);
  q.bind(4, TagsToText(d.tags));
  q.bind(5, static_cast<int64_t>(d.updated_at));
  q.bind(6, d.rowid);
  q.exec();
}

void UpdateDatasetPopulation(SQLite::Database& db, const Dataset& d) {
  SQLite::Statement q(db,
                      "UPDATE datasets SET log_count = ?, completed_annotation_count = ?, "
                      "sampling_info = ?, updated_at = ? WHERE id = ?");
  q.bind(1, d.log_count);
  q.bind(2, d.completed_annotation_count);
  if (d.sampling_info) {
    q.bind(3, *d.sampling_info);
  } else {
    q.bind(3);
  }
  q.bind(4, static_cast<int64_t>(d.updated_at));
  q.bind(5, d.rowid);
  q.exec();
}

void SetSamplingInfo(SQLite::Database& db, int64_t rowid, const std::string& sampling_info) {
  SQLite::Statement q(db, "UPDATE datasets SET sampling_info = ? WHERE id = ?");
  q.bind(1, sampling_info);
  q.bind(2, rowid);
  q.exec();
}

void DeleteDatasetRow(SQLite::Database& db, int64_t rowid) {
  SQLite::Statement q(db, "DELETE FROM datasets WHERE id = ?");
  q.bind(1, rowid);
  q.exec();
}

void AdjustDatasetCounts(SQLite::Database& db, int64_t rowid, int64_t log_delta,
                         int64_t completed_delta, Micros now) {
  SQLite::Statement q(db,
                      "UPDATE datasets SET log_count = log_count + ?, "
                      "completed_annotation_count = completed_annotation_count + ?, "
                      // Strictly later than before, even within one clock tick, so a client
                      // comparing updated_at always sees the change.
                      "updated_at = max(updated_at + 1, ?) WHERE id = ?");
  q.bind(1, log_delta);
  q.bind(2, completed_delta);
  q.bind(3, static_cast<int64_t>(now));
  q.bind(4, rowid);
  q.exec();
}

}  // namespace logset::internal
