// SPDX-License-Identifier: MIT
// HTTP benchmark: requests/s, latency and bytes of `logset serve` over loopback, 1-16 clients.
//
//   data      N logs of bench::LogGenerator(seed) (~2 KB each) in DIR/logs.jsonl and DIR/store.db
//             (PrepareBenchData: reused while DIR/marker says they hold N logs of this seed); 1,000
//             unique_ids spread over the table are picked for R3. Not timed.
//   server    a logset::Server on 127.0.0.1, port 0 (a free port), in this process, with 16
//             worker threads: a worker serves one kept-alive connection at a time, so 16 clients
//             need 16 workers (the default is max(8, hardware threads)).
//   probe     one untimed request per scenario before its levels: its status, `count`, JSON size,
//             Content-Encoding and size on the wire are printed (and it warms the count cache).
//   list 50   GET /api/request-logs/list/?page_size=50 (R2, first page, newest first).
//   list 10   GET /api/request-logs/list/?page_size=10: the same with a fifth of the bytes.
//   filtered  GET /api/request-logs/list/?model=gpt-4o&page_size=50: an R2 quick filter (a
//             quarter of the logs match).
//   gzip      list 50 sent with Accept-Encoding: gzip, deflate, as Python's `requests` sends it by
//             default: the server then compresses each page (the other scenarios send none, as
//             httplib's client sends none, and get it uncompressed).
//   get       GET /api/request-logs/<uid>/ (R3), cycling through the picked ids.
//   levels    1, 4 and 16 client threads in this process (they share the cores with the
//             server), each an httplib::Client with keep-alive that decompresses a compressed
//             answer; the level does --requests requests in all (split evenly) or stops at
//             --seconds, whichever comes first, timed from when every client has connected (one
//             untimed GET /healthz each) to when the last one is done. Every answer must be 200;
//             any other is an error.
//   columns   req/s = answers / the level's wall time; p50 and p99 of per-request latency (send
//             to body read and decompressed); avg KB = mean decoded JSON body (KB = 1,024
//             bytes); wire KB = mean Content-Length as sent (compressed when the server
//             compressed); MB/s = decoded JSON bytes per second (MB = 1,048,576 bytes). No
//             baseline: there is no hand-written HTTP server to compare with.
//   goal      issue 5: the list page (page_size=50) at >= 3,000 req/s with 16 clients and p99
//             < 20 ms (set for 1,000,000 logs on this 2-core machine).
//
// Request bodies, in a second table, against a store of their own (DIR/http_bench_posts.db, made
// afresh and removed at the end, so the shared data set is left as found) behind a second Server
// like the first:
//   create    POST /api/request-logs/ (R1) with a ~1 KB body: 100 LogGenerator(seed) lines of
//             900-1,100 bytes, cycled.
//   bulk      POST /api/request-logs/bulk/ (R6) with 10 consecutive LogGenerator(seed) lines
//             (~18 KB, under one loopback segment), 20 such bodies cycled.
//   writes    each body sent three ways by a raw-socket client, so that the bench, not httplib,
//             decides the send() calls: "1 write", headers and body in one send(); "2 writes",
//             headers, then body, two send() calls as httpx/h11 does, with Nagle's algorithm on
//             (the socket default, which httpcore before 0.17.2 keeps); "2 writes, NODELAY",
//             the same with TCP_NODELAY, as httpcore sets it since 0.17.2.
//   levels    1, 4 and 16 clients as above, --post-requests per level (default 1,000: every one
//             adds rows), the three ways back to back at each level; each client connects with
//             one untimed GET /healthz; a connection the server closes (after 100 requests) is
//             reopened on the next request, inside its time, as httpx would. Every answer must
//             be 200.
//   columns   req/s, p50, p99 as above; vs 1 write = req/s / the 1-write row's at the same level.
//   goal      two-write bodies: create with 2 writes (Nagle on) and 1 client at p50 < 2 ms, and
//             every 2-write row with 1 client at >= 80% of its 1-write rate.
//
// Peak RSS is this process's getrusage peak at the end (server and clients; the import included
// when it ran here). Exits 1 if any request failed.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_data.h"
#include "bench_flags.h"
#include "bench_util.h"
#include "log_generator.h"
#include "logset/server.h"
#include "logset/store.h"

