// SPDX-License-Identifier: MIT
// Store: opening and refusing files, pragmas, migrations, the default organisation.
#include "logset/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "logset/error.h"
#include "store/migrations.h"
#include "store/store_access.h"
#include "test_util.h"
#include "util/ids.h"

namespace logset {
namespace {

using internal::StoreAccess;
using testing::AddOrganization;
using testing::CountRows;
using testing::OpenFileStore;
using testing::OpenMemoryStore;
using testing::ReadFileBytes;
using testing::TempDir;
using testing::ThrownError;

int64_t CountOrgs(Store& store) { return CountRows(store, "organizations"); }

}  // namespace

TEST_SUITE_BEGIN("store");

TEST_CASE("opening a new file creates it in WAL mode at the latest schema version") {
  TempDir dir;
  const std::string path = dir.File("new.db");
  REQUIRE_FALSE(std::filesystem::exists(path));
  auto store = OpenFileStore(path);
  CHECK(std::filesystem::exists(path));
  CHECK(Store::LatestSchemaVersion() == static_cast<int>(internal::Migrations().size()));
  CHECK(store->schema_version() == Store::LatestSchemaVersion());
  CHECK(store->options().path == path);
  CHECK(store->options().exports_dir == (dir.path() / "exports").string());

  {
    auto writer = StoreAccess::Write(*store);
    CHECK(writer.db().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(writer.db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(writer.db().execAndGet("PRAGMA user_version").getInt() == Store::LatestSchemaVersion());
    // The writer's tuning (store/writer_tuning.h): a 64 MB cache, and no automatic checkpoint
    // inside commits: the store's Checkpointer replaced it (SQLite then reports 0).
    CHECK(writer.db().execAndGet("PRAGMA cache_size").getInt() == -65536);
    CHECK(writer.db().execAndGet("PRAGMA wal_autocheckpoint").getInt() == 0);
  }
  {
    auto reader = StoreAccess::Read(*store);
    CHECK(reader.db().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(reader.db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  }
  // Another connection (another process) sees the same persistent settings.
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == Store::LatestSchemaVersion());
  for (const std::string table : {"organizations", "api_keys", "request_logs", "datasets",
                                  "dataset_logs", "evaluators", "eval_tasks", "eval_scores"}) {
    CAPTURE(table);
    CHECK(raw.tableExists(table));
  }
}

TEST_CASE("foreign keys are enforced on the writer connection") {
  auto store = OpenMemoryStore();
  auto session = StoreAccess::Write(*store);
  const Error e = ThrownError([&] {
    session.db().exec(
        "INSERT INTO api_keys (key_hash, key_prefix, org_id, created_at) VALUES ('h', 'p', 999, "
        "0)");
  });
  // A constraint reaching SQLite is a logset bug, never the client's fault.
  CHECK(e.code() == ErrorCode::kInternal);
  CHECK(e.tag() == "store.constraint");
  CHECK(HttpStatus(e.code()) == 500);
}

TEST_CASE("an in-memory store is private, migrated and has the default organisation") {
  auto a = OpenMemoryStore();
  auto b = OpenMemoryStore();
  CHECK(a->schema_version() == Store::LatestSchemaVersion());
  CHECK(a->options().path == ":memory:");
  AddOrganization(*a, "only-in-a");
  CHECK(CountOrgs(*a) == 2);
  CHECK(CountOrgs(*b) == 1);
  // An empty path means in-memory too, never a file named "".
  StoreOptions empty;
  empty.path = "";
  CHECK(Store::Open(empty)->options().path == ":memory:");
}

TEST_CASE("reopening a store file keeps its data") {
  TempDir dir;
  const std::string path = dir.File("keep.db");
  {
    auto store = OpenFileStore(path);
    AddOrganization(*store, "acme");
  }
  auto store = OpenFileStore(path);
  CHECK(store->schema_version() == Store::LatestSchemaVersion());
  auto session = StoreAccess::Read(*store);
  CHECK(
      session.db().execAndGet("SELECT count(*) FROM organizations WHERE name = 'acme'").getInt() ==
      1);
}

TEST_CASE("the default organisation exists exactly once with id 1, name default and a UUID") {
  TempDir dir;
  const std::string path = dir.File("org.db");
  std::string uuid;
  {
    auto store = OpenFileStore(path);
    auto session = StoreAccess::Read(*store);
    SQLite::Statement s(session.db(), "SELECT id, uuid, name FROM organizations");
    REQUIRE(s.executeStep());
    CHECK(s.getColumn(0).getInt64() == StoreAccess::DefaultOrgId());
    uuid = s.getColumn(1).getString();
    CHECK(internal::IsUuid(uuid));
    CHECK(s.getColumn(2).getString() == "default");
    CHECK_FALSE(s.executeStep());
  }
  for (int i = 0; i < 3; ++i) {
    auto store = OpenFileStore(path);
    CHECK(CountOrgs(*store) == 1);
    auto session = StoreAccess::Read(*store);
    // Fixed at creation: reopening never draws a new one.
    CHECK(session.db().execAndGet("SELECT uuid FROM organizations WHERE id = 1").getString() ==
          uuid);
  }
  // Two stores get different organisation UUIDs.
  auto other = OpenMemoryStore();
  auto session = StoreAccess::Read(*other);
  CHECK(session.db().execAndGet("SELECT uuid FROM organizations WHERE id = 1").getString() != uuid);
}

TEST_CASE("a file from a newer logset is refused, naming both versions, and left untouched") {
  TempDir dir;
  const std::string path = dir.File("newer.db");
  const int newer = Store::LatestSchemaVersion() + 1;
  OpenFileStore(path).reset();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  const std::string before = ReadFileBytes(path);
  REQUIRE_FALSE(before.empty());

  try {
    OpenFileStore(path);
    FAIL("opening a newer store must throw");
  } catch (const StorageError& e) {
    const std::string message = e.detail();
    CAPTURE(message);
    CHECK(e.tag() == "store.newer_schema");
    CHECK(message.find("version " + std::to_string(newer)) != std::string::npos);
    CHECK(message.find("(" + std::to_string(Store::LatestSchemaVersion()) + ")") !=
          std::string::npos);
    CHECK(message.find(path) != std::string::npos);
  }
  CHECK(ReadFileBytes(path) == before);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == newer);
}

TEST_CASE("a newer file in rollback-journal mode is not switched to WAL when refused") {
  TempDir dir;
  const std::string path = dir.File("newer-delete.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE future (x)");
    raw.exec("PRAGMA user_version = " + std::to_string(Store::LatestSchemaVersion() + 7));
  }
  const std::string before = ReadFileBytes(path);
  CHECK_THROWS_AS(OpenFileStore(path), StorageError);
  CHECK(ReadFileBytes(path) == before);
}

TEST_CASE("a file that is not SQLite is refused with a storage error and left untouched") {
  TempDir dir;
  const std::string path = dir.File("notes.txt");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 100; ++i) out << "this is a plain text file, not a database\n";
  }
  const std::string before = ReadFileBytes(path);
  try {
    OpenFileStore(path);
    FAIL("opening a text file must throw");
  } catch (const StorageError& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(e.tag() == "store.corrupt");
    CHECK(e.detail().find(path) != std::string::npos);
  }
  CHECK(ReadFileBytes(path) == before);
}

