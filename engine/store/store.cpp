// SPDX-License-Identifier: MIT
// Store: opening the file, connection settings, the writer and the reader pool.
#include "logset/store.h"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <vector>

#include "datasets/dataset_build.h"
#include "logset/error.h"
#include "store/busy_wait.h"
#include "store/checkpointer.h"
#include "store/count_cache.h"
#include "store/index_stats.h"
#include "store/migrations.h"
#include "store/org_bootstrap.h"
#include "store/query_budget.h"
#include "store/sql_functions.h"
#include "store/sqlite_errors.h"
#include "store/statement_cache.h"
#include "store/store_access.h"
#include "store/writer_tuning.h"

namespace logset {
namespace internal {

// A pooled reader connection with the counts and statements it keeps (statements are declared
// after the connection so that they are finalised before it closes).
struct PooledReader {
  std::unique_ptr<SQLite::Database> db;
  CountCache counts;
  std::unique_ptr<StatementCache> statements;
};

}  // namespace internal

namespace {

// SQLite keeps process-wide memory statistics by default, behind one global mutex taken on every
// allocation; reading a list page allocates for each large column it reads, so with 16 clients
// waiting on that mutex was 8% of the samples, and turning it off raised the 1M list page from
// 2,889 to 3,223 req/s (three runs each). logset never reads the statistics. It only takes
// effect before SQLite initialises: if the process used SQLite before the first Store::Open the
// call is refused (SQLITE_MISUSE) and SQLite keeps its settings, which is harmless.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

struct Store::Impl {
  StoreOptions options;
  bool in_memory = false;
  int schema_version = 0;

  std::mutex writer_mutex;
  // Threads waiting for writer_mutex: a long write cuts its chunk short when someone waits.
  std::atomic<int> writers_waiting{0};
  std::unique_ptr<SQLite::Database> writer;
  // Commits through `writer`; PRAGMA data_version does not see a connection's own commits.
  std::atomic<uint64_t> commits{0};
  // Reads of an in-memory store run on `writer` (under writer_mutex) and keep counts and
  // statements here; declared after `writer`, so finalised before it closes.
  internal::CountCache writer_counts;
  std::unique_ptr<internal::StatementCache> writer_statements;

  std::mutex pool_mutex;
  std::vector<std::unique_ptr<internal::PooledReader>> idle_readers;

  // File stores only. Declared after `writer`, whose commit hook it holds, so it is destroyed
  // (hook removed, thread joined) before the writer closes.
  std::unique_ptr<internal::Checkpointer> checkpointer;

