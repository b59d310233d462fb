// SPDX-License-Identifier: MIT
// The mapping between LogRecord, its SQL columns and its API JSON.
#include "logs/log_record.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <stdexcept>
#include <string_view>

namespace logset::internal {
namespace {

// One list drives the column text, binding and reading, so they cannot drift apart.
constexpr const char* kColumns[] = {
    "unique_id",
    "timestamp",
    "start_time",
    "environment",
    "log_type",
    "model",
    "provider_id",
    "status",
    "status_code",
    "error_message",
    "prompt_tokens",
    "completion_tokens",
    "total_request_tokens",
    "cost",
    "latency",
    "time_to_first_token",
    "tokens_per_second",
    "temperature",
    "max_tokens",
    "stream",
    "positive_feedback",
    "customer_identifier",
    "custom_identifier",
    "thread_identifier",
    "group_identifier",
    "trace_unique_id",
    "span_name",
    "span_workflow_name",
    "span_parent_id",
    "prompt_id",
    "prompt_name",
    "tools",
    "tool_calls",
    "input",
    "output",
    "metadata",
};
constexpr int kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

void BindOpt(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
void BindOpt(SQLite::Statement& s, int i, const std::optional<double>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
void BindOpt(SQLite::Statement& s, int i, const std::optional<int64_t>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
void BindOpt(SQLite::Statement& s, int i, const std::optional<bool>& v) {
  if (v) {
    s.bind(i, *v ? 1 : 0);
  } else {
    s.bind(i);
  }
}

std::optional<std::string> OptText(SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return c.getString();
}
std::optional<double> OptReal(SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}
std::optional<int64_t> OptInt(SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}
Json JsonOf(SQLite::Statement& s, int i) {
  const SQLite::Column c = s.getColumn(i);
  if (c.isNull()) return nullptr;
  return Json::parse(c.getString());
}

template <typename T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json EncodeIo(const Json& v, IoEncoding io) {
  if (io == IoEncoding::kNative || v.is_null() || v.is_string()) return v;
  return DumpJson(v);
}

}  // namespace

const std::string& LogRecordColumns() {
  static const std::string kText = [] {
    std::string out;
    for (const char* c : kColumns) {
      if (!out.empty()) out += ", ";
      out += c;
    }
    return out;
  }();
  return kText;
}

int LogRecordColumnCount() { return kColumnCount; }

int LogRecordColumnIndex(std::string_view name) {
  for (int i = 0; i < kColumnCount; ++i) {
    if (name == kColumns[i]) return i;
  }
  throw std::logic_error("not a LogRecord column: " + std::string(name));
}

std::optional<std::string> JsonColumn(const Json& value) {
  if (value.is_null()) return std::nullopt;
  return DumpJson(value);
}

int BindLogRecord(SQLite::Statement& s, int i, const LogRecord& log) {
  s.bind(i++, log.unique_id);
  s.bind(i++, static_cast<int64_t>(log.timestamp));
  s.bind(i++, static_cast<int64_t>(log.start_time));
  s.bind(i++, log.environment);
  BindOpt(s, i++, log.log_type);
  BindOpt(s, i++, log.model);
  BindOpt(s, i++, log.provider_id);
  s.bind(i++, log.status);
  s.bind(i++, static_cast<int64_t>(log.status_code));
  BindOpt(s, i++, log.error_message);
  s.bind(i++, static_cast<int64_t>(log.prompt_tokens));
  s.bind(i++, static_cast<int64_t>(log.completion_tokens));
  s.bind(i++, static_cast<int64_t>(log.total_request_tokens));
  s.bind(i++, log.cost);
  BindOpt(s, i++, log.latency);
  BindOpt(s, i++, log.time_to_first_token);
  BindOpt(s, i++, log.tokens_per_second);
  BindOpt(s, i++, log.temperature);
  BindOpt(s, i++, log.max_tokens);
  s.bind(i++, log.stream ? 1 : 0);
  BindOpt(s, i++, log.positive_feedback);
  BindOpt(s, i++, log.customer_identifier);
  BindOpt(s, i++, log.custom_identifier);
  BindOpt(s, i++, log.thread_identifier);
  BindOpt(s, i++, log.group_identifier);
  BindOpt(s, i++, log.trace_unique_id);
  BindOpt(s, i++, log.span_name);
  BindOpt(s, i++, log.span_workflow_name);
  BindOpt(s, i++, log.span_parent_id);
  BindOpt(s, i++, log.prompt_id);
  BindOpt(s, i++, log.prompt_name);
  BindOpt(s, i++, JsonColumn(log.tools));
  BindOpt(s, i++, JsonColumn(log.tool_calls));
  BindOpt(s, i++, JsonColumn(log.input));
  BindOpt(s, i++, JsonColumn(log.output));
  s.bind(i++, JsonColumn(log.metadata.is_object() ? log.metadata : Json::object()).value());
  return i;
}

LogRecord ReadLogRecord(SQLite::Statement& s, int i) {
  LogRecord log;
  log.unique_id = s.getColumn(i++).getString();
  log.timestamp = s.getColumn(i++).getInt64();
  log.start_time = s.getColumn(i++).getInt64();
  log.environment = s.getColumn(i++).getString();
  log.log_type = OptText(s, i++);
  log.model = OptText(s, i++);
  log.provider_id = OptText(s, i++);
  log.status = s.getColumn(i++).getString();
  log.status_code = s.getColumn(i++).getInt64();
  log.error_message = OptText(s, i++);
  log.prompt_tokens = s.getColumn(i++).getInt64();
  log.completion_tokens = s.getColumn(i++).getInt64();
  log.total_request_tokens = s.getColumn(i++).getInt64();
  log.cost = s.getColumn(i++).getDouble();
  log.latency = OptReal(s, i++);
  log.time_to_first_token = OptReal(s, i++);
  log.tokens_per_second = OptReal(s, i++);
  log.temperature = OptReal(s, i++);
  log.max_tokens = OptInt(s, i++);
  log.stream = s.getColumn(i++).getInt() != 0;
  if (const auto v = OptInt(s, i++)) log.positive_feedback = *v != 0;
  log.customer_identifier = OptText(s, i++);
  log.custom_identifier = OptText(s, i++);
  log.thread_identifier = OptText(s, i++);
  log.group_identifier = OptText(s, i++);
  log.trace_unique_id = OptText(s, i++);
  log.span_name = OptText(s, i++);
  log.span_workflow_name = OptText(s, i++);
  log.span_parent_id = OptText(s, i++);
  log.prompt_id = OptText(s, i++);
  log.prompt_name = OptText(s, i++);
  log.tools = JsonOf(s, i++);
  log.tool_calls = JsonOf(s, i++);
  log.input = JsonOf(s, i++);
  log.output = JsonOf(s, i++);
  log.metadata = JsonOf(s, i++);
  if (!log.metadata.is_object()) log.metadata = Json::object();
  return log;
}

void AppendLogRecordJson(Json& out, const LogRecord& log, const std::string& org_uuid,
                         IoEncoding io) {
  out["id"] = log.unique_id;
  out["unique_id"] = log.unique_id;
  out["organization_id"] = org_uuid;
  out["environment"] = log.environment;
  out["timestamp"] = FormatTimestamp(log.timestamp);
  out["start_time"] = FormatTimestamp(log.start_time);
  out["log_type"] = OrNull(log.log_type);
  out["model"] = OrNull(log.model);
  out["provider_id"] = OrNull(log.provider_id);
  out["error_message"] = OrNull(log.error_message);
  out["status"] = log.status;
  out["status_code"] = log.status_code;
  out["prompt_tokens"] = log.prompt_tokens;
  out["completion_tokens"] = log.completion_tokens;
  out["total_request_tokens"] = log.total_request_tokens;
  out["cost"] = log.cost;
  out["latency"] = OrNull(log.latency);
  out["time_to_first_token"] = OrNull(log.time_to_first_token);
  out["temperature"] = OrNull(log.temperature);
  out["tokens_per_second"] = OrNull(log.tokens_per_second);
  out["max_tokens"] = OrNull(log.max_tokens);
  out["stream"] = log.stream;
  out["positive_feedback"] = OrNull(log.positive_feedback);
  out["customer_identifier"] = OrNull(log.customer_identifier);
  out["custom_identifier"] = OrNull(log.custom_identifier);
  out["thread_identifier"] = OrNull(log.thread_identifier);
  out["group_identifier"] = OrNull(log.group_identifier);
  out["trace_unique_id"] = OrNull(log.trace_unique_id);
  out["span_name"] = OrNull(log.span_name);
  out["span_workflow_name"] = OrNull(log.span_workflow_name);
  out["span_parent_id"] = OrNull(log.span_parent_id);
  out["prompt_id"] = OrNull(log.prompt_id);
  out["prompt_name"] = OrNull(log.prompt_name);
  out["tools"] = log.tools;
  out["tool_calls"] = log.tool_calls;
  out["input"] = EncodeIo(log.input, io);
  out["output"] = EncodeIo(log.output, io);
  out["metadata"] = log.metadata;
}

}  // namespace logset::internal
