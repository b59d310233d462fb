// SPDX-License-Identifier: MIT
// JSONL import of request logs (engine routine and `logset logs import|list|get`): bad lines
// reported by number, good lines kept, batches committed while the input is still streaming.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "commands.h"
#include "logs/jsonl_import.h"
#include "logs_command.h"
#include "logset/error.h"
#include "logset/store.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset {
namespace {

using internal::JsonlImportProgress;
using internal::JsonlLineError;
using testing::Json;

// An input stream whose lines are made on demand, so a test can feed any amount of input
// without holding it, and see how much the reader had consumed at any moment.
class GeneratedLines : public std::streambuf {
 public:
  GeneratedLines(int64_t count, std::function<std::string(int64_t)> line)
      : count_(count), line_(std::move(line)) {}
  int64_t bytes_produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (next_ >= count_) return traits_type::eof();
    current_ = line_(next_++) + "\n";
    produced_ += static_cast<int64_t>(current_.size());
    setg(current_.data(), current_.data(), current_.data() + current_.size());
    return traits_type::to_int_type(current_[0]);
  }

 private:
  int64_t count_;
  std::function<std::string(int64_t)> line_;
  int64_t next_ = 0;
  int64_t produced_ = 0;
  std::string current_;
};

struct ImportRun {
  JsonlImportProgress result;
  std::vector<JsonlLineError> errors;
  std::vector<int64_t> committed;  // `imported` at each progress report
};

ImportRun Import(Store& store, std::istream& in, std::size_t batch_size = 1000) {
  ImportRun run;
  internal::JsonlImportOptions options;
  options.batch_size = batch_size;
  internal::JsonlImportCallbacks callbacks;
  callbacks.on_error = [&run](const JsonlLineError& e) { run.errors.push_back(e); };
  callbacks.on_progress = [&run](const JsonlImportProgress& p) {
    run.committed.push_back(p.imported);
  };
  run.result = internal::ImportRequestLogsJsonl(store, in, options, callbacks);
  return run;
}

ImportRun ImportText(Store& store, const std::string& text, std::size_t batch_size = 1000) {
  std::istringstream in(text);
  return Import(store, in, batch_size);
}

int64_t CountLogs(Store& store, const std::string& where = "1") {
  auto session = internal::StoreAccess::Read(store);
  return session.db().execAndGet("SELECT COUNT(*) FROM request_logs WHERE " + where).getInt64();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Parses `args` (after the program name) with SetupLogs, as main would, running the command.
void RunCli(std::vector<std::string> args) {
  CLI::App app;
  cli::SetupLogs(app);
  args.insert(args.begin(), "logset");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
}

// What `body` printed on std::cout.
std::string CaptureStdout(const std::function<void()>& body) {
  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  try {
    body();
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
  return captured.str();
}

const char* const kMixed =
    "{\"model\": \"a\", \"prompt_tokens\": 3}\n"         // 1 good
    "{\"model\": \n"                                     // 2 malformed JSON
    "[1, 2]\n"                                           // 3 not an object
    "\n"                                                 // 4 blank: skipped
    "{\"prompt_tokens\": -1}\n"                          // 5 wrong value
    "{\"model\": \"b\", \"environment\": \"test\"}\r\n"  // 6 good, CRLF
    "   \t\n"                                            // 7 blank
    "{\"usage\": {\"prompt_tokens\": \"x\"}}\n"          // 8 wrong nested type
    "{\"model\": \"c\"}";                                // 9 good, no final newline

}  // namespace

TEST_SUITE_BEGIN("log_import");

TEST_CASE("import keeps good lines and reports each bad one by line number and reason") {
  auto store = testing::OpenMemoryStore();
  const ImportRun run = ImportText(*store, kMixed);
  CHECK(run.result.lines == 9);
  CHECK(run.result.imported == 3);
  CHECK(run.result.failed == 4);
  REQUIRE(run.errors.size() == 4);
  CHECK(run.errors[0].line == 2);
  CHECK(run.errors[0].reason.rfind("JSON parse error - ", 0) == 0);
  CHECK(run.errors[1].line == 3);
  CHECK(run.errors[1].reason == "Item must be a JSON object.");
  CHECK(run.errors[2].line == 5);
  CHECK(run.errors[2].reason == "prompt_tokens: must be a non-negative integer.");
  CHECK(run.errors[3].line == 8);
  CHECK(run.errors[3].reason == "usage.prompt_tokens: must be a non-negative integer.");
  CHECK(CountLogs(*store) == 3);
  CHECK(CountLogs(*store, "model = 'a' AND prompt_tokens = 3 AND environment = 'prod'") == 1);
  CHECK(CountLogs(*store, "model = 'b' AND environment = 'test'") == 1);
  CHECK(CountLogs(*store, "model = 'c' AND org_id = 1 AND log_type = 'chat'") == 1);
}

TEST_CASE("import applies the R1 defaults to each line") {
  auto store = testing::OpenMemoryStore();
  ImportText(*store,
             "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"status_code\": 500, "
             "\"latency\": 2, \"completion_tokens\": 10, \"timestamp\": "
             "\"2025-01-01T00:00:10Z\", \"my_key\": 1}\n");
  auto session = internal::StoreAccess::Read(*store);
  SQLite::Statement q(session.db(),
                      "SELECT input, prompt_messages, status, tokens_per_second, timestamp - "
                      "start_time, extra FROM request_logs");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == R"([{"role":"user","content":"Hi"}])");
  CHECK(q.getColumn(1).getString() == R"([{"role":"user","content":"Hi"}])");
  CHECK(q.getColumn(2).getString() == "error");
  CHECK(q.getColumn(3).getDouble() == 5.0);
  CHECK(q.getColumn(4).getInt64() == 2000000);
  CHECK(q.getColumn(5).getString() == R"({"my_key":1})");
}

TEST_CASE("import commits every batch_size valid lines and once more at the end") {
  auto store = testing::OpenMemoryStore();
  std::string text;
  for (int i = 0; i < 5; ++i) text += "{\"model\": \"m\"}\n";
  text += "not json\n";
  const ImportRun run = ImportText(*store, text, 2);
  CHECK(run.committed == std::vector<int64_t>{2, 4, 5});
  CHECK(run.result.failed == 1);

  SUBCASE("a batch size of 0 counts as 1") {
    CHECK(ImportText(*store, "{}\n{}\n", 0).committed == std::vector<int64_t>{1, 2, 2});
  }
}

TEST_CASE("import of empty input, a byte order mark and an over-long line") {
  auto store = testing::OpenMemoryStore();
  SUBCASE("empty input imports nothing and reports once") {
    const ImportRun run = ImportText(*store, "");
    CHECK(run.result.lines == 0);
    CHECK(run.committed == std::vector<int64_t>{0});
  }
  SUBCASE("a UTF-8 byte order mark before the first line is ignored") {
    CHECK(ImportText(*store, "\xEF\xBB\xBF{\"model\": \"m\"}\n").result.imported == 1);
  }
  SUBCASE("a line over 20 MB fails alone; the next line is read") {
    const int64_t long_bytes = 21 * 1024 * 1024;
    GeneratedLines lines(2, [&](int64_t i) {
      return i == 0 ? "{\"input\": \"" + std::string(long_bytes, 'x') + "\"}"
                    : std::string("{\"model\": \"after\"}");
    });
    std::istream in(&lines);
    const ImportRun run = Import(*store, in);
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].line == 1);
    CHECK(run.errors[0].reason == "Request body too large (limit 20 MB).");
    CHECK(run.result.imported == 1);
    CHECK(CountLogs(*store, "model = 'after'") == 1);
  }
}

TEST_CASE("import streams: the first batch commits long before the input is read") {
  auto store = testing::OpenMemoryStore();
  const int64_t kLines = 50000;
  GeneratedLines lines(kLines, [](int64_t i) {
    return "{\"model\": \"m" + std::to_string(i % 7) +
           "\", \"prompt_tokens\": " + std::to_string(i) +
           ", \"metadata\": {\"i\": " + std::to_string(i) + "}}";
  });
  std::istream in(&lines);
  int64_t bytes_at_first_commit = -1;
  internal::JsonlImportCallbacks callbacks;
  callbacks.on_progress = [&](const JsonlImportProgress&) {
    if (bytes_at_first_commit < 0) bytes_at_first_commit = lines.bytes_produced();
  };
  const JsonlImportProgress result =
      internal::ImportRequestLogsJsonl(*store, in, internal::JsonlImportOptions{}, callbacks);
  CHECK(result.imported == kLines);
  CHECK(result.failed == 0);
  CHECK(CountLogs(*store) == kLines);
  // 1,000 lines of ~70 bytes plus at most one 64 KiB read ahead; the whole input is ~3.5 MB.
  CHECK(bytes_at_first_commit > 0);
  CHECK(bytes_at_first_commit < 200 * 1024);
  CHECK(lines.bytes_produced() > 3 * 1024 * 1024);
}

