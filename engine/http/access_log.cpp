// SPDX-License-Identifier: MIT
// The access log of `logset serve`: one line per HTTP request.
#include "http/access_log.h"

#include <chrono>
#include <cstdio>
#include <ostream>

#include "util/time.h"

namespace logset::internal {
namespace {

using Clock = std::chrono::steady_clock;

thread_local std::optional<Clock::time_point> request_start;

void AppendEscaped(std::string& out, std::string_view text) {
  if (text.empty()) {
    out += '-';
    return;
  }
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      char buf[5];
      std::snprintf(buf, sizeof(buf), "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string FormatAccessLine(int64_t time_us, std::string_view remote_addr, std::string_view method,
                             std::string_view target, int status, size_t body_bytes,
                             std::optional<int64_t> duration_us) {
  std::string line = FormatTimestamp(time_us);
  line += ' ';
  AppendEscaped(line, remote_addr);
  line += " \"";
  AppendEscaped(line, method);
  line += ' ';
  AppendEscaped(line, target);
  line += "\" ";
  line += std::to_string(status);
  line += ' ';
  line += std::to_string(body_bytes);
  line += ' ';
  if (duration_us) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1fms", static_cast<double>(*duration_us) / 1000.0);
    line += buf;
  } else {
    line += '-';
  }
  return line;
}

void AccessLog::MarkRequestStart() { request_start = Clock::now(); }

void AccessLog::Write(const httplib::Request& request, const httplib::Response& response) {
  std::optional<int64_t> duration_us;
  if (request_start) {
    duration_us =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - *request_start)
            .count();
  }
  // Reset so a later request on this thread that never reaches routing is not timed from here.
  request_start.reset();
  if (out_ == nullptr) return;
  const std::string line =
      FormatAccessLine(NowMicros(), request.remote_addr, request.method, request.target,
                       response.status, response.body.size(), duration_us);
  std::lock_guard<std::mutex> lock(mutex_);
  *out_ << line << '\n';
  out_->flush();
}

}  // namespace logset::internal
