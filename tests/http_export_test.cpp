// SPDX-License-Identifier: MIT
// Dataset-log exports over HTTP: answered with a one-time link whose download streams the export,
// byte for byte the file an in-process export writes, without writing anything on the server.
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "api/export_links.h"
#include "datasets/dataset_log_export.h"
#include "logset/api.h"
#include "logset/keys.h"
#include "logset/server.h"
#include "test_util.h"

namespace logset {
namespace {

namespace fs = std::filesystem;
using testing::ApiCall;
using testing::ApiResult;
using testing::Json;

constexpr const char* kMine = "Bearer k-mine";
constexpr const char* kOther = "Bearer k-other";

// The entries of `dir`, sorted, without SQLite's -wal and -shm companions of the store.
std::vector<std::string> FolderEntries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name != "store.db-wal" && name != "store.db-shm") out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A keyed file store in a temporary folder, exports going to the default folder beside it.
struct ExportStore {
  testing::TempDir dir;
  std::unique_ptr<Store> store = testing::OpenFileStore(dir.File("store.db"));
  Api api{*store};
  std::string ds;

  ExportStore() {
    AddApiKey(*store, "default", "prod", std::string("k-mine"));
    AddApiKey(*store, "other", "prod", std::string("k-other"));
    const ApiResult created =
        ApiCall(api, "POST", "/api/datasets/", {{"name", "d"}, {"is_empty", true}}, kMine);
    REQUIRE_MESSAGE(created.status == 201, created.raw_body);
    ds = created.body["id"].get<std::string>();
  }

  std::string Path(const std::string& rest) const {
    return "/api/datasets/" + ds + "/logs/" + rest;
  }

  void AddLogs(const Json& logs) const {
    const ApiResult r = ApiCall(api, "POST", Path("bulk/"), {{"logs", logs}}, kMine);
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    REQUIRE(r.body["error_count"] == 0);
  }

  // The bytes an in-process export writes to its file; the file and the exports folder it went
  // into are removed again.
  std::string FileExport(const Json& body, const std::string& query = "") const {
    const ApiResult r = ApiCall(api, "POST", Path("list/" + query), body, kMine);
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    const fs::path file = r.body["file"].get<std::string>();
    REQUIRE(file.is_absolute());
    CHECK(file.parent_path() == dir.path() / "exports");
    std::string bytes = testing::ReadFileBytes(file);
    fs::remove(file);
    fs::remove(file.parent_path());
    return bytes;
  }
};

// The path and query of an absolute URL on `host`.
std::string PathOf(const std::string& url, const std::string& host) {
  const std::string prefix = "http://" + host;
  REQUIRE(url.rfind(prefix, 0) == 0);
  return url.substr(prefix.size());
}

ServerOptions LoopbackOnAnyPort() {
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  return options;
}

}  // namespace

TEST_SUITE_BEGIN("http_export");

TEST_CASE("an export over HTTP answers a one-time link that streams the file export's bytes") {
  ExportStore s;
  s.AddLogs(Json::parse(R"([
      {"input": "plain", "timestamp": "2025-01-01T00:00:02Z", "metadata": {"k": "v"}},
      {"input": "has,comma \"and\" quote\nline", "timestamp": "2025-01-01T00:00:01Z", "cost": 1.5},
      {"input": [{"role": "user", "content": "ü"}], "output": "x", "model": "gpt-4o"}])"));
  Server server(*s.store, LoopbackOnAnyPort());
  const int port = server.Start();
  const std::string host = "127.0.0.1:" + std::to_string(port);
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers mine = {{"Authorization", kMine}};
  const std::vector<std::string> before = FolderEntries(s.dir.path());

  struct Variant {
    const char* format;
    const char* name;
    const char* file_name;
    const char* content_type;
    const char* query;
  };
  const Variant variants[] = {
      {"csv", "my export/ü", "my_export__.csv", "text/csv; charset=utf-8", ""},
      {".jsonl", "", nullptr, "application/x-ndjson", "?sort_by=timestamp"},
  };
  for (const Variant& v : variants) {
    const std::string format = v.format;
    CAPTURE(format);
    Json body = {{"is_exporting", true}, {"export_format", v.format}};
    if (*v.name != '\0') body["name"] = v.name;
    const auto answer =
        client.Post((s.Path("list/") + v.query).c_str(), mine, body.dump(), "application/json");
    REQUIRE(answer);
    REQUIRE_MESSAGE(answer->status == 200, answer->body);
    const Json answered = Json::parse(answer->body);
    CHECK(answered["message"] == "Export completed");
    CHECK(answered["exported_count"] == 3);
    const std::string link = answered["file"].get<std::string>();
    CHECK(link.rfind("http://" + host + "/api/exports/", 0) == 0);
    // Making the link wrote nothing: no exports folder, no file.
    CHECK(FolderEntries(s.dir.path()) == before);

    const std::string download = PathOf(link, host);
    CHECK(client.Get(download.c_str())->status == 401);  // a key is needed, like every /api/ route
    CHECK(client.Get(download.c_str(), {{"Authorization", kOther}})->status == 404);
    const auto got = client.Get(download.c_str(), mine);
    REQUIRE(got);
    CHECK(got->status == 200);
    CHECK(got->get_header_value("Content-Type") == v.content_type);
    const std::string file_name =
        v.file_name != nullptr ? v.file_name : "dataset-" + s.ds + ".jsonl";
    CHECK(got->get_header_value("Content-Disposition") ==
          "attachment; filename=\"" + file_name + "\"");
    CHECK(got->get_header_value("Transfer-Encoding") == "chunked");
    CHECK_FALSE(got->has_header("Content-Length"));
    CHECK(FolderEntries(s.dir.path()) == before);

    const Json same_body = {{"is_exporting", true}, {"export_format", v.format}};
    CHECK(got->body == s.FileExport(same_body, v.query));
    // One download per link.
    CHECK(client.Get(download.c_str(), mine)->status == 404);
  }
}

