// SPDX-License-Identifier: MIT
// Helpers shared by the tests: temporary directories, fresh stores and one-line API calls.
#ifndef LOGSET_TESTS_TEST_UTIL_H_
#define LOGSET_TESTS_TEST_UTIL_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logset/api.h"
#include "logset/error.h"
#include "logset/store.h"
#include "store/sqlite_errors.h"

namespace SQLite {
class Database;
}

namespace logset::testing {

using Json = nlohmann::ordered_json;

/// A fresh, empty directory under the system temp directory, removed with everything in it when
/// the object is destroyed. Movable, not copyable.
class TempDir {
 public:
  /// Throws std::system_error if the directory cannot be created.
  TempDir();
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// `path() / name` as a string, e.g. `dir.File("store.db")`. Creates nothing.
  std::string File(std::string_view name) const;

 private:
  std::filesystem::path path_;
};

/// A new private in-memory store (open mode, the default organisation only).
std::unique_ptr<Store> OpenMemoryStore();
/// Opens (or creates) the store file at `path` with default options.
std::unique_ptr<Store> OpenFileStore(const std::string& path);

/// The number of rows in `table` of `store` (read in a fresh ReadSession).
int64_t CountRows(Store& store, const std::string& table);
/// Inserts an organisation named `name` with a fresh UUID through `db` (inside the caller's
/// session); handy as the smallest possible write.
void InsertOrganization(SQLite::Database& db, const std::string& name);
/// Inserts an organisation named `name` in its own committed WriteSession.
void AddOrganization(Store& store, const std::string& name);

/// Runs `f`, which must throw, and returns what it threw as a logset::Error translated the way
/// Api::Handle does (SQLite failures become StorageError, ...). Throws std::logic_error if `f`
/// returns normally.
template <typename F>
Error ThrownError(F&& f) {
  try {
    f();
  } catch (...) {
    return internal::TranslateCurrentException();
  }
  throw std::logic_error("expected an exception");
}

/// What Api::Handle answered, with the body parsed.
struct ApiResult {
  int status = 0;
  /// The parsed body; null when the body is empty, discarded (`is_discarded()`) if not JSON.
  Json body;
  std::string raw_body;
  std::vector<std::pair<std::string, std::string>> headers;

  /// The value of header `name` (case-insensitive), or nullopt if absent.
  std::optional<std::string> Header(std::string_view name) const;
  /// `body["detail"]` as a string, or "" if there is none (handy in CHECK messages).
  std::string Detail() const;
};

/// Sends `request` through `api` and parses the answer.
ApiResult ApiSend(const Api& api, const ApiRequest& request);

/// Calls `method path` with `body` serialised as JSON (a null `body` sends an empty body) and the
/// Authorization header `auth` ("" sends none). A `?` in `path` splits off the query string:
/// `ApiCall(api, "GET", "/api/datasets/list/?page=2")`.
ApiResult ApiCall(const Api& api, const std::string& method, const std::string& path,
                  const Json& body = Json(), const std::string& auth = "Bearer test-key");

/// Like ApiCall, but sends `raw_body` byte for byte (malformed JSON, invalid UTF-8, ...).
ApiResult ApiCallRaw(const Api& api, const std::string& method, const std::string& path,
                     std::string raw_body, const std::string& auth = "Bearer test-key");

/// The whole content of a file, "" if it cannot be read.
std::string ReadFileBytes(const std::filesystem::path& path);

}  // namespace logset::testing

#endif  // LOGSET_TESTS_TEST_UTIL_H_
