// SPDX-License-Identifier: MIT
// Response compression decided by logset: gzip at zlib's fastest level, only when it pays.
#include "http/response_encoding.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "util/ascii.h"

namespace logset::internal {
namespace {

// Where TakeOverAcceptEncoding keeps the client's header. httplib does not know it, so it never
// compresses on its own; a client that sends it too only asks for what Accept-Encoding asks.
constexpr const char* kSavedHeader = "X-Logset-Accept-Encoding";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The q-value of one Accept-Encoding element's parameters ("q=0.5"); 1 without one, 0 if
// malformed (an unreadable preference is not consent).
double QValue(std::string_view params) {
  while (!params.empty()) {
    const size_t semicolon = params.find(';');
    const std::string_view param = Trim(params.substr(0, semicolon));
    params =
        semicolon == std::string_view::npos ? std::string_view() : params.substr(semicolon + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string value(Trim(param.substr(2)));
      char* end = nullptr;
      const double q = std::strtod(value.c_str(), &end);
      return (end == value.c_str() || *end != '\0' || q < 0 || q > 1) ? 0 : q;
    }
  }
  return 1;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  double gzip = -1, any = -1;  // -1: not mentioned
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    const size_t semicolon = element.find(';');
    const std::string coding = AsciiLower(Trim(element.substr(0, semicolon)));
    const double q =
        semicolon == std::string_view::npos ? 1 : QValue(element.substr(semicolon + 1));
    if (coding == "gzip" || coding == "x-gzip") gzip = std::max(gzip, q);
    if (coding == "*") any = std::max(any, q);
  }
  return gzip >= 0 ? gzip > 0 : any > 0;
}

void TakeOverAcceptEncoding(httplib::Request& req) {
  const auto found = req.headers.find("Accept-Encoding");
  if (found == req.headers.end()) return;
  std::string value = found->second;
  // A repeated header field is one comma-separated list (RFC 9110 5.3).
  for (auto it = std::next(found); it != req.headers.end() && it->first == found->first; ++it) {
    value += ", " + it->second;
  }
  req.headers.erase("Accept-Encoding");
  req.headers.emplace(kSavedHeader, std::move(value));
}

std::string Gzip(std::string_view data) {
  z_stream stream{};
  // 15 window bits + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string();
}

void CompressResponse(const httplib::Request& req, httplib::Response& res) {
  if (res.body.empty() || res.get_header_value("Content-Type") != "application/json") return;
  res.set_header("Vary", "Accept-Encoding");
  if (res.body.size() < kMinCompressedBytes || !AcceptsGzip(req.get_header_value(kSavedHeader))) {
    return;
  }
  std::string compressed = Gzip(res.body);
  if (compressed.empty()) return;
  res.body = std::move(compressed);
  res.set_header("Content-Encoding", "gzip");
}

}  // namespace logset::internal
