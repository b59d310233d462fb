// SPDX-License-Identifier: MIT
// The SQL of the dataset_logs table.
#include "datasets/dataset_log_store.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>

#include "util/ids.h"

namespace logset::internal {
namespace {

// The dataset-only columns, after the shared LogRecord columns in every SELECT and INSERT.
constexpr const char* kOwnColumns =
    "expected_output, prompt, completion, messages, annotation_status, annotation_completed_by, "
    "source_log_id, created_at, updated_at";
constexpr int kOwnColumnCount = 9;

const std::string& SelectColumns() {
  static const std::string kText = "id, " + LogRecordColumns() + ", " + kOwnColumns;
  return kText;
}

std::string InsertSql() {
  const int params = 2 + LogRecordColumnCount() + kOwnColumnCount;
  std::string placeholders;
  for (int i = 0; i < params; ++i) placeholders += i == 0 ? "?" : ", ?";
  return "INSERT INTO dataset_logs (dataset_id, org_id, " + LogRecordColumns() + ", " +
         kOwnColumns + ") VALUES (" + placeholders + ")";
}

void BindText(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}

std::optional<std::string> OptText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

Json JsonOf(const SQLite::Column& c) {
  if (c.isNull()) return nullptr;
  return Json::parse(c.getString());
}

DatasetLog ReadDatasetLog(SQLite::Statement& q) {
  DatasetLog log;
  log.rowid = q.getColumn(0).getInt64();
  log.core = ReadLogRecord(q, 1);
  int i = 1 + LogRecordColumnCount();
  log.expected_output = JsonOf(q.getColumn(i++));
  log.prompt = OptText(q.getColumn(i++));
  log.completion = OptText(q.getColumn(i++));
  log.messages = JsonOf(q.getColumn(i++));
  if (!log.messages.is_array()) log.messages = Json::array();
  log.annotation_status = q.getColumn(i++).getString();
  log.annotation_completed_by = JsonOf(q.getColumn(i++));
  log.source_log_id = OptText(q.getColumn(i++));
  log.created_at = q.getColumn(i++).getInt64();
  log.updated_at = q.getColumn(i++).getInt64();
  return log;
}

}  // namespace

DatasetLogInserter::DatasetLogInserter(SQLite::Database& db, int64_t dataset_rowid, int64_t org_id)
    : db_(db), statement_(db, InsertSql()), dataset_rowid_(dataset_rowid), org_id_(org_id) {}

int64_t DatasetLogInserter::Insert(const DatasetLog& log) {
  statement_.reset();
  statement_.clearBindings();
  int i = 1;
  statement_.bind(i++, dataset_rowid_);
  statement_.bind(i++, org_id_);
  i = BindLogRecord(statement_, i, log.core);
  BindText(statement_, i++, JsonColumn(log.expected_output));
  BindText(statement_, i++, log.prompt);
  BindText(statement_, i++, log.completion);
  BindText(statement_, i++, JsonColumn(log.messages.is_array() ? log.messages : Json::array()));
  statement_.bind(i++, log.annotation_status);
  BindText(statement_, i++, JsonColumn(log.annotation_completed_by));
  BindText(statement_, i++, log.source_log_id);
  statement_.bind(i++, static_cast<int64_t>(log.created_at));
  statement_.bind(i++, static_cast<int64_t>(log.updated_at));
  statement_.exec();
  return db_.getLastInsertRowid();
}

std::optional<DatasetLog> FindDatasetLog(SQLite::Database& db, int64_t dataset_rowid,
                                         const std::string& unique_id) {
  if (!IsLogId(unique_id)) return std::nullopt;
  SQLite::Statement q(db, "SELECT " + SelectColumns() +
                              " FROM dataset_logs WHERE dataset_id = ? AND unique_id = ?");
  q.bind(1, dataset_rowid);
  q.bind(2, unique_id);
  if (!q.executeStep()) return std::nullopt;
  return ReadDatasetLog(q);
}

void ForEachDatasetLog(SQLite::Database& db, int64_t dataset_rowid, const SqlWhere& where,
                       const std::string& order_by, int64_t limit, int64_t offset,
                       const std::function<void(DatasetLog&&)>& visit) {
  SQLite::Statement q(db, "SELECT " + SelectColumns() +
                              " FROM dataset_logs WHERE dataset_id = ? AND " + where.Condition() +
                              " ORDER BY " + order_by + " LIMIT ? OFFSET ?");
  q.bind(1, dataset_rowid);
  const int next = BindSqlValues(q, 2, where.params);
  q.bind(next, limit);
  q.bind(next + 1, offset);
  while (q.executeStep()) visit(ReadDatasetLog(q));
}

void UpdateDatasetLogContent(SQLite::Database& db, const DatasetLog& log) {
  SQLite::Statement q(db,
                      "UPDATE dataset_logs SET input = ?, output = ?, expected_output = ?, "
                      "prompt = ?, completion = ?, metadata = ?, updated_at = ? WHERE id = ?");
  BindText(q, 1, JsonColumn(log.core.input));
  BindText(q, 2, JsonColumn(log.core.output));
  BindText(q, 3, JsonColumn(log.expected_output));
  BindText(q, 4, log.prompt);
  BindText(q, 5, log.completion);
  q.bind(6, *JsonColumn(log.core.metadata.is_object() ? log.core.metadata : Json::object()));
  q.bind(7, static_cast<int64_t>(log.updated_at));
  q.bind(8, log.rowid);
  q.exec();
}

void DeleteDatasetLogRow(SQLite::Database& db, int64_t rowid) {
  SQLite::Statement q(db, "DELETE FROM dataset_logs WHERE id = ?");
  q.bind(1, rowid);
  q.exec();
}

}  // namespace logset::internal
