// SPDX-License-Identifier: MIT
// Request logs in SQLite: insert, find, annotate, and read a counted page.
#include "logs/request_log_store.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "logs/matching_count.h"
#include "store/store_access.h"
#include "util/ids.h"
#include "util/json_writer.h"

namespace logset::internal {
namespace {

// The request-log-only columns, after the shared LogRecord ones; `extra` is write-only.
constexpr const char* kReadColumns =
    "customer_email, is_pinned, note, prompt_cache_hit_tokens, prompt_cache_creation_tokens, "
    "prompt_messages, completion_message";
constexpr int kReadColumnCount = 7;

const std::string& SelectColumns() {
  static const std::string kText = "id, " + LogRecordColumns() + ", " + kReadColumns;
  return kText;
}

const std::string& InsertSql() {
  static const std::string kText = [] {
    const int count = 1 + LogRecordColumnCount() + kReadColumnCount + 1;
    std::string placeholders;
    for (int i = 0; i < count; ++i) placeholders += i == 0 ? "?" : ", ?";
    return "INSERT INTO request_logs (org_id, " + LogRecordColumns() + ", " + kReadColumns +
           ", extra) VALUES (" + placeholders + ")";
  }();
  return kText;
}

void BindOptText(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}

Json JsonOrNull(const SQLite::Column& c) {
  return c.isNull() ? Json(nullptr) : Json::parse(c.getString());
}

StoredRequestLog ReadRow(SQLite::Statement& q) {
  StoredRequestLog out;
  out.rowid = q.getColumn(0).getInt64();
  RequestLog& log = out.log;
  log.core = ReadLogRecord(q, 1);
  int i = 1 + LogRecordColumnCount();
  const SQLite::Column email = q.getColumn(i++);
  if (!email.isNull()) log.customer_email = email.getString();
  log.is_pinned = q.getColumn(i++).getInt() != 0;
  const SQLite::Column note = q.getColumn(i++);
  if (!note.isNull()) log.note = note.getString();
  log.prompt_cache_hit_tokens = q.getColumn(i++).getInt64();
  log.prompt_cache_creation_tokens = q.getColumn(i++).getInt64();
  log.prompt_messages = JsonOrNull(q.getColumn(i++));
  log.completion_message = JsonOrNull(q.getColumn(i++));
  return out;
}

}  // namespace

RequestLogWriter::RequestLogWriter(SQLite::Database& db)
    : insert_(std::make_unique<SQLite::Statement>(db, InsertSql())) {}

RequestLogWriter::~RequestLogWriter() = default;

std::string RequestLogWriter::Insert(int64_t org_id, const RequestLog& log) {
  SQLite::Statement& s = *insert_;
  s.reset();
  s.bind(1, org_id);
  int i = BindLogRecord(s, 2, log.core);
  // The id is the server's (API.md 1.8): rebinding the unique_id slot beats copying the record.
  std::string unique_id = NewLogId();
  s.bind(2, unique_id);
  BindOptText(s, i++, log.customer_email);
  s.bind(i++, log.is_pinned ? 1 : 0);
  BindOptText(s, i++, log.note);
  s.bind(i++, log.prompt_cache_hit_tokens);
  s.bind(i++, log.prompt_cache_creation_tokens);
  BindOptText(s, i++, JsonColumn(log.prompt_messages));
  BindOptText(s, i++, JsonColumn(log.completion_message));
  s.bind(i++, JsonColumn(log.extra.is_object() ? log.extra : Json::object()).value());
  s.exec();
  return unique_id;
}

std::optional<StoredRequestLog> FindRequestLog(SQLite::Database& db, int64_t org_id,
                                               const std::string& unique_id) {
  if (!IsLogId(unique_id)) return std::nullopt;
  SQLite::Statement q(
      db, "SELECT " + SelectColumns() + " FROM request_logs WHERE unique_id = ? AND org_id = ?");
  q.bind(1, unique_id);
  q.bind(2, org_id);
  if (!q.executeStep()) return std::nullopt;
  return ReadRow(q);
}

void SaveRequestLogAnnotations(SQLite::Database& db, const StoredRequestLog& stored) {
  SQLite::Statement u(db,
                      "UPDATE request_logs SET is_pinned = ?, positive_feedback = ?, note = ?, "
                      "metadata = ? WHERE id = ?");
  const RequestLog& log = stored.log;
  u.bind(1, log.is_pinned ? 1 : 0);
  if (log.core.positive_feedback) {
    u.bind(2, *log.core.positive_feedback ? 1 : 0);
  } else {
    u.bind(2);
  }
  BindOptText(u, 3, log.note);
  u.bind(4, JsonColumn(log.core.metadata.is_object() ? log.core.metadata : Json::object()).value());
  u.bind(5, stored.rowid);
  u.exec();
}

SqlWhere RequestLogScopeWhere(const RequestLogScope& scope) {
  SqlWhere where;
  if (scope.start_time) where.And("timestamp >= ?", {static_cast<int64_t>(*scope.start_time)});
  if (scope.end_time) where.And("timestamp <= ?", {static_cast<int64_t>(*scope.end_time)});
  if (scope.environment) where.And("environment = ?", {*scope.environment});
  if (scope.log_type) where.And("log_type = ?", {*scope.log_type});
  return where;
}

namespace {

// The page's rows, every SelectColumns() column, bound and ready to step. The organisation comes
// first so that the (org_id, timestamp) index serves every list.
CachedStatement PagedSelect(ReadSession& session, int64_t org_id, const SqlWhere& where,
                            const std::string& order_by, int64_t limit, int64_t offset) {
  CachedStatement q =
      session.Prepare("SELECT " + SelectColumns() + " FROM request_logs WHERE org_id = ? AND " +
                      where.Condition() + " ORDER BY " + order_by + " LIMIT ? OFFSET ?");
  q->bind(1, org_id);
  int i = BindSqlValues(*q, 2, where.params);
  q->bind(i++, limit);
  q->bind(i, offset);
  return q;
}

// Writes the members after the core fields, in RequestLogJson's order (request_log_json.cpp),
// up to and excluding `scores`. `first` is the column of customer_email; `status` the column of
// the core status.
void WriteRequestLogOwnFields(JsonWriter& w, SQLite::Statement& q, int first, int status) {
  int i = first;
  const int email = i++;
  const int pinned = i++;
  const int note = i++;
  const int hit_tokens = i++;
  const int creation_tokens = i++;
  for (const char* key : {"prompt_messages", "completion_message"}) {
    w.Key(key);
    const SQLite::Column c = q.getColumn(i++);
    c.isNull() ? w.Null() : w.Raw(std::string_view(c.getText(), c.getBytes()));
  }
  w.Key("customer_email");
  const SQLite::Column email_value = q.getColumn(email);
  email_value.isNull() ? w.Null() : w.String(email_value.getString());
  w.Key("is_pinned");
  w.Bool(q.getColumn(pinned).getInt() != 0);
  w.Key("note");
  const SQLite::Column note_value = q.getColumn(note);
  note_value.isNull() ? w.Null() : w.String(note_value.getString());
  w.Key("failed");
  w.Bool(q.getColumn(status).getString() == "error");
  w.Key("prompt_cache_hit_tokens");
  w.Int(q.getColumn(hit_tokens).getInt64());
  w.Key("prompt_cache_creation_tokens");
  w.Int(q.getColumn(creation_tokens).getInt64());
}

}  // namespace

RenderedRequestLogPage RenderRequestLogPage(ReadSession& session, int64_t org_id,
                                            const std::string& org_uuid, const SqlWhere& where,
                                            const std::string& order_by, int64_t limit,
                                            int64_t offset) {
  RenderedRequestLogPage page;
  page.count = CountMatching(session, "request_logs", "org_id", org_id, where);
  if (offset >= page.count || limit <= 0) return page;

  // Each log's object without its closing `scores`, which are read for the whole page at once.
  std::vector<int64_t> rowids;
  std::vector<std::string> objects;
  {
    const CachedStatement q = PagedSelect(session, org_id, where, order_by, limit, offset);
    const int own_fields = 1 + LogRecordColumnCount();
    static const int status = 1 + LogRecordColumnIndex("status");
    size_t last_size = 0;
    while (q->executeStep()) {
      rowids.push_back(q->getColumn(0).getInt64());
      std::string& text = objects.emplace_back();
      // Logs of one page tend to be alike in size: growing each string from empty copied it
      // several times over.
      text.reserve(last_size + last_size / 4);
      JsonWriter w(text);
      w.BeginObject();
      WriteLogRecordFields(w, *q, 1, org_uuid, IoEncoding::kJsonText);
      WriteRequestLogOwnFields(w, *q, own_fields, status);
      last_size = text.size();
    }
  }
  const auto scores = LoadScores(session, org_id, LogTable::kRequestLogs, rowids);
  for (size_t k = 0; k < objects.size(); ++k) {
    objects[k] += ",\"scores\":";
    const auto found = scores.find(rowids[k]);
    objects[k] += found == scores.end() ? "{}" : DumpJson(ScoresAsDict(found->second));
    objects[k] += '}';
  }
  page.logs = std::move(objects);
  return page;
}

RequestLogPage ReadRequestLogPage(ReadSession& session, int64_t org_id, const SqlWhere& where,
                                  const std::string& order_by, int64_t limit, int64_t offset) {
  RequestLogPage page;
  page.count = CountMatching(session, "request_logs", "org_id", org_id, where);
  if (offset >= page.count || limit <= 0) return page;

  std::vector<int64_t> rowids;
  {
    const CachedStatement q = PagedSelect(session, org_id, where, order_by, limit, offset);
    while (q->executeStep()) {
      page.logs.push_back(ReadRow(*q));
      rowids.push_back(page.logs.back().rowid);
    }
  }
  page.scores = LoadScores(session, org_id, LogTable::kRequestLogs, rowids);
  return page;
}

}  // namespace logset::internal