namespace {

using logset::bench::Clock;
using logset::bench::Count;
using logset::bench::Fixed;

constexpr double kKb = 1024.0;
constexpr double kMb = 1048576.0;

struct Options {
  long logs = 100000;
  uint64_t seed = 42;
  std::string dir = "/tmp/logset_http_bench";
  long requests = 2000;
  long post_requests = 1000;
  double seconds = 20;
  std::string only;  // run only the scenarios whose name contains this
};

Options ParseFlags(int argc, char** argv) {
  Options o;
  CLI::App app{"http_bench: logset serve over loopback with 1, 4 and 16 keep-alive clients."};
  logset::bench::AddDataFlags(app, o.logs, o.seed, o.dir,
                              "Working directory for logs.jsonl and store.db (reused)");
  app.add_option("--requests", o.requests, "Requests per concurrency level")
      ->check(CLI::Range(1L, 100000000L))
      ->capture_default_str();
  app.add_option("--post-requests", o.post_requests, "Requests per level of each body scenario")
      ->check(CLI::Range(1L, 100000000L))
      ->capture_default_str();
  app.add_option("--seconds", o.seconds, "Time cap per concurrency level")
      ->check(CLI::Range(0.001, 86400.0))
      ->capture_default_str();
  app.add_option("--only", o.only,
                 "Run only the scenarios whose name contains this text (e.g. 'page_size=50)')");
  logset::bench::ParseOrExit(app, argc, argv);
  return o;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "http_bench: %s\n", what.c_str());
  std::exit(1);
}

// Runs `sql` on the store file and returns the first column of every row as text.
std::vector<std::string> Query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// The request headers; `gzip` adds the Accept-Encoding a Python `requests` client sends.
const httplib::Headers& Headers(bool gzip) {
  static const httplib::Headers kPlain = {{"Authorization", "Bearer bench-key"}};
  static const httplib::Headers kGzip = {{"Authorization", "Bearer bench-key"},
                                         {"Accept-Encoding", "gzip, deflate"}};
  return gzip ? kGzip : kPlain;
}

// The bytes an answer took on the wire: its Content-Length when it has one.
double WireBytes(const httplib::Response& res) {
  const std::string length = res.get_header_value("Content-Length");
  return length.empty() ? static_cast<double>(res.body.size()) : std::atof(length.c_str());
}

struct LevelResult {
  long done = 0;
  long errors = 0;
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double body_bytes = 0;  // decoded, all answers
  double wire_bytes = 0;
};

// Does request `i` on one client's connection, adding the bytes it received to `result`; false
// if it failed.
using Request = std::function<bool(long i, LevelResult& result)>;

// `clients` threads share `total` requests. connect(c) opens client c's connection (untimed) and
// returns its request function, or an empty one if it failed.
LevelResult RunLevel(int clients, long total, double cap_seconds,
                     const std::function<Request(int)>& connect) {
  std::vector<std::vector<double>> latencies(clients);
  std::vector<LevelResult> partial(clients);
  std::atomic<long> errors{0};
  // Every client connects before the clock starts, so the figures are those of kept-alive
  // connections, not of connection setup.
  std::atomic<int> connected{0};
  std::atomic<bool> go{false};
  Clock::time_point deadline;  // written before `go`, read after it
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      const Request request = connect(c);
      if (!request) ++errors;
      ++connected;
      while (!go.load()) std::this_thread::yield();
      if (!request) return;
      const long mine = total / clients + (c < total % clients ? 1 : 0);
      latencies[c].reserve(mine);
      for (long i = 0; i < mine && Clock::now() < deadline; ++i) {
        const auto sent = Clock::now();
        const bool ok = request(i * clients + c, partial[c]);
        latencies[c].push_back(logset::bench::Seconds(sent) * 1000);
        if (!ok) ++errors;
      }
    });
  }
  while (connected.load() < clients) std::this_thread::yield();
  const auto start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(cap_seconds));
  go = true;
  for (std::thread& t : threads) t.join();
  LevelResult r;
  r.seconds = logset::bench::Seconds(start);
  std::vector<double> all;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    r.body_bytes += partial[c].body_bytes;
    r.wire_bytes += partial[c].wire_bytes;
  }
  std::sort(all.begin(), all.end());
  r.done = static_cast<long>(all.size());
  r.errors = errors.load();
  if (!all.empty()) {
    r.p50_ms = logset::bench::Quantile(all, 0.5);
    r.p99_ms = logset::bench::Quantile(all, 0.99);
  }
  return r;
}

