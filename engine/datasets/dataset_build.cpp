// SPDX-License-Identifier: MIT
// Chunked dataset builds and deletions, and the recovery of those a crash cut short.
#include "datasets/dataset_build.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "datasets/dataset_store.h"
#include "logset/error.h"
#include "store/query_budget.h"
#include "store/store_access.h"
#include "util/process_identity.h"
#include "util/time.h"

namespace logset::internal {
namespace {

// A build whose builder cannot be checked (no /proc) is taken for dead once its heartbeat, which
// every chunk refreshes, is this old: far longer than any chunk or lock wait takes.
constexpr Micros kStaleHeartbeat = 10LL * 60 * 1000 * 1000;

void MarkDeleting(SQLite::Database& db, int64_t rowid) {
  SQLite::Statement q(db, "UPDATE datasets SET status = 'deleting', builder = NULL WHERE id = ?");
  q.bind(1, rowid);
  q.exec();
}

// Deletes the logs of the hidden dataset `rowid` (their scores cascade) a chunk at a time, then
// the row (its eval tasks cascade). Once a dataset is hidden for deletion, nothing but finishing
// the deletion makes sense, so neither a request's deadline nor its client leaving stops it.
void Purge(Store& store, int64_t rowid) {
  QueryBudgetScope unbounded(0, nullptr);
  ChunkedWriter writer(store);
  bool done = false;
  while (!done) {
    writer.Run(nullptr, [&](SQLite::Database& db, int64_t max_rows) {
      SQLite::Statement logs(db,
                             "DELETE FROM dataset_logs WHERE id IN "
                             "(SELECT id FROM dataset_logs WHERE dataset_id = ? LIMIT ?)");
      logs.bind(1, rowid);
      logs.bind(2, max_rows);
      const int64_t deleted = logs.exec();
      if (deleted < max_rows) {
        SQLite::Statement row(db, "DELETE FROM datasets WHERE id = ? AND status <> 'ready'");
        row.bind(1, rowid);
        row.exec();
        done = true;
      }
      return deleted;
    });
  }
}

// A build is ours while its row still says so; anything else means it was taken away.
void RequireOwnBuild(SQLite::Database& db, int64_t rowid, Micros heartbeat) {
  SQLite::Statement q(db,
                      "UPDATE datasets SET updated_at = ? "
                      "WHERE id = ? AND status = 'building' AND builder = ?");
  q.bind(1, static_cast<int64_t>(heartbeat));
  q.bind(2, rowid);
  q.bind(3, ThisProcessIdentity());
  if (q.exec() != 1) {
    throw StorageError("datasets.build_lost",
                       "the dataset being built was removed by another process that took this one "
                       "for dead; run the request again.");
  }
}

}  // namespace

ChunkPacing& CurrentChunkPacing() {
  static ChunkPacing pacing;
  return pacing;
}

ChunkedWriter::ChunkedWriter(Store& store)
    : store_(store), pacing_(CurrentChunkPacing()), rows_(pacing_.first_rows) {}

int64_t ChunkedWriter::Run(const std::function<void(SQLite::Database&)>& begin,
                           const Step& step) {
  if (ran_ && pacing_.pause.count() > 0) std::this_thread::sleep_for(pacing_.pause);
  ran_ = true;
  int64_t used = 0;
  std::chrono::steady_clock::time_point start;
  {
    auto session = StoreAccess::Write(store_);
    start = std::chrono::steady_clock::now();
    if (begin) begin(session.db());
    while (used < rows_) {
      const int64_t want = std::min(kStepRows, rows_ - used);
      const int64_t got = step(session.db(), want);
      used += got;
      if (got < want || StoreAccess::WritersWaiting(store_)) break;
    }
    session.Commit();
  }  // the write lock is released here, before after_chunk runs
  const auto took = std::chrono::steady_clock::now() - start;
  if (used > 0 && took.count() > 0) {
    // Toward the rows that would take `target` at this chunk's rate, but at most doubling or
    // halving per chunk, so one chunk slowed by a page-cache miss or a checkpoint does not swing
    // the size.
    const double per_row = std::chrono::duration<double>(took).count() / static_cast<double>(used);
    const double ideal = std::chrono::duration<double>(pacing_.target).count() / per_row;
    const double bounded = std::clamp(ideal, rows_ / 2.0, rows_ * 2.0);
    rows_ = std::clamp(static_cast<int64_t>(bounded), pacing_.min_rows, pacing_.max_rows);
  }
  if (pacing_.after_chunk) pacing_.after_chunk(used);
  return used;
}

DatasetBuild::DatasetBuild(Store& store, Dataset& dataset)
    : store_(store), dataset_(dataset), writer_(store) {
  dataset_.status = "building";
  auto session = StoreAccess::Write(store_);
  InsertDataset(session.db(), dataset_);
  SQLite::Statement builder(session.db(), "UPDATE datasets SET builder = ? WHERE id = ?");
  builder.bind(1, ThisProcessIdentity());
  builder.bind(2, dataset_.rowid);
  builder.exec();
  session.Commit();
}

DatasetBuild::~DatasetBuild() {
  if (finished_) return;
  try {
    {
      auto session = StoreAccess::Write(store_);
      MarkDeleting(session.db(), dataset_.rowid);
      session.Commit();
    }
    Purge(store_, dataset_.rowid);
  } catch (...) {
    // Left 'building' or 'deleting', hidden either way; RecoverUnfinishedDatasets deletes it.
  }
}

int64_t DatasetBuild::Chunk(const ChunkedWriter::Step& step,
                            const std::function<void(SQLite::Database&)>& begin) {
  return writer_.Run(
      [&](SQLite::Database& db) {
        RequireOwnBuild(db, dataset_.rowid, NowMicros());
        if (begin) begin(db);
      },
      step);
}

void DatasetBuild::Finish(const std::function<void(SQLite::Database&)>& finish) {
  writer_.Run(
      [&](SQLite::Database& db) {
        RequireOwnBuild(db, dataset_.rowid, NowMicros());
        finish(db);
        SQLite::Statement ready(db,
                                "UPDATE datasets SET status = 'ready', builder = NULL, "
                                "updated_at = created_at WHERE id = ?");
        ready.bind(1, dataset_.rowid);
        ready.exec();
        std::vector<Dataset> one{dataset_};
        LoadFirstLogIds(db, one);
        dataset_.log_ids = std::move(one.front().log_ids);
      },
      [](SQLite::Database&, int64_t) { return int64_t{0}; });
  dataset_.status = "ready";
  dataset_.updated_at = dataset_.created_at;
  finished_ = true;
}

void DeleteDatasetInChunks(Store& store, int64_t org_id, const std::string& uuid) {
  int64_t rowid = 0;
  {
    auto session = StoreAccess::Write(store);
    const Dataset d = RequireDataset(session.db(), org_id, uuid);
    if (d.log_count <= CurrentChunkPacing().first_rows) {
      DeleteDatasetRow(session.db(), d.rowid);
      session.Commit();
      return;
    }
    rowid = d.rowid;
    MarkDeleting(session.db(), rowid);
    session.Commit();
  }
  Purge(store, rowid);
}

void RecoverUnfinishedDatasets(Store& store) {
  struct Unfinished {
    int64_t rowid;
    std::string status;
    std::string builder;
    Micros heartbeat;
  };
  std::vector<Unfinished> found;
  {
    auto session = StoreAccess::Read(store);
    SQLite::Statement q(session.db(),
                        "SELECT id, status, coalesce(builder, ''), updated_at FROM datasets "
                        "WHERE status <> 'ready'");
    while (q.executeStep()) {
      found.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), q.getColumn(3).getInt64()});
    }
  }
  const Micros now = NowMicros();
  for (const Unfinished& u : found) {
    if (u.status == "building") {
      const ProcessState state = ProcessStateOf(u.builder);
      const bool dead = state == ProcessState::kGone ||
                        (state == ProcessState::kUnknown && now - u.heartbeat > kStaleHeartbeat);
      if (!dead) continue;
      auto session = StoreAccess::Write(store);
      // Only if it is still the same unfinished build: its builder may have finished it since.
      SQLite::Statement claim(session.db(),
                              "UPDATE datasets SET status = 'deleting', builder = NULL "
                              "WHERE id = ? AND status = 'building' AND builder IS ?");
      claim.bind(1, u.rowid);
      if (u.builder.empty()) {
        claim.bind(2);
      } else {
        claim.bind(2, u.builder);
      }
      const bool claimed = claim.exec() == 1;
      session.Commit();
      if (!claimed) continue;
    } else if (u.status != "deleting") {
      continue;  // a state this build does not know: a newer logset's, left to it
    }
    Purge(store, u.rowid);
  }
}

}  // namespace logset::internal
