// SPDX-License-Identifier: MIT
// Helpers shared by the tests: temporary directories, fresh stores and one-line API calls.
#include "test_util.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <stdlib.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

#include "store/store_access.h"
#include "util/ascii.h"
#include "util/ids.h"

namespace logset::testing {
namespace {

ApiRequest MakeRequest(const std::string& method, const std::string& path,
                       const std::string& auth) {
  ApiRequest request;
  request.method = method;
  const size_t question = path.find('?');
  request.path = path.substr(0, question);
  if (question != std::string::npos) request.query = path.substr(question + 1);
  request.authorization = auth;
  return request;
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "logset-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = pattern;
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::File(std::string_view name) const { return (path_ / name).string(); }

std::unique_ptr<Store> OpenMemoryStore() {
  StoreOptions options;
  options.path = ":memory:";
  return Store::Open(options);
}

std::unique_ptr<Store> OpenFileStore(const std::string& path) {
  StoreOptions options;
  options.path = path;
  return Store::Open(options);
}

int64_t CountRows(Store& store, const std::string& table) {
  auto session = internal::StoreAccess::Read(store);
  // `table` comes from test code, never from input under test.
  return session.db().execAndGet("SELECT count(*) FROM \"" + table + "\"").getInt64();
}

void InsertOrganization(SQLite::Database& db, const std::string& name) {
  SQLite::Statement insert(db,
                           "INSERT INTO organizations (uuid, name, created_at) VALUES (?, ?, 0)");
  insert.bind(1, internal::NewUuid());
  insert.bind(2, name);
  insert.exec();
}

void AddOrganization(Store& store, const std::string& name) {
  auto session = internal::StoreAccess::Write(store);
  InsertOrganization(session.db(), name);
  session.Commit();
}

std::optional<std::string> ApiResult::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (internal::EqualsIgnoreAsciiCase(key, name)) return value;
  }
  return std::nullopt;
}

std::string ApiResult::Detail() const {
  if (body.is_object() && body.contains("detail") && body["detail"].is_string()) {
    return body["detail"].get<std::string>();
  }
  return "";
}

ApiResult ApiSend(const Api& api, const ApiRequest& request) {
  ApiResponse response = api.Handle(request);
  ApiResult result;
  result.status = response.status;
  result.headers = std::move(response.headers);
  result.raw_body = std::move(response.body);
  if (!result.raw_body.empty()) {
    result.body = Json::parse(result.raw_body, nullptr, /*allow_exceptions=*/false);
  }
  return result;
}

ApiResult ApiCall(const Api& api, const std::string& method, const std::string& path,
                  const Json& body, const std::string& auth) {
  return ApiCallRaw(api, method, path, body.is_null() ? std::string() : body.dump(), auth);
}

ApiResult ApiCallRaw(const Api& api, const std::string& method, const std::string& path,
                     std::string raw_body, const std::string& auth) {
  ApiRequest request = MakeRequest(method, path, auth);
  request.body = std::move(raw_body);
  return ApiSend(api, request);
}

std::string ReadFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace logset::testing
