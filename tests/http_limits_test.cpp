// SPDX-License-Identifier: MIT
// Tests that no client can starve `logset serve` or blow it up: slow, idle, oversized, pipelined.
#include <arpa/inet.h>
#include <dirent.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "logset/server.h"
#include "test_util.h"

namespace logset {
namespace {

using namespace std::chrono_literals;

// Long enough for any answer on a loaded machine, short enough that a hang fails quickly.
constexpr auto kPatience = 5s;
// Longer than the 100 ms a loaded server lets a connection idle, shorter than any timeout the
// server had before it watched its load (5 s keep-alive and read timeouts).
constexpr auto kLoadedPatience = 3s;

// One status-line-headers-body HTTP/1.1 response.
struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

// A client socket on loopback that speaks raw HTTP, with every receive bounded by `patience`.
class RawConnection {
 public:
  explicit RawConnection(int port, std::chrono::milliseconds patience = kPatience)
      : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    timeval timeout{};
    timeout.tv_sec = static_cast<time_t>(patience.count() / 1000);
    timeout.tv_usec = static_cast<suseconds_t>(patience.count() % 1000 * 1000);
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false once the server has closed or reset the connection.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // The next response, or nullopt if the connection ends (or stays silent) before it is whole.
  std::optional<RawResponse> ReadResponse() {
    size_t head_end = std::string::npos;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Receive()) return std::nullopt;
    }
    RawResponse response;
    response.head = pending_.substr(0, head_end);
    response.status = std::atoi(response.head.c_str() + std::strlen("HTTP/1.1 "));
    const size_t body_size = ContentLength(response.head);
    while (pending_.size() < head_end + 4 + body_size) {
      if (!Receive()) return std::nullopt;
    }
    response.body = pending_.substr(head_end + 4, body_size);
    pending_.erase(0, head_end + 4 + body_size);
    return response;
  }

  // True once the server closes (or resets) the connection, anything it sent first ignored;
  // false if it is still open after the patience.
  bool AwaitClosed() {
    for (;;) {
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
      if (n < 0) return false;
    }
  }

 private:
  static size_t ContentLength(const std::string& head) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const size_t at = lower.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 17));
  }

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

// Sends `bytes` on its own thread one byte every 20 ms (well inside any per-read timeout), until
// they run out, the server closes the connection, or the object is destroyed.
class Trickler {
 public:
  Trickler(RawConnection& connection, std::string bytes)
      : thread_([this, &connection, bytes = std::move(bytes)] {
          for (const char byte : bytes) {
            if (stop_ || !connection.Send(std::string_view(&byte, 1))) return;
            std::this_thread::sleep_for(20ms);  // the trickle itself, not synchronisation
          }
        }) {}
  ~Trickler() {
    stop_ = true;
    thread_.join();
  }
  Trickler(const Trickler&) = delete;
  Trickler& operator=(const Trickler&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

ServerOptions Options(int threads) {
  ServerOptions options;
  options.port = 0;
  options.threads = threads;
  return options;
}

// A Server on a free loopback port, stopped and joined when destroyed.
struct RunningServer {
  RunningServer(Store& store, const ServerOptions& options)
      : server(store, options), port(server.Start()) {}
  Server server;
  int port;
};

constexpr const char* kHealthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

std::optional<RawResponse> Exchange(int port, std::string_view request,
                                    std::chrono::milliseconds patience = kPatience) {
  RawConnection connection(port, patience);
  if (!connection.Send(request)) return std::nullopt;
  return connection.ReadResponse();
}

std::string HeaderFields(size_t count) {
  std::string fields;
  for (size_t i = 0; i < count; ++i) fields += "X-Field-" + std::to_string(i) + ": v\r\n";
  return fields;
}

size_t OpenDescriptors() {
  size_t count = 0;
  DIR* dir = opendir("/proc/self/fd");
  REQUIRE(dir != nullptr);
  while (const dirent* entry = readdir(dir)) count += entry->d_name[0] != '.';
  closedir(dir);
  return count;
}

size_t ResidentKilobytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

}  // namespace

TEST_SUITE_BEGIN("http_limits");

TEST_CASE("clients trickling their headers give their workers up to a waiting client") {
  auto store = testing::OpenMemoryStore();
  RunningServer server(*store, Options(2));  // default header timeout: 10 s, 1 s under load
  // Connected first, so the two workers take them first.
  RawConnection slow_a(server.port);
  RawConnection slow_b(server.port);
  const std::string slow_request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " +
                                   std::string(250, 'a');  // 5 s at a byte per 20 ms
  Trickler trickle_a(slow_a, slow_request);
  Trickler trickle_b(slow_b, slow_request);

  const auto healthz = Exchange(server.port, kHealthz, kLoadedPatience);
  REQUIRE(healthz);
  CHECK(healthz->status == 200);
  CHECK(slow_a.AwaitClosed());
  CHECK(slow_b.AwaitClosed());
}

TEST_CASE("a client trickling its headers is cut off at the header deadline") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(4);
  options.header_timeout_ms = 200;
  RunningServer server(*store, options);