TEST_CASE("logs import reads a 50,000-line file into the store file in batches") {
  testing::TempDir dir;
  const std::string file = dir.File("logs.jsonl");
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 50000; ++i) {
      out << "{\"model\": \"gpt\", \"prompt_tokens\": " << i << ", \"timestamp\": "
          << "\"2025-01-01T00:00:00Z\"}\n";
    }
  }
  cli::LogsImportOptions options;
  options.file = file;
  options.db = dir.File("store.db");
  options.batch = 5000;
  std::ostringstream out, err;
  cli::RunLogsImport(options, std::cin, out, err);
  CHECK(out.str() == "imported 50000, failed 0\n");
  CHECK(err.str().empty());
  auto store = testing::OpenFileStore(options.db);
  CHECK(CountLogs(*store) == 50000);
  CHECK(CountLogs(*store, "prompt_tokens = 49999") == 1);
}

TEST_CASE("logs import names bad lines on stderr, keeps the good ones and exits 2") {
  testing::TempDir dir;
  cli::LogsImportOptions options;
  options.file = dir.File("mixed.jsonl");
  options.db = dir.File("store.db");
  WriteFile(options.file, kMixed);
  std::ostringstream out, err;
  try {
    cli::RunLogsImport(options, std::cin, out, err);
    FAIL("expected an error");
  } catch (const InvalidArgument& e) {
    CHECK(e.detail() == "4 lines failed; the other lines were imported.");
    CHECK(ExitCode(e.code()) == 2);
  }
  CHECK(out.str() == "imported 3, failed 4\n");
  std::istringstream lines(err.str());
  std::vector<std::string> reported;
  for (std::string line; std::getline(lines, line);) reported.push_back(line);
  REQUIRE(reported.size() == 4);
  CHECK(reported[0].rfind("line 2: JSON parse error - ", 0) == 0);
  CHECK(reported[1] == "line 3: Item must be a JSON object.");
  CHECK(reported[2] == "line 5: prompt_tokens: must be a non-negative integer.");
  CHECK(reported[3] == "line 8: usage.prompt_tokens: must be a non-negative integer.");
  CHECK(CountLogs(*testing::OpenFileStore(options.db)) == 3);
}

TEST_CASE("import skips lines no JSON parser should accept and keeps every other line") {
  auto store = testing::OpenMemoryStore();
  const std::string nesting(100000, '[');
  const std::string text = std::string("{\"model\": \"a\"}\n") +     // 1
                           "{\"model\": \"x\", \"cost\": 1e999}\n" +  // 2: beyond a double
                           "{\"model\": \"b\"}\n" +                   // 3
                           "{\"latency\": -1e400}\n" +               // 4
                           "{\"model\": \"c\"}" + std::string(1, '\0') + "\n" +  // 5: NUL
                           "{\"model\": \"\xff\"}\n" +               // 6: not UTF-8
                           "{\"metadata\": " + nesting + "\n" +      // 7: 100,000 deep
                           "{\"model\": \"d\", \"completion_tokens\": 5, \"latency\": 1e-320}\n";
  const ImportRun run = ImportText(*store, text, 2);
  CHECK(run.result.lines == 8);
  CHECK(run.result.imported == 3);
  CHECK(run.result.failed == 5);
  REQUIRE(run.errors.size() == 5);
  CHECK(run.errors[0].line == 2);
  CHECK(run.errors[0].reason == "JSON parse error - number overflow parsing '1e999'");
  CHECK(run.errors[1].line == 4);
  CHECK(run.errors[1].reason == "JSON parse error - number overflow parsing '-1e400'");
  CHECK(run.errors[2].line == 5);
  CHECK(run.errors[2].reason.rfind("JSON parse error - NUL byte at offset 14", 0) == 0);
  CHECK(run.errors[3].line == 6);
  CHECK(run.errors[4].line == 7);
  CHECK(run.errors[4].reason == "JSON parse error - nesting deeper than 512 levels.");
  CHECK(CountLogs(*store) == 4 - 1);
  // A derived rate that overflows is not stored as an infinity.
  CHECK(CountLogs(*store, "model = 'd' AND tokens_per_second IS NULL") == 1);
}

