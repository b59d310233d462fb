// SPDX-License-Identifier: MIT
// The one exception hierarchy of logset, and how each error maps to HTTP and exit codes.
#ifndef LOGSET_ERROR_H_
#define LOGSET_ERROR_H_

#include <stdexcept>
#include <string>

namespace logset {

/// What went wrong, independent of how it is reported.
enum class ErrorCode {
  kInvalidArgument,  ///< bad input from the caller (HTTP 400, exit 2)
  kUnauthorized,     ///< missing or unknown credentials (HTTP 401, exit 2)
  kNotFound,         ///< no such object, or another organisation's (HTTP 404, exit 3)
  kConflict,         ///< the store is in a state that forbids the call (HTTP 409, exit 4)
  kTooLarge,         ///< request body over the limit (HTTP 413, exit 2)
  kStorage,          ///< SQLite or the file system failed (HTTP 500, exit 5)
  kTransport,        ///< a remote could not be reached or answered wrongly (HTTP 502, exit 6)
  kInternal,         ///< a bug (HTTP 500, exit 70)
};

/// The HTTP status an API answer carries for `code`.
int HttpStatus(ErrorCode code);
/// The process exit code the `logset` command returns for `code`.
int ExitCode(ErrorCode code);

/// Base of every exception logset throws. `what()` starts with a stable tag such as
/// `filter.unknown_operator:`; `detail()` is the human sentence API clients see and `field()` the
/// body key, query parameter or JSON pointer it is about (empty when none).
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string tag, std::string detail, std::string field = {});

  ErrorCode code() const noexcept { return code_; }
  const std::string& tag() const noexcept { return tag_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::string& field() const noexcept { return field_; }

 private:
  ErrorCode code_;
  std::string tag_;
  std::string detail_;
  std::string field_;
};

/// Bad input. When `field` is set, `detail` should start with "<field>: " (API.md 1.3).
class InvalidArgument final : public Error {
 public:
  InvalidArgument(std::string tag, std::string detail, std::string field = {})
      : Error(ErrorCode::kInvalidArgument, std::move(tag), std::move(detail), std::move(field)) {}
};

class Unauthorized final : public Error {
 public:
  Unauthorized(std::string tag, std::string detail)
      : Error(ErrorCode::kUnauthorized, std::move(tag), std::move(detail)) {}
};

class NotFound final : public Error {
 public:
  NotFound(std::string tag, std::string detail = "Not found.")
      : Error(ErrorCode::kNotFound, std::move(tag), std::move(detail)) {}
};

class Conflict final : public Error {
 public:
  Conflict(std::string tag, std::string detail)
      : Error(ErrorCode::kConflict, std::move(tag), std::move(detail)) {}
};

class TooLarge final : public Error {
 public:
  TooLarge(std::string tag, std::string detail)
      : Error(ErrorCode::kTooLarge, std::move(tag), std::move(detail)) {}
};

class StorageError final : public Error {
 public:
  StorageError(std::string tag, std::string detail)
      : Error(ErrorCode::kStorage, std::move(tag), std::move(detail)) {}
};

class TransportError final : public Error {
 public:
  TransportError(std::string tag, std::string detail)
      : Error(ErrorCode::kTransport, std::move(tag), std::move(detail)) {}
};

}  // namespace logset

#endif  // LOGSET_ERROR_H_