  SUBCASE("trickling: 408 or closed, though every read gets a byte in time") {
    RawConnection slow(server.port);
    Trickler trickle(slow, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(250, 'a'));
    CHECK(slow.AwaitClosed());
  }
  SUBCASE("silent after part of the headers: 408, then closed") {
    RawConnection slow(server.port);
    REQUIRE(slow.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
    const auto response = slow.ReadResponse();
    REQUIRE(response);
    CHECK(response->status == 408);
    CHECK(response->head.find("Connection: close") != std::string::npos);
    CHECK(slow.AwaitClosed());
  }
  SUBCASE("silent mid request line: closed without an answer") {
    RawConnection slow(server.port);
    REQUIRE(slow.Send("GET /heal"));
    CHECK_FALSE(slow.ReadResponse());
    CHECK(slow.AwaitClosed());
  }
  // The server is still there for others.
  const auto healthz = Exchange(server.port, kHealthz);
  REQUIRE(healthz);
  CHECK(healthz->status == 200);
}

TEST_CASE("a client trickling its body is cut off at the body deadline") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(4);
  options.body_timeout_ms = 200;
  RunningServer server(*store, options);
  const std::string head =
      "POST /api/datasets/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test\r\n"
      "Content-Type: application/json\r\nContent-Length: 300\r\n\r\n";

  SUBCASE("trickling: 408 or closed") {
    RawConnection slow(server.port);
    REQUIRE(slow.Send(head));
    Trickler trickle(slow, std::string(250, ' '));
    CHECK(slow.AwaitClosed());
  }
  SUBCASE("silent after part of the body: 408, then closed") {
    RawConnection slow(server.port);
    REQUIRE(slow.Send(head + "{\"name\""));
    const auto response = slow.ReadResponse();
    REQUIRE(response);
    CHECK(response->status == 408);
    CHECK(slow.AwaitClosed());
  }
}

TEST_CASE("pipelined requests on one connection are all answered, in order") {
  auto store = testing::OpenMemoryStore();
  RunningServer server(*store, Options(2));
  const std::vector<std::string> requests = {
      kHealthz,
      "POST /api/datasets/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test\r\n"
      "Content-Type: application/json\r\nContent-Length: 6\r\n\r\n[1, 2]",
      "GET /api/no-such-route/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test\r\n\r\n",
      kHealthz,
  };
  // Each answered alone first, on its own connection.
  std::vector<RawResponse> alone;
  for (const std::string& request : requests) {
    const auto response = Exchange(server.port, request);
    REQUIRE(response);
    alone.push_back(*response);
  }
  REQUIRE(alone[0].status != alone[1].status);  // so that the order shows
  REQUIRE(alone[1].status != alone[2].status);

  std::string all;
  for (const std::string& request : requests) all += request;
  RawConnection connection(server.port);
  REQUIRE(connection.Send(all));  // one send: the requests arrive together
  for (size_t i = 0; i < requests.size(); ++i) {
    CAPTURE(i);
    const auto response = connection.ReadResponse();
    REQUIRE(response);
    CHECK(response->status == alone[i].status);
    CHECK(response->body == alone[i].body);
  }
}

