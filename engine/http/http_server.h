// SPDX-License-Identifier: MIT
// HttpServer: httplib::Server with our own connection loop (deadlines, limits, pipelining, load).
#ifndef LOGSET_ENGINE_HTTP_HTTP_SERVER_H_
#define LOGSET_ENGINE_HTTP_HTTP_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <cstddef>

#include "http/connection_stream.h"
#include "http/worker_pool.h"

namespace logset::internal {

/// True when called from a worker serving an HttpServer connection whose client has closed it
/// (its FIN or a reset has arrived): nobody will read the answer being computed. False anywhere
/// else, and while the client still waits.
bool CurrentClientGone();

/// httplib::Server whose connections are served by our loop rather than httplib's, for what
/// httplib 0.11 cannot be configured to do (it is a compiled library, so its macros are fixed):
///
/// - Deadlines: httplib's read timeout restarts with every recv, so a client sending a byte a
///   second was never timed out. Here headers and body each have an absolute deadline
///   (ConnectionLimits); missing it answers 408 (or closes, mid request line) and closes.
/// - Header size: httplib caps each header line (8 KB) but not their number or their total, and
///   grows an unterminated line without bound. Over the limits: 431, then close.
/// - Pipelining: httplib makes a new stream, with a new read-ahead buffer, per request, so a
///   second request that arrived with the first was dropped with the buffer and never answered.
///   Here one ConnectionStream lives as long as the connection.
/// - Load: an idle kept-alive connection or a slow header holds its worker; while a client waits
///   for a worker (WorkerPool::loaded) both give it up after the short loaded timeouts.
/// - Framing: a connection is closed after a response when the request's body was not read to
///   its end (answered before reading, or refused), since the next request would start inside it.
///
/// Thread safety: as httplib::Server.
class HttpServer : public httplib::Server {
 public:
  /// `workers` threads serve connections; `limits` bound each connection.
  HttpServer(size_t workers, const ConnectionLimits& limits);

  /// Closes a socket that was bound but never served, which httplib 0.11 leaves open (its stop()
  /// acts only on a running accept loop).
  void CloseUnservedSocket();

 private:
  bool process_and_close_socket(socket_t sock) override;

  const ConnectionLimits limits_;
  std::atomic<WorkerPool*> pool_{nullptr};  // owned by httplib's accept loop while it runs
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_HTTP_SERVER_H_
