// SPDX-License-Identifier: MIT
// The deterministic request-log generator: a seeded mt19937_64 walked in a fixed order.
#include "log_generator.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/time.h"

namespace logset::bench {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kSecond = 1000000;
constexpr int64_t kStart = 1735689600LL * kSecond;  // 2025-01-01T00:00:00Z
constexpr int64_t kSpan = 180LL * 86400 * kSecond;
constexpr uint64_t kCustomers = 2000;

struct Model {
  const char* name;
  const char* provider;
  int per_mille;            // share of traffic
  double prompt_price;      // USD per 1M tokens
  double completion_price;  // USD per 1M tokens
};
constexpr Model kModels[] = {
    {"gpt-4o-mini", "openai", 380, 0.15, 0.6},
    {"gpt-4o", "openai", 250, 2.5, 10.0},
    {"claude-3-5-sonnet", "anthropic", 150, 3.0, 15.0},
    {"claude-3-haiku", "anthropic", 90, 0.25, 1.25},
    {"Llama-3.1-70B", "together", 60, 0.88, 0.88},
    {"mistral-large", "mistral", 40, 2.0, 6.0},
    {"gemini-1.5-pro", "google", 30, 1.25, 5.0},
};
constexpr const char* kWords[] = {
    "the",   "order",    "refund", "account", "please", "summarize", "invoice", "error",
    "user",  "says",     "cannot", "login",   "and",    "report",    "delay",   "shipping",
    "model", "answer",   "with",   "context", "policy", "customer",  "ticket",  "priority",
    "data",  "pipeline", "query",  "result",  "of",     "to",        "in",      "is"};
constexpr const char* kWorkflows[] = {"rag_pipeline", "support_agent", "summarize_ticket",
                                      "code_review"};
constexpr const char* kSpanNames[] = {"retrieve", "rerank", "generate", "tool_call", "judge"};
constexpr const char* kRegions[] = {"us-east-1", "eu-west-1", "ap-south-1"};
constexpr const char* kTags[] = {"vip", "trial", "mobile", "api", "batch"};

// A value rounded to 1/1000, so reals print short and identically everywhere.
double Milli(uint64_t thousandths) { return static_cast<double>(thousandths) / 1000.0; }

}  // namespace

LogGenerator::LogGenerator(uint64_t seed) : rng_(seed) {}

uint64_t LogGenerator::Below(uint64_t n) { return rng_() % n; }

double LogGenerator::Unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

std::string LogGenerator::Hex32() {
  char buf[33];
  const unsigned long long a = rng_();
  const unsigned long long b = rng_();
  std::snprintf(buf, sizeof buf, "%016llx%016llx", a, b);
  return buf;
}

std::string LogGenerator::Text(int64_t chars) {
  std::string out;
  while (static_cast<int64_t>(out.size()) < chars) {
    if (!out.empty()) out.push_back(' ');
    out += kWords[Below(sizeof kWords / sizeof kWords[0])];
  }
  return out;
}

void LogGenerator::StartTrace() {
  // 60% of requests stand alone; the rest belong to a workflow trace of 2-6 spans.
  const bool traced = Below(10) >= 6;
  trace_left_ = traced ? 2 + static_cast<int>(Below(5)) : 1;
  trace_span_ = 0;
  trace_id_ = traced ? Hex32() : std::string();
  // Cubing a uniform value skews traffic to the low customer numbers: a few heavy customers.
  const double u = Unit();
  trace_customer_ = static_cast<uint64_t>(u * u * u * kCustomers);
  trace_time_ = kStart + static_cast<int64_t>(Below(kSpan));
}

