// SPDX-License-Identifier: MIT
// Server: binding, running and stopping cpp-httplib around one shared Api.
#include "logset/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "auth/authenticate.h"
#include "http/access_log.h"
#include "http/api_adapter.h"
#include "http/body_budget.h"
#include "http/connection_stream.h"
#include "http/http_server.h"
#include "http/listen_policy.h"
#include "logset/api.h"
#include "logset/error.h"
#include "store/store_access.h"

namespace logset {

struct Server::Impl {
  Impl(Store& s, ServerOptions o, size_t workers, const internal::ConnectionLimits& limits)
      : store(s),
        options(std::move(o)),
        api(s),
        log(options.access_log),
        body_budget(options.max_body_bytes_in_flight),
        http(workers, limits) {}

  Store& store;
  const ServerOptions options;
  const Api api;
  internal::AccessLog log;
  internal::BodyBudget body_budget;
  internal::HttpServer http;
  std::thread background;  // only when started with Start()

  int port = -1;
  bool open_mode = false;

  std::mutex mutex;  // guards the three flags below
  bool run_entered = false;
  bool stop_requested = false;
  bool stop_sent = false;  // httplib's stop() asserts if a second call races the loop's exit
  std::atomic<bool> run_finished{false};
};

namespace {

// The listen_after_bind loop and httplib's stop() have no handshake: stop() is a no-op until the
// loop has set its running flag. Waiting for the flag (or the loop's end) is the only way in
// httplib 0.11; the window is the few instructions between starting Run and entering the loop.
void AwaitLoopStarted(const httplib::Server& http, const std::atomic<bool>& run_finished) {
  while (!http.is_running() && !run_finished) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// A worker serves one kept-alive connection until the client closes it, the connection idles
// past its keep-alive timeout (100 ms while others wait) or kKeepAliveRequests have been
// answered, so the automatic count allows for many clients at once rather than for the CPUs: an
// idle worker costs only its stack.
size_t WorkerCount(int requested) {
  if (requested > 0) return static_cast<size_t>(requested);
  return std::max<size_t>(32, 4 * std::thread::hardware_concurrency());
}

// httplib closes a kept-alive connection after 5 requests by default, so a client polling the
// API reconnected every fifth request; a larger count still lets queued connections in.
constexpr size_t kKeepAliveRequests = 100;

void CheckOptions(const ServerOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    throw InvalidArgument("serve.bad_port",
                          "port: must be 0 to 65535, not " + std::to_string(options.port) + ".",
                          "port");
  }
  if (options.threads < 0) {
    throw InvalidArgument("serve.bad_threads", "threads: must be 0 (automatic) or more.",
                          "threads");
  }
  const std::pair<const char*, int> timeouts[] = {
      {"keep_alive_timeout_ms", options.keep_alive_timeout_ms},
      {"header_timeout_ms", options.header_timeout_ms},
      {"body_timeout_ms", options.body_timeout_ms}};
  for (const auto& [name, value] : timeouts) {
    if (value < 1) {
      throw InvalidArgument("serve.bad_timeout",
                            std::string(name) + ": must be 1 or more milliseconds.", name);
    }
  }
  if (options.max_header_bytes == 0 || options.max_body_bytes_in_flight == 0) {
    throw InvalidArgument("serve.bad_limit", "header and body limits must be above 0.");
  }
}

internal::ConnectionLimits Limits(const ServerOptions& options) {
  internal::ConnectionLimits limits;
  limits.keep_alive_timeout = std::chrono::milliseconds(options.keep_alive_timeout_ms);
  limits.header_timeout = std::chrono::milliseconds(options.header_timeout_ms);
  limits.body_timeout = std::chrono::milliseconds(options.body_timeout_ms);
  limits.max_header_bytes = options.max_header_bytes;
  return limits;
}

// Validates before Impl is built, so a Server that throws never sets up httplib.
const ServerOptions& Checked(const ServerOptions& options) {
  CheckOptions(options);
  return options;
}

}  // namespace

Server::Server(Store& store, ServerOptions options)
    : impl_(std::make_unique<Impl>(store, Checked(options), WorkerCount(options.threads),
                                   Limits(options))) {
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second server
  // bind the same port and silently share its connections. TCP_NODELAY (inherited by accepted
  // sockets on Linux): without it Nagle's algorithm meets the client's delayed ACK and every
  // keep-alive answer waits ~40 ms.
  impl_->http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  });
  impl_->http.set_tcp_nodelay(true);
  impl_->http.set_keep_alive_max_count(kKeepAliveRequests);
  internal::InstallApiHandlers(impl_->http, impl_->api, impl_->log, impl_->body_budget,
                               std::chrono::milliseconds(impl_->options.body_timeout_ms));
}

Server::~Server() {
  Stop();
  if (impl_->background.joinable()) impl_->background.join();
  bool served = false;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    served = impl_->run_entered;
  }
  if (!served) impl_->http.CloseUnservedSocket();
}

int Server::Bind() {
  Impl& impl = *impl_;
  if (impl.port >= 0) return impl.port;
  {
    auto session = internal::StoreAccess::Read(impl.store);
    impl.open_mode = internal::IsOpenMode(session.db());
  }
  internal::CheckListenPolicy(impl.open_mode, impl.options.host, impl.options.allow_open);

  errno = 0;
  int bound = -1;
  if (impl.options.port == 0) {
    bound = impl.http.bind_to_any_port(impl.options.host);
  } else if (impl.http.bind_to_port(impl.options.host, impl.options.port)) {
    bound = impl.options.port;
  }
  if (bound < 0) {
    const int error = errno;
    std::string why = error != 0 ? std::strerror(error) : "no usable address";
    throw TransportError("serve.bind", "cannot listen on " + impl.options.host + " port " +
                                           std::to_string(impl.options.port) + ": " + why +
                                           ". Is another server using the port, or is the host "
                                           "not an address of this machine?");
  }
  impl.port = bound;
  return bound;
}

void Server::Run() {
  Impl& impl = *impl_;
  if (impl.port < 0) Bind();
  {
    std::lock_guard<std::mutex> lock(impl.mutex);
    if (impl.stop_requested) return;
    impl.run_entered = true;
  }
  impl.http.listen_after_bind();
  impl.run_finished = true;
}

int Server::Start() {
  Impl& impl = *impl_;
  if (impl.port < 0) Bind();
  impl.background = std::thread([this] { Run(); });
  {
    std::lock_guard<std::mutex> lock(impl.mutex);
    if (impl.stop_requested) return impl.port;
  }
  AwaitLoopStarted(impl.http, impl.run_finished);
  return impl.port;
}

void Server::Stop() {
  Impl& impl = *impl_;
  {
    std::lock_guard<std::mutex> lock(impl.mutex);
    impl.stop_requested = true;
    // Before Run: it will see the flag and return at once.
    if (!impl.run_entered || impl.stop_sent) return;
    impl.stop_sent = true;
  }
  AwaitLoopStarted(impl.http, impl.run_finished);
  impl.http.stop();
}

bool Server::IsRunning() const { return impl_->http.is_running(); }

int Server::port() const { return impl_->port; }

bool Server::open_mode() const { return impl_->open_mode; }

}  // namespace logset
