// SPDX-License-Identifier: MIT
// libFuzzer target for the whole API: each input is one to four HTTP-like requests, sent through
// Api::Handle to an in-memory store that already holds request logs and datasets. Any answer that
// is a 5xx, an error without a `detail` string, or a body that is not JSON text aborts, as does
// a crash or a sanitizer report anywhere below Handle.
//
// Input format (fuzz/corpus/api_fuzz/ has examples), requests separated by a line "%%":
//
//   POST /api/datasets/$ds/logs/list/?page=2&sort_by=-cost
//   Host: example.test                      (optional headers: Host, X-Forwarded-Proto,
//   Authorization: Api-Key k                 Authorization; the default is "Bearer fuzz-key")
//
//   {"filters": {"model": "a"}}             (the body, after the blank line)
//
// In the method, target, header values and body, `$ds` is a dataset with a log, `$dlog` that log,
// `$sampled` a dataset sampled from the request logs, `$log` a request log, and `$last` the id
// (or unique_id) the previous request of the same input answered with.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

#include "fuzz_support.h"
#include "logset/api.h"
#include "logset/store.h"

namespace {

using Json = nlohmann::json;

constexpr const char* kAuth = "Bearer fuzz-key";
constexpr int kMaxRequests = 4;
// The store is rebuilt after this many inputs, so logs created by earlier inputs cannot pile up
// and slow every list down; between rebuilds, what earlier inputs did stays (a finding that
// needs that state reproduces from the input alone only if it carries the setup itself).
constexpr int kInputsPerStore = 2000;

[[noreturn]] void Fail(const logset::ApiRequest& request, const logset::ApiResponse& response,
                       const char* why) {
  std::fprintf(stderr, "api_fuzz: %s\n%s %s?%s\nbody: %.2000s\n-> %d %.2000s\n", why,
               request.method.c_str(), request.path.c_str(), request.query.c_str(),
               request.body.c_str(), response.status, response.body.c_str());
  std::abort();
}

// The store, its Api and the ids the placeholders stand for.
struct World {
  std::filesystem::path exports;
  std::unique_ptr<logset::Store> store;
  std::unique_ptr<logset::Api> api;
  std::vector<std::pair<std::string, std::string>> ids;  // placeholder, value
  int inputs = 0;

  Json Call(const std::string& method, const std::string& path, const Json& body) {
    logset::ApiRequest request;
    request.method = method;
    request.path = path;
    request.authorization = kAuth;
    request.body = body.dump();
    const logset::ApiResponse response = api->Handle(request);
    if (response.status >= 300) Fail(request, response, "setup request failed");
    return Json::parse(response.body);
  }

