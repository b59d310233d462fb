// SPDX-License-Identifier: MIT
// Reading an L1 body into a new dataset log, with promotion and defaults.
#include "datasets/dataset_log_parser.h"

#include <initializer_list>
#include <string_view>

#include "logs/log_defaults.h"
#include "logset/error.h"
#include "util/body_reader.h"

namespace logset::internal {
namespace {

constexpr const char* kStatusMessage = "must be \"success\" or \"error\".";

// Reads one promotable field from the three places that may hold it (API.md 5.4). The top level
// and `metrics` are validated strictly, even when a higher place already holds the field, so a
// body with a wrongly typed value is refused whatever else it contains; `metadata` is only
// consulted when neither holds it, and a wrongly typed value there is skipped, never an error.
class Promoter {
 public:
  Promoter(const Json& body, const Json* metrics, const Json* metadata)
      : top_(body),
        metrics_(metrics ? *metrics : EmptyObject(), "metrics."),
        metadata_(metadata ? *metadata : EmptyObject()) {}

  template <typename Read>
  auto Take(std::initializer_list<std::string_view> keys, Read read)
      -> decltype(read(std::declval<const BodyReader&>(), std::string_view())) {
    for (const BodyReader* level : {&top_, &metrics_}) {
      for (std::string_view key : keys) read(*level, key);  // validation only
    }
    for (const BodyReader* level : {&top_, &metrics_}) {
      for (std::string_view key : keys) {
        if (auto v = read(*level, key)) return v;
      }
    }
    for (std::string_view key : keys) {
      try {
        if (auto v = read(metadata_, key)) return v;
      } catch (const InvalidArgument&) {
        // Metadata is free-form: a value of the wrong type stays there and is not promoted.
      }
    }
    return std::nullopt;
  }