  std::unique_ptr<SQLite::Database> Connect(bool read_only) const {
    const int flags =
        read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    auto db = std::make_unique<SQLite::Database>(options.path, flags | SQLite::OPEN_NOMUTEX,
                                                 options.busy_timeout_ms);
    internal::InstallBusyWait(db->getHandle(), options.busy_timeout_ms);
    db->exec("PRAGMA foreign_keys = ON");
    // NORMAL is durable across application crashes in WAL mode and much faster than FULL; only a
    // power loss can drop the last transactions, never corrupt the file.
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA temp_store = MEMORY");
    internal::RegisterSqlFunctions(db->getHandle());
    internal::InstallQueryBudget(db->getHandle());
    return db;
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::Open(const StoreOptions& options) {
  ConfigureSqliteOnce();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->in_memory = options.path == ":memory:" || options.path.empty();
  if (impl->in_memory) impl->options.path = ":memory:";
  if (impl->options.exports_dir.empty()) {
    namespace fs = std::filesystem;
    const fs::path base =
        impl->in_memory ? fs::current_path() : fs::absolute(options.path).parent_path();
    impl->options.exports_dir = (base / "exports").string();
  }
  try {
    impl->writer = impl->Connect(/*read_only=*/false);
    impl->writer_statements = std::make_unique<internal::StatementCache>(*impl->writer);
    // A file that is not SQLite fails here, on the first read, rather than later.
    impl->writer->execAndGet("SELECT count(*) FROM sqlite_master");
    impl->schema_version = internal::Migrate(*impl->writer, options.on_progress);
    if (!impl->in_memory) {
      // journal_mode is persistent in the file, so the writer sets it once, after Migrate has
      // accepted the file: a refused file (e.g. from a newer logset) is left byte for byte as is.
      impl->writer->exec("PRAGMA journal_mode = WAL");
      impl->writer->exec(internal::WriterTuningPragmas());
      impl->checkpointer = std::make_unique<internal::Checkpointer>(
          impl->options.path, impl->writer->getHandle(), internal::kWalCheckpointPages);
    }
    // A migration may have added indexes to a file that has statistics (index_stats.h).
    internal::AnalyzeIndexesWithoutStats(*impl->writer);
    internal::EnsureDefaultOrganization(*impl->writer);
  } catch (...) {
    Error e = internal::TranslateCurrentException();
    if (e.code() == ErrorCode::kStorage || e.code() == ErrorCode::kInternal) {
      throw StorageError(e.tag(), "cannot open store '" + options.path + "': " + e.detail());
    }
    throw;
  }
  std::unique_ptr<Store> store(new Store(std::move(impl)));
  if (!store->impl_->in_memory) {
    try {
      // A dataset build or deletion a crash cut short is finished (deleted) here, so that no
      // process ever finds a half-built dataset it cannot see and nobody else will remove.
      internal::RecoverUnfinishedDatasets(*store);
    } catch (...) {
      Error e = internal::TranslateCurrentException();
      throw StorageError(e.tag(), "cannot open store '" + options.path + "': " + e.detail());
    }
  }
  return store;
}

const StoreOptions& Store::options() const { return impl_->options; }
int Store::schema_version() const { return impl_->schema_version; }
int Store::LatestSchemaVersion() { return static_cast<int>(internal::Migrations().size()); }

namespace internal {

WriteSession::WriteSession(Store::Impl* store, std::unique_lock<std::mutex> lock,
                           SQLite::Database& db)
    : store_(store), lock_(std::move(lock)), db_(&db) {
  db_->exec("BEGIN IMMEDIATE");
}

WriteSession::WriteSession(WriteSession&& other) noexcept
    : store_(other.store_), lock_(std::move(other.lock_)), db_(other.db_), open_(other.open_) {
  other.open_ = false;
}

WriteSession::~WriteSession() {
  if (open_) db_->tryExec("ROLLBACK");
}

void WriteSession::Commit() {
  open_ = false;
  // Counted even if COMMIT then fails: a needless cache miss, never a stale hit.
  ++store_->commits;
  try {
    db_->exec("COMMIT");
  } catch (...) {
    db_->tryExec("ROLLBACK");
    throw TranslateCurrentException();
  }
}

ReadSession::ReadSession(Store::Impl* store, std::unique_ptr<PooledReader> pooled,
                         std::unique_lock<std::mutex> memory_lock, SQLite::Database& db,
                         CountCache& counts, StatementCache& statements)
    : store_(store),
      pooled_(std::move(pooled)),
      memory_lock_(std::move(memory_lock)),
      db_(&db),
      counts_(&counts),
      statements_(&statements) {
  // In WAL mode a read transaction pins one snapshot for every statement run inside it.
  statements_->Prepare("BEGIN")->exec();
}

ReadSession::ReadSession(ReadSession&& other) noexcept
    : store_(other.store_),
      pooled_(std::move(other.pooled_)),
      memory_lock_(std::move(other.memory_lock_)),
      db_(other.db_),
      counts_(other.counts_),
      statements_(other.statements_) {
  other.db_ = nullptr;
}

ReadSession::~ReadSession() {
  if (db_ == nullptr) return;
  try {
    statements_->Prepare("ROLLBACK")->tryExecuteStep();
  } catch (...) {
    db_->tryExec("ROLLBACK");  // ROLLBACK could not even be prepared (out of memory)
  }
  if (pooled_) {
    std::lock_guard<std::mutex> guard(store_->pool_mutex);
    store_->idle_readers.push_back(std::move(pooled_));
  }
}

int64_t ReadSession::CachedCount(const std::string& key, const std::function<int64_t()>& count) {
  DatabaseState state;
  try {
    // Inside the read transaction this starts (or continues) the snapshot, so the version is the
    // one every statement of this session reads.
    const CachedStatement version = statements_->Prepare("PRAGMA data_version");
    version->executeStep();
    state.data_version = version->getColumn(0).getInt64();
  } catch (...) {
    throw TranslateCurrentException();
  }
  state.own_commits = store_->commits.load();
  return counts_->Get(state, key, count);
}

CachedStatement ReadSession::Prepare(const std::string& sql) {
  try {
    return statements_->Prepare(sql);
  } catch (...) {
    throw TranslateCurrentException();
  }
}

WriteSession StoreAccess::Write(Store& store) {
  Store::Impl& impl = *store.impl_;
  std::unique_lock<std::mutex> lock(impl.writer_mutex, std::defer_lock);
  if (!lock.try_lock()) {
    ++impl.writers_waiting;
    lock.lock();
    --impl.writers_waiting;
  }
  return WriteSession(&impl, std::move(lock), *impl.writer);
}

bool StoreAccess::WritersWaiting(Store& store) { return store.impl_->writers_waiting.load() > 0; }

ReadSession StoreAccess::Read(Store& store) {
  Store::Impl& impl = *store.impl_;
  if (impl.in_memory) {
    // A private in-memory database exists only on its one connection.
    std::unique_lock<std::mutex> lock(impl.writer_mutex);
    return ReadSession(&impl, nullptr, std::move(lock), *impl.writer, impl.writer_counts,
                       *impl.writer_statements);
  }
  std::unique_ptr<PooledReader> reader;
  {
    std::lock_guard<std::mutex> guard(impl.pool_mutex);
    if (!impl.idle_readers.empty()) {
      reader = std::move(impl.idle_readers.back());
      impl.idle_readers.pop_back();
    }
  }
  if (!reader) {
    reader = std::make_unique<PooledReader>();
    reader->db = impl.Connect(/*read_only=*/true);
    reader->statements = std::make_unique<StatementCache>(*reader->db);
  }
  SQLite::Database& db = *reader->db;
  CountCache& counts = reader->counts;
  StatementCache& statements = *reader->statements;
  return ReadSession(&impl, std::move(reader), {}, db, counts, statements);
}

}  // namespace internal
}  // namespace logset
