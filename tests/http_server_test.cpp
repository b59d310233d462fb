// SPDX-License-Identifier: MIT
// Tests of `logset serve`'s HTTP front: a real server on a free loopback port, a real client.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "http/api_adapter.h"
#include "logset/api.h"
#include "logset/error.h"
#include "logset/keys.h"
#include "logset/server.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::Json;

constexpr const char* kAuth = "Bearer test-key";

// A Server on a free loopback port, serving until the object is destroyed (which stops it and
// joins its threads, also when a check fails).
class TestServer {
 public:
  explicit TestServer(Store& store, std::ostream* access_log = nullptr)
      : server_(store, Options(access_log)), port_(server_.Start()) {}

  int port() const { return port_; }
  std::string host_header() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  static ServerOptions Options(std::ostream* access_log) {
    ServerOptions options;
    options.port = 0;
    options.threads = 4;
    options.access_log = access_log;
    return options;
  }
  Server server_;
  int port_;
};

// One API call, sent byte for byte over HTTP and in-process.
struct Call {
  std::string method;
  std::string target;  // path and query, as sent
  std::string auth;    // Authorization value, "" for none
  std::string body;
  std::string forwarded_proto = {};  // X-Forwarded-Proto value, "" for none
};

httplib::Result Send(httplib::Client& client, const Call& call) {
  httplib::Request request;
  request.method = call.method;
  request.path = call.target;
  if (!call.auth.empty()) request.headers.emplace("Authorization", call.auth);
  if (!call.forwarded_proto.empty()) {
    request.headers.emplace("X-Forwarded-Proto", call.forwarded_proto);
  }
  if (!call.body.empty()) {
    request.headers.emplace("Content-Type", "application/json");
    request.body = call.body;
  }
  return client.send(request);
}

ApiResponse HandleInProcess(const Api& api, const Call& call, const std::string& host) {
  ApiRequest request;
  request.method = call.method;
  const size_t question = call.target.find('?');
  request.path = call.target.substr(0, question);
  if (question != std::string::npos) request.query = call.target.substr(question + 1);
  request.authorization = call.auth;
  request.host = host;
  request.forwarded_proto = call.forwarded_proto;
  request.body = call.body;
  return api.Handle(request);
}

// Calls whose answers the API framework fixes whatever the handlers do, and read-only calls that
// are deterministic on an empty store.
const std::vector<Call>& FixedAnswerCalls() {
  static const std::vector<Call> kCalls = {
      {"GET", "/api/datasets/list/", "", ""},
      {"GET", "/api/datasets/list/", "Token abc", ""},
      {"GET", "/api/no-such-route/", kAuth, ""},
      {"GET", "/api/datasets%2Flist/", "", ""},  // a route only if the path were decoded first
      {"GET", "/datasets/list/", kAuth, ""},
      {"GET", "/api/datasets/", kAuth, ""},
      {"OPTIONS", "/api/datasets/", kAuth, ""},
      {"DELETE", "/api/datasets/list/", kAuth, ""},
      {"PUT", "/api/request-logs/list/", kAuth, "{}"},
      {"POST", "/api/datasets/", kAuth, "{\"name\": "},
      {"POST", "/api/datasets/", kAuth, "[1, 2]"},
      {"PATCH", "/api/datasets/abc/", kAuth, "\xff"},
      {"GET", "/api/datasets/list/?page=0", kAuth, ""},
      {"GET", "/api/datasets/list/?page_size=1&sort_by=name", kAuth, ""},
      {"POST", "/api/request-logs/list/?page_size=5&sort_by=-timestamp", kAuth, "{}"},
      {"GET", "/api/request-logs/0123456789abcdef0123456789abcdef/", kAuth, ""},
  };
  return kCalls;
}