TEST_CASE("a store path that cannot be created is a storage error") {
  TempDir dir;
  const std::string path = dir.File("missing-dir/store.db");
  try {
    OpenFileStore(path);
    FAIL("opening in a missing directory must throw");
  } catch (const StorageError& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(e.tag() == "store.cant_open");
    CHECK(HttpStatus(e.code()) == 500);
    CHECK(ExitCode(e.code()) == 5);
  }
}

TEST_CASE("migrations are numbered in order and match the schema directory") {
  const auto& migrations = internal::Migrations();
  REQUIRE_FALSE(migrations.empty());
  std::vector<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(LOGSET_SCHEMA_DIR)) {
    if (entry.path().extension() == ".sql") on_disk.push_back(entry.path().filename().string());
  }
  std::sort(on_disk.begin(), on_disk.end());
  REQUIRE(on_disk.size() == migrations.size());
  for (size_t i = 0; i < migrations.size(); ++i) {
    CAPTURE(i);
    const std::string name = migrations[i].name;
    CHECK(name == on_disk[i]);
    char number[5];
    std::snprintf(number, sizeof number, "%04d", static_cast<int>(i + 1));
    CHECK(name.substr(0, 5) == std::string(number) + "_");
    CHECK(ReadFileBytes(std::filesystem::path(LOGSET_SCHEMA_DIR) / name) == migrations[i].sql);
  }
}

TEST_CASE("migrating applies every migration once and is idempotent") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  CHECK(internal::Migrate(db) == Store::LatestSchemaVersion());
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == Store::LatestSchemaVersion());
  CHECK(db.tableExists("datasets"));
  CHECK(internal::Migrate(db) == Store::LatestSchemaVersion());
}

TEST_CASE("a failing migration is rolled back and reported as a storage error") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE datasets (x)");  // 0001_init creates this table too
  try {
    internal::Migrate(db);
    FAIL("the migration must fail");
  } catch (const StorageError& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(e.tag() == "store.migration_failed");
    CHECK(e.detail().find(internal::Migrations()[0].name) != std::string::npos);
  }
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 0);
  CHECK_FALSE(db.tableExists("organizations"));  // created earlier in the same migration
}

TEST_CASE("exceptions from anywhere are translated to logset errors") {
  const Error kept = ThrownError([] { throw NotFound("x.missing"); });
  CHECK(kept.code() == ErrorCode::kNotFound);
  CHECK(kept.detail() == "Not found.");

  const Error sqlite = ThrownError([] {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    db.exec("SELECT * FROM no_such_table");
  });
  CHECK(sqlite.code() == ErrorCode::kStorage);
  CHECK(sqlite.tag() == "store.sqlite");

  const Error std_error = ThrownError([] { throw std::out_of_range("boom"); });
  CHECK(std_error.code() == ErrorCode::kInternal);
  CHECK(std_error.detail() == "boom");

  const Error unknown = ThrownError([] { throw 42; });
  CHECK(unknown.code() == ErrorCode::kInternal);
  CHECK(ExitCode(unknown.code()) == 70);
}

TEST_SUITE_END();

}  // namespace logset
