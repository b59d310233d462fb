// SPDX-License-Identifier: MIT
// The one place where SQLite and SQLiteCpp failures become logset errors.
#ifndef LOGSET_ENGINE_STORE_SQLITE_ERRORS_H_
#define LOGSET_ENGINE_STORE_SQLITE_ERRORS_H_

#include "logset/error.h"

namespace logset::internal {

/// Maps the exception being handled to a logset::Error: a logset::Error is returned as is, a
/// SQLite::Exception by its extended result code (busy, full, read-only, corrupt, constraint, ...),
/// anything else becomes an internal error. REQUIRES: called inside a catch block.
Error TranslateCurrentException();

/// Throws the exception being handled as the logset::Error subclass its code names
/// (InvalidArgument, NotFound, StorageError, ...), so callers can catch by type.
/// REQUIRES: called inside a catch block.
[[noreturn]] void RethrowTranslated();

/// Runs `body`; whatever it throws leaves as a logset::Error. For the public entry points, which
/// promise that no SQLite or standard-library exception escapes.
template <typename Body>
auto Translated(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (...) {
    RethrowTranslated();
  }
}

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_SQLITE_ERRORS_H_
