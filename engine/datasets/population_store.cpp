// SPDX-License-Identifier: MIT
// The set-based SQL that fills and empties datasets.
#include "datasets/population_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "logs/log_record.h"

namespace logset::internal {
namespace {

// Hex digits 1-12, the version nibble, 14-16, the variant nibble (10xx: 8, 9, a or b), 17-32.
// Each piece draws its own random bytes, which is as random as slicing one draw; `random() & 3`
// stays in 0..3 for negative values too (abs() of the smallest integer would be an error).
constexpr const char* kNewLogIdSql =
    "lower(hex(randomblob(6)) || '4' || substr(hex(randomblob(2)), 2) || "
    "substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(8)), 2))";

// API.md 5.4 in SQL, mirroring DerivePrompt: the input string itself, else the string content of
// the last message whose role is "user" in a message array (null if that content is not a
// string), else null.
constexpr const char* kPromptSql =
    "CASE json_type(request_logs.input) "
    "WHEN 'text' THEN json_extract(request_logs.input, '$') "
    "WHEN 'array' THEN (SELECT CASE WHEN json_type(m.value, '$.content') = 'text' "
    "THEN json_extract(m.value, '$.content') END "
    "FROM json_each(request_logs.input) AS m "
    "WHERE m.type = 'object' AND json_extract(m.value, '$.role') = 'user' "
    "ORDER BY m.key DESC LIMIT 1) END";

// Mirroring DeriveCompletion: the output string itself, else the string `content` of an object.
constexpr const char* kCompletionSql =
    "CASE json_type(request_logs.output) "
    "WHEN 'text' THEN json_extract(request_logs.output, '$') "
    "WHEN 'object' THEN CASE WHEN json_type(request_logs.output, '$.content') = 'text' "
    "THEN json_extract(request_logs.output, '$.content') END END";

// The source's prompt_messages, then its completion_message appended (`$[#]` is one past the
// end); json() marks the message as JSON so it is inserted as an object, not a string.
constexpr const char* kMessagesSql =
    "CASE WHEN coalesce(json_type(request_logs.completion_message), 'null') = 'null' "
    "THEN coalesce(CASE WHEN json_type(request_logs.prompt_messages) = 'array' "
    "THEN request_logs.prompt_messages END, '[]') "
    "ELSE json_insert(coalesce(CASE WHEN json_type(request_logs.prompt_messages) = 'array' "
    "THEN request_logs.prompt_messages END, '[]'), '$[#]', "
    "json(request_logs.completion_message)) END";

// The dataset-only columns, in the order every INSERT below writes them.
constexpr const char* kOwnColumns =
    "expected_output, prompt, completion, messages, annotation_status, annotation_completed_by, "
    "source_log_id, created_at, updated_at";

// LogRecordColumns() with each column read from `table`, except unique_id, which becomes
// `unique_id_sql`. The two log tables share these column names (schema/0001_init.sql).
std::string CoreSelectList(const std::string& table, const std::string& unique_id_sql) {
  const std::string& columns = LogRecordColumns();
  std::string out;
  size_t start = 0;
  while (start <= columns.size()) {
    size_t end = columns.find(", ", start);
    if (end == std::string::npos) end = columns.size();
    const std::string column = columns.substr(start, end - start);
    if (!out.empty()) out += ", ";
    out += column == "unique_id" ? unique_id_sql : table + "." + column;
    start = end + 2;
  }
  return out;
}

std::string InsertHead() {
  return "INSERT INTO dataset_logs (dataset_id, org_id, " + LogRecordColumns() + ", " +
         kOwnColumns + ") ";
}

}  // namespace

const char* NewLogIdSql() { return kNewLogIdSql; }

SqlWhere RequestLogsWithIds(int64_t org_id, const std::vector<std::string>& unique_ids) {
  SqlWhere where;
  where.And("request_logs.org_id = ?", {org_id});
  where.And("request_logs.unique_id IN (SELECT value FROM json_each(?))",
            {nlohmann::json(unique_ids).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace)});
  return where;
}

SqlWhere RequestLogsWithRowids(const std::vector<int64_t>& rowids) {
  SqlWhere where;
  where.And("request_logs.id IN (SELECT value FROM json_each(?))", {nlohmann::json(rowids).dump()});
  return where;
}

