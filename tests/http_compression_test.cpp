// SPDX-License-Identifier: MIT
// Response compression: logset gzips large JSON answers at zlib's fastest level when the client
// accepts gzip, and never lets httplib pick its slow Brotli or gzip settings.
#include <doctest/doctest.h>
#include <httplib.h>
#include <zlib.h>

#include <string>

#include "http/response_encoding.h"
#include "logset/api.h"
#include "logset/server.h"
#include "test_util.h"

namespace logset {
namespace {

using internal::AcceptsGzip;
using testing::Json;

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    char chunk[16384];
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  inflateEnd(&stream);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

}  // namespace

TEST_SUITE_BEGIN("http compression");

TEST_CASE("Accept-Encoding accepts gzip by name or by *, unless its q-value is zero") {
  const std::pair<const char*, bool> kRows[] = {
      {"gzip", true},
      {"GZip", true},
      {"x-gzip", true},
      {"gzip, deflate, br", true},
      {"br;q=1.0, gzip;q=0.5", true},
      {" deflate ,\tgzip ; q=0.001 ", true},
      {"*", true},
      {"br, *;q=0.1", true},
      {"gzip;q=0", false},
      {"gzip; q=0.000", false},
      {"*, gzip;q=0", false},  // gzip named: its own q decides
      {"gzip;q=0, x-gzip", true},
      {"*;q=0", false},
      {"br", false},
      {"deflate, identity", false},
      {"", false},
      {"gzip;q=abc", false},  // unreadable preferences are not consent
      {"gzip;q=1.5", false},
      {"gzip;q=-1", false},
      {"gzipx", false},
      {",,gzip,,", true},
  };
  for (const auto& row : kRows) {
    // A named copy: CAPTURE's lambda may not capture a structured binding (C++17; clang refuses).
    const std::string header = row.first;
    CAPTURE(header);
    CHECK(AcceptsGzip(header) == row.second);
  }
}

TEST_CASE("Gzip output inflates back to its input") {
  std::string big;
  for (int i = 0; i < 5000; ++i) big += "{\"n\":" + std::to_string(i) + ",\"s\":\"\\u00e9\"}";
  for (const std::string& data : {std::string(), std::string("x"), big}) {
    const std::string packed = internal::Gzip(data);
    REQUIRE_FALSE(packed.empty());
    CHECK(Gunzip(packed) == data);
  }
  CHECK(internal::Gzip(big).size() < big.size() / 5);
}

TEST_CASE("large answers are gzipped for clients that accept gzip, and only for them") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  Json logs = Json::array();
  for (int i = 0; i < 30; ++i) logs.push_back({{"input", std::string(100, 'a' + i % 26)}});
  REQUIRE(testing::ApiCall(api, "POST", "/api/request-logs/bulk/", {{"logs", logs}}, "Bearer k")
              .status == 200);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  Server server(*store, options);
  const int port = server.Start();
  httplib::Client client("127.0.0.1", port);
  client.set_decompress(false);  // see the bytes on the wire
  const std::string list = "/api/request-logs/list/?page_size=30";
  auto get = [&](const std::string& path, const char* accept) {
    httplib::Headers headers{{"Authorization", "Bearer k"}};
    if (accept != nullptr) headers.emplace("Accept-Encoding", accept);
    auto res = client.Get(path, headers);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return *res;
  };
  const httplib::Response plain = get(list, nullptr);
  REQUIRE(plain.body.size() > internal::kMinCompressedBytes);
  CHECK_FALSE(plain.has_header("Content-Encoding"));
  CHECK(plain.get_header_value("Vary") == "Accept-Encoding");
  CHECK(plain.get_header_value("Content-Type") == "application/json");

  // What curl --compressed, browsers and Python's requests send.
  for (const char* accept : {"gzip, deflate, br", "deflate, gzip, br, zstd", "gzip", "*"}) {
    CAPTURE(accept);
    const httplib::Response packed = get(list, accept);
    CHECK(packed.get_header_value("Content-Encoding") == "gzip");
    CHECK(packed.get_header_value("Vary") == "Accept-Encoding");
    CHECK(packed.body.size() < plain.body.size() / 3);
    CHECK(Gunzip(packed.body) == plain.body);
  }
  // Brotli alone, or gzip refused: sent as is rather than in httplib's slow Brotli.
  for (const char* accept : {"br", "gzip;q=0, br", "identity"}) {
    CAPTURE(accept);
    const httplib::Response same = get(list, accept);
    CHECK_FALSE(same.has_header("Content-Encoding"));
    CHECK(same.body == plain.body);
  }
  // A small answer is not worth compressing.
  const httplib::Response small = get("/api/request-logs/list/?page_size=1&page=99", "gzip");
  CHECK(small.body.size() < internal::kMinCompressedBytes);
  CHECK_FALSE(small.has_header("Content-Encoding"));
}

TEST_SUITE_END();

}  // namespace logset