void CheckSameAnswer(const httplib::Result& http, const ApiResponse& expected) {
  REQUIRE(http);
  CHECK(http->status == expected.status);
  CHECK(http->body == expected.body);
  for (const auto& [name, value] : expected.headers) CHECK(http->get_header_value(name) == value);
  CHECK(http->get_header_value("Content-Type") ==
        (expected.body.empty() ? "" : "application/json"));
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Sends `bytes` on a new connection and returns the first response: status line, headers and
// as much body as its Content-Length says (the connection may stay open after it).
std::string RawExchange(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(send(fd, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size()));
  std::string received;
  size_t expected_size = std::string::npos;
  char buffer[4096];
  while (received.size() < expected_size) {
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
    const size_t header_end = received.find("\r\n\r\n");
    const size_t length_at = received.find("Content-Length: ");
    if (header_end != std::string::npos && length_at < header_end) {
      expected_size = header_end + 4 + std::stoul(received.substr(length_at + 16));
    }
  }
  close(fd);
  return received;
}

}  // namespace

TEST_SUITE_BEGIN("http_server");

TEST_CASE("GET /healthz answers 200 without a key, also in keyed mode") {
  auto store = testing::OpenMemoryStore();
  AddApiKey(*store, "default", "prod", std::string("sk-only"));
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  const auto res = client.Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(Json::parse(res->body) == Json{{"status", "ok"}});
  CHECK(res->get_header_value("Content-Type") == "application/json");
}

TEST_CASE("answers over HTTP are byte-identical to Api::Handle in-process") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("store.db"));
  const Api api(*store);
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  client.set_url_encode(false);
  for (const Call& call : FixedAnswerCalls()) {
    CAPTURE(call.method);
    CAPTURE(call.target);
    CheckSameAnswer(Send(client, call), HandleInProcess(api, call, server.host_header()));
  }
}

TEST_CASE("HEAD and OPTIONS reach the API: 405 with Allow on a known route, 404 otherwise") {
  auto store = testing::OpenMemoryStore();
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  const httplib::Headers auth = {{"Authorization", kAuth}};

  auto head = client.Head("/api/datasets/list/", auth);
  REQUIRE(head);
  CHECK(head->status == 405);
  CHECK(head->get_header_value("Allow") == "GET, POST");
  CHECK(head->body.empty());

  head = client.Head("/api/nothing-here/", auth);
  REQUIRE(head);
  CHECK(head->status == 404);

  const auto options = client.Options("/api/request-logs/", auth);
  REQUIRE(options);
  CHECK(options->status == 405);
  CHECK(options->get_header_value("Allow") == "GET, POST");
  CHECK(Json::parse(options->body)["detail"] == "Method \"OPTIONS\" not allowed.");
}

TEST_CASE("a body over 20 MB gets the API's 413, sent with Content-Length or chunked") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  const std::string too_big(Api::kMaxBodyBytes + 1, ' ');
  const ApiResponse expected = HandleInProcess(api, {"POST", "/api/datasets/", kAuth, too_big}, "");
  REQUIRE(expected.status == 413);
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  const httplib::Headers auth = {{"Authorization", kAuth}};

  SUBCASE("with Content-Length") {
    CheckSameAnswer(client.Post("/api/datasets/", auth, too_big, "application/json"), expected);
  }
  SUBCASE("chunked, on a kept-alive connection that still serves the next request") {
    client.set_keep_alive(true);
    const std::string chunk(1024 * 1024, ' ');
    auto provider = [&chunk](size_t offset, httplib::DataSink& sink) {
      if (offset > Api::kMaxBodyBytes) {
        sink.done();
      } else {
        sink.write(chunk.data(), chunk.size());
      }
      return true;
    };
    CheckSameAnswer(client.Post("/api/datasets/", auth, provider, "application/json"), expected);
    const auto next = client.Get("/healthz");
    REQUIRE(next);
    CHECK(next->status == 200);
  }
  SUBCASE("a body of exactly 20 MB is read and goes on to authentication") {
    const std::string at_limit(Api::kMaxBodyBytes, ' ');
    const auto res = client.Post("/api/datasets/", at_limit, "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
  }
}

