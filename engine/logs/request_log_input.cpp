// SPDX-License-Identifier: MIT
// Validating request-log bodies and applying the ingest defaults of API.md 5.7.
#include "logs/request_log_input.h"

#include <string_view>
#include <unordered_set>

#include "util/body_reader.h"

namespace logset::internal {
namespace {

// Bodies nested deeper than this inside a JSON-text string are not parsed as messages: dumping
// them back would recurse that deep (the API refuses such bodies at the same depth).
constexpr int kMaxDerivedDepth = 512;

// Body keys stored in a column of the same name. Aliases (`messages`, `generation_time`, `ttft`,
// `total_request_tokens`) count as consumed only when their main key is absent.
const std::unordered_set<std::string_view>& ColumnKeys() {
  // clang-format off
  static const std::unordered_set<std::string_view> kKeys = {
      "input",          "output",          "prompt_messages",     "completion_message",
      "model",          "log_type",        "provider_id",         "status",
      "status_code",    "error_message",   "prompt_tokens",       "completion_tokens",
      "total_tokens",   "cost",            "latency",             "time_to_first_token",
      "tokens_per_second", "timestamp",    "start_time",          "environment",
      "customer_identifier", "custom_identifier", "thread_identifier", "group_identifier",
      "trace_unique_id", "span_name",      "span_workflow_name",  "span_parent_id",
      "prompt_id",      "prompt_name",     "customer_email",      "prompt_cache_hit_tokens",
      "prompt_cache_creation_tokens", "temperature", "max_tokens", "stream",
      "positive_feedback", "tools",        "tool_calls",          "metadata",
  };
  // clang-format on
  return kKeys;
}

// Token counts and cache fields read from `usage` (API.md 5.7).
struct UsageTokens {
  std::optional<int64_t> prompt;
  std::optional<int64_t> completion;
  std::optional<int64_t> total;
  std::optional<int64_t> cache_hit;
  std::optional<int64_t> cache_creation;
};

UsageTokens ReadUsage(const Json* usage) {
  UsageTokens u;
  if (usage == nullptr) return u;
  const BodyReader r(*usage, "usage.");
  u.prompt = r.Int("prompt_tokens", true);
  u.completion = r.Int("completion_tokens", true);
  u.total = r.Int("total_tokens", true);
  // Every candidate is type-checked, then the first present one wins.
  const auto read_input = r.Int("cache_read_input_tokens", true);
  std::optional<int64_t> cached;
  if (const Json* details = r.Object("prompt_tokens_details")) {
    cached = BodyReader(*details, "usage.prompt_tokens_details.").Int("cached_tokens", true);
  }
  u.cache_hit = read_input ? read_input : cached;
  const auto creation_prompt = r.Int("cache_creation_prompt_tokens", true);
  const auto creation_input = r.Int("cache_creation_input_tokens", true);
  u.cache_creation = creation_prompt ? creation_prompt : creation_input;
  return u;
}

bool DerivesMessages(const std::optional<std::string>& log_type) {
  return log_type == "chat" || log_type == "completion" || log_type == "text" ||
         log_type == "response";
}

// `value` if it is an array (or an object, with !want_array), or a string whose JSON text is one;
// null otherwise.
Json AsJsonOfKind(const Json& value, bool want_array) {
  if (want_array ? value.is_array() : value.is_object()) return value;
  if (!value.is_string()) return nullptr;
  const std::string& text = value.get_ref<const std::string&>();
  const size_t first = text.find_first_not_of(" \t\r\n");
  // Most strings are prose: skip the parse unless the text can be the wanted kind.
  if (first == std::string::npos || text[first] != (want_array ? '[' : '{')) return nullptr;
  bool too_deep = false;
  Json parsed = Json::parse(
      text,
      [&too_deep](int depth, Json::parse_event_t, Json&) {
        if (depth > kMaxDerivedDepth) too_deep = true;
        return !too_deep;
      },
      /*allow_exceptions=*/false);
  if (too_deep || !(want_array ? parsed.is_array() : parsed.is_object())) return nullptr;
  return parsed;
}

// Moves the non-null value at `key` out of `body` into `target`; leaves `target` alone otherwise.
void MoveIfPresent(Json& body, const char* key, Json& target) {
  const auto it = body.find(key);
  if (it != body.end() && !it->is_null()) target = std::move(*it);
}

}  // namespace

RequestLog ParseRequestLogInput(Json body, const IngestDefaults& defaults) {
  const BodyReader r(body);
  RequestLog out;
  LogRecord& c = out.core;

  // Type checks, in the order of the R1 input table (API.md 4.4).
  const bool messages_alias = !r.Present("prompt_messages");
  if (!r.Array("prompt_messages") && messages_alias) r.Array("messages");
  r.Object("completion_message");
  c.model = r.String("model");
  c.log_type = r.String("log_type");
  c.provider_id = r.String("provider_id");
  const auto status = r.String("status");
  if (status && *status != "success" && *status != "error") {
    r.Fail("status", "must be \"success\" or \"error\".");
  }
  const auto status_code = r.Int("status_code");
  c.error_message = r.String("error_message");
  const auto prompt_tokens = r.Int("prompt_tokens", true);
  const auto completion_tokens = r.Int("completion_tokens", true);
  const bool total_alias = !r.Present("total_tokens");
  const auto total_tokens =
      total_alias ? r.Int("total_request_tokens", true) : r.Int("total_tokens", true);
  const UsageTokens usage = ReadUsage(r.Object("usage"));
  const auto cost = r.Number("cost", true);
  const bool latency_alias = !r.Present("latency");
  c.latency = latency_alias ? r.Number("generation_time", true) : r.Number("latency", true);
  const bool ttft_alias = !r.Present("time_to_first_token");
  c.time_to_first_token =
      ttft_alias ? r.Number("ttft", true) : r.Number("time_to_first_token", true);
  c.tokens_per_second = r.Number("tokens_per_second", true);
  const auto prompt_price = r.Number("prompt_unit_price", true);
  const auto completion_price = r.Number("completion_unit_price", true);
  const auto timestamp = r.Timestamp("timestamp");
  const auto start_time = r.Timestamp("start_time");
  const auto environment = r.String("environment");
  c.customer_identifier = r.String("customer_identifier");
  c.custom_identifier = r.String("custom_identifier");
  c.thread_identifier = r.String("thread_identifier");
  c.group_identifier = r.String("group_identifier");
  c.trace_unique_id = r.String("trace_unique_id");
  c.span_name = r.String("span_name");
  c.span_workflow_name = r.String("span_workflow_name");
  c.span_parent_id = r.String("span_parent_id");
  c.prompt_id = r.String("prompt_id");
  c.prompt_name = r.String("prompt_name");
  std::optional<std::string> params_customer;
  std::optional<std::string> params_email;
  if (const Json* params = r.Object("customer_params")) {
    const BodyReader p(*params, "customer_params.");
    params_customer = p.String("customer_identifier");
    params_email = p.String("email");
  }
  out.customer_email = r.String("customer_email");
  const auto cache_hit = r.Int("prompt_cache_hit_tokens", true);
  const auto cache_creation = r.Int("prompt_cache_creation_tokens", true);
  c.temperature = r.Number("temperature");
  c.max_tokens = r.Int("max_tokens");
  c.stream = r.Bool("stream").value_or(false);
  c.positive_feedback = r.Bool("positive_feedback");
  r.Object("metadata");

  // Defaults and derivations (API.md 4.2, 4.4, 5.7).
  if (!c.log_type) c.log_type = "chat";
  c.prompt_tokens = prompt_tokens ? *prompt_tokens : usage.prompt.value_or(0);
  c.completion_tokens = completion_tokens ? *completion_tokens : usage.completion.value_or(0);
  GivenCoreFields given;
  given.status = status;
  given.status_code = status_code;
  given.total_tokens = total_tokens ? total_tokens : usage.total;
  given.cost = cost;
  given.prompt_unit_price = prompt_price;
  given.completion_unit_price = completion_price;
  given.timestamp = timestamp;
  given.start_time = start_time;
  given.environment = environment;
  ApplyCoreDefaults(c, given, defaults);
  if (!c.customer_identifier) c.customer_identifier = params_customer;
  if (!out.customer_email) out.customer_email = params_email;
  out.prompt_cache_hit_tokens = cache_hit ? *cache_hit : usage.cache_hit.value_or(0);
  out.prompt_cache_creation_tokens =
      cache_creation ? *cache_creation : usage.cache_creation.value_or(0);

  // JSON values move out of the body; what is left unconsumed becomes `extra`.
  MoveIfPresent(body, messages_alias ? "messages" : "prompt_messages", out.prompt_messages);
  MoveIfPresent(body, "completion_message", out.completion_message);
  MoveIfPresent(body, "input", c.input);
  MoveIfPresent(body, "output", c.output);
  MoveIfPresent(body, "tools", c.tools);
  MoveIfPresent(body, "tool_calls", c.tool_calls);
  MoveIfPresent(body, "metadata", c.metadata);
  if (c.input.is_null()) c.input = out.prompt_messages;
  if (c.output.is_null()) c.output = out.completion_message;
  if (DerivesMessages(c.log_type)) {
    if (out.prompt_messages.is_null()) out.prompt_messages = AsJsonOfKind(c.input, true);
    if (out.completion_message.is_null()) out.completion_message = AsJsonOfKind(c.output, false);
  }

  const auto& columns = ColumnKeys();
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& key = it.key();
    if (columns.count(key) != 0) continue;
    if ((key == "messages" && messages_alias) || (key == "total_request_tokens" && total_alias) ||
        (key == "generation_time" && latency_alias) || (key == "ttft" && ttft_alias)) {
      continue;
    }
    out.extra[key] = std::move(it.value());
  }
  return out;
}