// GET clients: httplib::Client with keep-alive, one untimed GET /healthz to connect.
std::function<Request(int)> GetClients(int port, bool gzip,
                                       const std::function<std::string(long)>& target) {
  return [port, gzip, &target](int) -> Request {
    auto client = std::make_shared<httplib::Client>("127.0.0.1", port);
    client->set_keep_alive(true);
    if (!client->Get("/healthz")) return {};
    return [client, gzip, &target](long i, LevelResult& r) {
      const auto res = client->Get(target(i), Headers(gzip));
      if (!res || res->status != 200) return false;
      r.body_bytes += static_cast<double>(res->body.size());
      r.wire_bytes += WireBytes(*res);
      return true;
    };
  };
}

// A keep-alive HTTP/1.1 client on a raw socket, so that the bench decides how a request is split
// into send() calls and whether Nagle's algorithm is on. Reopens the connection on the next
// request once the server has said it closes it.
class RawClient {
 public:
  RawClient(int port, bool nodelay) : port_(port), nodelay_(nodelay) {}
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends `parts` with one send() each and returns the answer's status, 0 if there was none.
  int Exchange(const std::vector<std::string_view>& parts) {
    if (fd_ < 0 && !Connect()) return 0;
    for (std::string_view part : parts) {
      while (!part.empty()) {
        const ssize_t n = ::send(fd_, part.data(), part.size(), MSG_NOSIGNAL);
        if (n <= 0) return Fail();
        part.remove_prefix(static_cast<size_t>(n));
      }
    }
    size_t head_end = std::string::npos;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Receive()) return Fail();
    }
    std::string head = pending_.substr(0, head_end);
    for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const size_t length_at = head.find("\r\ncontent-length:");
    const size_t end =
        head_end + 4 +
        (length_at == std::string::npos ? 0
                                        : std::strtoul(head.c_str() + length_at + 17, nullptr, 10));
    while (pending_.size() < end) {
      if (!Receive()) return Fail();
    }
    pending_.erase(0, end);
    if (head.find("\r\nconnection: close") != std::string::npos) Close();
    return std::atoi(head.c_str() + std::strlen("http/1.1 "));
  }

 private:
  bool Connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    const int on = nodelay_ ? 1 : 0;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      Close();
      return false;
    }
    return true;
  }
  bool Receive() {
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(n));
    return true;
  }
  // Closes the connection after a failed exchange (the next one reconnects); returns no status.
  int Fail() {
    Close();
    return 0;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    pending_.clear();
  }

  const int port_;
  const bool nodelay_;
  int fd_ = -1;
  std::string pending_;
};

// One POST as the raw client sends it: its head (request line and headers) and body.
struct RawPost {
  std::string head;
  std::string body;
  std::string whole;  // head + body, for the one-write sends
};

RawPost MakePost(const std::string& path, std::string body) {
  RawPost post;
  post.head = "POST " + path +
              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer bench-key\r\n"
              "Content-Type: application/json\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n";
  post.body = std::move(body);
  post.whole = post.head + post.body;
  return post;
}

// `count` create bodies: generator lines of 900 to 1,100 bytes.
std::vector<RawPost> CreatePosts(uint64_t seed, size_t count) {
  logset::bench::LogGenerator generator(seed);
  std::vector<RawPost> posts;
  std::string line;
  while (posts.size() < count) {
    generator.Next(line);
    if (line.size() >= 900 && line.size() <= 1100) {
      posts.push_back(MakePost("/api/request-logs/", line));
    }
  }
  return posts;
}

// `count` bulk bodies of `logs` consecutive generator lines each.
std::vector<RawPost> BulkPosts(uint64_t seed, size_t count, int logs) {
  logset::bench::LogGenerator generator(seed);
  std::vector<RawPost> posts;
  std::string line;
  for (size_t i = 0; i < count; ++i) {
    std::string body = "{\"logs\":[";
    for (int j = 0; j < logs; ++j) {
      generator.Next(line);
      body += (j == 0 ? "" : ",") + line;
    }
    posts.push_back(MakePost("/api/request-logs/bulk/", body + "]}"));
  }
  return posts;
}

// How a body scenario's clients send each request.
struct SendWay {
  const char* name;
  int writes;    // 1: head and body in one send(); 2: head, then body
  bool nodelay;  // TCP_NODELAY on the client socket
};

constexpr SendWay kSendWays[] = {
    {"1 write", 1, false}, {"2 writes", 2, false}, {"2 writes, NODELAY", 2, true}};

