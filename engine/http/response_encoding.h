// SPDX-License-Identifier: MIT
// Response compression decided by logset, not by httplib.
#ifndef LOGSET_ENGINE_HTTP_RESPONSE_ENCODING_H_
#define LOGSET_ENGINE_HTTP_RESPONSE_ENCODING_H_

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace logset::internal {

/// Bodies smaller than this are sent as they are: compressing them saves less than it costs.
inline constexpr std::size_t kMinCompressedBytes = 1024;

/// httplib 0.11 compresses every JSON answer whose client accepts it, preferring Brotli at its
/// slowest quality (~140 ms for a 200 KB list page, a hundred times the page itself) and
/// offering no setting. So the client's Accept-Encoding is moved out of httplib's sight, under
/// an internal name, before any answer is written, and CompressResponse applies it instead.
/// `req` is the mutable request of httplib's request loop, handed to handlers as const.
void TakeOverAcceptEncoding(httplib::Request& req);

/// Whether an Accept-Encoding value accepts gzip: a `gzip` or `x-gzip` coding, or else `*`,
/// whose q-value is not zero (RFC 9110 12.5.3; names are case-insensitive).
bool AcceptsGzip(std::string_view accept_encoding);

/// If the client accepted gzip (as saved by TakeOverAcceptEncoding) and the body has at least
/// kMinCompressedBytes, replaces the body with its gzip at zlib's fastest level and sets
/// Content-Encoding; sets Vary: Accept-Encoding on every compressible answer either way. Leaves
/// the body as it is if zlib fails.
void CompressResponse(const httplib::Request& req, httplib::Response& res);

/// The gzip (RFC 1952) of `data` at zlib's fastest level, or nothing if zlib fails.
std::string Gzip(std::string_view data);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_RESPONSE_ENCODING_H_