TEST_CASE("a chunked body under the limit reaches the API") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  const std::string body = "[\"not\", \"an object\"]";
  auto provider = [&body](size_t offset, httplib::DataSink& sink) {
    if (offset < body.size()) {
      sink.write(body.data() + offset, std::min<size_t>(4, body.size() - offset));
    } else {
      sink.done();
    }
    return true;
  };
  const auto res =
      client.Post("/api/datasets/", {{"Authorization", kAuth}}, provider, "application/json");
  CheckSameAnswer(res, HandleInProcess(api, {"POST", "/api/datasets/", kAuth, body}, ""));
  CHECK(res->status == 400);
}

TEST_CASE("a POST without Content-Length has an empty body and is answered at once") {
  auto store = testing::OpenMemoryStore();
  TestServer server(*store);
  // Without a length httplib would wait for the connection to close (its 5 s read timeout) and
  // answer 400; an empty body lets the API answer, here 401 for the missing key.
  const std::string answer = RawExchange(
      server.port(), "POST /api/datasets/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(answer.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(answer.find("Authentication credentials were not provided.") != std::string::npos);
}

TEST_CASE("a request httplib cannot parse gets a JSON 400") {
  auto store = testing::OpenMemoryStore();
  TestServer server(*store);
  const std::string answer =
      RawExchange(server.port(), "BREW /api/datasets/ HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(answer.find("Content-Type: application/json") != std::string::npos);
  CHECK(answer.find("{\"detail\":\"Malformed HTTP request.\"}") != std::string::npos);
}

TEST_CASE("a Range header does not cut the JSON body") {
  auto store = testing::OpenMemoryStore();
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  const auto res = client.Get("/healthz", {{"Range", "bytes=0-3"}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "{\"status\":\"ok\"}");
}

TEST_CASE("a keyed server refuses unknown keys over HTTP like in-process") {
  auto store = testing::OpenMemoryStore();
  AddApiKey(*store, "default", "prod", std::string("sk-good"));
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  const auto res = client.Get("/api/datasets/list/", {{"Authorization", "Bearer sk-bad"}});
  REQUIRE(res);
  CHECK(res->status == 401);
  CHECK(Json::parse(res->body)["detail"] == "Your API key is invalid or expired.");
  CHECK(res->get_header_value("WWW-Authenticate") == "Bearer realm=\"api\"");
}

TEST_CASE("a dataset created over HTTP reads back identically over HTTP and in-process") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("store.db"));
  const Api api(*store);
  TestServer server(*store);
  httplib::Client client("127.0.0.1", server.port());
  client.set_url_encode(false);
  const auto created =
      Send(client, {"POST", "/api/datasets/", kAuth, R"({"name": "x", "is_empty": true})"});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = Json::parse(created->body).at("id").get<std::string>();
  const Call get{"GET", "/api/datasets/" + id + "/", kAuth, ""};
  CheckSameAnswer(Send(client, get), HandleInProcess(api, get, server.host_header()));

  // Page links carry the Host header, X-Forwarded-Proto and the raw query.
  REQUIRE(Send(client, {"POST", "/api/datasets/", kAuth, R"({"name": "y", "is_empty": true})"}));
  const Call list{"GET", "/api/datasets/list/?page_size=1&q=a%2Bb+c&sort_by=name", kAuth, "",
                  "https"};
  const auto listed = Send(client, list);
  CheckSameAnswer(listed, HandleInProcess(api, list, server.host_header()));
  CHECK(
      Contains(listed->body, "https://" + server.host_header() +
                                 "/api/datasets/list/?page_size=1&q=a%2Bb+c&sort_by=name&page=2"));

  const auto deleted = Send(client, {"DELETE", "/api/datasets/" + id + "/", kAuth, ""});
  REQUIRE(deleted);
  CHECK(deleted->status == 204);
  CHECK(deleted->body.empty());
  CHECK_FALSE(deleted->has_header("Content-Type"));
  CheckSameAnswer(Send(client, get), HandleInProcess(api, get, server.host_header()));
}

TEST_CASE("eight clients sending fifty requests each all get the in-process answers") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("store.db"));
  const Api api(*store);
  TestServer server(*store);
  std::vector<Call> calls = FixedAnswerCalls();
  std::vector<ApiResponse> expected;
  for (const Call& call : calls)
    expected.push_back(HandleInProcess(api, call, server.host_header()));

  std::atomic<int> failed{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_url_encode(false);
      for (int i = 0; i < 50; ++i) {
        const size_t k = static_cast<size_t>(t * 7 + i) % calls.size();
        const auto res = Send(client, calls[k]);
        if (!res) {
          ++failed;
        } else if (res->status != expected[k].status || res->body != expected[k].body) {
          ++wrong;
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  CHECK(failed == 0);
  CHECK(wrong == 0);
}

TEST_CASE("each request writes one access-log line with target, status, bytes and duration") {
  auto store = testing::OpenMemoryStore();
  std::ostringstream log;
  {
    TestServer server(*store, &log);
    httplib::Client client("127.0.0.1", server.port());
    client.set_url_encode(false);
    REQUIRE(client.Get("/api/datasets%2Flist/?a=1"));
    REQUIRE(client.Get("/healthz"));
  }  // stopped and joined: every line is written
  std::vector<std::string> lines;
  std::istringstream in(log.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 2);
  const auto find = [&](const std::string& text) {
    for (const std::string& line : lines) {
      if (line.find(text) != std::string::npos) return line;
    }
    return std::string();
  };
  const std::string not_found = find("\"GET /api/datasets%2Flist/?a=1\" 404 ");
  REQUIRE_FALSE(not_found.empty());
  CHECK(not_found.find(" 127.0.0.1 ") != std::string::npos);
  CHECK(not_found.substr(not_found.size() - 2) == "ms");
  CHECK_FALSE(find("\"GET /healthz\" 200 15 ").empty());
}

TEST_CASE("Server::Bind enforces the open-mode rule and reports a port in use") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options;
  options.host = "0.0.0.0";
  options.port = 0;

  SUBCASE("open mode on every interface is refused") {
    Server server(*store, options);
    CHECK_THROWS_AS(server.Bind(), InvalidArgument);
  }
  SUBCASE("allow_open lifts the refusal") {
    options.allow_open = true;
    Server server(*store, options);
    CHECK(server.Start() > 0);
    CHECK(server.open_mode());
  }
  SUBCASE("keyed mode may listen everywhere") {
    AddApiKey(*store, "default", "prod", std::string("sk-1"));
    Server server(*store, options);
    CHECK(server.Start() > 0);
    CHECK_FALSE(server.open_mode());
  }
  SUBCASE("a port another server holds") {
    TestServer first(*store);
    ServerOptions same_port;
    same_port.port = first.port();
    Server second(*store, same_port);
    CHECK_THROWS_AS(second.Bind(), TransportError);
  }
  SUBCASE("a port out of range") {
    options.port = 70000;
    CHECK_THROWS_AS(Server server(*store, options), InvalidArgument);
  }
}

TEST_CASE("Run serves on the calling thread until Stop comes from another thread") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  Server server(*store, options);
  const int port = server.Bind();
  std::thread runner([&server] { server.Run(); });
  while (!server.IsRunning()) std::this_thread::yield();
  httplib::Client client("127.0.0.1", port);
  const auto res = client.Get("/healthz");
  server.Stop();
  runner.join();
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK_FALSE(server.IsRunning());
}

TEST_CASE("Stop before Run makes Run return at once") {
  auto store = testing::OpenMemoryStore();
  ServerOptions options;
  options.port = 0;
  Server server(*store, options);
  server.Bind();
  server.Stop();
  server.Run();
  CHECK_FALSE(server.IsRunning());
}

TEST_SUITE_END();

}  // namespace logset
