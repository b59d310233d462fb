// SPDX-License-Identifier: MIT
// libFuzzer target for request-log bodies: the input is read as an R1 body (also each R6 item and
// JSONL line) and as an R4 patch, exactly as the handlers read them. A parser may refuse with a
// 4xx logset::Error; anything else (another exception, a sanitizer report, a rendered log that
// is not valid JSON text) aborts.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "logs/request_log_input.h"
#include "logs/request_log_json.h"

namespace {

using logset::fuzz::ExpectClientErrorsOnly;
using logset::internal::Json;

// A fixed clock, so that a crashing input reproduces.
constexpr logset::internal::Micros kNow = 1753517400000000LL;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > logset::fuzz::kMaxInput) return 0;
  const auto body = logset::fuzz::ParseDocument(data, size);
  if (!body || !body->is_object()) return 0;  // the API refuses these before any parser

  ExpectClientErrorsOnly("ParseRequestLogInput", [&] {
    logset::internal::IngestDefaults defaults;
    defaults.now = kNow;
    logset::internal::RequestLog log = logset::internal::ParseRequestLogInput(*body, defaults);
    log.core.unique_id = "00000000000000000000000000000001";
    // What R1 answers and R3 shows must serialise: dump() throws on invalid UTF-8, which a
    // truncated or derived string could produce.
    (void)logset::internal::RequestLogCreatedJson(log, "org").dump();
    (void)logset::internal::RequestLogJson(log, "org", {}).dump();

    ExpectClientErrorsOnly("ParseRequestLogPatch", [&] {
      const logset::internal::RequestLogPatch patch =
          logset::internal::ParseRequestLogPatch(*body);
      logset::internal::ApplyRequestLogPatch(log, patch);
      (void)logset::internal::RequestLogJson(log, "org", {}).dump();
    });
  });
  ExpectClientErrorsOnly("ParseRequestLogPatch", [&] {
    (void)logset::internal::ParseRequestLogPatch(*body);
  });
  return 0;
}