TEST_CASE("a request whose body was not read closes its connection after the answer") {
  auto store = testing::OpenMemoryStore();
  RunningServer server(*store, Options(2));
  // A GET is answered without reading its body; "GET /x" inside the body must not be served as
  // a request of its own.
  RawConnection connection(server.port);
  REQUIRE(
      connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 36\r\n\r\n"
                      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto response = connection.ReadResponse();
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->head.find("Connection: close") != std::string::npos);
  CHECK_FALSE(connection.ReadResponse());
}

TEST_CASE("headers over the limits get 431 without the server reading them all") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(4);
  options.max_header_bytes = 16 * 1024;
  RunningServer server(*store, options);

  SUBCASE("100 fields are accepted") {
    const auto response =
        Exchange(server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n" + HeaderFields(99) + "\r\n");
    REQUIRE(response);
    CHECK(response->status == 200);
  }
  SUBCASE("101 fields are not") {
    const auto response =
        Exchange(server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n" + HeaderFields(100) + "\r\n");
    REQUIRE(response);
    CHECK(response->status == 431);
    CHECK(response->head.find("Connection: close") != std::string::npos);
  }
  SUBCASE("fields over max_header_bytes in total") {
    const std::string big(1000, 'v');
    std::string fields;
    for (int i = 0; i < 20; ++i) fields += "X-Big-" + std::to_string(i) + ": " + big + "\r\n";
    const auto response =
        Exchange(server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n");
    REQUIRE(response);
    CHECK(response->status == 431);
  }
  SUBCASE("6 MB of fields, or one endless line: the server stops reading early") {
    // 6 MB either way (some 330,000 fields); the socket buffers hold far less, so a server that
    // stops reading at the limit makes the sender fail long before the end.
    for (const bool endless_line : {false, true}) {
      CAPTURE(endless_line);
      RawConnection connection(server.port);
      std::atomic<size_t> sent{0};
      constexpr size_t kTotal = 6'000'000;
      std::thread sender([&] {
        const std::string chunk = endless_line ? std::string(6000, 'a') : HeaderFields(1000);
        if (!connection.Send(endless_line ? "GET /healthz HTTP/1.1\r\nX-Long: "
                                          : "GET /healthz HTTP/1.1\r\n")) {
          return;
        }
        while (sent < kTotal && connection.Send(chunk)) sent += chunk.size();
      });
      const auto response = connection.ReadResponse();
      sender.join();
      CHECK(sent < kTotal);
      if (response) CHECK(response->status == 431);  // else reset while the client was sending
    }
  }
  const auto healthz = Exchange(server.port, kHealthz);
  REQUIRE(healthz);
  CHECK(healthz->status == 200);
}

TEST_CASE("idle kept-alive connections give their workers up to a waiting client") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(2);
  options.keep_alive_timeout_ms = 60000;  // so only the load can free a worker in time
  RunningServer server(*store, options);
  RawConnection idle_a(server.port);
  RawConnection idle_b(server.port);
  for (RawConnection* idle : {&idle_a, &idle_b}) {
    REQUIRE(idle->Send(kHealthz));
    const auto response = idle->ReadResponse();
    REQUIRE(response);
    REQUIRE(response->status == 200);
  }
  // Both workers now hold a kept-alive connection.
  const auto healthz = Exchange(server.port, kHealthz, kLoadedPatience);
  REQUIRE(healthz);
  CHECK(healthz->status == 200);
  CHECK(idle_a.AwaitClosed());
  CHECK(idle_b.AwaitClosed());
}

TEST_CASE("an idle kept-alive connection is closed after the keep-alive timeout") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(4);
  options.keep_alive_timeout_ms = 100;
  RunningServer server(*store, options);
  RawConnection connection(server.port, kLoadedPatience);
  REQUIRE(connection.Send(kHealthz));
  REQUIRE(connection.ReadResponse());
  CHECK(connection.AwaitClosed());
}

