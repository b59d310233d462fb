// SPDX-License-Identifier: MIT
// Remembered list counts: a count is reused only while the database is unchanged, whoever
// changed it (this store, another store on the same file, the in-memory store's own writer), and
// only for exactly the same query and values.
#include "store/count_cache.h"

#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "logs/matching_count.h"
#include "logset/api.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using internal::CountCache;
using internal::DatabaseState;
using internal::SqlWhere;
using internal::StoreAccess;
using testing::Json;

// Runs CachedCount in a fresh read session, counting how often the count is really computed.
int64_t Counted(Store& store, const std::string& key, int64_t value, int& computed) {
  auto session = StoreAccess::Read(store);
  return session.CachedCount(key, [&] {
    ++computed;
    return value;
  });
}

void AddLog(Store& store, const std::string& model) {
  Api api(store);
  const testing::ApiResult r =
      testing::ApiCall(api, "POST", "/api/request-logs/", {{"model", model}}, "Bearer any");
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
}

int64_t ListCount(Store& store, const std::string& query) {
  Api api(store);
  const testing::ApiResult r = testing::ApiCall(
      api, "GET", "/api/request-logs/list/?page_size=1" + query, Json(), "Bearer any");
  REQUIRE_MESSAGE(r.status == 200, r.raw_body);
  return r.body["count"].get<int64_t>();
}

}  // namespace

TEST_SUITE_BEGIN("count cache");

TEST_CASE("a count is computed once per key and state, and a new state forgets every key") {
  CountCache cache;
  int computed = 0;
  auto compute = [&computed](int64_t v) {
    return [&computed, v] {
      ++computed;
      return v;
    };
  };
  const DatabaseState a{1, 0};
  CHECK(cache.Get(a, "q1", compute(10)) == 10);
  CHECK(cache.Get(a, "q1", compute(99)) == 10);
  CHECK(cache.Get(a, "q2", compute(20)) == 20);
  CHECK(computed == 2);
  CHECK(cache.size() == 2);
  // Either half of the state changing is a new database.
  for (const DatabaseState next : {DatabaseState{2, 0}, DatabaseState{2, 1}}) {
    CHECK(cache.Get(next, "q1", compute(11)) == 11);
    CHECK(cache.size() == 1);
  }
  CHECK(computed == 4);
}

TEST_CASE("a failed count stores nothing and the cache stays within its byte budget") {
  CountCache cache;
  const DatabaseState s{1, 0};
  CHECK_THROWS_AS(cache.Get(s, "q", []() -> int64_t { throw std::runtime_error("boom"); }),
                  std::runtime_error);
  CHECK(cache.size() == 0);
  CHECK(cache.Get(s, "q", [] { return int64_t{5}; }) == 5);
  // Keys of a quarter of the budget: "q" and three fit, the fourth starts the cache over.
  const std::string big(CountCache::kMaxBytes / 4, 'k');
  for (char c = 'a'; c < 'd'; ++c) cache.Get(s, big + c, [] { return int64_t{1}; });
  CHECK(cache.size() == 4);
  cache.Get(s, big + 'd', [] { return int64_t{1}; });
  CHECK(cache.size() == 1);
  // A key larger than the whole budget is computed but never kept.
  const std::string huge(CountCache::kMaxBytes + 1, 'h');
  int computed = 0;
  for (int i = 0; i < 2; ++i) {
    cache.Get(s, huge, [&] {
      ++computed;
      return int64_t{7};
    });
  }
  CHECK(computed == 2);
}

TEST_CASE("a remembered count is forgotten when any connection to the file commits") {
  testing::TempDir dir;
  const std::string path = dir.File("counts.db");
  auto store = testing::OpenFileStore(path);
  int computed = 0;
  CHECK(Counted(*store, "k", 1, computed) == 1);
  CHECK(Counted(*store, "k", 2, computed) == 1);  // unchanged database: remembered
  CHECK(computed == 1);

  SUBCASE("this store's writer") { testing::AddOrganization(*store, "acme"); }
  SUBCASE("another store on the same file, as another process would") {
    auto other = testing::OpenFileStore(path);
    testing::AddOrganization(*other, "acme");
  }
  CHECK(Counted(*store, "k", 3, computed) == 3);
  CHECK(computed == 2);
}

TEST_CASE("an in-memory store forgets remembered counts when its one connection commits") {
  auto store = testing::OpenMemoryStore();
  int computed = 0;
  CHECK(Counted(*store, "k", 1, computed) == 1);
  CHECK(Counted(*store, "k", 2, computed) == 1);
  testing::AddOrganization(*store, "acme");
  CHECK(Counted(*store, "k", 3, computed) == 3);
  CHECK(computed == 2);
}

TEST_CASE("list counts stay exact across writes, filters and stores") {
  testing::TempDir dir;
  const std::string path = dir.File("list.db");
  SUBCASE("file store") {
    auto store = testing::OpenFileStore(path);
    AddLog(*store, "a");
    CHECK(ListCount(*store, "") == 1);
    CHECK(ListCount(*store, "") == 1);
    AddLog(*store, "a");
    AddLog(*store, "b");
    CHECK(ListCount(*store, "") == 3);
    CHECK(ListCount(*store, "&model=a") == 2);
    CHECK(ListCount(*store, "&model=b") == 1);
    auto other = testing::OpenFileStore(path);
    AddLog(*other, "b");
    CHECK(ListCount(*store, "&model=b") == 2);
    CHECK(ListCount(*store, "") == 4);
  }
  SUBCASE("memory store") {
    auto store = testing::OpenMemoryStore();
    AddLog(*store, "a");
    CHECK(ListCount(*store, "&model=a") == 1);
    AddLog(*store, "a");
    CHECK(ListCount(*store, "&model=a") == 2);
    CHECK(ListCount(*store, "&model=b") == 0);
  }
}

TEST_CASE("queries that differ only in a value's type or a text boundary never share a count") {
  auto store = testing::OpenMemoryStore();
  AddLog(*store, "a");
  auto count = [&](SqlWhere where) {
    auto session = StoreAccess::Read(*store);
    return internal::CountMatching(session, "request_logs", "org_id", 1, where);
  };
  // Same SQL: the integer 1 equals 1, the text '1' does not (a bound value has no affinity).
  SqlWhere as_integer, as_text;
  as_integer.And("? = 1", {int64_t{1}});
  as_text.And("? = 1", {std::string("1")});
  CHECK(count(as_integer) == 1);
  CHECK(count(as_text) == 0);
  CHECK(count(as_integer) == 1);
  // Two texts whose concatenations are equal.
  SqlWhere ab_c, a_bc;
  ab_c.And("? || '/' || ? = 'ab/c'", {std::string("ab"), std::string("c")});
  a_bc.And("? || '/' || ? = 'ab/c'", {std::string("a"), std::string("bc")});
  CHECK(count(ab_c) == 1);
  CHECK(count(a_bc) == 0);
  // The scope value is part of the key: organisation 2 has no logs.
  auto session = StoreAccess::Read(*store);
  CHECK(internal::CountMatching(session, "request_logs", "org_id", 2, {}) == 0);
  CHECK(internal::CountMatching(session, "request_logs", "org_id", 1, {}) == 1);
}

TEST_SUITE_END();

}  // namespace logset
