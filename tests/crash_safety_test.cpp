// SPDX-License-Identifier: MIT
// kill -9 in the middle of long writes: the file stays sound and every committed unit is whole.
//
// Each case forks a child that opens the store itself and repeats one kind of write, writing a
// byte to a pipe after each one returns. The parent reads k of those bytes (k = 0, 1, 2, ...),
// then SIGKILLs the child at once, so the kill lands inside the next write at a point the
// scheduler picks; then it reopens the file and checks the invariants.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "logs/jsonl_import.h"
#include "logset/api.h"
#include "logset/store.h"
#include "test_util.h"

namespace logset {
namespace {

TEST_SUITE_BEGIN("crash safety");

constexpr int kLogs = 5000;

std::string Lines(int first, int count) {
  std::string out;
  for (int i = first; i < first + count; ++i) {
    out += R"({"model": "m)" + std::to_string(i % 5) + R"(", "input": "q)" + std::to_string(i) +
           "\"}\n";
  }
  return out;
}

void FillStore(const std::string& path) {
  auto store = testing::OpenFileStore(path);
  std::istringstream in(Lines(0, kLogs));
  REQUIRE(internal::ImportRequestLogsJsonl(*store, in, internal::JsonlImportOptions{}).imported ==
          kLogs);
}

std::string Call(Api& api, const std::string& method, const std::string& path,
                 const std::string& body) {
  ApiRequest r;
  r.method = method;
  r.path = path;
  r.authorization = "Bearer test-key";
  r.body = body;
  const ApiResponse response = api.Handle(r);
  if (response.status >= 300) _exit(3);  // the parent sees a child that died on its own
  return response.body;
}

std::string IdOf(const std::string& body) { return testing::Json::parse(body).at("id"); }

// Runs `write` in a child over and over, SIGKILLs it after `k` completed writes, and returns
// true if it was still running then (it must be: every write loop is endless).
bool KillDuring(const std::string& path, int k, const std::function<void(Api&)>& write) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    StoreOptions options;
    options.path = path;
    options.busy_timeout_ms = 60000;
    auto store = Store::Open(options);
    Api api(*store);
    const char byte = 1;
    while (true) {
      write(api);
      if (::write(pipe_fds[1], &byte, 1) != 1) _exit(4);
    }
  }
  close(pipe_fds[1]);
  char byte = 0;
  for (int i = 0; i < k; ++i) REQUIRE(read(pipe_fds[0], &byte, 1) == 1);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(pipe_fds[0]);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

int64_t Count(SQLite::Database& db, const std::string& sql) {
  return db.execAndGet(sql).getInt64();
}

// Reopened as any user would (opening finishes what a crash cut short), the file is sound, and
// every dataset is ready and holds exactly the logs its counter says.
void CheckSound(const std::string& path) {
  testing::OpenFileStore(path);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(Count(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
  CHECK(Count(db, "SELECT count(*) FROM datasets WHERE status <> 'ready'") == 0);
  CHECK(Count(db,
              "SELECT count(*) FROM datasets d WHERE d.log_count <> "
              "(SELECT count(*) FROM dataset_logs l WHERE l.dataset_id = d.id)") == 0);
}

TEST_CASE("kill -9 during JSONL imports leaves whole batches and a sound file") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  testing::OpenFileStore(path);
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    CHECK(KillDuring(path, k, [&](Api& api) {
      (void)api;
      // An import of 2,000 lines in batches of 250 per write; the store is shared with the API.
      auto store = testing::OpenFileStore(path);
      std::istringstream in(Lines(0, 2000));
      internal::JsonlImportOptions options;
      options.batch_size = 250;
      internal::ImportRequestLogsJsonl(*store, in, options);
    }));
    CheckSound(path);
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(Count(db, "SELECT count(*) FROM request_logs") % 250 == 0);
  }
}

TEST_CASE("kill -9 during bulk ingest leaves whole requests") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  testing::OpenFileStore(path);
  std::string bulk = R"({"logs": [)";
  for (int i = 0; i < 500; ++i) bulk += std::string(i ? "," : "") + R"({"model": "bulk"})";
  bulk += "]}";
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    CHECK(
        KillDuring(path, k, [&](Api& api) { Call(api, "POST", "/api/request-logs/bulk/", bulk); }));
    CheckSound(path);
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(Count(db, "SELECT count(*) FROM request_logs") % 500 == 0);
  }
}

TEST_CASE(
    "kill -9 while datasets are sampled, imported into and duplicated leaves whole datasets") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  FillStore(path);
  const std::string range =
      R"("start_time": "2000-01-01T00:00:00Z", "end_time": "2100-01-01T00:00:00Z")";
  std::string source;
  {
    auto store = testing::OpenFileStore(path);
    Api api(*store);
    source = IdOf(Call(api, "POST", "/api/datasets/",
                       R"({"name": "source", "sampling": 100, )" + range + "}"));
  }
  const std::function<void(Api&)> writes[] = {
      [&](Api& api) {
        Call(api, "POST", "/api/datasets/", R"({"name": "half", "sampling": 50, )" + range + "}");
      },
      [&](Api& api) {
        const std::string id =
            IdOf(Call(api, "POST", "/api/datasets/", R"({"name": "empty", "is_empty": true})"));
        Call(api, "POST", "/api/datasets/" + id + "/logs/import/",
             R"({"sampling_percentage": 100, )" + range + "}");
      },
      [&](Api& api) {
        Call(api, "POST", "/api/datasets/",
             R"({"name": "copy", "source_dataset_id": ")" + source + "\"}");
      },
      [&](Api& api) {
        const std::string id = IdOf(Call(api, "POST", "/api/datasets/",
                                         R"({"name": "doomed", "source_dataset_id": ")" +
                                             source + "\"}"));
        Call(api, "DELETE", "/api/datasets/" + id + "/", "");
      },
  };
  for (const auto& write : writes) {
    for (int k = 0; k < 3; ++k) {
      CAPTURE(k);
      CHECK(KillDuring(path, k, write));
      CheckSound(path);
    }
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // A sampled dataset, a copy or a deletion, though committed in chunks, is whole or absent.
  CHECK(Count(db, "SELECT count(*) FROM datasets WHERE name = 'half' AND log_count <> " +
                      std::to_string(kLogs / 2)) == 0);
  CHECK(Count(db, "SELECT count(*) FROM datasets WHERE name = 'copy' AND log_count <> " +
                      std::to_string(kLogs)) == 0);
  CHECK(Count(db, "SELECT count(*) FROM datasets WHERE name = 'doomed' AND log_count <> " +
                      std::to_string(kLogs)) == 0);
  // An empty dataset and its import are two requests: each is whole.
  CHECK(Count(db, "SELECT count(*) FROM datasets WHERE name = 'empty' AND log_count NOT IN (0, " +
                      std::to_string(kLogs) + ")") == 0);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
