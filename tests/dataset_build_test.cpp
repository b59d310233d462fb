// SPDX-License-Identifier: MIT
// Long dataset writes in chunks: the same result as one transaction, hidden until whole, other
// writers let in between chunks, and unfinished builds removed when a store opens.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "dataset_test_util.h"
#include "datasets/dataset_build.h"
#include "datasets/population_service.h"
#include "logset/api.h"
#include "logset/store.h"
#include "test_util.h"
#include "util/process_identity.h"

namespace logset {
namespace {

using dataset_test::DatasetHarness;
using internal::ChunkPacing;
using internal::CurrentChunkPacing;
using testing::ApiResult;
using testing::Json;

TEST_SUITE_BEGIN("dataset builds");

// Chunks of exactly `rows` rows from the first on (a target no chunk reaches keeps them there),
// and no pause unless asked; restores the process's pacing when it goes.
class SmallChunks {
 public:
  explicit SmallChunks(int64_t rows, std::chrono::milliseconds pause = std::chrono::milliseconds(0))
      : saved_(CurrentChunkPacing()) {
    ChunkPacing& p = CurrentChunkPacing();
    p.first_rows = rows;
    p.min_rows = 1;
    p.max_rows = rows;
    p.target = std::chrono::hours(1);
    p.pause = pause;
    p.after_chunk = [this](int64_t) { ++chunks; };
  }
  ~SmallChunks() { CurrentChunkPacing() = saved_; }
  SmallChunks(const SmallChunks&) = delete;
  SmallChunks& operator=(const SmallChunks&) = delete;

  // Runs `f` after each chunk (after counting it).
  void AfterChunk(std::function<void(int)> f) {
    CurrentChunkPacing().after_chunk = [this, f = std::move(f)](int64_t) { f(++chunks); };
  }

  int chunks = 0;

