// SPDX-License-Identifier: MIT
// The one place where SQLite and SQLiteCpp failures become logset errors.
#include "store/sqlite_errors.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <exception>
#include <new>
#include <string>

#include "store/query_budget.h"

namespace logset::internal {
namespace {

Error FromSqlite(const SQLite::Exception& e) {
  const int extended = e.getExtendedErrorCode();
  const std::string what = e.what();
  switch (extended & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StorageError("store.busy",
                          "the store stayed locked by another connection past the busy timeout.");
    case SQLITE_FULL:
      return StorageError("store.full", "the disk is full: " + what);
    case SQLITE_READONLY:
      return StorageError("store.read_only", "the store is read-only: " + what);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StorageError("store.corrupt",
                          "the store file is damaged or not a logset store: " + what);
    case SQLITE_CANTOPEN:
      return StorageError("store.cant_open", "cannot open the store file: " + what);
    case SQLITE_IOERR:
      return StorageError("store.io", "disk I/O error: " + what);
    case SQLITE_CONSTRAINT:
      // Every constraint a client can break is validated before SQL runs, so one reaching here
      // is a logset bug, not bad input.
      return Error(ErrorCode::kInternal, "store.constraint", "constraint violated: " + what);
    case SQLITE_INTERRUPT: {
      int timeout_ms = 0;
      switch (LastBudgetStop(&timeout_ms)) {
        case BudgetStop::kDeadline:
          return InvalidArgument(
              "query.timeout", "the request's queries ran past their limit of " +
                                   std::to_string(timeout_ms) +
                                   " ms; narrow the filters or the time range.");
        case BudgetStop::kCancelled:
          return InvalidArgument("query.cancelled", "the client closed the connection.");
        case BudgetStop::kNone:
          break;
      }
      return StorageError("store.interrupted", what);
    }
    case SQLITE_ERROR:
      // Only a filter can make a statement this deep, and the compiler keeps every filter within
      // the documented limits below both; should one still get here it is the filter's size,
      // not the store, that failed.
      if (what.find("parser stack overflow") != std::string::npos ||
          what.find("Expression tree is too large") != std::string::npos) {
        return InvalidArgument("filter.too_complex",
                               "filters: too deeply nested for SQLite to run (" + what +
                                   "); use fewer levels of filter_params.");
      }
      return StorageError("store.sqlite", what);
    default:
      return StorageError("store.sqlite", what);
  }
}

}  // namespace

Error TranslateCurrentException() {
  try {
    throw;
  } catch (const Error& e) {
    return e;
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e);
  } catch (const std::bad_alloc&) {
    return Error(ErrorCode::kInternal, "internal.out_of_memory", "out of memory.");
  } catch (const std::exception& e) {
    return Error(ErrorCode::kInternal, "internal.error", e.what());
  } catch (...) {
    return Error(ErrorCode::kInternal, "internal.error", "unknown exception.");
  }
}

void RethrowTranslated() {
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (...) {
    const Error e = TranslateCurrentException();
    switch (e.code()) {
      case ErrorCode::kInvalidArgument:
        throw InvalidArgument(e.tag(), e.detail(), e.field());
      case ErrorCode::kUnauthorized:
        throw Unauthorized(e.tag(), e.detail());
      case ErrorCode::kNotFound:
        throw NotFound(e.tag(), e.detail());
      case ErrorCode::kConflict:
        throw Conflict(e.tag(), e.detail());
      case ErrorCode::kTooLarge:
        throw TooLarge(e.tag(), e.detail());
      case ErrorCode::kStorage:
        throw StorageError(e.tag(), e.detail());
      case ErrorCode::kTransport:
        throw TransportError(e.tag(), e.detail());
      case ErrorCode::kInternal:
        break;
    }
    throw e;
  }
}

}  // namespace logset::internal