  void Reset() {
    api.reset();
    store.reset();
    logset::StoreOptions options;
    options.path = ":memory:";
    options.exports_dir = exports.string();  // `is_exporting` lists write files there
    store = logset::Store::Open(options);
    api = std::make_unique<logset::Api>(*store);

    Json logs = Json::array();
    const char* models[] = {"gpt-4o", "gpt-4o", "claude", "llama", "gpt-4o", "claude"};
    for (int i = 0; i < 6; ++i) {
      logs.push_back({{"model", models[i]},
                      {"input", "question " + std::to_string(i)},
                      {"output", "answer " + std::to_string(i)},
                      {"cost", i * 0.25},
                      {"prompt_tokens", 10 * i},
                      {"customer_identifier", i % 2 ? "alice" : "bob"},
                      {"metadata", {{"tier", i % 3 ? "gold" : "free"}, {"n", i}}},
                      {"timestamp", "2025-01-0" + std::to_string(i + 1) + "T00:00:00Z"}});
    }
    Call("POST", "/api/request-logs/bulk/", {{"logs", logs}});
    const Json log = Call("POST", "/api/request-logs/",
                          {{"model", "gpt-4o"},
                           {"input", {{{"role", "user"}, {"content", "hi"}}}},
                           {"output", {{"role", "assistant"}, {"content", "hello"}}},
                           {"timestamp", "2025-01-07T00:00:00Z"}});
    const Json ds = Call("POST", "/api/datasets/", {{"name", "seed"}, {"is_empty", true}});
    const std::string ds_id = ds["id"];
    const Json dlog = Call("POST", "/api/datasets/" + ds_id + "/logs/",
                           {{"input", "q"}, {"output", "a"}, {"metadata", {{"k", 1}}}});
    const Json sampled = Call("POST", "/api/datasets/",
                              {{"name", "sampled"},
                               {"start_time", "2025-01-01T00:00:00Z"},
                               {"end_time", "2025-02-01T00:00:00Z"},
                               {"sampling", 100}});
    ids = {{"$sampled", sampled["id"]},
           {"$dlog", dlog["unique_id"]},
           {"$log", log["unique_id"]},
           {"$ds", ds_id}};
  }
};

World& TheWorld() {
  static World* world = [] {
    auto* w = new World();
    w->exports = std::filesystem::temp_directory_path() /
                 ("logset_api_fuzz_" + std::to_string(static_cast<long>(getpid())));
    w->Reset();
    return w;
  }();
  return *world;
}

void Substitute(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// Splits `text` at the first `sep`: returns the part before, leaves the rest in `text` (or
// empties it when there is no `sep`).
std::string_view Take(std::string_view& text, std::string_view sep) {
  const size_t at = text.find(sep);
  const std::string_view head = text.substr(0, at);
  text = at == std::string_view::npos ? std::string_view() : text.substr(at + sep.size());
  return head;
}

logset::ApiRequest ParseRequest(std::string_view text) {
  logset::ApiRequest r;
  r.authorization = kAuth;
  std::string_view line = Take(text, "\n");
  r.method = std::string(Take(line, " "));
  std::string_view target = line;
  r.path = std::string(Take(target, "?"));
  r.query = std::string(target);
  while (!text.empty()) {
    line = Take(text, "\n");
    if (line.empty()) break;
    const std::string_view name = Take(line, ": ");
    if (name == "Host") r.host = std::string(line);
    if (name == "X-Forwarded-Proto") r.forwarded_proto = std::string(line);
    if (name == "Authorization") r.authorization = std::string(line);
  }
  r.body = std::string(text);
  return r;
}

void Check(const logset::ApiRequest& request, const logset::ApiResponse& response) {
  if (response.status >= 500) Fail(request, response, "server error");
  if (response.status < 200) Fail(request, response, "not an HTTP status");
  if (response.status == 204) {
    if (!response.body.empty()) Fail(request, response, "a 204 with a body");
    return;
  }
  // nlohmann's own strict parser: it rejects invalid UTF-8, NULs and trailing bytes too.
  const Json body = Json::parse(response.body, nullptr, false);
  if (body.is_discarded()) Fail(request, response, "the body is not JSON text");
  if (response.status >= 400) {
    if (!body.is_object() || !body.contains("detail") || !body["detail"].is_string()) {
      Fail(request, response, "an error without a detail string");
    }
  }
}

// The id a response names, for `$last` in the next request.
std::string AnsweredId(const logset::ApiResponse& response) {
  const Json body = Json::parse(response.body, nullptr, false);
  if (!body.is_object()) return "";
  for (const char* key : {"unique_id", "id"}) {
    if (body.contains(key) && body[key].is_string()) return body[key];
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > logset::fuzz::kMaxInput) return 0;
  World& w = TheWorld();
  if (++w.inputs % kInputsPerStore == 0) w.Reset();

  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string last;
  for (int i = 0; i < kMaxRequests && !text.empty(); ++i) {
    logset::ApiRequest request = ParseRequest(Take(text, "\n%%\n"));
    for (std::string* field : {&request.method, &request.path, &request.query, &request.host,
                               &request.forwarded_proto, &request.authorization, &request.body}) {
      Substitute(*field, "$last", last);
      for (const auto& [name, id] : w.ids) Substitute(*field, name, id);
    }
    const logset::ApiResponse response = w.api->Handle(request);
    Check(request, response);
    last = AnsweredId(response);
  }
  return 0;
}
