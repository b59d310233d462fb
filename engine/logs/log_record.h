// SPDX-License-Identifier: MIT
// LogRecord: the core fields shared by request logs and dataset logs (API.md 4.2), and their
// mapping to the columns of the same names in request_logs and dataset_logs.
#ifndef LOGSET_ENGINE_LOGS_LOG_RECORD_H_
#define LOGSET_ENGINE_LOGS_LOG_RECORD_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/json_writer.h"
#include "util/time.h"

namespace SQLite {
class Statement;
}

namespace logset::internal {

using Json = nlohmann::ordered_json;

/// The core log fields. JSON-valued fields hold null when absent; the store writes SQL NULL for
/// them (metadata is always an object).
struct LogRecord {
  std::string unique_id;
  Micros timestamp = 0;
  Micros start_time = 0;
  std::string environment = "prod";
  std::optional<std::string> log_type;
  std::optional<std::string> model;
  std::optional<std::string> provider_id;
  std::string status = "success";
  int64_t status_code = 200;
  std::optional<std::string> error_message;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t total_request_tokens = 0;
  double cost = 0.0;
  std::optional<double> latency;
  std::optional<double> time_to_first_token;
  std::optional<double> tokens_per_second;
  std::optional<double> temperature;
  std::optional<int64_t> max_tokens;
  bool stream = false;
  std::optional<bool> positive_feedback;
  std::optional<std::string> customer_identifier;
  std::optional<std::string> custom_identifier;
  std::optional<std::string> thread_identifier;
  std::optional<std::string> group_identifier;
  std::optional<std::string> trace_unique_id;
  std::optional<std::string> span_name;
  std::optional<std::string> span_workflow_name;
  std::optional<std::string> span_parent_id;
  std::optional<std::string> prompt_id;
  std::optional<std::string> prompt_name;
  Json tools;
  Json tool_calls;
  Json input;
  Json output;
  Json metadata = Json::object();
};

/// The column names of LogRecord in bind/read order, comma-separated, for SELECT and INSERT.
const std::string& LogRecordColumns();
/// How many columns LogRecordColumns() lists.
int LogRecordColumnCount();
/// The 0-based position of column `name` in LogRecordColumns(). Throws std::logic_error if it
/// is not one of them.
int LogRecordColumnIndex(std::string_view name);

/// Binds every LogRecord field starting at parameter `first`; returns the next free index.
int BindLogRecord(SQLite::Statement& statement, int first, const LogRecord& log);
/// Reads a LogRecord from the current row, starting at column `first` (in LogRecordColumns order).
LogRecord ReadLogRecord(SQLite::Statement& statement, int first);

/// How `input` and `output` are rendered: dataset logs keep native JSON; request logs emit a
/// stored string as is and any other value as its compact JSON text (API.md 4.4).
enum class IoEncoding { kNative, kJsonText };

/// Appends the core fields to `out` in API.md 4.2 order, without `scores` (each resource adds its
/// own shape). `org_uuid` is emitted as organization_id.
void AppendLogRecordJson(Json& out, const LogRecord& log, const std::string& org_uuid,
                         IoEncoding io);

/// Writes the core fields of the current row of `statement` (LogRecordColumns() from column
/// `first`) as the members of an open object, byte for byte what AppendLogRecordJson gives for
/// ReadLogRecord's result, but splicing stored JSON text instead of parsing and re-serialising
/// it. REQUIRES: the JSON columns hold what JsonColumn wrote (compact nlohmann text), which is
/// how every log is stored.
void WriteLogRecordFields(JsonWriter& writer, SQLite::Statement& statement, int first,
                          const std::string& org_uuid, IoEncoding io);

/// Compact JSON text of `value`, or nullopt for null: how JSON fields are stored.
std::optional<std::string> JsonColumn(const Json& value);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_LOGS_LOG_RECORD_H_
