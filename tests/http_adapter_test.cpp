// SPDX-License-Identifier: MIT
// The HTTP front's pure parts: access-log lines, request-target splitting, the listen policy.
#include <doctest/doctest.h>

#include <optional>
#include <string>

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

TEST_SUITE_END();

}  // namespace logset
