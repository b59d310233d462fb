// SPDX-License-Identifier: MIT
// Health checks over HTTP: the official client's GET /api/health-check/ and the key-less /healthz.
#include <doctest/doctest.h>
#include <httplib.h>

#include "logset/api.h"
#include "logset/keys.h"
#include "logset/server.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::Json;

ServerOptions LoopbackOnAnyPort() {
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  return options;
}

}  // namespace

TEST_SUITE_BEGIN("http_health");

TEST_CASE("GET /api/health-check/ answers the client's {message} over HTTP as in-process") {
  auto store = testing::OpenMemoryStore();
  AddApiKey(*store, "default", "prod", std::string("sk-health"));
  Server server(*store, LoopbackOnAnyPort());
  const int port = server.Start();
  httplib::Client client("127.0.0.1", port);

  const auto ok = client.Get("/api/health-check/", {{"Authorization", "Bearer sk-health"}});
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->get_header_value("Content-Type") == "application/json");
  const Json body = Json::parse(ok->body);
  CHECK(body == Json{{"message", "ok"}});
  CHECK(body["message"].is_string());  // the client's model requires a string `message`

  const Api api(*store);
  const testing::ApiResult in_process =
      testing::ApiCall(api, "GET", "/api/health-check/", Json(), "Bearer sk-health");
  CHECK(in_process.status == 200);
  CHECK(in_process.raw_body == ok->body);

  const auto anonymous = client.Get("/api/health-check/");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  // /healthz stays the key-less probe for supervisors.
  const auto healthz = client.Get("/healthz");
  REQUIRE(healthz);
  CHECK(healthz->status == 200);
}

TEST_SUITE_END();

}  // namespace logset