// Raw POST clients sending `posts` (cycled) the given way, one untimed GET /healthz to connect.
std::function<Request(int)> PostClients(int port, const SendWay& way,
                                        const std::vector<RawPost>& posts) {
  return [port, way, &posts](int) -> Request {
    auto client = std::make_shared<RawClient>(port, way.nodelay);
    if (client->Exchange({"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"}) != 200) return {};
    return [client, way, &posts](long i, LevelResult& r) {
      const RawPost& post = posts[static_cast<size_t>(i) % posts.size()];
      r.body_bytes += static_cast<double>(post.body.size());
      const int status = way.writes == 1 ? client->Exchange({post.whole})
                                         : client->Exchange({post.head, post.body});
      return status == 200;
    };
  };
}

double MeanBodyKb(const std::vector<RawPost>& posts) {
  double bytes = 0;
  for (const RawPost& post : posts) bytes += static_cast<double>(post.body.size());
  return bytes / static_cast<double>(posts.size()) / kKb;
}

// One untimed request: prints what the scenario's answers look like. False if it failed.
bool Probe(int port, const std::string& name, bool gzip, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  const auto res = client.Get(path, Headers(gzip));
  if (!res || res->status != 200) {
    std::printf("  %-28s FAILED (%s)\n", name.c_str(),
                res ? std::to_string(res->status).c_str() : "no answer");
    return false;
  }
  std::string shape;
  const auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (body.is_object() && body.contains("count") && body.contains("results")) {
    shape = "count " + Count(body["count"].get<long long>()) + ", " +
            Count(static_cast<long long>(body["results"].size())) + " results, ";
  }
  const std::string encoding = res->get_header_value("Content-Encoding");
  std::printf("  %-28s %s%s KB of JSON, %s KB on the wire (%s)\n", name.c_str(), shape.c_str(),
              Fixed(static_cast<double>(res->body.size()) / kKb, 1).c_str(),
              Fixed(WireBytes(*res) / kKb, 1).c_str(),
              encoding.empty() ? "not compressed" : ("Content-Encoding " + encoding).c_str());
  return true;
}

