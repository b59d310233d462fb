// SPDX-License-Identifier: MIT
// libFuzzer target for dataset-log bodies (L1, each L7 a item): the input is read by
// ParseNewDatasetLog as the handlers read it, and the log it builds is rendered as L3 shows it.
// The parser may refuse with a 4xx logset::Error; anything else (another exception, a sanitizer
// report, a rendered log that is not valid JSON text) aborts.
#include <cstddef>
#include <cstdint>

#include "datasets/dataset_log_json.h"
#include "datasets/dataset_log_parser.h"
#include "fuzz_support.h"

namespace {

using logset::fuzz::ExpectClientErrorsOnly;
namespace internal = logset::internal;

// A fixed clock, so that a crashing input reproduces.
constexpr internal::Micros kNow = 1753517400000000LL;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > logset::fuzz::kMaxInput) return 0;
  const auto body = logset::fuzz::ParseDocument(data, size);
  if (!body) return 0;

  // The derivations take any value (they also run on stored inputs and outputs).
  (void)internal::DerivePrompt(*body);
  (void)internal::DeriveCompletion(*body);
  if (!body->is_object()) return 0;  // the API refuses these before the parser

  ExpectClientErrorsOnly("ParseNewDatasetLog", [&] {
    internal::DatasetLog log = internal::ParseNewDatasetLog(*body, "prod", kNow);
    log.core.unique_id = "00000000000000000000000000000001";
    // dump() throws on invalid UTF-8, which a truncated or derived string could produce.
    (void)internal::DatasetLogJson(log, "ds", "org", {}, internal::ScoresShape::kList).dump();
    (void)internal::DatasetLogJson(log, "ds", "org", {}, internal::ScoresShape::kDict).dump();
  });
  return 0;
}