 private:
  ChunkPacing saved_;
};

constexpr const char* kRange = "2000-01-01T00:00:00Z";
constexpr const char* kRangeEnd = "2100-01-01T00:00:00Z";

Json Sampled(const std::string& name, int percent) {
  return {{"name", name},       {"start_time", kRange}, {"end_time", kRangeEnd},
          {"sampling", percent}, {"sampling_seed", 7}};
}

// `n` request logs through the bulk route, in batches of 500.
void Ingest(const DatasetHarness& t, int n) {
  for (int start = 0; start < n; start += 500) {
    Json logs = Json::array();
    for (int i = start; i < std::min(n, start + 500); ++i) {
      logs.push_back({{"model", "m" + std::to_string(i % 4)},
                      {"input", "q" + std::to_string(i)},
                      {"output", "a" + std::to_string(i)},
                      {"customer_identifier", "c" + std::to_string(i % 9)}});
    }
    t.IngestLogs(logs);
  }
}

int64_t Unfinished(const DatasetHarness& t) {
  return t.Scalar("SELECT count(*) FROM datasets WHERE status <> 'ready' OR builder IS NOT NULL");
}

TEST_CASE("a sampled dataset built in chunks holds exactly what one transaction gives") {
  DatasetHarness t;
  Ingest(t, 300);
  for (int percent : {40, 100}) {
    CAPTURE(percent);
    const Json whole = t.CreateDataset(Sampled("whole", percent));
    SmallChunks small(16);
    const Json chunked = t.CreateDataset(Sampled("chunked", percent));
    CHECK(small.chunks >= 300 * percent / 100 / 16);
    CHECK(chunked["log_count"] == whole["log_count"]);
    CHECK(chunked["log_count"] == 300 * percent / 100);
    CHECK(chunked["sampling_info"] == whole["sampling_info"]);
    CHECK(chunked["status"] == "ready");
    CHECK(chunked["updated_at"] == chunked["created_at"]);
    CHECK(chunked["log_ids"].size() == std::min(100, 300 * percent / 100));
    CHECK(t.SourceIds(chunked["id"]) == t.SourceIds(whole["id"]));
    CHECK(t.Dataset(chunked["id"]) == chunked);
  }
  CHECK(Unfinished(t) == 0);
}

TEST_CASE("a dataset being built is hidden from every read until its last chunk") {
  DatasetHarness t;
  Ingest(t, 120);
  const std::string visible = t.NewDataset("visible");
  SmallChunks small(10);
  std::string building;
  small.AfterChunk([&](int chunk) {
    if (chunk != 3) return;
    building = t.Text("SELECT uuid FROM datasets WHERE status = 'building'");
    CHECK(t.Text("SELECT builder FROM datasets WHERE status = 'building'") ==
          internal::ThisProcessIdentity());
    CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 30);
    const ApiResult list = t.Call("GET", "/api/datasets/list/");
    CHECK(list.body["count"] == 1);
    CHECK(list.body["results"][0]["id"] == visible);
    CHECK(t.Call("GET", "/api/datasets/" + building + "/").status == 404);
    CHECK(t.Call("GET", "/api/datasets/" + building + "/logs/list/").status == 404);
    CHECK(t.Call("POST", "/api/datasets/" + building + "/logs/", {{"input", "x"}}).status == 404);
    CHECK(t.Call("DELETE", "/api/datasets/" + building + "/").status == 404);
  });
  const Json made = t.CreateDataset(Sampled("big", 100));
  CHECK(small.chunks >= 12);
  CHECK(made["id"] == building);
  CHECK(made["log_count"] == 120);
  CHECK(t.Call("GET", "/api/datasets/list/").body["count"] == 2);
}

TEST_CASE("a copy made in chunks carries every log and score under fresh ids") {
  DatasetHarness t;
  Ingest(t, 200);
  const Json source = t.CreateDataset(Sampled("source", 100));
  const std::string src = source["id"];
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev', '0.5', 0.5, 1 FROM dataset_logs WHERE id % 3 = 0");
  t.Exec("UPDATE dataset_logs SET annotation_status = 'completed' WHERE id % 4 = 0");
  const int64_t completed = t.Scalar(
      "SELECT count(*) FROM dataset_logs WHERE annotation_status = 'completed'");
  t.Exec("UPDATE datasets SET completed_annotation_count = " + std::to_string(completed));
  const int64_t scores = t.Scalar("SELECT count(*) FROM eval_scores");
  REQUIRE(scores > 0);

  const Json whole = t.CreateDataset({{"source_dataset_id", src}, {"name", "whole"}});
  SmallChunks small(16);
  const Json chunked = t.CreateDataset({{"source_dataset_id", src}, {"name", "chunked"}});
  CHECK(small.chunks >= 200 / 16);
  for (const Json* copy : {&whole, &chunked}) {
    CHECK((*copy)["log_count"] == 200);
    CHECK((*copy)["completed_annotation_count"] == completed);
    CHECK((*copy)["updated_at"] == (*copy)["created_at"]);
  }
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 3 * scores);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs WHERE unique_id LIKE 'copy:%'") == 0);
  CHECK(t.Scalar("SELECT count(DISTINCT unique_id) FROM dataset_logs") == 600);
  std::vector<std::string> a = t.SourceIds(whole["id"]);
  CHECK(t.SourceIds(chunked["id"]) == a);
  // Each copied log carries its source's score and annotation, log for log.
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs c JOIN dataset_logs s "
                 "ON s.source_log_id = c.source_log_id AND s.dataset_id = 1 "
                 "WHERE c.dataset_id = (SELECT id FROM datasets WHERE name = 'chunked') AND "
                 "(s.annotation_status IS NOT c.annotation_status OR "
                 "(SELECT score_value FROM eval_scores WHERE dataset_log_id = s.id) IS NOT "
                 "(SELECT score_value FROM eval_scores WHERE dataset_log_id = c.id))") == 0);
  CHECK(Unfinished(t) == 0);
}

