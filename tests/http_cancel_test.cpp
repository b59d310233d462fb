// SPDX-License-Identifier: MIT
// A request whose client disconnects stops its queries instead of running on for nobody.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "logs/jsonl_import.h"
#include "logset/server.h"
#include "logset/store.h"
#include "test_util.h"

namespace logset {
namespace {

TEST_SUITE_BEGIN("http cancel");

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  return fd;
}

std::string Post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_CASE("a list whose client closes the connection is abandoned, not finished") {
  testing::TempDir dir;
  StoreOptions store_options;
  store_options.path = dir.File("store.db");
  store_options.query_timeout_ms = 0;
  auto store = Store::Open(store_options);
  std::string lines;
  for (int i = 0; i < 50000; ++i) lines += R"({"input": "question )" + std::to_string(i) + "\"}\n";
  std::istringstream in(lines);
  REQUIRE(internal::ImportRequestLogsJsonl(*store, in, internal::JsonlImportOptions{}).imported ==
          50000);

  const std::string log_path = dir.File("access.log");
  const std::string request =
      Post("/api/request-logs/list/",
           R"({"filters": {"input": {"operator": "regex", "value": "(q|x)+u.*n [0-9]*9$"}}})");
  // Matches nothing, so counting and paging it read all 50,000 logs (and no count is cached).
  const std::string abandoned =
      Post("/api/request-logs/list/",
           R"({"filters": {"input": {"operator": "regex", "value": "(q|x)+u.*n z[0-9]*$"}}})");
  {
    std::ofstream access_log(log_path);
    ServerOptions options;
    options.port = 0;
    options.access_log = &access_log;
    // One worker serves the connections in the order they arrive, so the /healthz call below is
    // answered only once the abandoned request has ended.
    options.threads = 1;
    Server server(*store, options);
    const int port = server.Start();

    // A client that waits gets the whole answer.
    const int waiting = Connect(port);
    REQUIRE(send(waiting, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size()));
    std::string answer;
    char buffer[65536];
    while (answer.find("\"count\":") == std::string::npos) {
      const ssize_t n = recv(waiting, buffer, sizeof(buffer), 0);
      REQUIRE(n > 0);
      answer.append(buffer, static_cast<size_t>(n));
    }
    CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(answer.find("\"count\":5000") != std::string::npos);
    close(waiting);

    // One that sends a request and leaves at once.
    const int leaving = Connect(port);
    REQUIRE(send(leaving, abandoned.data(), abandoned.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(abandoned.size()));
    close(leaving);
    const int after = Connect(port);
    const std::string health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    REQUIRE(send(after, health.data(), health.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(health.size()));
    REQUIRE(recv(after, buffer, sizeof(buffer), 0) > 0);
    close(after);
  }
  std::ifstream log(log_path);
  std::vector<std::string> logged;
  for (std::string line; std::getline(log, line);) logged.push_back(line);
  REQUIRE(logged.size() == 3);
  CAPTURE(logged[1]);
  CHECK(logged[1].find("\"POST /api/request-logs/list/\" 400 ") != std::string::npos);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