// Removes a store file and its WAL and shared-memory files, if there.
void RemoveStore(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

struct Scenario {
  std::string name;
  bool gzip;  // sends Accept-Encoding: gzip, deflate
  std::function<std::string(long)> target;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseFlags(argc, argv);
  const auto wall = Clock::now();
  const std::string db = logset::bench::PrepareBenchData(o.dir, o.logs, o.seed).db;
  // Opened before the raw query below: the first Store::Open configures SQLite for the process.
  logset::StoreOptions store_options;
  store_options.path = db;
  auto store = logset::Store::Open(store_options);
  const long step = std::max(1L, o.logs / 1000);
  const std::vector<std::string> uids =
      Query(db, "SELECT unique_id FROM request_logs WHERE id % " + std::to_string(step) +
                    " = 0 ORDER BY id LIMIT 1000");
  if (uids.empty()) Die("no logs to retrieve");

  logset::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = 16;
  logset::Server server(*store, server_options);
  const int port = server.Start();

  const auto fixed = [](std::string path) { return [path](long) { return path; }; };
  const std::vector<Scenario> scenarios = {
      {"GET list page (page_size=50)", false, fixed("/api/request-logs/list/?page_size=50")},
      {"GET list page (page_size=10)", false, fixed("/api/request-logs/list/?page_size=10")},
      {"GET list, model=gpt-4o (50)", false,
       fixed("/api/request-logs/list/?model=gpt-4o&page_size=50")},
      {"GET list page (50), gzip", true, fixed("/api/request-logs/list/?page_size=50")},
      {"GET one log by unique_id", false,
       [&uids](long i) {
         return "/api/request-logs/" + uids[static_cast<size_t>(i) % uids.size()] + "/";
       }},
  };
  std::printf("http_bench: %s logs (seed %s); %s requests per level, cap %s s; probes:\n",
              Count(o.logs).c_str(), std::to_string(o.seed).c_str(), Count(o.requests).c_str(),
              Fixed(o.seconds, o.seconds < 10 ? 1 : 0).c_str());
  long failures = 0;
  for (const Scenario& s : scenarios) failures += Probe(port, s.name, s.gzip, s.target(0)) ? 0 : 1;
  std::printf("\n");
  std::fflush(stdout);

  logset::bench::Table table({"scenario", "clients", "requests", "req/s", "p50 ms", "p99 ms",
                              "avg KB", "wire KB", "MB/s", "errors"});
  bool goal_met = false;
  std::string goal_figures;
  for (const Scenario& s : scenarios) {
    if (s.name.find(o.only) == std::string::npos) continue;
    for (int clients : {1, 4, 16}) {
      const LevelResult r =
          RunLevel(clients, o.requests, o.seconds, GetClients(port, s.gzip, s.target));
      const long ok = std::max(1L, r.done - r.errors);
      const double rate = static_cast<double>(r.done) / r.seconds;
      table.AddRow({s.name, std::to_string(clients), Count(r.done), Fixed(rate), Fixed(r.p50_ms, 2),
                    Fixed(r.p99_ms, 2), Fixed(r.body_bytes / ok / kKb, 1),
                    Fixed(r.wire_bytes / ok / kKb, 1), Fixed(r.body_bytes / kMb / r.seconds, 1),
                    Count(r.errors)});
      // Progress on stderr: a level may take up to --seconds.
      std::fprintf(stderr, "  %s, %d clients: %s req/s\n", s.name.c_str(), clients,
                   Fixed(rate).c_str());
      failures += r.errors;
      if (&s == &scenarios.front() && clients == 16) {
        goal_met = rate >= 3000 && r.p99_ms < 20 && r.errors == 0;
        goal_figures = Fixed(rate) + " req/s, p99 " + Fixed(r.p99_ms, 2) + " ms";
      }
    }
  }
  server.Stop();

  const std::string post_db = o.dir + "/http_bench_posts.db";
  RemoveStore(post_db);
  const std::vector<std::pair<std::string, std::vector<RawPost>>> bodies = {
      {"POST create", CreatePosts(o.seed, 100)}, {"POST bulk", BulkPosts(o.seed, 20, 10)}};
  logset::bench::Table post_table(
      {"scenario", "clients", "requests", "req/s", "p50 ms", "p99 ms", "vs 1 write", "errors"});
  bool body_goal_met = true;
  std::string body_goal_figures;
  {
    logset::StoreOptions post_store_options;
    post_store_options.path = post_db;
    auto post_store = logset::Store::Open(post_store_options);
    logset::Server post_server(*post_store, server_options);
    const int post_port = post_server.Start();
    for (const auto& [kind, posts] : bodies) {
      const std::string name = kind + " (" + Fixed(MeanBodyKb(posts), 1) + " KB)";
      if (name.find(o.only) == std::string::npos) continue;
      for (int clients : {1, 4, 16}) {
        double one_write_rate = 0;
        for (const SendWay& way : kSendWays) {
          const LevelResult r =
              RunLevel(clients, o.post_requests, o.seconds, PostClients(post_port, way, posts));
          const double rate = static_cast<double>(r.done) / r.seconds;
          if (way.writes == 1) one_write_rate = rate;
          const double share = rate / one_write_rate;
          post_table.AddRow({name + ", " + way.name, std::to_string(clients), Count(r.done),
                             Fixed(rate), Fixed(r.p50_ms, 2), Fixed(r.p99_ms, 2),
                             Fixed(share * 100) + "%", Count(r.errors)});
          std::fprintf(stderr, "  %s, %s, %d clients: %s req/s\n", name.c_str(), way.name, clients,
                       Fixed(rate).c_str());
          failures += r.errors;
          if (clients == 1 && way.writes == 2) {
            const bool p50_ok = kind != "POST create" || way.nodelay || r.p50_ms < 2;
            body_goal_met = body_goal_met && p50_ok && share >= 0.8 && r.errors == 0;
            body_goal_figures += std::string(body_goal_figures.empty() ? "" : "; ") + kind + ", " +
                                 way.name + ": p50 " + Fixed(r.p50_ms, 2) + " ms, " +
                                 Fixed(share * 100) + "%";
          }
        }
      }
    }
  }
  RemoveStore(post_db);

  table.Print();
  std::printf("\n");
  post_table.Print();
  std::printf(
      "\nGoal (issue 5, set for 1,000,000 logs): list page (page_size=50) >= 3,000 req/s with 16 "
      "clients and p99 < 20 ms: %s (%s).\nGoal (two-write bodies, 1 client): create p50 < 2 ms "
      "with Nagle on, every 2-write rate >= 80%% of 1 write: %s (%s).\nPeak RSS of this process "
      "(servers and clients): %s MB. Total wall time %s s.\n",
      goal_figures.empty() ? "not run" : (goal_met ? "met" : "NOT met"), goal_figures.c_str(),
      body_goal_figures.empty() ? "not run" : (body_goal_met ? "met" : "NOT met"),
      body_goal_figures.c_str(), Fixed(logset::bench::PeakRssMb(), 1).c_str(),
      Fixed(logset::bench::Seconds(wall), 1).c_str());
  return failures == 0 ? 0 : 1;
}