TEST_CASE("a copy whose source changes between chunks fails with 409 and leaves nothing") {
  DatasetHarness t;
  Ingest(t, 100);
  const std::string src = t.CreateDataset(Sampled("source", 100))["id"];
  SmallChunks small(10);
  small.AfterChunk([&](int chunk) {
    if (chunk == 2) {
      const ApiResult added =
          t.Call("POST", "/api/datasets/" + src + "/logs/", {{"input", "late"}});
      CHECK(added.status == 201);
    }
  });
  const ApiResult r = t.Call("POST", "/api/datasets/", {{"source_dataset_id", src}});
  CHECK(r.status == 409);
  CHECK(r.body["detail"].get<std::string>().find("changed during the copy") != std::string::npos);
  CHECK(t.Scalar("SELECT count(*) FROM datasets") == 1);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 101);
  CHECK(Unfinished(t) == 0);
}

TEST_CASE("an import in chunks skips what the dataset holds and a cut-short one converges") {
  DatasetHarness t;
  Ingest(t, 150);
  const std::string ds = t.NewDataset("target");
  const std::string import_path = "/api/datasets/" + ds + "/logs/import/";
  const Json all = {{"start_time", kRange}, {"end_time", kRangeEnd}, {"sampling_percentage", 100}};
  // 41 of the logs are in already.
  REQUIRE(t.Call("POST", import_path, {{"start_time", kRange}, {"end_time", kRangeEnd},
                                       {"sampling_percentage", 27}, {"sampling_seed", 3}})
              .status == 200);
  const int64_t before = t.Dataset(ds)["log_count"];
  REQUIRE(before == 41);

  SmallChunks small(16);
  small.AfterChunk([&](int chunk) {
    if (chunk == 3) throw StorageError("test.cut", "cut short between chunks");
  });
  internal::SampledImport every;
  every.start_time = 0;
  every.end_time = 4102444800000000;  // 2100-01-01
  CHECK_THROWS_AS(internal::ImportSampledLogs(*t.store, 1, ds, every), StorageError);
  // What the committed chunks added is there, and counted.
  const int64_t partial = t.Dataset(ds)["log_count"];
  CHECK(partial > before);
  CHECK(partial < 150);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == partial);

  small.AfterChunk([](int) {});
  const ApiResult again = t.Call("POST", import_path, all);
  REQUIRE_MESSAGE(again.status == 200, again.raw_body);
  CHECK(again.body["imported_count"] == 150 - partial);
  CHECK(t.Dataset(ds)["log_count"] == 150);
  CHECK(t.Scalar("SELECT count(DISTINCT source_log_id) FROM dataset_logs") == 150);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 150);
  // Importing everything once more adds nothing, in as many chunks.
  CHECK(t.Call("POST", import_path, all).body["imported_count"] == 0);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 150);
}

TEST_CASE("a large dataset is hidden at the first step of its deletion and removed in chunks") {
  DatasetHarness t;
  Ingest(t, 100);
  const std::string keep = t.CreateDataset(Sampled("keep", 100))["id"];
  const std::string gone = t.CreateDataset(Sampled("gone", 100))["id"];
  t.Exec(
      "INSERT INTO evaluators (org_id, evaluator_id, slug, name, score_value_type, created_at) "
      "VALUES (1, 'ev', 'ev', 'Ev', 'numerical', 0)");
  t.Exec(
      "INSERT INTO eval_scores (dataset_log_id, evaluator_id, score_value, numeric_value, "
      "created_at) SELECT id, 'ev', '1', 1, 1 FROM dataset_logs");
  SmallChunks small(8);
  small.AfterChunk([&](int chunk) {
    if (chunk != 2) return;
    CHECK(t.Text("SELECT status FROM datasets WHERE uuid = '" + gone + "'") == "deleting");
    CHECK(t.Call("GET", "/api/datasets/" + gone + "/").status == 404);
    CHECK(t.Call("GET", "/api/datasets/list/").body["count"] == 1);
    CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 200 - 16);
  });
  CHECK(t.Call("DELETE", "/api/datasets/" + gone + "/").status == 204);
  CHECK(small.chunks >= 100 / 8);
  CHECK(t.Scalar("SELECT count(*) FROM datasets") == 1);
  CHECK(t.Scalar("SELECT count(*) FROM dataset_logs") == 100);
  CHECK(t.Scalar("SELECT count(*) FROM eval_scores") == 100);
  CHECK(t.Dataset(keep)["log_count"] == 100);
}