RequestLogPatch ParseRequestLogPatch(const Json& body) {
  const BodyReader r(body);
  RequestLogPatch patch;
  if (const Json* v = r.Find("is_pinned")) {
    if (!v->is_boolean()) r.Fail("is_pinned", "must be a boolean.");
    patch.is_pinned = v->get<bool>();
  }
  if (r.Find("positive_feedback") != nullptr) patch.positive_feedback = r.Bool("positive_feedback");
  if (r.Find("note") != nullptr) patch.note = r.String("note");
  if (const Json* v = r.Find("metadata")) {
    if (!v->is_object()) r.Fail("metadata", "must be an object.");
    patch.metadata = *v;
  }
  return patch;
}

void ApplyRequestLogPatch(RequestLog& log, const RequestLogPatch& patch) {
  if (patch.is_pinned) log.is_pinned = *patch.is_pinned;
  if (patch.positive_feedback) log.core.positive_feedback = *patch.positive_feedback;
  if (patch.note) log.note = *patch.note;
  if (patch.metadata) {
    if (!log.core.metadata.is_object()) log.core.metadata = Json::object();
    for (auto it = patch.metadata->begin(); it != patch.metadata->end(); ++it) {
      log.core.metadata[it.key()] = it.value();
    }
  }
}

}  // namespace logset::internal
