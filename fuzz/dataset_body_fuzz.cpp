// SPDX-License-Identifier: MIT
// libFuzzer target for the dataset bodies of engine/datasets/dataset_bodies.h: the input is read
// as a D1 (create), D4 (update), L8 (sampled import), L7 b (log_ids) and L9 (remove) body, as
// the handlers and the `logset datasets` CLI read them. A reader may refuse with a 4xx
// logset::Error; anything else (another exception, a sanitizer report) aborts.
#include <cstddef>
#include <cstdint>

#include "datasets/dataset_bodies.h"
#include "fuzz_support.h"

namespace {

using logset::fuzz::ExpectClientErrorsOnly;
namespace internal = logset::internal;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > logset::fuzz::kMaxInput) return 0;
  const auto body = logset::fuzz::ParseDocument(data, size);
  if (!body || !body->is_object()) return 0;  // the API refuses these before any reader

  ExpectClientErrorsOnly("ReadCreateDatasetBody",
                         [&] { (void)internal::ReadCreateDatasetBody(*body); });
  ExpectClientErrorsOnly("ReadDatasetChanges", [&] { (void)internal::ReadDatasetChanges(*body); });
  ExpectClientErrorsOnly("ReadSampledImportBody",
                         [&] { (void)internal::ReadSampledImportBody(*body); });
  ExpectClientErrorsOnly("ReadLogIds", [&] { (void)internal::ReadLogIds(*body); });
  ExpectClientErrorsOnly("ReadLogRemovalBody", [&] { (void)internal::ReadLogRemovalBody(*body); });
  return 0;
}
