// SPDX-License-Identifier: MIT
// The access log of `logset serve`: one line per HTTP request.
#ifndef LOGSET_ENGINE_HTTP_ACCESS_LOG_H_
#define LOGSET_ENGINE_HTTP_ACCESS_LOG_H_

#include <httplib.h>

#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace logset::internal {

/// One access-log line, without the newline:
/// `2025-07-26T08:10:00.123456Z 127.0.0.1 "POST /api/datasets/?x=1" 201 512 3.2ms`.
/// Empty fields print as `-`; bytes outside printable ASCII in the method or target print as
/// `\xNN`, so a request cannot forge log lines. `duration_us` nullopt prints `-`.
std::string FormatAccessLine(int64_t time_us, std::string_view remote_addr, std::string_view method,
                             std::string_view target, int status, size_t body_bytes,
                             std::optional<int64_t> duration_us);

/// Writes access-log lines to a stream. Thread safety: Write may be called from many worker
/// threads at once; each line is written whole.
class AccessLog {
 public:
  /// `out` may be null (nothing is written); it must outlive the AccessLog.
  explicit AccessLog(std::ostream* out) : out_(out) {}

  /// Records that the calling worker thread started handling a request now. cpp-httplib has no
  /// per-request hook before routing, so the time lives in a thread-local until Write.
  static void MarkRequestStart();

  /// Logs the response just written on this worker thread. Duration is `-` when routing never
  /// started (httplib rejected the request line or headers).
  void Write(const httplib::Request& request, const httplib::Response& response);

 private:
  std::ostream* out_;
  std::mutex mutex_;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_ACCESS_LOG_H_
