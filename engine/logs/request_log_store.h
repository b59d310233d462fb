// SPDX-License-Identifier: MIT
// Request logs in SQLite: inserting through one prepared statement, finding by unique_id,
// saving R4 annotations, and reading a counted, sorted page.
#ifndef LOGSET_ENGINE_LOGS_REQUEST_LOG_STORE_H_
#define LOGSET_ENGINE_LOGS_REQUEST_LOG_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "logs/request_log_record.h"
#include "logs/scores.h"
#include "logs/sql_where.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace logset::internal {

class ReadSession;

/// Inserts request logs through one statement prepared at construction, so a transaction of
/// many inserts (R6, a JSONL batch) never re-prepares. Borrows `db`, which must be a write
/// session's connection inside its transaction and outlive the writer. Not thread-safe.
class RequestLogWriter {
 public:
  explicit RequestLogWriter(SQLite::Database& db);
  ~RequestLogWriter();
  RequestLogWriter(const RequestLogWriter&) = delete;
  RequestLogWriter& operator=(const RequestLogWriter&) = delete;

  /// Inserts `log` into organisation `org_id` under a fresh unique_id (log.core.unique_id is
  /// ignored) and returns that id. Throws SQLite::Exception if SQLite fails.
  std::string Insert(int64_t org_id, const RequestLog& log);

 private:
  std::unique_ptr<SQLite::Statement> insert_;
};

/// The organisation's log with this unique_id; nullopt if there is none, it belongs to another
/// organisation, or `unique_id` is not a well-formed log id.
std::optional<StoredRequestLog> FindRequestLog(SQLite::Database& db, int64_t org_id,
                                               const std::string& unique_id);

/// Writes back the fields R4 may change (is_pinned, positive_feedback, note, metadata).
/// REQUIRES: `db` is inside a write session; `stored` was read from it.
void SaveRequestLogAnnotations(SQLite::Database& db, const StoredRequestLog& stored);

/// The fixed restrictions R2 and R5 read from their query (API.md 3, R2): inclusive time bounds
/// on `timestamp`, an environment and a log_type. Unset members do not restrict.
struct RequestLogScope {
  std::optional<Micros> start_time;
  std::optional<Micros> end_time;
  std::optional<std::string> environment;
  std::optional<std::string> log_type;
};

/// `scope` as a WHERE fragment over request_logs (without the organisation, which every reader
/// below adds itself).
SqlWhere RequestLogScopeWhere(const RequestLogScope& scope);

/// One page of a list, its total count and the scores of its logs, read in one snapshot.
struct RequestLogPage {
  int64_t count = 0;
  std::vector<StoredRequestLog> logs;
  std::unordered_map<int64_t, std::vector<ScoreObject>> scores;  ///< by rowid
};

/// Counts the organisation's logs matching `where` (CountMatching: remembered while the database
/// does not change), then reads `limit` of them from `offset` in `order_by` order (an ORDER BY
/// body from OrderByClause, never client text) with their scores. A page past the end has no
/// logs and the true count. The count and the page see the session's one snapshot.
RequestLogPage ReadRequestLogPage(ReadSession& session, int64_t org_id, const SqlWhere& where,
                                  const std::string& order_by, int64_t limit, int64_t offset);

/// The same page as ReadRequestLogPage, already rendered: `logs` holds each log's API object in
/// page order, byte for byte what RequestLogJson gives (organisation `org_uuid`), written from
/// the stored columns without parsing them: a page of fifty logs carries a few hundred KB of
/// stored JSON.
struct RenderedRequestLogPage {
  int64_t count = 0;
  std::vector<std::string> logs;
};
RenderedRequestLogPage RenderRequestLogPage(ReadSession& session, int64_t org_id,
                                            const std::string& org_uuid, const SqlWhere& where,
                                            const std::string& order_by, int64_t limit,
                                            int64_t offset);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_REQUEST_LOG_STORE_H_