TEST_CASE("logs import prints what it kept when the input fails part way") {
  testing::TempDir dir;
  cli::LogsImportOptions options;
  options.file = "-";
  options.db = dir.File("store.db");
  options.batch = 100;
  // About 100 KB of lines, then a read error: the first 64 KiB read is imported and committed.
  GeneratedLines lines(10000, [](int64_t i) -> std::string {
    if (i == 5000) throw std::runtime_error("disk gone");
    return "{\"model\": \"m\"}";
  });
  std::istream in(&lines);
  std::ostringstream out, err;
  CHECK_THROWS_AS(cli::RunLogsImport(options, in, out, err), StorageError);
  const int64_t stored = CountLogs(*testing::OpenFileStore(options.db));
  CHECK(stored >= 1000);
  CHECK(stored < 5000);
  CHECK(out.str() == "imported " + std::to_string(stored) + ", failed 0 (stopped after line " +
                         std::to_string(stored) + ")\n");
}

TEST_CASE("logs import reads stdin for - and refuses a missing file") {
  testing::TempDir dir;
  cli::LogsImportOptions options;
  options.db = dir.File("store.db");
  std::ostringstream out, err;
  SUBCASE("-") {
    options.file = "-";
    std::istringstream in("{\"model\": \"x\"}\n{}\n");
    cli::RunLogsImport(options, in, out, err);
    CHECK(out.str() == "imported 2, failed 0\n");
  }
  SUBCASE("a missing file") {
    options.file = dir.File("nope.jsonl");
    CHECK_THROWS_AS(cli::RunLogsImport(options, std::cin, out, err), InvalidArgument);
  }
}

TEST_CASE("logs list and get print what the API would, as a table or JSON") {
  testing::TempDir dir;
  const std::string db = dir.File("store.db");
  const std::string file = dir.File("logs.jsonl");
  WriteFile(file,
            "{\"model\": \"old\", \"cost\": 2, \"timestamp\": \"2025-01-01T00:00:01Z\"}\n"
            "{\"model\": \"new\", \"cost\": 1, \"latency\": 0.5, "
            "\"timestamp\": \"2025-01-01T00:00:02Z\"}\n");
  CaptureStdout([&] { RunCli({"logs", "import", file, "--db", db, "--batch", "1"}); });

  const Json page = Json::parse(CaptureStdout([&] {
    RunCli({"logs", "list", "--db", db, "--json"});
  }));
  CHECK(page["count"] == 2);
  CHECK(page["page"] == 1);
  CHECK(page["page_size"] == 50);
  REQUIRE(page["results"].size() == 2);
  CHECK(page["results"][0]["model"] == "new");  // newest first
  CHECK(page["results"][0]["organization_id"].get<std::string>().size() == 36);
  CHECK(page["results"][0]["scores"] == Json::object());

  const Json by_cost = Json::parse(CaptureStdout([&] {
    RunCli({"logs", "list", "--db", db, "--json", "--sort", "-cost", "--page-size", "1"});
  }));
  CHECK(by_cost["results"].size() == 1);
  CHECK(by_cost["results"][0]["model"] == "old");

  const std::string table = CaptureStdout([&] { RunCli({"logs", "list", "--db", db}); });
  CHECK(table.rfind("UNIQUE_ID", 0) == 0);
  CHECK(table.find("new") < table.find("old"));
  CHECK(table.find("page 1 of 1, 2 logs") != std::string::npos);

  const std::string uid = page["results"][1]["unique_id"];
  const Json log = Json::parse(CaptureStdout([&] { RunCli({"logs", "get", uid, "--db", db}); }));
  CHECK(log["unique_id"] == uid);
  CHECK(log["model"] == "old");
  CHECK(log["cost"] == 2.0);

  CHECK_THROWS_AS(RunCli({"logs", "get", std::string(32, 'a'), "--db", db}), NotFound);
  CHECK_THROWS_AS(RunCli({"logs", "list", "--db", db, "--sort", "metadata"}), InvalidArgument);
  CHECK_THROWS_AS(RunCli({"logs", "list", "--db", dir.File("missing.db")}), NotFound);
  CHECK_FALSE(std::filesystem::exists(dir.File("missing.db")));
  CHECK_THROWS_AS(RunCli({"logs", "list", "--db", db, "--page", "0"}), CLI::ValidationError);
}

TEST_SUITE_END();

}  // namespace logset
