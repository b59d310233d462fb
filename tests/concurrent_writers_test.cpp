// SPDX-License-Identifier: MIT
// Several processes writing one store file at once: nobody sees "database is locked", and the
// final counts are exact.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "logs/jsonl_import.h"
#include "logset/api.h"
#include "logset/error.h"
#include "logset/store.h"
#include "test_util.h"

namespace logset {
namespace {

TEST_SUITE_BEGIN("concurrent writers");

// Runs `work` in a child process with its own Store on `path`; the child exits 0 if it returned,
// 1 if it threw (the store stayed locked, say).
pid_t Spawn(const std::string& path, const std::function<void(Store&)>& work) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      StoreOptions options;
      options.path = path;
      auto store = Store::Open(options);
      work(*store);
    } catch (...) {
      _exit(1);
    }
    _exit(0);
  }
  return pid;
}

int ExitStatus(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ImportLines(Store& store, const std::string& model, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += R"({"model": ")" + model + "\"}\n";
  std::istringstream in(text);
  internal::JsonlImportOptions options;
  options.batch_size = 100;
  if (internal::ImportRequestLogsJsonl(store, in, options).imported != count) _exit(2);
}

TEST_CASE("two JSONL imports and bulk API ingest on one file at once all land, exactly") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  testing::OpenFileStore(path);
  std::string bulk = R"({"logs": [)";
  for (int i = 0; i < 200; ++i) bulk += std::string(i ? "," : "") + R"({"model": "api"})";
  bulk += "]}";

  std::vector<pid_t> children;
  children.push_back(Spawn(path, [](Store& store) { ImportLines(store, "first", 5000); }));
  children.push_back(Spawn(path, [](Store& store) { ImportLines(store, "second", 5000); }));
  children.push_back(Spawn(path, [&](Store& store) {
    const Api api(store);
    ApiRequest r;
    r.method = "POST";
    r.path = "/api/request-logs/bulk/";
    r.authorization = "Bearer test-key";
    r.body = bulk;
    for (int i = 0; i < 25; ++i) {
      if (api.Handle(r).status != 200) _exit(3);
    }
  }));
  for (pid_t pid : children) CHECK(ExitStatus(pid) == 0);

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  const auto count = [&](const char* model) {
    SQLite::Statement q(db, "SELECT count(*) FROM request_logs WHERE model = ?");
    q.bind(1, model);
    q.executeStep();
    return q.getColumn(0).getInt64();
  };
  CHECK(count("first") == 5000);
  CHECK(count("second") == 5000);
  CHECK(count("api") == 25 * 200);
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset
