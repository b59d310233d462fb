// SPDX-License-Identifier: MIT
// ConnectionStream: one client connection as httplib reads it, with deadlines and size limits.
#include "http/connection_stream.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>

namespace logset::internal {
namespace {

// Large enough for a typical request, headers and body, in one recv.
constexpr size_t kBufferBytes = 16 * 1024;

std::atomic<void (*)(int)> mid_request_wait_observer{nullptr};

void SetOption(int sock, int option, int value) {
  setsockopt(sock, IPPROTO_TCP, option, &value, sizeof(value));
}

// poll's timeout, rounded up so that a wait never ends just before its deadline and spins.
int PollTimeoutMs(std::chrono::steady_clock::duration left) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::clamp<decltype(ms)>(ms, 0, std::numeric_limits<int>::max()));
}

// Waits for `events` on `fd` (and for the load signal when `load_fd` >= 0) until `timeout_ms`.
// Returns poll's result with EINTR retried; `revents` receives the socket's events.
int PollSocket(int fd, short events, int load_fd, int timeout_ms, short* revents) {
  pollfd fds[2] = {{fd, events, 0}, {load_fd, POLLIN, 0}};
  const nfds_t count = load_fd >= 0 ? 2 : 1;
  int ready = 0;
  do {
    ready = ::poll(fds, count, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  *revents = fds[0].revents;
  return ready;
}

void AddressAndPort(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
  if (address.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  } else if (address.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  } else {
    return;
  }
  char host[NI_MAXHOST] = {};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof(host), nullptr,
                  0, NI_NUMERICHOST) == 0) {
    ip = host;
  }
}

}  // namespace

void SetMidRequestWaitObserverForTesting(void (*observer)(int sock)) {
  mid_request_wait_observer = observer;
}

// httplib writes a response as two sends, the status line and headers, then the body. With
// Nagle's algorithm the body would wait for the client to acknowledge the headers, which a Linux
// client delays by 40 ms. The listening socket's TCP_NODELAY is inherited on Linux, but the
// answer's latency should not hang on how the socket was made.
ConnectionStream::ConnectionStream(int sock, const ConnectionLimits& limits, const WorkerPool& pool)
    : sock_(sock), limits_(limits), pool_(pool), buffer_(kBufferBytes), phase_start_(Clock::now()) {
  SetOption(sock_, TCP_NODELAY, 1);
}

bool ConnectionStream::AwaitNextRequest() {
  phase_ = Phase::kIdle;
  saw_load_ = false;
  if (begin_ < end_) return true;  // pipelined: the next request is already here
  const Clock::time_point idle_start = Clock::now();
  for (;;) {
    const bool loaded = SawLoad();
    const auto timeout =
        loaded ? std::min(limits_.keep_alive_timeout, limits_.loaded_keep_alive_timeout)
               : limits_.keep_alive_timeout;
    const Clock::time_point now = Clock::now();
    if (now >= idle_start + timeout) return false;
    short revents = 0;
    const int ready = PollSocket(sock_, POLLIN, loaded ? -1 : pool_.load_fd(),
                                 PollTimeoutMs(idle_start + timeout - now), &revents);
    if (ready < 0) return false;
    if (revents != 0) return true;
    // Otherwise the timeout passed (checked above) or the pool became loaded.
  }
}

void ConnectionStream::BeginHeaders() {
  phase_ = Phase::kHeaders;
  phase_start_ = Clock::now();
  saw_load_ = false;
  header_bytes_ = 0;
  header_lines_ = 0;
  body_bytes_ = 0;
}

void ConnectionStream::BeginBody() {
  phase_ = Phase::kBody;
  phase_start_ = Clock::now();
}

// Latched for the phase: once clients were seen waiting, the short timeout stays, even if the
// waiting client got a worker meanwhile (possibly the one another slow connection gave up).
bool ConnectionStream::SawLoad() {
  if (!saw_load_ && pool_.loaded()) saw_load_ = true;
  return saw_load_;
}