void LogGenerator::Next(std::string& line) {
  if (trace_left_ == 0) StartTrace();
  --trace_left_;
  const int span = trace_span_++;
  trace_time_ += static_cast<int64_t>(Below(5 * kSecond));

  uint64_t pick = Below(1000);
  const Model* model = &kModels[0];
  for (const Model& m : kModels) {
    model = &m;
    if (pick < static_cast<uint64_t>(m.per_mille)) break;
    pick -= m.per_mille;
  }
  // Sizes are roughly log-uniform (integer arithmetic only): 16 chars to 4 KB in, 8 chars to
  // 2 KB out.
  const uint64_t in_octave = 16ULL << Below(8);
  const auto input_chars = static_cast<int64_t>(in_octave + Below(in_octave));
  const uint64_t out_octave = 8ULL << Below(8);
  const auto output_chars = static_cast<int64_t>(out_octave + Below(out_octave));
  const bool chat = Below(100) < 85;
  const bool error = Below(100) < 4;

  Json body;
  body["model"] = model->name;
  body["provider_id"] = model->provider;
  body["log_type"] = chat ? "chat" : "text";
  const std::string prompt = Text(input_chars);
  if (chat) {
    Json messages = Json::array();
    messages.push_back({{"role", "system"}, {"content", "You are a helpful support assistant."}});
    const uint64_t turns = Below(3);
    for (uint64_t t = 0; t < turns; ++t) {
      messages.push_back({{"role", "user"}, {"content", Text(16 + Below(64))}});
      messages.push_back({{"role", "assistant"}, {"content", Text(16 + Below(128))}});
    }
    messages.push_back({{"role", "user"}, {"content", prompt}});
    body["input"] = std::move(messages);
  } else {
    body["input"] = prompt;
  }
  const int64_t prompt_tokens = input_chars / 4 + 12;
  const int64_t completion_tokens = error ? 0 : output_chars / 4 + 1;
  if (error) {
    body["output"] = nullptr;
  } else if (chat) {
    body["output"] = {{"role", "assistant"}, {"content", Text(output_chars)}};
  } else {
    body["output"] = Text(output_chars);
  }
  body["prompt_tokens"] = prompt_tokens;
  body["completion_tokens"] = completion_tokens;
  body["cost"] = (static_cast<double>(prompt_tokens) * model->prompt_price +
                  static_cast<double>(completion_tokens) * model->completion_price) /
                 1e6;
  const uint64_t latency_ms = 150 + static_cast<uint64_t>(completion_tokens) * 8 + Below(400);
  body["latency"] = Milli(latency_ms);
  const bool stream = Below(2) == 0;
  body["stream"] = stream;
  if (stream) body["time_to_first_token"] = Milli(80 + Below(300));
  if (Below(10) < 7) body["temperature"] = Milli(Below(11) * 100);
  if (Below(10) < 3) body["max_tokens"] = 256 << Below(4);
  if (error) {
    static constexpr int kCodes[] = {500, 429, 400};
    static constexpr const char* kMessages[] = {"Internal server error", "Rate limit exceeded",
                                                "Invalid request: context length exceeded"};
    const uint64_t e = Below(3);
    body["status_code"] = kCodes[e];
    body["status"] = "error";
    body["error_message"] = kMessages[e];
  }
  body["timestamp"] = internal::FormatTimestamp(trace_time_);
  char customer[16];
  std::snprintf(customer, sizeof customer, "cust_%04llu",
                static_cast<unsigned long long>(trace_customer_));
  body["customer_identifier"] = customer;
  if (Below(10) < 3) body["thread_identifier"] = "thread_" + std::to_string(Below(50000));
  if (Below(10) == 0) body["environment"] = "test";
  if (!trace_id_.empty()) {
    body["trace_unique_id"] = trace_id_;
    body["span_workflow_name"] = kWorkflows[trace_customer_ % 4];
    if (span == 0) {
      body["span_name"] = "workflow";
    } else {
      body["span_name"] = kSpanNames[Below(5)];
      body["span_parent_id"] = trace_id_.substr(0, 16);
    }
  }
  Json metadata;
  metadata["user_id"] = "u" + std::to_string(trace_customer_ * 37 + Below(37));
  metadata["session_turn"] = Below(20);
  metadata["ab_bucket"] = Below(2) == 0 ? "A" : "B";
  metadata["score"] = Milli(Below(1001));
  metadata["is_beta"] = Below(5) == 0;
  metadata["region"] = Below(8) == 0 ? Json(nullptr) : Json(kRegions[Below(3)]);
  Json tags = Json::array();
  for (uint64_t t = Below(4); t > 0; --t) tags.push_back(kTags[Below(5)]);
  metadata["tags"] = std::move(tags);
  if (Below(4) == 0) {
    metadata["request"] = {{"app_version", "1." + std::to_string(Below(6))}, {"retries", Below(3)}};
  }
  body["metadata"] = std::move(metadata);
  if (Below(5) == 0) {
    body["usage"] = {{"cache_read_input_tokens", Below(static_cast<uint64_t>(prompt_tokens))}};
  }
  if (Below(10) == 0) {
    body["customer_params"] = {{"email", std::string(customer) + "@example.com"}};
  }
  line = body.dump();
  ++produced_;
}

int64_t WriteLogsJsonl(uint64_t seed, int64_t count, std::ostream& out) {
  const auto old_mask = out.exceptions();
  out.exceptions(std::ios::badbit | std::ios::failbit);
  LogGenerator generator(seed);
  std::string line;
  int64_t bytes = 0;
  for (int64_t i = 0; i < count; ++i) {
    generator.Next(line);
    line.push_back('\n');
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    bytes += static_cast<int64_t>(line.size());
  }
  out.flush();
  out.exceptions(old_mask);
  return bytes;
}

}  // namespace logset::bench
