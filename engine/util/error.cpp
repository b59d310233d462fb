// SPDX-License-Identifier: MIT
// logset::Error and the table mapping each ErrorCode to an HTTP status and an exit code.
#include "logset/error.h"

namespace logset {
namespace {

struct CodeRow {
  ErrorCode code;
  int http_status;
  int exit_code;
};

constexpr CodeRow kCodeTable[] = {
    {ErrorCode::kInvalidArgument, 400, 2}, {ErrorCode::kUnauthorized, 401, 2},
    {ErrorCode::kNotFound, 404, 3},        {ErrorCode::kConflict, 409, 4},
    {ErrorCode::kTooLarge, 413, 2},        {ErrorCode::kStorage, 500, 5},
    {ErrorCode::kTransport, 502, 6},       {ErrorCode::kInternal, 500, 70},
};

const CodeRow& Row(ErrorCode code) {
  for (const CodeRow& row : kCodeTable) {
    if (row.code == code) return row;
  }
  return kCodeTable[sizeof(kCodeTable) / sizeof(kCodeTable[0]) - 1];
}

}  // namespace

int HttpStatus(ErrorCode code) { return Row(code).http_status; }
int ExitCode(ErrorCode code) { return Row(code).exit_code; }

Error::Error(ErrorCode code, std::string tag, std::string detail, std::string field)
    : std::runtime_error(tag + ": " + detail),
      code_(code),
      tag_(std::move(tag)),
      detail_(std::move(detail)),
      field_(std::move(field)) {}

}  // namespace logset
