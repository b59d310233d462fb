// SPDX-License-Identifier: MIT
// Kept prepared statements: reused by SQL, handed back reset and unbound, never shared between
// two loans, bounded, and correct across schema changes and across read sessions.
#include "store/statement_cache.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <doctest/doctest.h>

#include <string>

#include "logset/store.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using internal::CachedStatement;
using internal::StatementCache;
using internal::StoreAccess;

// A fresh in-memory database with a table t(x) holding 1..n.
SQLite::Database Numbers(int n) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t (x INTEGER)");
  for (int i = 1; i <= n; ++i) db.exec("INSERT INTO t VALUES (" + std::to_string(i) + ")");
  return db;
}

}  // namespace

TEST_SUITE_BEGIN("statement cache");

TEST_CASE("a returned statement is lent again for the same SQL, reset and with no bindings") {
  SQLite::Database db = Numbers(3);
  StatementCache cache(db);
  const std::string sql = "SELECT x, ? FROM t ORDER BY x";
  const void* first_address = nullptr;
  {
    const CachedStatement q = cache.Prepare(sql);
    first_address = &*q;
    q->bind(1, "bound");
    REQUIRE(q->executeStep());  // stopped after the first of three rows
    CHECK(q->getColumn(0).getInt() == 1);
    CHECK(cache.size() == 0);  // on loan
  }
  CHECK(cache.size() == 1);
  const CachedStatement again = cache.Prepare(sql);
  CHECK(&*again == first_address);
  REQUIRE(again->executeStep());
  CHECK(again->getColumn(0).getInt() == 1);  // from the start, not the second row
  CHECK(again->getColumn(1).isNull());       // the earlier binding is gone
}

TEST_CASE("two loans of the same SQL at once get two statements, and one is kept") {
  SQLite::Database db = Numbers(2);
  StatementCache cache(db);
  const std::string sql = "SELECT x FROM t ORDER BY x";
  {
    const CachedStatement outer = cache.Prepare(sql);
    REQUIRE(outer->executeStep());
    const CachedStatement inner = cache.Prepare(sql);
    CHECK(&*inner != &*outer);
    REQUIRE(inner->executeStep());
    REQUIRE(inner->executeStep());
    CHECK(inner->getColumn(0).getInt() == 2);
    // The outer loop is undisturbed by the inner one.
    REQUIRE(outer->executeStep());
    CHECK(outer->getColumn(0).getInt() == 2);
  }
  CHECK(cache.size() == 1);
}

TEST_CASE("at most kCapacity statements are kept") {
  SQLite::Database db = Numbers(1);
  StatementCache cache(db);
  for (size_t i = 0; i < StatementCache::kCapacity + 10; ++i) {
    const CachedStatement q = cache.Prepare("SELECT " + std::to_string(i));
    REQUIRE(q->executeStep());
    CHECK(q->getColumn(0).getInt64() == static_cast<int64_t>(i));
  }
  CHECK(cache.size() == StatementCache::kCapacity);
}

TEST_CASE("a kept statement follows schema changes made after it was prepared") {
  // Named columns: SQLiteCpp remembers a statement's column count when it is prepared, so a kept
  // `SELECT *` would not show a column added later. The engine names every column it reads.
  SQLite::Database db = Numbers(3);
  StatementCache cache(db);
  const std::string sql = "SELECT x FROM t WHERE x >= ? ORDER BY x";
  const auto rows_from = [&](int from) {
    const CachedStatement q = cache.Prepare(sql);
    q->bind(1, from);
    std::string seen;
    while (q->executeStep()) seen += std::to_string(q->getColumn(0).getInt());
    return seen;
  };
  CHECK(rows_from(2) == "23");
  db.exec("CREATE INDEX t_x ON t (x)");
  CHECK(rows_from(2) == "23");
  db.exec("ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'new'");
  db.exec("DROP INDEX t_x");
  CHECK(rows_from(1) == "123");
  // The table itself replaced: the kept statement reads the new one.
  db.exec("DROP TABLE t");
  db.exec("CREATE TABLE t (x INTEGER, z INTEGER)");
  db.exec("INSERT INTO t (x) VALUES (7), (8)");
  CHECK(rows_from(8) == "8");
  CHECK(cache.size() == 1);
}

TEST_CASE("invalid SQL throws and leaves nothing kept") {
  SQLite::Database db = Numbers(1);
  StatementCache cache(db);
  CHECK_THROWS_AS(cache.Prepare("SELEC 1"), SQLite::Exception);
  CHECK(cache.size() == 0);
}

TEST_CASE("a read session's statement left mid-result does not pin its snapshot for the next") {
  testing::TempDir dir;
  auto store = testing::OpenFileStore(dir.File("kept.db"));
  const std::string sql = "SELECT name FROM organizations ORDER BY id";
  {
    auto session = StoreAccess::Read(*store);
    const CachedStatement q = session.Prepare(sql);
    REQUIRE(q->executeStep());  // one row read, more may follow: left unfinished
  }
  testing::AddOrganization(*store, "added later");
  // The reader pool hands the same connection back: the kept statement must see the new row.
  auto session = StoreAccess::Read(*store);
  const CachedStatement q = session.Prepare(sql);
  int rows = 0;
  while (q->executeStep()) ++rows;
  CHECK(rows == 2);
}

TEST_SUITE_END();

}  // namespace logset
