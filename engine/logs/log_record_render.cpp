// SPDX-License-Identifier: MIT
// Rendering a log row's core fields as API JSON straight from its SQL columns.
#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <string>
#include <string_view>

#include "logs/log_record.h"
#include "util/time.h"

namespace logset::internal {

namespace {

void WriteText(JsonWriter& w, SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  if (c.isNull()) {
    w.Null();
  } else {
    w.String(std::string_view(c.getText(), static_cast<size_t>(c.getBytes())));
  }
}

void WriteReal(JsonWriter& w, SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  c.isNull() ? w.Null() : w.Double(c.getDouble());
}

void WriteInt(JsonWriter& w, SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  c.isNull() ? w.Null() : w.Int(c.getInt64());
}

std::string_view StoredJson(const SQLite::Column& c) {
  return std::string_view(c.getText(), static_cast<size_t>(c.getBytes()));
}

// A stored JSON column as the API renders it (EncodeIo): a JSON string token is its own
// rendering in both encodings; any other value is itself natively and its text as a string.
void WriteStoredJson(JsonWriter& w, SQLite::Statement& s, int i, IoEncoding io) {
  const SQLite::Column c = s.getColumn(i);
  if (c.isNull()) {
    w.Null();
    return;
  }
  const std::string_view text = StoredJson(c);
  if (io == IoEncoding::kNative || text.empty() || text.front() == '"' || text == "null") {
    w.Raw(text);
  } else {
    w.String(text);
  }
}

}  // namespace

void WriteLogRecordFields(JsonWriter& w, SQLite::Statement& s, int i, const std::string& org_uuid,
                          IoEncoding io) {
  const std::string unique_id = s.getColumn(i++).getString();
  w.Key("id");
  w.String(unique_id);
  w.Key("unique_id");
  w.String(unique_id);
  w.Key("organization_id");
  w.String(org_uuid);
  const int64_t timestamp = s.getColumn(i++).getInt64();
  const int64_t start_time = s.getColumn(i++).getInt64();
  w.Key("environment");
  WriteText(w, s, i++);
  w.Key("timestamp");
  w.String(FormatTimestamp(timestamp));
  w.Key("start_time");
  w.String(FormatTimestamp(start_time));
  w.Key("log_type");
  WriteText(w, s, i++);
  w.Key("model");
  WriteText(w, s, i++);
  w.Key("provider_id");
  WriteText(w, s, i++);
  const int status = i++;
  const int status_code = i++;
  w.Key("error_message");
  WriteText(w, s, i++);
  w.Key("status");
  WriteText(w, s, status);
  w.Key("status_code");
  WriteInt(w, s, status_code);
  static constexpr const char* kNumbers[] = {"prompt_tokens", "completion_tokens",
                                             "total_request_tokens"};
  for (const char* key : kNumbers) {
    w.Key(key);
    WriteInt(w, s, i++);
  }
  w.Key("cost");
  w.Double(s.getColumn(i++).getDouble());
  const int latency = i++;
  const int ttft = i++;
  const int tps = i++;
  const int temperature = i++;
  w.Key("latency");
  WriteReal(w, s, latency);
  w.Key("time_to_first_token");
  WriteReal(w, s, ttft);
  w.Key("temperature");
  WriteReal(w, s, temperature);
  w.Key("tokens_per_second");
  WriteReal(w, s, tps);
  w.Key("max_tokens");
  WriteInt(w, s, i++);
  w.Key("stream");
  w.Bool(s.getColumn(i++).getInt() != 0);
  w.Key("positive_feedback");
  const SQLite::Column feedback = s.getColumn(i++);
  feedback.isNull() ? w.Null() : w.Bool(feedback.getInt64() != 0);
  static constexpr const char* kTexts[] = {
      "customer_identifier", "custom_identifier", "thread_identifier",  "group_identifier",
      "trace_unique_id",     "span_name",         "span_workflow_name", "span_parent_id",
      "prompt_id",           "prompt_name"};
  for (const char* key : kTexts) {
    w.Key(key);
    WriteText(w, s, i++);
  }
  w.Key("tools");
  WriteStoredJson(w, s, i++, IoEncoding::kNative);
  w.Key("tool_calls");
  WriteStoredJson(w, s, i++, IoEncoding::kNative);
  w.Key("input");
  WriteStoredJson(w, s, i++, io);
  w.Key("output");
  WriteStoredJson(w, s, i++, io);
  w.Key("metadata");
  const SQLite::Column metadata = s.getColumn(i++);
  const std::string_view text = metadata.isNull() ? std::string_view() : StoredJson(metadata);
  w.Raw(!text.empty() && text.front() == '{' ? text : std::string_view("{}"));
}

}  // namespace logset::internal