TEST_CASE("a process identity tells a running process from one that is gone") {
  using internal::ProcessState;
  using internal::ProcessStateOf;
  const std::string me = internal::ThisProcessIdentity();
  CHECK(ProcessStateOf(me) == ProcessState::kRunning);

  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string child = internal::ThisProcessIdentity();
    const bool written = write(fds[1], child.data(), child.size()) ==
                         static_cast<ssize_t>(child.size());
    _exit(written ? 0 : 1);
  }
  close(fds[1]);
  std::string child;
  char buffer[256];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) child.append(buffer, n);
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(child != me);
  CHECK(ProcessStateOf(child) == ProcessState::kGone);

  const std::string boot = me.substr(0, me.find('/'));
  const std::string pid_text = std::to_string(getpid());
  CHECK(ProcessStateOf(boot + "/" + pid_text + "/1") == ProcessState::kGone);  // pid reused
  CHECK(ProcessStateOf("another-boot/" + pid_text + "/1") == ProcessState::kGone);
  for (const char* odd : {"", "?/1/?", "x", "a/b/c", "/1/", "b/-4/9", "b/12x/9"}) {
    CAPTURE(odd);
    CHECK(ProcessStateOf(odd) == ProcessState::kUnknown);
  }
}

TEST_CASE("opening a store removes builds whose process is gone and keeps running ones") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  const std::string me = internal::ThisProcessIdentity();
  const std::string boot = me.substr(0, me.find('/'));
  {
    auto store = testing::OpenFileStore(path);
    Api api(*store);
    std::string bulk = R"({"logs": [)";
    for (int i = 0; i < 30; ++i) bulk += std::string(i ? "," : "") + R"({"input": "x"})";
    REQUIRE(testing::ApiCallRaw(api, "POST", "/api/request-logs/bulk/", bulk + "]}", "Bearer k")
                .status == 200);
    for (const char* name : {"running", "gone", "deleting", "unknown-fresh", "unknown-stale"}) {
      const std::string body = R"({"name": ")" + std::string(name) +
                               R"(", "start_time": "2000-01-01T00:00:00Z",)"
                               R"( "end_time": "2100-01-01T00:00:00Z", "sampling": 100})";
      REQUIRE(testing::ApiCallRaw(api, "POST", "/api/datasets/", body, "Bearer k").status == 201);
    }
  }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    const std::string now = std::to_string(internal::NowMicros());
    raw.exec("UPDATE datasets SET status = 'building', builder = '" + me +
             "' WHERE name = 'running'");
    // This process's pid with a start time that is not its own: a process since gone.
    raw.exec("UPDATE datasets SET status = 'building', builder = '" + boot + "/" +
             std::to_string(getpid()) + "/1' WHERE name = 'gone'");
    raw.exec("UPDATE datasets SET status = 'deleting' WHERE name = 'deleting'");
    raw.exec("UPDATE datasets SET status = 'building', builder = '?/1/?', updated_at = " + now +
             " WHERE name = 'unknown-fresh'");
    raw.exec("UPDATE datasets SET status = 'building', builder = '?/1/?', updated_at = 1 "
             "WHERE name = 'unknown-stale'");
  }
  auto reopened = testing::OpenFileStore(path);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  std::vector<std::string> left;
  SQLite::Statement names(raw, "SELECT name FROM datasets ORDER BY name");
  while (names.executeStep()) left.push_back(names.getColumn(0).getString());
  CHECK(left == std::vector<std::string>{"running", "unknown-fresh"});
  CHECK(raw.execAndGet("SELECT count(*) FROM dataset_logs").getInt() == 60);
  CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

