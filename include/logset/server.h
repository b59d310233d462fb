// SPDX-License-Identifier: MIT
// Server: the HTTP/1.1 front of Api, as run by `logset serve`.
#ifndef LOGSET_SERVER_H_
#define LOGSET_SERVER_H_

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
  /// alive (up to 100 requests, 5 s idle). 0 (the default) means max(32, 4 x hardware threads).
  int threads = 0;
  /// Listen on a non-loopback address even though the store has no API keys (open mode), which
  /// lets anyone who reaches the port read and write the store. Default false.
  bool allow_open = false;
  /// Where one line per request goes: time, client address, method, target, status, response
  /// body bytes as sent (after any compression the client asked for), duration. Not owned; must
  /// outlive the Server. Default nullptr: no access log.
  std::ostream* access_log = nullptr;
};

/// Serves the API of spec/API.md over HTTP: every request maps one-to-one onto Api::Handle, so
/// answers are identical to in-process calls. `GET /healthz` answers `{"status":"ok"}` without
/// authentication. Bodies over Api::kMaxBodyBytes get the API's 413 whether sent with a
/// Content-Length or chunked.
///
/// Thread safety: Stop and IsRunning may be called from any thread; the other methods from one
/// thread. RAII: the destructor stops a running server and joins its threads; in-flight requests
/// finish first. The Store must outlive the Server.
class Server {
 public:
  /// Throws InvalidArgument for a port outside 0-65535 or negative threads. Nothing listens yet.
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

  /// Serves until Stop is called, then waits for in-flight requests (an idle kept-alive
  /// connection can delay the return by up to its 5 s keep-alive timeout). Binds first if Bind has
  /// not been called (same errors). Returns at once if Stop was already called.
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
