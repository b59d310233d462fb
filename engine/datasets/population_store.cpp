// SPDX-License-Identifier: MIT
// The set-based SQL that fills and empties datasets.
#include "datasets/population_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "logs/log_record.h"

namespace logset::internal {
namespace {

// Hex digits 1-12 random, 13 the version (4), 14-16 random, 17 the variant (10xx: 8, 9, a or b),
// 18-32 random. Each piece draws its own random bytes, which is as random as slicing one draw;
// `random() & 3` stays in 0..3 for negative values too (abs() of the smallest integer fails).
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

// Rowids per statement when a statement would otherwise touch a whole dataset's logs; see
// ExecInWindows.
constexpr int64_t kWindow = 5000;

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

// The rows of `table` (dataset_logs under that name or alias) in one window: three parameters,
// window start, window end (exclusive) and the dataset's rowid. The unary + keeps SQLite on the
// rowid range rather than on a dataset_id index.
std::string WindowCondition(const std::string& table) {
  return "(" + table + ".id >= ? AND " + table + ".id < ? AND +" + table + ".dataset_id = ?)";
}

// Runs `statement`, whose WindowCondition parameters start at `window_param`, once per window of
// kWindow rowids across the logs of dataset `dataset_rowid`, and returns the rows it changed.
// Windows bound memory: SQLite keeps every page a statement changes in its statement journal
// (in memory under temp_store=MEMORY) and stages the rows an INSERT selects from its own table,
// so one statement over a whole large dataset would hold it all at once.
int64_t ExecInWindows(SQLite::Database& db, SQLite::Statement& statement, int window_param,
                      int64_t dataset_rowid) {
  SQLite::Statement bounds(db, "SELECT min(id), max(id) FROM dataset_logs WHERE dataset_id = ?");
  bounds.bind(1, dataset_rowid);
  bounds.executeStep();
  if (bounds.getColumn(0).isNull()) return 0;
  const int64_t first = bounds.getColumn(0).getInt64();
  const int64_t last = bounds.getColumn(1).getInt64();
  int64_t changed = 0;
  for (int64_t start = first; start <= last; start += kWindow) {
    statement.reset();
    statement.bind(window_param, start);
    statement.bind(window_param + 1, start + kWindow);
    statement.bind(window_param + 2, dataset_rowid);
    changed += statement.exec();
  }
  return changed;
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
  where.And(
      "request_logs.unique_id IN (SELECT value FROM json_each(?))",
      {nlohmann::json(unique_ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  return where;
}

SqlWhere RequestLogsWithRowids(const std::vector<int64_t>& rowids) {
  SqlWhere where;
  where.And("request_logs.id IN (SELECT value FROM json_each(?))", {nlohmann::json(rowids).dump()});
  return where;
}

std::vector<int64_t> RequestLogRowids(SQLite::Database& db, const SqlWhere& which) {
  SQLite::Statement q(db, "SELECT request_logs.id FROM request_logs WHERE " + which.Condition() +
                              " ORDER BY request_logs.id");
  BindSqlValues(q, 1, which.params);
  std::vector<int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

std::vector<int64_t> WithoutImported(SQLite::Database& db, int64_t dataset_rowid,
                                     const std::vector<int64_t>& rowids) {
  // One probe of the (dataset_id, source_log_id) index per request log, and only the ids come
  // back: the wide rows are not read, and nothing is staged.
  SQLite::Statement q(db,
                      "SELECT r.id FROM request_logs AS r "
                      "WHERE r.id IN (SELECT value FROM json_each(?)) AND NOT EXISTS "
                      "(SELECT 1 FROM dataset_logs AS d "
                      "WHERE d.dataset_id = ? AND d.source_log_id = r.unique_id) "
                      "ORDER BY r.id");
  q.bind(1, nlohmann::json(rowids).dump());
  q.bind(2, dataset_rowid);
  std::vector<int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

int64_t InsertImportedLogs(SQLite::Database& db, const Dataset& dataset, const SqlWhere& which,
                           Micros now) {
  const std::string sql = InsertHead() + "SELECT ?, ?, " +
                          CoreSelectList("request_logs", kNewLogIdSql) + ", NULL, " + kPromptSql +
                          ", " + kCompletionSql + ", " + kMessagesSql +
                          ", 'pending', NULL, request_logs.unique_id, ?, ? FROM request_logs WHERE " +
                          which.Condition();
  SQLite::Statement insert(db, sql);
  insert.bind(1, dataset.rowid);
  insert.bind(2, dataset.org_id);
  insert.bind(3, static_cast<int64_t>(now));
  insert.bind(4, static_cast<int64_t>(now));
  BindSqlValues(insert, 5, which.params);
  return insert.exec();
}

bool DatasetHasScores(SQLite::Database& db, int64_t dataset_rowid) {
  SQLite::Statement scored(db, "SELECT EXISTS (SELECT 1 FROM eval_scores WHERE dataset_id = ?)");
  scored.bind(1, dataset_rowid);
  scored.executeStep();
  return scored.getColumn(0).getInt() != 0;
}

std::optional<LogIdRange> DatasetLogIdRange(SQLite::Database& db, int64_t dataset_rowid) {
  SQLite::Statement bounds(db, "SELECT min(id), max(id) FROM dataset_logs WHERE dataset_id = ?");
  bounds.bind(1, dataset_rowid);
  bounds.executeStep();
  if (bounds.getColumn(0).isNull()) return std::nullopt;
  return LogIdRange{bounds.getColumn(0).getInt64(), bounds.getColumn(1).getInt64()};
}

int64_t CopyDatasetLogWindow(SQLite::Database& db, int64_t from_rowid, int64_t to_rowid,
                             const LogIdRange& window, bool with_scores, Micros now) {
  // With scores to copy, the copies first get a placeholder unique_id naming their source row
  // ('copy:<rowid>', unique within the new dataset), which lets the scores be copied with one
  // join; then each copy gets its fresh random id. Without, the fresh id is drawn at once, which
  // spares rewriting every copied row (kilobytes each) a second time.
  SQLite::Statement copy(
      db, InsertHead() + "SELECT ?, src.org_id, " +
              CoreSelectList("src", with_scores ? "'copy:' || src.id" : kNewLogIdSql) +
              ", src.expected_output, src.prompt, src.completion, src.messages, "
              "src.annotation_status, src.annotation_completed_by, src.source_log_id, ?, ? "
              "FROM dataset_logs AS src WHERE " +
              WindowCondition("src"));
  copy.bind(1, to_rowid);
  copy.bind(2, static_cast<int64_t>(now));
  copy.bind(3, static_cast<int64_t>(now));
  copy.bind(4, window.first);
  copy.bind(5, window.last + 1);
  copy.bind(6, from_rowid);
  const int64_t copied = copy.exec();
  if (copied == 0 || !with_scores) return copied;

  // The placeholders of this window are the only ones in the new dataset (every earlier window
  // replaced its own), found through the (dataset_id, unique_id) index as one key range.
  const auto placeholders = [](const std::string& table) {
    return table + ".dataset_id = ? AND " + table + ".unique_id >= 'copy:' AND " + table +
           ".unique_id < 'copy;'";
  };
  SQLite::Statement scores(
      db, std::string("INSERT INTO eval_scores (dataset_log_id, dataset_id, evaluator_id, "
                      "score_value, numeric_value, created_at) SELECT dup.id, dup.dataset_id, "
                      "s.evaluator_id, s.score_value, s.numeric_value, s.created_at "
                      "FROM dataset_logs AS dup JOIN eval_scores AS s "
                      "ON s.dataset_log_id = CAST(substr(dup.unique_id, 6) AS INTEGER) WHERE ") +
              placeholders("dup"));
  scores.bind(1, to_rowid);
  scores.exec();
  SQLite::Statement ids(db, std::string("UPDATE dataset_logs SET unique_id = ") + kNewLogIdSql +
                                " WHERE " + placeholders("dataset_logs"));
  ids.bind(1, to_rowid);
  ids.exec();
  return copied;
}

CopiedLogs CopyDatasetLogs(SQLite::Database& db, int64_t from_rowid, int64_t to_rowid, Micros now) {
  CopiedLogs out;
  // A copy is exact, so the source's maintained count is the copy's, without reading its rows.
  SQLite::Statement completed(db, "SELECT completed_annotation_count FROM datasets WHERE id = ?");
  completed.bind(1, from_rowid);
  if (completed.executeStep()) out.completed = completed.getColumn(0).getInt64();
  const auto range = DatasetLogIdRange(db, from_rowid);
  if (!range) return out;
  const bool with_scores = DatasetHasScores(db, from_rowid);
  for (int64_t start = range->first; start <= range->last; start += kWindow) {
    const LogIdRange window{start, std::min(range->last, start + kWindow - 1)};
    out.count += CopyDatasetLogWindow(db, from_rowid, to_rowid, window, with_scores, now);
  }
  return out;
}

RemovedLogs DeleteMatchingLogs(SQLite::Database& db, int64_t dataset_rowid, const SqlWhere& where) {
  RemovedLogs out;
  SQLite::Statement completed(db,
                              "SELECT count(*) FROM dataset_logs WHERE dataset_logs.dataset_id = ? "
                              "AND dataset_logs.annotation_status = 'completed' AND " +
                                  where.Condition());
  completed.bind(1, dataset_rowid);
  BindSqlValues(completed, 2, where.params);
  completed.executeStep();
  out.completed = completed.getColumn(0).getInt64();

  // The filter's parameters come after the window's three.
  SQLite::Statement remove(db, "DELETE FROM dataset_logs WHERE " + WindowCondition("dataset_logs") +
                                   " AND " + where.Condition());
  BindSqlValues(remove, 4, where.params);
  out.count = ExecInWindows(db, remove, 1, dataset_rowid);
  return out;
}

}  // namespace logset::internal
