// SPDX-License-Identifier: MIT
// Tests of requests whose headers and body reach `logset serve` in separate writes, as httpx sends.
//
// A client with Nagle's algorithm on (the socket default, kept by httpx before httpcore 0.17.2)
// holds the second write until the server acknowledges the first, and Linux delays that
// acknowledgement by at least 40 ms once a connection has answered: every such request waited
// ~44 ms. The symptom is time, yet these tests time nothing. "60 requests in under 1.5 s" (the
// delay makes them about 2.6 s) would leave 25 ms a request, which holds on an idle machine but
// not surely under `make sanitize` with ctest running a CPU-bound test on the other core of a
// shared 2-core machine, and a slow run would fail for nothing. Instead a test hook reports each
// time the server is about to wait for the rest of a request it has begun to read, and the tests
// assert that at every such wait TCP_QUICKACK reads on (Linux reads it off while it delays
// acknowledgements, as it does after the first answer, so without the fix later waits read off)
// and TCP_NODELAY is on (the server's own answers are two writes too), that such waits happened,
// and that every answer is right. The waits are certain: after the first few segments of a
// connection, which Linux acknowledges at once, the client cannot send the second write before
// the server acknowledges the first, and the server reads the first before it can acknowledge it.
// Without the fix, every wait of each case (59 of 59) read TCP_QUICKACK off.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/connection_stream.h"
#include "logset/server.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::Json;

// Fewer than the server's 100 requests per connection, so one connection carries them all.
constexpr int kRequests = 60;

std::atomic<int> mid_request_waits{0};
std::atomic<int> waits_without_quickack{0};
std::atomic<int> waits_without_nodelay{0};

int TcpOption(int sock, int option) {
  int value = -1;
  socklen_t length = sizeof(value);
  getsockopt(sock, IPPROTO_TCP, option, &value, &length);
  return value;
}

void ObserveWait(int sock) {
  ++mid_request_waits;
  if (TcpOption(sock, TCP_QUICKACK) != 1) ++waits_without_quickack;
  if (TcpOption(sock, TCP_NODELAY) != 1) ++waits_without_nodelay;
}

// Installs ObserveWait with fresh counts for its lifetime.
struct WaitObserver {
  WaitObserver() {
    mid_request_waits = 0;
    waits_without_quickack = 0;
    waits_without_nodelay = 0;
    internal::SetMidRequestWaitObserverForTesting(ObserveWait);
  }
  ~WaitObserver() { internal::SetMidRequestWaitObserverForTesting(nullptr); }
  WaitObserver(const WaitObserver&) = delete;
  WaitObserver& operator=(const WaitObserver&) = delete;
};

// A Server on a free loopback port, stopped and joined when destroyed.
struct RunningServer {
  explicit RunningServer(Store& store) : server(store, Options()), port(server.Start()) {}
  static ServerOptions Options() {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    return options;
  }
  Server server;
  int port;
};

struct RawResponse {
  int status = 0;
  Json body;
};

// A kept-alive client socket with Nagle's algorithm on that sends each part of a request with a
// send() of its own. Every receive gives up after 5 s, so a hang fails instead of blocking.
class NagleClient {
 public:
  explicit NagleClient(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    const timeval patience{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience));
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &patience, sizeof(patience));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    REQUIRE(TcpOption(fd_, TCP_NODELAY) == 0);
  }
  ~NagleClient() { ::close(fd_); }
  NagleClient(const NagleClient&) = delete;
  NagleClient& operator=(const NagleClient&) = delete;

  // Sends `parts`, one send() each, and returns the response, or nullopt if none came whole.
  std::optional<RawResponse> Exchange(const std::vector<std::string>& parts) {
    for (const std::string& part : parts) {
      if (::send(fd_, part.data(), part.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(part.size())) {
        return std::nullopt;
      }
    }
    size_t head_end = std::string::npos;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Receive()) return std::nullopt;
    }
    std::string head = pending_.substr(0, head_end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const size_t length_at = head.find("\r\ncontent-length:");
    if (length_at == std::string::npos) return std::nullopt;
    const size_t end = head_end + 4 + std::strtoul(head.c_str() + length_at + 17, nullptr, 10);
    while (pending_.size() < end) {
      if (!Receive()) return std::nullopt;
    }
    RawResponse response;
    response.status = std::atoi(head.c_str() + std::strlen("http/1.1 "));
    response.body = Json::parse(pending_.substr(head_end + 4, end - head_end - 4), nullptr, false);
    pending_.erase(0, end);
    return response;
  }

 private:
  bool Receive() {
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  std::string pending_;
};

std::string PostHead(const std::string& path, size_t body_size) {
  return "POST " + path +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test-key\r\n"
         "Content-Type: application/json\r\nContent-Length: " +
         std::to_string(body_size) + "\r\n\r\n";
}

// About 1 KB, like a typical R1 body.
Json CreateBody(int i) {
  return Json{{"model", "gpt-4o"},
              {"customer_identifier", "two-write-" + std::to_string(i)},
              {"input", std::string(900, 'q')},
              {"output", "ok"}};
}

}  // namespace

TEST_SUITE_BEGIN("http_two_write");

TEST_CASE("POSTs sent as headers then body, Nagle on, are answered with the socket acknowledging") {
  auto store = testing::OpenMemoryStore();
  RunningServer running(*store);
  const WaitObserver observer;
  NagleClient client(running.port);

  SUBCASE("create") {
    for (int i = 0; i < kRequests; ++i) {
      CAPTURE(i);
      const std::string body = CreateBody(i).dump();
      const auto response = client.Exchange({PostHead("/api/request-logs/", body.size()), body});
      REQUIRE(response);
      CHECK(response->status == 200);
      CHECK(response->body.value("customer_identifier", "") == "two-write-" + std::to_string(i));
    }
    CHECK(testing::CountRows(*store, "request_logs") == kRequests);
  }
  SUBCASE("bulk") {
    for (int i = 0; i < kRequests; ++i) {
      CAPTURE(i);
      const std::string body = Json{{"logs", {CreateBody(2 * i), CreateBody(2 * i + 1)}}}.dump();
      const auto response =
          client.Exchange({PostHead("/api/request-logs/bulk/", body.size()), body});
      REQUIRE(response);
      CHECK(response->status == 200);
      CHECK(response->body.value("success_count", -1) == 2);
      CHECK(response->body.value("error_count", -1) == 0);
    }
    CHECK(testing::CountRows(*store, "request_logs") == 2 * kRequests);
  }
  CHECK(mid_request_waits.load() > 0);
  CHECK(waits_without_quickack.load() == 0);
  CHECK(waits_without_nodelay.load() == 0);
}

TEST_CASE("headers sent in two writes are acknowledged while the rest of them is awaited") {
  auto store = testing::OpenMemoryStore();
  RunningServer running(*store);
  const WaitObserver observer;
  NagleClient client(running.port);

  for (int i = 0; i < kRequests; ++i) {
    CAPTURE(i);
    const std::string body = CreateBody(i).dump();
    const std::string head = PostHead("/api/request-logs/", body.size());
    const size_t split = head.find("Authorization");
    const auto response = client.Exchange({head.substr(0, split), head.substr(split), body});
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body.value("customer_identifier", "") == "two-write-" + std::to_string(i));
  }
  CHECK(testing::CountRows(*store, "request_logs") == kRequests);
  CHECK(mid_request_waits.load() > 0);
  CHECK(waits_without_quickack.load() == 0);
  CHECK(waits_without_nodelay.load() == 0);
}

TEST_SUITE_END();

}  // namespace logset