ConnectionStream::Clock::time_point ConnectionStream::PhaseDeadline() {
  switch (phase_) {
    case Phase::kHeaders:
      return phase_start_ + (SawLoad()
                                 ? std::min(limits_.header_timeout, limits_.loaded_header_timeout)
                                 : limits_.header_timeout);
    case Phase::kBody:
      return phase_start_ + limits_.body_timeout;
    case Phase::kIdle:
      break;
  }
  return Clock::time_point::max();
}

bool ConnectionStream::LoadShortensDeadline() {
  return phase_ == Phase::kHeaders && !SawLoad() &&
         limits_.loaded_header_timeout < limits_.header_timeout;
}

bool ConnectionStream::MidRequest() const {
  return phase_ == Phase::kBody || (phase_ == Phase::kHeaders && header_bytes_ > 0);
}

ssize_t ConnectionStream::Fill() {
  begin_ = 0;
  end_ = 0;
  if (MidRequest()) {
    // A client that sends its headers and body in two writes with Nagle's algorithm on (httpx
    // through httpcore before 0.17.2) holds the body until the headers are acknowledged. Once the
    // server has answered on the connection, Linux delays acknowledgements by at least 40 ms
    // (hoping to ride them on the next answer), and the request waits that long. TCP_QUICKACK
    // sends the pending acknowledgement now; Linux turns it off again by itself, so it is set
    // before every such wait. Waits before a request's first byte need none: nothing is unacked.
    SetOption(sock_, TCP_QUICKACK, 1);
    if (auto* observer = mid_request_wait_observer.load()) observer(sock_);
  }
  const Clock::time_point silence_deadline = Clock::now() + limits_.io_timeout;
  for (;;) {
    const Clock::time_point now = Clock::now();
    const Clock::time_point deadline = std::min(PhaseDeadline(), silence_deadline);
    if (now >= deadline) {
      if (phase_ == Phase::kHeaders) fault_ = ConnectionFault::kHeaderTimeout;
      if (phase_ == Phase::kBody) fault_ = ConnectionFault::kBodyTimeout;
      return -1;
    }
    short revents = 0;
    const int ready = PollSocket(sock_, POLLIN, LoadShortensDeadline() ? pool_.load_fd() : -1,
                                 PollTimeoutMs(deadline - now), &revents);
    if (ready < 0) return -1;
    if (revents == 0) continue;  // a deadline passed or load began: recheck at the top
    const ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n > 0) end_ = static_cast<size_t>(n);
    return n;
  }
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (fault_ != ConnectionFault::kNone) return -1;
  if (begin_ == end_) {
    const ssize_t filled = Fill();
    if (filled <= 0) return filled;
  }
  const size_t n = std::min(size, end_ - begin_);
  const char* data = buffer_.data() + begin_;
  if (phase_ == Phase::kHeaders) {
    // httplib reads headers a byte at a time, so the limits stop it at the first byte too many.
    // Lines are the request line, the fields and the blank line.
    header_bytes_ += n;
    header_lines_ += static_cast<size_t>(std::count(data, data + n, '\n'));
    if (header_bytes_ > limits_.max_header_bytes || header_lines_ > limits_.max_header_fields + 2) {
      fault_ = ConnectionFault::kHeaderTooLarge;
      return -1;
    }
  } else if (phase_ == Phase::kBody) {
    body_bytes_ += n;
  }
  std::memcpy(ptr, data, n);
  begin_ += n;
  return static_cast<ssize_t>(n);
}

bool ConnectionStream::is_readable() const {
  if (begin_ < end_) return true;
  short revents = 0;
  return PollSocket(sock_, POLLIN, -1, PollTimeoutMs(limits_.io_timeout), &revents) > 0;
}

bool ConnectionStream::is_writable() const {
  short revents = 0;
  return PollSocket(sock_, POLLOUT, -1, PollTimeoutMs(limits_.io_timeout), &revents) > 0 &&
         (revents & (POLLERR | POLLHUP | POLLNVAL)) == 0;
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  ssize_t n = 0;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    AddressAndPort(address, length, ip, port);
  }
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    AddressAndPort(address, length, ip, port);
  }
}

}  // namespace logset::internal
