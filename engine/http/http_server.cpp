// SPDX-License-Identifier: MIT
// HttpServer: httplib::Server with our own connection loop (deadlines, limits, pipelining, load).
#include "http/http_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/api_adapter.h"

namespace logset::internal {
namespace {

// One connection as the post-routing hook sees it.
struct Connection {
  Connection(int sock, const ConnectionLimits& limits, const WorkerPool& pool)
      : stream(sock, limits, pool) {}

  ConnectionStream stream;
  bool headers_complete = false;  // httplib parsed the headers (its setup_request hook ran)
  bool must_close = false;        // decided while writing the last response
};

// The connection the calling worker serves: a worker serves one connection from start to end, and
// httplib's post-routing hook has no other way to reach it.
thread_local Connection* current_connection = nullptr;

bool ReadsBodyToItsEnd(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// Whether the next byte on the connection starts the next request: the request's body, if it had
// one, was read exactly to its end.
bool BodyFramingKept(const Connection& connection, const httplib::Request& req, int status) {
  if (req.has_header("Transfer-Encoding")) {
    // Only a successful handler reads a chunked body to its last chunk.
    return status < 400 && ReadsBodyToItsEnd(req.method) &&
           req.get_header_value("Transfer-Encoding") == "chunked";
  }
  if (!req.has_header("Content-Length")) return true;
  // Parsed as httplib does, so both agree on where the body ends.
  const uint64_t length =
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
  return connection.stream.body_bytes() == length;
}

// httplib's post-routing hook: the last look at every response before it is written, also for
// requests httplib rejected. Turns a stream fault into its status and decides whether the
// connection can carry another request.
void FinishResponse(const httplib::Request& req, httplib::Response& res) {
  Connection* connection = current_connection;
  if (connection == nullptr) return;
  int fault_status = 0;
  switch (connection->stream.fault()) {
    case ConnectionFault::kNone:
      break;
    case ConnectionFault::kHeaderTimeout:
    case ConnectionFault::kBodyTimeout:
      fault_status = 408;
      break;
    case ConnectionFault::kHeaderTooLarge:
      fault_status = 431;
      break;
  }
  if (fault_status != 0) {
    WriteApiResponse(HttpErrorResponse(fault_status), &res);
    // httplib set Content-Length before this hook.
    res.set_header("Content-Length", std::to_string(res.body.size()));
  }
  connection->must_close = fault_status != 0 || !connection->headers_complete ||
                           !BodyFramingKept(*connection, req, res.status);
  if (connection->must_close) {
    res.headers.erase("Keep-Alive");
    res.headers.erase("Connection");
    res.set_header("Connection", "close");
  }
}

}  // namespace

bool CurrentClientGone() {
  const Connection* connection = current_connection;
  if (connection == nullptr) return false;
  // POLLRDHUP: the client shut its side. HTTP/1.1 clients do not half-close while they wait for
  // an answer, so this means it has gone (a pipelined next request would be POLLIN alone).
  pollfd p{connection->stream.socket(), POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

HttpServer::HttpServer(size_t workers, const ConnectionLimits& limits) : limits_(limits) {
  // httplib's accept loop owns the queue (it deletes it after shutdown); the pointer is for the
  // connections, which all run on it.
  new_task_queue = [this, workers] {
    auto* pool = new WorkerPool(workers);
    pool_ = pool;
    return pool;
  };
  set_keep_alive_timeout(limits.keep_alive_timeout.count() / 1000);  // only advertised
  set_post_routing_handler(FinishResponse);
}

void HttpServer::CloseUnservedSocket() {
  const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock != INVALID_SOCKET) ::close(sock);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  Connection connection(sock, limits_, *pool_.load());
  current_connection = &connection;
  bool ok = true;
  for (size_t served = 0; served < keep_alive_max_count_ && svr_sock_ != INVALID_SOCKET; ++served) {
    if (served > 0 && !connection.stream.AwaitNextRequest()) break;
    connection.stream.BeginHeaders();
    connection.headers_complete = false;
    connection.must_close = false;
    const bool last = served + 1 == keep_alive_max_count_;
    bool client_closes = false;
    ok = process_request(connection.stream, last, client_closes, [&connection](httplib::Request&) {
      connection.headers_complete = true;
      connection.stream.BeginBody();
    });
    if (!ok || client_closes || connection.must_close) break;
  }
  current_connection = nullptr;
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace logset::internal
