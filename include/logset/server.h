// SPDX-License-Identifier: MIT
// Server: the HTTP/1.1 front of Api, as run by `logset serve`.
#ifndef LOGSET_SERVER_H_
#define LOGSET_SERVER_H_

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>

namespace logset {

class Store;

/// How a Server listens.
struct ServerOptions {
  /// Address to listen on: a numeric IPv4/IPv6 address or a host name. Default loopback only.
  std::string host = "127.0.0.1";
  /// TCP port; 0 picks any free port (Bind returns it). Default 8077.
  int port = 8077;
  /// Worker threads. Each serves one connection at a time, for as long as the client keeps it
  /// alive (up to 100 requests); connections beyond the workers wait for one. 0 (the default)
  /// means max(32, 4 x hardware threads).
  int threads = 0;
  /// How long a kept-alive connection may sit idle between requests, in milliseconds. While a
  /// new connection waits because every worker is busy, an idle connection is closed after 100 ms
  /// of idleness instead, so that idle clients cannot starve others. Default 5000.
  int keep_alive_timeout_ms = 5000;
  /// How long a request's line and headers may take to arrive, in milliseconds: from its first
  /// byte, or for a connection's first request from when a worker takes the connection. Counted
  /// in total, so a client trickling bytes cannot extend it. Past it the client gets 408 (or,
  /// mid request line, nothing) and the connection is closed. While a connection waits for a
  /// worker the limit is min(this, 1000). Default 10000.
  int header_timeout_ms = 10000;
  /// How long a request's body may take to arrive after its headers, in milliseconds, in total;
  /// past it the client gets 408 and the connection is closed. Also the longest a request waits
  /// for max_body_bytes_in_flight to have room (then 503). Default 60000 (a 20 MB body at
  /// 2.8 Mbit/s).
  int body_timeout_ms = 60000;
  /// The most bytes a request line and its headers may take, line ends included; at most 100
  /// header fields are accepted whatever their size. Over either: 431 and the connection is
  /// closed, after reading no more than the limit. Default 65536.
  size_t max_header_bytes = 64 * 1024;
  /// The most request-body bytes held in memory at once, over all connections: a request reserves
  /// its Content-Length (20 MB for a chunked body) before its body is read, until it is answered,
  /// and waits while the reservation does not fit (one request is always let through on its own).
  /// Bounds the memory of concurrent large uploads and of the documents parsed from them.
  /// Default 64 MiB.
  size_t max_body_bytes_in_flight = 64u * 1024u * 1024u;
  /// Listen on a non-loopback address even though the store has no API keys (open mode), which
  /// lets anyone who reaches the port read and write the store. Default false.
  bool allow_open = false;
  /// Where one line per request goes: time, client address, method, target, status, response
  /// body bytes as sent (after any compression the client asked for), duration. Not owned; must
  /// outlive the Server. Default nullptr: no access log.
  std::ostream* access_log = nullptr;
};

/// Serves the Respan Datasets API over HTTP: every request maps one-to-one onto Api::Handle, so
/// answers are identical to in-process calls. `GET /healthz` answers `{"status":"ok"}` without
/// authentication. Bodies over Api::kMaxBodyBytes get the API's 413 whether sent with a
/// Content-Length or chunked. Pipelined requests are answered in order. A client cannot hold a
/// worker or memory beyond the limits of ServerOptions: slow headers and bodies get 408, oversized
/// headers 431, and a request that cannot get room for its body within body_timeout_ms 503.
///
/// Thread safety: Stop and IsRunning may be called from any thread; the other methods from one
/// thread. RAII: the destructor stops a running server and joins its threads; in-flight requests
/// finish first. The Store must outlive the Server.
class Server {
 public:
  /// Throws InvalidArgument for a port outside 0-65535, negative threads, a timeout below 1 ms or
  /// a zero size limit. Nothing listens yet.
  Server(Store& store, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Checks the open-mode rule, then binds the listening socket and returns the bound port (the
  /// same port again if already bound). Connections made from then on wait in the backlog until
  /// Run or Start. Throws InvalidArgument if the store has no API keys, the host is not loopback
  /// (127.0.0.0/8, ::1, `localhost`) and allow_open is false; TransportError if the address cannot
  /// be bound.
  int Bind();

  /// Serves until Stop is called, then waits for in-flight requests (idle kept-alive connections
  /// are closed within 100 ms). Binds first if Bind has not been called (same errors). Returns at
  /// once if Stop was already called.
  /// REQUIRES: neither Run nor Start called before.
  void Run();

  /// Bind (if needed) and Run on a background thread; returns the bound port once the server is
  /// accepting connections. Same errors as Bind. REQUIRES: neither Run nor Start called before.
  int Start();

  /// Asks Run to return: stops accepting, lets in-flight requests finish. Idempotent; safe from
  /// any thread (not from a signal handler) and before Run has started.
  void Stop();

  /// True while the accept loop runs.
  bool IsRunning() const;

  /// The bound port, or -1 before Bind.
  int port() const;
  /// Whether the store had no API keys when Bind checked (any well-formed key is then accepted).
  bool open_mode() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace logset

#endif  // LOGSET_SERVER_H_
