// SPDX-License-Identifier: MIT
// What every parser fuzz target shares: the input bound and the rule that only a client error
// (a logset::Error that maps to a 4xx) may come out of a parser.
#ifndef LOGSET_FUZZ_FUZZ_SUPPORT_H_
#define LOGSET_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "logset/error.h"
#include "util/json_parse.h"

namespace logset::fuzz {

/// Inputs over this size are skipped: they only slow the fuzzer down, and every limit of the API
/// that a bigger body could reach (20 MB, 10,000 items) is far beyond what a mutation explores.
inline constexpr std::size_t kMaxInput = 64 * 1024;

/// Runs `parse`. A logset::Error whose HTTP status is 4xx is the parser refusing bad input, as it
/// should; a 5xx one (kInternal, kStorage) is a bug and aborts. Any other exception is left to
/// escape on purpose: with no handler above it, the runtime terminates inside the throw, so the
/// fuzzer's stack trace shows where it was thrown (a nlohmann type_error, std::out_of_range...).
template <typename F>
void ExpectClientErrorsOnly(const char* what, F&& parse) {
  try {
    parse();
  } catch (const Error& e) {
    if (HttpStatus(e.code()) >= 500) {
      std::fprintf(stderr, "%s: server error %d: %s\n", what, HttpStatus(e.code()), e.what());
      std::abort();
    }
  }
}

/// The input as a JSON document read exactly as the API reads a body, or nullopt when the API
/// would refuse it as malformed (a 4xx).
inline std::optional<nlohmann::ordered_json> ParseDocument(const uint8_t* data, std::size_t size) {
  std::optional<nlohmann::ordered_json> doc;
  ExpectClientErrorsOnly("ParseJsonDocument", [&] {
    doc = internal::ParseJsonDocument(
        std::string_view(reinterpret_cast<const char*>(data), size));
  });
  return doc;
}

}  // namespace logset::fuzz

#endif  // LOGSET_FUZZ_FUZZ_SUPPORT_H_