int64_t InsertImportedLogs(SQLite::Database& db, const Dataset& dataset, const SqlWhere& which,
                           bool skip_imported, Micros now) {
  std::string sql = InsertHead() + "SELECT ?, ?, " + CoreSelectList("request_logs", kNewLogIdSql) +
                    ", NULL, " + kPromptSql + ", " + kCompletionSql + ", " + kMessagesSql +
                    ", 'pending', NULL, request_logs.unique_id, ?, ? FROM request_logs WHERE " +
                    which.Condition();
  // Reading dataset_logs here makes SQLite stage the selected rows in a temporary table before
  // inserting, so the check is only added when the dataset may already hold imports.
  if (skip_imported) {
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM dataset_logs AS imported WHERE imported.dataset_id = ? "
        "AND imported.source_log_id = request_logs.unique_id)";
  }
  SQLite::Statement insert(db, sql);
  insert.bind(1, dataset.rowid);
  insert.bind(2, dataset.org_id);
  insert.bind(3, static_cast<int64_t>(now));
  insert.bind(4, static_cast<int64_t>(now));
  const int next = BindSqlValues(insert, 5, which.params);
  if (skip_imported) insert.bind(next, dataset.rowid);
  return insert.exec();
}

CopiedLogs CopyDatasetLogs(SQLite::Database& db, int64_t from_rowid, int64_t to_rowid,
                           Micros now) {
  // Three statements, all set-based. The copies first get a placeholder unique_id naming their
  // source row ('copy:<rowid>', unique within the new dataset), which lets the scores be copied
  // with one join; then every copy gets its fresh random id.
  SQLite::Statement copy(
      db, InsertHead() + "SELECT ?, src.org_id, " + CoreSelectList("src", "'copy:' || src.id") +
              ", src.expected_output, src.prompt, src.completion, src.messages, "
              "src.annotation_status, src.annotation_completed_by, src.source_log_id, ?, ? "
              "FROM dataset_logs AS src WHERE src.dataset_id = ?");
  copy.bind(1, to_rowid);
  copy.bind(2, static_cast<int64_t>(now));
  copy.bind(3, static_cast<int64_t>(now));
  copy.bind(4, from_rowid);
  CopiedLogs out;
  out.count = copy.exec();
  if (out.count == 0) return out;

  SQLite::Statement scores(
      db,
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT dup.id, s.evaluator_id, s.score_value, s.numeric_value, s.created_at "
      "FROM dataset_logs AS dup JOIN eval_scores AS s "
      "ON s.dataset_log_id = CAST(substr(dup.unique_id, 6) AS INTEGER) "
      "WHERE dup.dataset_id = ?");
  scores.bind(1, to_rowid);
  scores.exec();

  SQLite::Statement ids(db, std::string("UPDATE dataset_logs SET unique_id = ") + kNewLogIdSql +
                                " WHERE dataset_id = ?");
  ids.bind(1, to_rowid);
  ids.exec();

  SQLite::Statement completed(db,
                              "SELECT count(*) FROM dataset_logs WHERE dataset_id = ? AND "
                              "annotation_status = 'completed'");
  completed.bind(1, to_rowid);
  completed.executeStep();
  out.completed = completed.getColumn(0).getInt64();
  return out;
}

RemovedLogs DeleteMatchingLogs(SQLite::Database& db, int64_t dataset_rowid,
                               const SqlWhere& where) {
  const std::string matching =
      " FROM dataset_logs WHERE dataset_logs.dataset_id = ? AND " + where.Condition();
  RemovedLogs out;
  SQLite::Statement completed(db, "SELECT count(*)" + matching +
                                      " AND dataset_logs.annotation_status = 'completed'");
  completed.bind(1, dataset_rowid);
  BindSqlValues(completed, 2, where.params);
  completed.executeStep();
  out.completed = completed.getColumn(0).getInt64();

  SQLite::Statement remove(db, "DELETE" + matching);
  remove.bind(1, dataset_rowid);
  BindSqlValues(remove, 2, where.params);
  out.count = remove.exec();
  return out;
}

}  // namespace logset::internal
