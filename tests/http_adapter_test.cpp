// SPDX-License-Identifier: MIT
// The HTTP front's pure parts: access-log lines, request-target splitting, the listen policy,
// streamed answers.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "http/access_log.h"
#include "http/api_adapter.h"
#include "http/listen_policy.h"
#include "logset/error.h"

namespace logset {

TEST_SUITE_BEGIN("http_server");

TEST_CASE("access-log lines escape control characters and quotes, and show missing values as -") {
  CHECK(internal::FormatAccessLine(0, "", "GET", "/a\"b\n", 400, 12, std::nullopt) ==
        "1970-01-01T00:00:00.000000Z - \"GET /a\\x22b\\x0a\" 400 12 -");
  CHECK(internal::FormatAccessLine(0, "::1", "POST", "/x", 201, 0, 1500) ==
        "1970-01-01T00:00:00.000000Z ::1 \"POST /x\" 201 0 1.5ms");
}

TEST_CASE("the request target splits into the raw path and raw query") {
  struct Row {
    const char* target;
    const char* path;
    const char* query;
  };
  const Row rows[] = {
      {"/api/datasets/?page=2&x=%20", "/api/datasets/", "page=2&x=%20"},
      {"/api/a%2Fb/", "/api/a%2Fb/", ""},
      {"/api/?", "/api/", ""},
      {"http://example.com:8077/api/x/?q=1", "/api/x/", "q=1"},
      {"http://example.com", "/", ""},
      {"*", "*", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.target);
    std::string path, query;
    internal::SplitTarget(row.target, &path, &query);
    CHECK(path == row.path);
    CHECK(query == row.query);
  }
}

TEST_CASE("only localhost, 127.0.0.0/8 and ::1 count as loopback hosts") {
  for (const char* host : {"localhost", "LocalHost", "127.0.0.1", "127.0.0.5", "127.255.255.254",
                           "127.1", "::1", "[::1]", "::ffff:127.0.0.1"}) {
    CAPTURE(host);
    CHECK(internal::IsLoopbackHost(host));
  }
  for (const char* host :
       {"0.0.0.0", "::", "", "192.168.1.10", "10.0.0.1", "128.0.0.1", "::ffff:10.0.0.1",
        "example.com", "localhost.example.com", "[::1", "127.0.0.1.nip.io"}) {
    CAPTURE(host);
    CHECK_FALSE(internal::IsLoopbackHost(host));
  }
}

TEST_CASE("open mode may listen beyond loopback only with allow_open, keyed mode always may") {
  CHECK_NOTHROW(internal::CheckListenPolicy(true, "127.0.0.1", false));
  CHECK_NOTHROW(internal::CheckListenPolicy(true, "0.0.0.0", true));
  CHECK_NOTHROW(internal::CheckListenPolicy(false, "0.0.0.0", false));
  try {
    internal::CheckListenPolicy(true, "0.0.0.0", false);
    FAIL("expected InvalidArgument");
  } catch (const InvalidArgument& e) {
    CHECK(e.detail().find("'0.0.0.0'") != std::string::npos);
    CHECK(e.detail().find("logset keys add") != std::string::npos);
    CHECK(e.detail().find("--allow-open") != std::string::npos);
  }
}

TEST_CASE("a streamed answer is a chunked body that passes each piece on and stops when refused") {
  // `made` counts the pieces the stream produced; the sink takes `accept` of them.
  auto streamed_response = [](int* made) {
    ApiResponse answer;
    answer.headers = {{"Content-Type", "text/csv; charset=utf-8"},
                      {"Content-Disposition", "attachment; filename=\"x.csv\""}};
    answer.stream = [made](const ApiResponse::ChunkSink& sink) {
      for (int i = 0; i < 100; ++i) {
        ++*made;
        if (!sink("row " + std::to_string(i) + "\r\n")) return false;
      }
      return true;
    };
    httplib::Response res;
    internal::WriteApiResponse(std::move(answer), &res);
    return res;
  };
  auto run = [](httplib::Response& res, size_t accept, std::vector<std::string>* pieces) {
    bool done = false;
    httplib::DataSink sink;
    sink.write = [pieces, accept](const char* data, size_t size) {
      if (pieces->size() == accept) return false;
      pieces->emplace_back(data, size);
      return true;
    };
    sink.is_writable = [] { return true; };
    sink.done = [&done] { done = true; };
    const bool ok = res.content_provider_(0, 0, sink);
    CHECK(ok == done);
    return ok;
  };

  int made = 0;
  httplib::Response res = streamed_response(&made);
  CHECK(res.status == 200);
  CHECK(res.body.empty());
  CHECK(res.is_chunked_content_provider_);
  CHECK(res.get_header_value_count("Content-Type") == 1);
  CHECK(res.get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(res.get_header_value("Content-Disposition") == "attachment; filename=\"x.csv\"");
  CHECK(made == 0);  // nothing is produced before httplib writes the body
  std::vector<std::string> pieces;
  CHECK(run(res, 1000, &pieces));
  CHECK(made == 100);
  REQUIRE(pieces.size() == 100);
  CHECK(pieces.front() == "row 0\r\n");

  int made_for_gone = 0;
  httplib::Response gone = streamed_response(&made_for_gone);
  std::vector<std::string> taken;
  CHECK_FALSE(run(gone, 3, &taken));
  CHECK(taken.size() == 3);
  CHECK(made_for_gone == 4);  // the refused fourth piece ends the stream
}

TEST_SUITE_END();

}  // namespace logset