 private:
  static const Json& EmptyObject() {
    static const Json kObject = Json::object();
    return kObject;
  }
  BodyReader top_;
  BodyReader metrics_;
  BodyReader metadata_;
};

std::optional<int64_t> ReadCount(const BodyReader& r, std::string_view key) {
  return r.Int(key, /*non_negative=*/true);
}
std::optional<int64_t> ReadInt(const BodyReader& r, std::string_view key) { return r.Int(key); }
std::optional<double> ReadReal(const BodyReader& r, std::string_view key) { return r.Number(key); }
std::optional<std::string> ReadText(const BodyReader& r, std::string_view key) {
  return r.String(key);
}
std::optional<std::string> ReadStatus(const BodyReader& r, std::string_view key) {
  auto v = r.String(key);
  if (v && *v != "success" && *v != "error") r.Fail(key, kStatusMessage);
  return v;
}

// The identity fields of API.md 5.4; status and status_code go to `given`, whose defaults
// depend on other fields.
void PromoteIdentity(Promoter& p, LogRecord& log, GivenCoreFields& given) {
  log.model = p.Take({"model"}, ReadText);
  log.log_type = p.Take({"log_type"}, ReadText);
  log.provider_id = p.Take({"provider_id"}, ReadText);
  given.status = p.Take({"status"}, ReadStatus);
  given.status_code = p.Take({"status_code"}, ReadInt);
  log.error_message = p.Take({"error_message"}, ReadText);
  log.customer_identifier = p.Take({"customer_identifier"}, ReadText);
  log.custom_identifier = p.Take({"custom_identifier"}, ReadText);
  log.thread_identifier = p.Take({"thread_identifier"}, ReadText);
  log.group_identifier = p.Take({"group_identifier"}, ReadText);
  log.trace_unique_id = p.Take({"trace_unique_id"}, ReadText);
  log.span_name = p.Take({"span_name"}, ReadText);
  log.span_workflow_name = p.Take({"span_workflow_name"}, ReadText);
  log.span_parent_id = p.Take({"span_parent_id"}, ReadText);
  log.prompt_id = p.Take({"prompt_id"}, ReadText);
  log.prompt_name = p.Take({"prompt_name"}, ReadText);
}

// Fields of API.md 4.2 that are not promotable but that a dataset log still carries, read from
// the top level only and typed as request-log ingest types them (API.md 4.4), so that any log
// another store shows (L3, an L2 item, an export line) can be created again as it was.
void ReadPassThrough(const BodyReader& r, LogRecord& log, GivenCoreFields& given) {
  log.temperature = r.Number("temperature");
  log.max_tokens = r.Int("max_tokens");
  log.stream = r.Bool("stream").value_or(false);
  log.positive_feedback = r.Bool("positive_feedback");
  if (const Json* v = r.Find("tools")) log.tools = *v;
  if (const Json* v = r.Find("tool_calls")) log.tool_calls = *v;
  given.environment = r.String("environment");
  // API.md 4.2 derives a missing cost from these as request-log ingest does (5.7).
  given.prompt_unit_price = r.Number("prompt_unit_price", /*non_negative=*/true);
  given.completion_unit_price = r.Number("completion_unit_price", /*non_negative=*/true);
}

}  // namespace

std::optional<std::string> DerivePrompt(const Json& input) {
  if (input.is_string()) return input.get<std::string>();
  if (!input.is_array()) return std::nullopt;
  for (auto it = input.rbegin(); it != input.rend(); ++it) {
    if (!it->is_object()) continue;
    const auto role = it->find("role");
    if (role == it->end() || *role != "user") continue;
    const auto content = it->find("content");
    if (content != it->end() && content->is_string()) return content->get<std::string>();
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> DeriveCompletion(const Json& output) {
  if (output.is_string()) return output.get<std::string>();
  if (!output.is_object()) return std::nullopt;
  const auto content = output.find("content");
  if (content != output.end() && content->is_string()) return content->get<std::string>();
  return std::nullopt;
}

DatasetLog ParseNewDatasetLog(const Json& body, const std::string& environment, Micros now) {
  const BodyReader r(body);
  DatasetLog out;
  LogRecord& log = out.core;

  // Fields in the order of the L1 table; the first failure is the one reported.
  if (!r.Present("input")) r.Fail("input", "This field is required.");
  log.input = *r.Find("input");
  if (const Json* v = r.Find("output")) log.output = *v;
  if (const Json* v = r.Find("expected_output")) out.expected_output = *v;
  const Json* metadata = r.Object("metadata");
  const Json* metrics = r.Object("metrics");
  log.metadata = metadata ? *metadata : Json::object();
  out.prompt = r.String("prompt");
  out.completion = r.String("completion");
  if (const Json* messages = r.Array("messages")) out.messages = *messages;
  GivenCoreFields given;
  given.timestamp = r.Timestamp("timestamp");
  given.start_time = r.Timestamp("start_time");

  Promoter p(body, metrics, metadata);
  log.prompt_tokens = p.Take({"prompt_tokens"}, ReadCount).value_or(0);
  log.completion_tokens = p.Take({"completion_tokens"}, ReadCount).value_or(0);
  given.total_tokens = p.Take({"total_tokens", "total_request_tokens"}, ReadCount);
  given.cost = p.Take({"cost"}, ReadReal);
  log.latency = p.Take({"latency"}, ReadReal);
  log.time_to_first_token = p.Take({"time_to_first_token"}, ReadReal);
  log.tokens_per_second = p.Take({"tokens_per_second"}, ReadReal);
  PromoteIdentity(p, log, given);
  ReadPassThrough(r, log, given);

  // The same defaults and derivations as a request log (status, total, cost, tokens per second,
  // start_time); log_type alone stays null rather than "chat" (API.md 4.2).
  ApplyCoreDefaults(log, given, IngestDefaults{environment, now});
  if (!out.prompt) out.prompt = DerivePrompt(log.input);
  if (!out.completion) out.completion = DeriveCompletion(log.output);
  out.created_at = now;
  out.updated_at = now;
  return out;
}

}  // namespace logset::internal