// Reads one byte from `fd` if one is there, without waiting.
bool ByteReady(int fd, char* byte) {
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  const bool got = read(fd, byte, 1) == 1;
  fcntl(fd, F_SETFL, flags);
  return got;
}

TEST_CASE("writers in another process and in this one get in between the chunks of a build") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  // The other process is forked before this one starts any thread.
  int go[2], done[2];
  REQUIRE(pipe(go) == 0);
  REQUIRE(pipe(done) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(go[1]);
    close(done[0]);
    char byte = 0;
    if (read(go[0], &byte, 1) != 1) _exit(2);
    int failures = 0;
    try {
      StoreOptions options;
      options.path = path;
      // Far shorter than the build: a writer that had to wait for all of it would fail.
      options.busy_timeout_ms = 1500;
      auto store = Store::Open(options);
      Api api(*store);
      for (int i = 0; i < 10; ++i) {
        if (testing::ApiCallRaw(api, "POST", "/api/request-logs/", R"({"input": "other"})",
                                "Bearer k")
                .status != 200) {
          ++failures;
        }
      }
    } catch (...) {
      failures = 100;
    }
    const char result = failures == 0 ? 'k' : 'f';
    _exit(write(done[1], &result, 1) == 1 ? 0 : 3);
  }
  close(go[0]);
  close(done[1]);

  auto store = testing::OpenFileStore(path);
  Api api(*store);
  for (int batch = 0; batch < 8; ++batch) {
    std::string bulk = R"({"logs": [)";
    for (int i = 0; i < 500; ++i) bulk += std::string(i ? "," : "") + R"({"input": "x"})";
    REQUIRE(testing::ApiCallRaw(api, "POST", "/api/request-logs/bulk/", bulk + "]}", "Bearer k")
                .status == 200);
  }
  // 4,000 logs in chunks of 10 with SQLite's pause between them: 400 chunks, seconds of work.
  SmallChunks small(10, CurrentChunkPacing().pause);
  int chunks_when_other_done = 0;
  int chunks_when_thread_done = 0;
  std::atomic<bool> thread_done{false};
  std::thread same_process;
  small.AfterChunk([&](int chunk) {
    if (chunk == 1) {
      const char byte = 'g';
      REQUIRE(write(go[1], &byte, 1) == 1);
      same_process = std::thread([&] {
        for (int i = 0; i < 10; ++i) {
          CHECK(testing::ApiCallRaw(api, "POST", "/api/request-logs/", R"({"input": "same"})",
                                    "Bearer k")
                    .status == 200);
        }
        thread_done = true;
      });
    }
    char result = 0;
    if (chunks_when_other_done == 0 && ByteReady(done[0], &result)) {
      CHECK(result == 'k');
      chunks_when_other_done = chunk;
    }
    if (chunks_when_thread_done == 0 && thread_done) chunks_when_thread_done = chunk;
  });
  const ApiResult made = testing::ApiCallRaw(
      api, "POST", "/api/datasets/",
      R"({"name": "big", "start_time": "2000-01-01T00:00:00Z", "end_time": "2100-01-01T00:00:00Z",
          "sampling": 100})",
      "Bearer k");
  REQUIRE_MESSAGE(made.status == 201, made.raw_body);
  same_process.join();
  if (chunks_when_other_done == 0) {
    char result = 0;
    CHECK(read(done[0], &result, 1) == 1);
    CHECK(result == 'k');
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // Both finished while the build still had chunks to go.
  MESSAGE("chunks: ", small.chunks, ", other process done after ", chunks_when_other_done,
          ", thread done after ", chunks_when_thread_done);
  CHECK(chunks_when_other_done > 0);
  CHECK(chunks_when_other_done < small.chunks);
  CHECK(chunks_when_thread_done > 0);
  CHECK(chunks_when_thread_done < small.chunks);
  CHECK(testing::CountRows(*store, "request_logs") == 4000 + 20);
  CHECK(testing::CountRows(*store, "dataset_logs") == 4000);
  close(go[1]);
  close(done[0]);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
