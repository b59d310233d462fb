// SPDX-License-Identifier: MIT
// Api: the Respan Datasets and request-logs API as an in-process JSON dispatcher.
#ifndef LOGSET_API_H_
#define LOGSET_API_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace logset {

class Store;

/// One API call as it arrived. Only these three headers influence the answer (API.md).
struct ApiRequest {
  std::string method;           ///< "GET", "POST", ... as sent (case-sensitive, like HTTP)
  std::string path;             ///< as received, percent-encoded, without the query
  std::string query;            ///< the raw query string, without '?'
  std::string authorization;    ///< Authorization header value, "" if absent
  std::string host;             ///< Host header value, "" if absent
  std::string forwarded_proto;  ///< X-Forwarded-Proto header value, "" if absent
  std::string body;             ///< raw body bytes
  /// Returns true once nobody waits for the answer any more (the HTTP client disconnected).
  /// Polled while the call's queries run, from the calling thread; the call then stops early and
  /// rolls back its writes. Empty (the default): the call runs to the end or its time limit.
  std::function<bool()> cancelled;
};

/// The answer. `body` is JSON text, empty for a 204 and for a streamed body.
struct ApiResponse {
  /// Takes the next piece of a streamed body. Returns false once the receiver can take no more
  /// (the HTTP client went away), which ends the stream.
  using ChunkSink = std::function<bool(std::string_view piece)>;

  int status = 200;
  /// Extra headers such as Allow or WWW-Authenticate. Content-Type is application/json whenever
  /// the body is non-empty and is not listed here.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// Set instead of `body` for an answer too large to hold in memory (a dataset export download):
  /// call it once, and it hands the whole body to the sink in pieces of bounded size, reading the
  /// store as it goes. `headers` then names the Content-Type (and Content-Disposition). Returns
  /// true once the body is complete; false if it stopped early because the sink refused a piece
  /// or the store failed (told to StoreOptions::logger), in which case the receiver holds a
  /// truncated body and must discard it. Never throws. May be called from any thread, after
  /// Api::Handle has returned; the Store must still be open. Empty for every other answer.
  std::function<bool(const ChunkSink& sink)> stream;
};

/// Dispatches API calls against a Store: routing, authentication and organisation scoping,
/// validation, and the exact JSON shapes of the Respan Datasets API. `logset serve` is a thin
/// HTTP adapter around Handle; a test tool can call it with no socket at all.
///
/// Thread safety: Handle may be called from many threads at once. The Store must outlive the Api.
class Api {
 public:
  /// Bodies larger than this are refused with 413 (API.md 1.1).
  static constexpr std::size_t kMaxBodyBytes = 20u * 1024u * 1024u;

  explicit Api(Store& store);

  /// Answers one call. Never throws: every failure becomes an error response with a `detail`.
  ApiResponse Handle(const ApiRequest& request) const;

 private:
  Store& store_;
};

}  // namespace logset

#endif  // LOGSET_API_H_