TEST_CASE(
    "an export link follows the filters and sort it was made with, and dies with its dataset") {
  ExportStore s;
  s.AddLogs(Json::parse(R"([{"input": "keep", "cost": 5}, {"input": "drop", "cost": 1},
                             {"input": "keep too", "cost": 7}])"));
  const Json body = {
      {"is_exporting", true}, {"export_format", "jsonl"}, {"filters", {{"cost", {{"gt", 2}}}}}};
  std::string link;
  {
    const internal::ExportLinkScope links;
    const ApiResult r = ApiCall(s.api, "POST", s.Path("list/?sort_by=cost"), body, kMine);
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    CHECK(r.body["exported_count"] == 2);
    link = PathOf(r.body["file"].get<std::string>(), "localhost");
  }
  CHECK(FolderEntries(s.dir.path()) == std::vector<std::string>{"store.db"});
  const ApiResponse download = [&] {
    ApiRequest request;
    request.method = "GET";
    request.path = link;
    request.authorization = kMine;
    return s.api.Handle(request);
  }();
  REQUIRE(download.status == 200);
  CHECK(download.body.empty());
  REQUIRE(download.stream);
  std::string streamed;
  CHECK(download.stream([&](std::string_view piece) {
    streamed.append(piece);
    return true;
  }));
  CHECK(streamed == s.FileExport(body, "?sort_by=cost"));
  CHECK(streamed.find("drop") == std::string::npos);
  CHECK(streamed.find(R"("input":"keep")") < streamed.find(R"("input":"keep too")"));

  SUBCASE("a dataset deleted after the link was made is a 404") {
    std::string second;
    {
      const internal::ExportLinkScope links;
      const ApiResult r = ApiCall(s.api, "POST", s.Path("list/"), body, kMine);
      second = PathOf(r.body["file"].get<std::string>(), "localhost");
    }
    REQUIRE(ApiCall(s.api, "DELETE", "/api/datasets/" + s.ds + "/", Json(), kMine).status == 204);
    CHECK(ApiCall(s.api, "GET", second, Json(), kMine).status == 404);
  }
  SUBCASE("a link nobody made is a 404") {
    CHECK(ApiCall(s.api, "GET", "/api/exports/0123456789abcdef0123456789abcdef/", Json(), kMine)
              .status == 404);
  }
}

TEST_CASE("a 20,000-log export streams in bounded pieces and stops when the receiver does") {
  ExportStore s;
  for (int round = 0; round < 2; ++round) {
    Json logs = Json::array();
    for (int i = 0; i < 10000; ++i) {
      const int n = round * 10000 + i;
      logs.push_back({{"input", "question " + std::to_string(n)},
                      {"output", "answer " + std::to_string(n)},
                      {"metadata", {{"n", n}}}});
    }
    s.AddLogs(logs);
  }
  for (const std::string format : {"csv", "jsonl"}) {
    CAPTURE(format);
    const Json body = {{"is_exporting", true}, {"export_format", format}};
    auto make_link = [&] {
      const internal::ExportLinkScope links;
      const ApiResult r = ApiCall(s.api, "POST", s.Path("list/"), body, kMine);
      REQUIRE_MESSAGE(r.status == 200, r.raw_body);
      CHECK(r.body["exported_count"] == 20000);
      ApiRequest request;
      request.method = "GET";
      request.path = PathOf(r.body["file"].get<std::string>(), "localhost");
      request.authorization = kMine;
      return request;
    };

    const ApiResponse download = s.api.Handle(make_link());
    REQUIRE(download.stream);
    size_t pieces = 0, largest = 0;
    std::string streamed;
    CHECK(download.stream([&](std::string_view piece) {
      ++pieces;
      largest = std::max(largest, piece.size());
      streamed.append(piece);
      return true;
    }));
    const std::string file = s.FileExport(body);
    CHECK(streamed == file);
    // Pieces of about kExportPieceBytes each: the export is never held whole on the way out.
    CHECK(file.size() > 20 * internal::kExportPieceBytes);
    CHECK(pieces >= file.size() / (2 * internal::kExportPieceBytes));
    CHECK(largest < 2 * internal::kExportPieceBytes);

    // A receiver that goes away after three pieces gets no fourth.
    const ApiResponse abandoned = s.api.Handle(make_link());
    size_t taken = 0;
    CHECK_FALSE(abandoned.stream([&](std::string_view) { return ++taken < 3; }));
    CHECK(taken == 3);
  }
}

TEST_SUITE_END();

}  // namespace logset