TEST_CASE("uploads beyond the body budget wait their turn and are all answered") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(4);
  options.max_body_bytes_in_flight = 1;  // one body at a time
  RunningServer server(*store, options);
  const std::string request =
      "POST /api/datasets/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  const auto alone = Exchange(server.port, request);
  REQUIRE(alone);
  std::vector<std::optional<RawResponse>> answers(4);
  std::vector<std::thread> clients;
  for (auto& answer : answers) {
    clients.emplace_back([&] { answer = Exchange(server.port, request); });
  }
  for (std::thread& client : clients) client.join();
  for (const auto& answer : answers) {
    REQUIRE(answer);
    CHECK(answer->status == alone->status);
  }
}

TEST_CASE("ten thousand requests, some abusive, leave no descriptor open and memory flat") {
  auto store = testing::OpenMemoryStore();
  const size_t descriptors_before = OpenDescriptors();
  size_t resident_after_warmup = 0;
  {
    ServerOptions options = Options(4);
    options.header_timeout_ms = 1000;
    RunningServer server(*store, options);
    size_t requests = 0;
    for (int round = 0; requests < 10'000; ++round) {
      if (round == 100) resident_after_warmup = ResidentKilobytes();
      RawConnection connection(server.port);
      switch (round % 4) {
        case 0: {  // ten kept-alive requests
          for (int i = 0; i < 10; ++i, ++requests) {
            REQUIRE(connection.Send(kHealthz));
            const auto response = connection.ReadResponse();
            REQUIRE(response);
            REQUIRE(response->status == 200);
          }
          break;
        }
        case 1: {  // ten pipelined requests in one send
          std::string all;
          for (int i = 0; i < 10; ++i) all += kHealthz;
          REQUIRE(connection.Send(all));
          for (int i = 0; i < 10; ++i, ++requests) REQUIRE(connection.ReadResponse());
          break;
        }
        case 2: {  // too many fields
          REQUIRE(connection.Send("GET /healthz HTTP/1.1\r\n" + HeaderFields(200) + "\r\n"));
          const auto response = connection.ReadResponse();
          REQUIRE(response);
          REQUIRE(response->status == 431);
          ++requests;
          break;
        }
        default:  // a request cut off by the client
          REQUIRE(connection.Send("POST /api/datasets/ HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"));
          ++requests;
          break;
      }
    }
  }
  CHECK(OpenDescriptors() == descriptors_before);
#ifndef __SANITIZE_ADDRESS__
  // A leak of a kilobyte per request would show as 10 MB. Under AddressSanitizer freed memory
  // waits in a 256 MB quarantine, so resident memory grows anyway; LeakSanitizer checks leaks.
  CHECK(ResidentKilobytes() < resident_after_warmup + 8 * 1024);
#else
  (void)resident_after_warmup;
#endif
}

TEST_CASE("ServerOptions limits below their minimum are refused") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options = Options(1);
  SUBCASE("keep-alive timeout") { options.keep_alive_timeout_ms = 0; }
  SUBCASE("header timeout") { options.header_timeout_ms = -1; }
  SUBCASE("body timeout") { options.body_timeout_ms = 0; }
  SUBCASE("header bytes") { options.max_header_bytes = 0; }
  SUBCASE("body bytes in flight") { options.max_body_bytes_in_flight = 0; }
  CHECK_THROWS_AS(Server(*store, options), InvalidArgument);
}

TEST_SUITE_END();

}  // namespace logset
