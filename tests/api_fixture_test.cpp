// SPDX-License-Identifier: MIT
// Runs every data-driven API fixture in tests/data/api, plus the API behaviours a fixture file
// cannot express: bodies over 20 MB, the error table and the 500 path.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "api/responses.h"
#include "api_fixture_runner.h"
#include "logset/api.h"
#include "logset/error.h"
#include "logset/keys.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::ApiCallRaw;
using testing::Json;

const char* const kTooLarge = "Request body too large (limit 20 MB).";

}  // namespace

TEST_SUITE_BEGIN("api_fixtures");

TEST_CASE("every API fixture file answers as it expects") {
  const auto files = testing::FixtureFiles();
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    SUBCASE(name.c_str()) {
      for (const std::string& failure : testing::RunFixture(file)) FAIL_CHECK(failure);
    }
  }
}

TEST_CASE("a body over 20 MB is refused with 413 before anything else is checked") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  const std::string over(Api::kMaxBodyBytes + 1, ' ');
  CHECK(Api::kMaxBodyBytes == 20971520);

  SUBCASE("on a known route") {
    const auto r = ApiCallRaw(api, "POST", "/api/datasets/", over);
    CHECK(r.status == 413);
    CHECK(r.body == Json{{"detail", kTooLarge}});
    CHECK(r.Header("Content-Type") == std::nullopt);  // implied by ApiResponse, never listed
  }
  SUBCASE("before the route: an unknown route") {
    CHECK(ApiCallRaw(api, "POST", "/api/nope/", over).status == 413);
    CHECK(ApiCallRaw(api, "POST", "/datasets/", over).status == 413);
  }
  SUBCASE("before authentication") {
    CHECK(ApiCallRaw(api, "POST", "/api/datasets/", over, "").status == 413);
    AddApiKey(*store, "default", "prod", std::string("k-default"));
    CHECK(ApiCallRaw(api, "POST", "/api/datasets/", over, "Bearer wrong").status == 413);
  }
  SUBCASE("before the method, even where no body is read") {
    CHECK(ApiCallRaw(api, "PUT", "/api/datasets/", over).status == 413);
    CHECK(ApiCallRaw(api, "GET", "/api/datasets/list/", over).status == 413);
  }
  SUBCASE("whatever the content") {
    std::string json = "{\"name\": \"" + std::string(Api::kMaxBodyBytes, 'x') + "\"}";
    CHECK(ApiCallRaw(api, "POST", "/api/datasets/", json).status == 413);
  }
}

TEST_CASE("a body of exactly 20 MB is accepted for processing") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  std::string at_limit(Api::kMaxBodyBytes, ' ');
  at_limit.front() = '[';
  at_limit.back() = ']';
  // It reaches the JSON check, which refuses it for being an array, not for its size.
  const auto r = ApiCallRaw(api, "POST", "/api/datasets/", at_limit);
  CHECK(r.status == 400);
  CHECK(r.Detail() == "Request body must be a JSON object.");
  // Still 404 on an unknown route: the size check passed.
  CHECK(ApiCallRaw(api, "POST", "/api/nope/", std::string(Api::kMaxBodyBytes, ' ')).status == 404);
}

TEST_CASE("JSON nested deeper than 512 levels is a 400 parse error") {
  auto store = testing::OpenMemoryStore();
  const Api api(*store);
  // An object holding `arrays` nested arrays: the deepest value is `arrays` levels below the root.
  const auto nested = [](size_t arrays) {
    return "{\"a\":" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
  };
  for (const size_t arrays : {513u, 100000u}) {
    CAPTURE(arrays);
    const auto r = ApiCallRaw(api, "POST", "/api/datasets/", nested(arrays));
    CHECK(r.status == 400);
    CHECK(r.Detail() == "JSON parse error - nesting deeper than 512 levels.");
  }
  // At the limit the body parses and goes on to the handler.
  const auto r = ApiCallRaw(api, "POST", "/api/datasets/", nested(512));
  CHECK(r.Detail().rfind("JSON parse error", 0) == std::string::npos);
  // Scalars and keys count like containers: a value 513 levels down is too deep, 512 is not.
  const auto scalar = [](size_t arrays, const std::string& value) {
    return "{\"a\":" + std::string(arrays, '[') + value + std::string(arrays, ']') + "}";
  };
  for (const std::string value : {"1", "\"s\"", "null", "true", "{}", "[]"}) {
    CAPTURE(value);
    CHECK(ApiCallRaw(api, "POST", "/api/datasets/", scalar(512, value)).Detail() ==
          "JSON parse error - nesting deeper than 512 levels.");
    CHECK(ApiCallRaw(api, "POST", "/api/datasets/", scalar(511, value))
              .Detail()
              .rfind("JSON parse error", 0) == std::string::npos);
  }
}

