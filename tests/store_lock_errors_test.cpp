// SPDX-License-Identifier: MIT
// A store locked by another process: public entry points throw logset errors, and the API's 500
// reaches the operator through StoreOptions::logger, never stderr.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "logset/api.h"
#include "logset/error.h"
#include "logset/keys.h"
#include "logset/store.h"
#include "test_util.h"

namespace logset {
namespace {

TEST_SUITE_BEGIN("store lock errors");

// A store file whose write lock another connection holds, as a second process would.
struct LockedStore {
  testing::TempDir dir;
  std::vector<std::string> logged;
  std::unique_ptr<Store> store;
  std::unique_ptr<SQLite::Database> other;

  LockedStore() {
    StoreOptions options;
    options.path = dir.File("store.db");
    options.busy_timeout_ms = 20;
    options.logger = [this](const std::string& line) { logged.push_back(line); };
    store = Store::Open(options);
    other = std::make_unique<SQLite::Database>(options.path, SQLite::OPEN_READWRITE);
    other->exec("BEGIN IMMEDIATE");
  }
};

TEST_CASE("key functions throw StorageError, not SQLite's exception, while the store is locked") {
  LockedStore locked;
  try {
    AddApiKey(*locked.store, "default");
    FAIL("expected StorageError");
  } catch (const StorageError& e) {
    CHECK(e.tag() == "store.busy");
  }
  CHECK_THROWS_AS(RevokeApiKey(*locked.store, "1"), StorageError);
  locked.other->exec("ROLLBACK");
  CHECK(AddApiKey(*locked.store, "default").info.organization == "default");
}

TEST_CASE("an API call that fails in the store answers 500 and tells only the logger why") {
  LockedStore locked;
  const Api api(*locked.store);
  ApiRequest request;
  request.method = "POST";
  request.path = "/api/request-logs/";
  request.authorization = "Bearer test-key";
  request.body = R"({"model": "m"})";
  const ApiResponse response = api.Handle(request);
  CHECK(response.status == 500);
  CHECK(response.body == R"({"detail":"Internal server error."})");
  REQUIRE(locked.logged.size() == 1);
  CHECK(locked.logged[0].rfind("POST /api/request-logs/: store.busy: ", 0) == 0);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
