// SPDX-License-Identifier: MIT
// ConnectionStream: one client connection as httplib reads it, with deadlines and size limits.
#ifndef LOGSET_ENGINE_HTTP_CONNECTION_STREAM_H_
#define LOGSET_ENGINE_HTTP_CONNECTION_STREAM_H_

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "http/worker_pool.h"

namespace logset::internal {

/// How long a connection may take, and how much header it may send (ServerOptions documents the
/// configurable ones).
struct ConnectionLimits {
  std::chrono::milliseconds keep_alive_timeout{5000};
  /// The keep-alive timeout once the pool has been loaded during the wait: short, so that a client
  /// sending requests back to back keeps its connection but one that pauses lets a waiting one in.
  std::chrono::milliseconds loaded_keep_alive_timeout{100};
  /// From a request's first byte (or, for a connection's first request, from the moment a worker
  /// takes the connection) to the end of its headers.
  std::chrono::milliseconds header_timeout{10000};
  /// The header timeout once the pool has been loaded during the headers. A client on a working
  /// network sends its headers in one packet; a second lets a slow link through, not a trickle.
  std::chrono::milliseconds loaded_header_timeout{1000};
  /// From the end of the headers to the end of the body.
  std::chrono::milliseconds body_timeout{60000};
  /// The longest wait for one read or write within a request (httplib's own 5 s).
  std::chrono::milliseconds io_timeout{5000};
  /// Request line, header lines and the blank line, line ends included.
  size_t max_header_bytes = 64 * 1024;
  size_t max_header_fields = 100;
};

/// Test hook: when set, called on the serving thread each time a ConnectionStream is about to
/// wait for more of a request it has begun to receive (the rest of its headers, or its body),
/// after arming the socket for that wait. Null (the default) turns it off. Thread-safe; a wait
/// already under way may or may not see a change.
void SetMidRequestWaitObserverForTesting(void (*observer)(int sock));

/// Why a connection stopped being read.
enum class ConnectionFault {
  kNone,
  kHeaderTimeout,   // headers not complete by their deadline (or silent for io_timeout)
  kHeaderTooLarge,  // over max_header_bytes or max_header_fields
  kBodyTimeout,     // body not complete by its deadline (or silent for io_timeout)
};

/// An httplib::Stream over one accepted socket that lives as long as the connection, not one
/// request: bytes read ahead of a request's end (a pipelined next request) stay buffered for the
/// next one. Reads fail once the current phase's deadline has passed or the header limits are
/// exceeded, and fault() says which; the deadlines are absolute, so a client trickling one byte at
/// a time cannot extend them. Sets TCP_NODELAY on the socket, and acknowledges what it has read
/// of a request at once whenever it must wait for the rest (TCP_QUICKACK). Does not own the
/// socket. Thread safety: one thread at a time.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, const ConnectionLimits& limits, const WorkerPool& pool);

  /// Waits for the next request on a kept-alive connection: true once a byte of it is buffered or
  /// the socket is readable (or closed: the read then reports it), false when the keep-alive
  /// timeout passes first (the loaded one if the pool was loaded at any time while waiting).
  bool AwaitNextRequest();
  /// Starts the header phase: resets the header limits and starts the header deadline.
  void BeginHeaders();
  /// Starts the body phase (httplib has parsed the headers): starts the body deadline.
  void BeginBody();

  ConnectionFault fault() const { return fault_; }
  /// Bytes read since BeginBody.
  size_t body_bytes() const { return body_bytes_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { kIdle, kHeaders, kBody };

  // Refills the empty buffer: >0 bytes read, 0 at end of stream, -1 on error or deadline.
  ssize_t Fill();
  // Whether part of the current request has been read and more is awaited.
  bool MidRequest() const;
  // Whether the pool has been loaded at any time since the phase began.
  bool SawLoad();
  Clock::time_point PhaseDeadline();
  // Whether the deadline would move earlier if the pool became loaded (so load is worth watching).
  bool LoadShortensDeadline();

  int sock_;
  const ConnectionLimits limits_;
  const WorkerPool& pool_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  Phase phase_ = Phase::kIdle;
  Clock::time_point phase_start_;
  bool saw_load_ = false;
  size_t header_bytes_ = 0;
  size_t header_lines_ = 0;
  size_t body_bytes_ = 0;
  ConnectionFault fault_ = ConnectionFault::kNone;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_CONNECTION_STREAM_H_