TEST_CASE("every error code maps to its HTTP status and exit code") {
  struct Row {
    ErrorCode code;
    int http;
    int exit;
  };
  const Row rows[] = {
      {ErrorCode::kInvalidArgument, 400, 2}, {ErrorCode::kUnauthorized, 401, 2},
      {ErrorCode::kNotFound, 404, 3},        {ErrorCode::kConflict, 409, 4},
      {ErrorCode::kTooLarge, 413, 2},        {ErrorCode::kStorage, 500, 5},
      {ErrorCode::kTransport, 502, 6},       {ErrorCode::kInternal, 500, 70},
  };
  for (const Row& row : rows) {
    CAPTURE(static_cast<int>(row.code));
    CHECK(HttpStatus(row.code) == row.http);
    CHECK(ExitCode(row.code) == row.exit);
  }
  // Each subclass carries its code, tag, detail and what() = "tag: detail".
  CHECK(InvalidArgument("t.a", "x: bad.", "x").code() == ErrorCode::kInvalidArgument);
  CHECK(Unauthorized("t.b", "no.").code() == ErrorCode::kUnauthorized);
  CHECK(NotFound("t.c").detail() == "Not found.");
  CHECK(Conflict("t.d", "busy.").code() == ErrorCode::kConflict);
  CHECK(TooLarge("t.e", "big.").code() == ErrorCode::kTooLarge);
  CHECK(StorageError("t.f", "disk.").code() == ErrorCode::kStorage);
  CHECK(TransportError("t.g", "net.").code() == ErrorCode::kTransport);
  const InvalidArgument e("t.h", "x: bad.", "x");
  CHECK(std::string(e.what()) == "t.h: x: bad.");
  CHECK(e.tag() == "t.h");
  CHECK(e.field() == "x");
}

TEST_CASE("error responses carry detail, field when named, and hide internal details") {
  using internal::ErrorResponse;
  auto r = ErrorResponse(InvalidArgument("t", "name: This field is required.", "name"));
  CHECK(r.status == 400);
  CHECK(r.body == R"({"detail":"name: This field is required.","field":"name"})");
  CHECK(r.headers.empty());

  r = ErrorResponse(NotFound("t"));
  CHECK(r.status == 404);
  CHECK(r.body == R"({"detail":"Not found."})");

  r = ErrorResponse(Unauthorized("t", "Your API key is invalid or expired."));
  CHECK(r.status == 401);
  REQUIRE(r.headers.size() == 1);
  CHECK(r.headers[0].first == "WWW-Authenticate");
  CHECK(r.headers[0].second == "Bearer realm=\"api\"");

  r = ErrorResponse(Error(ErrorCode::kInternal, "t", "secret stack detail", "x"));
  CHECK(r.status == 500);
  CHECK(r.body == R"({"detail":"Internal server error."})");

  // Invalid UTF-8 in a detail is replaced, never thrown.
  r = ErrorResponse(InvalidArgument("t", "x: bad \xff byte.", "x"));
  CHECK(r.status == 400);
  CHECK(r.body.find("\xef\xbf\xbd") != std::string::npos);

  CHECK(internal::NoContent().status == 204);
  CHECK(internal::NoContent().body.empty());
}

TEST_CASE("a storage failure during a request is a 500 with a detail") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("broken.db"));
  {
    auto session = internal::StoreAccess::Write(*store);
    session.db().exec("DROP TABLE api_keys");
    session.Commit();
  }
  const Api api(*store);
  const auto r = testing::ApiCall(api, "GET", "/api/datasets/list/");
  CHECK(r.status == 500);
  CHECK_FALSE(r.Detail().empty());
  CHECK_FALSE(r.body.contains("field"));
}

TEST_SUITE_END();

}  // namespace logset
