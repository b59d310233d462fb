// SPDX-License-Identifier: MIT
// `logset datasets ...`: argument vectors parsed in-process through SetupDatasets, run against a
// temporary store file, and compared with what the API answers for the same request.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "datasets_command.h"
#include "logset/api.h"
#include "logset/error.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::ApiResult;
using testing::Json;

constexpr const char* kAuth = "Bearer cli-test";

// A store file with six request logs (models a, a, a, b, b, c in January 2025) and an Api on it.
struct CliStore {
  testing::TempDir dir;
  std::string db = dir.File("store.db");
  std::unique_ptr<Store> store = testing::OpenFileStore(db);
  Api api{*store};

  CliStore() {
    Json logs = Json::array();
    const char* models[] = {"a", "a", "a", "b", "b", "c"};
    for (int i = 0; i < 6; ++i) {
      logs.push_back({{"model", models[i]},
                      {"cost", i},
                      {"timestamp", "2025-01-0" + std::to_string(i + 1) + "T00:00:00Z"}});
    }
    REQUIRE(testing::ApiCall(api, "POST", "/api/request-logs/bulk/", {{"logs", logs}}, kAuth)
                .body["success_count"] == 6);
  }

  // Runs `logset datasets <args> --db <db>` and returns what it printed.
  std::string Run(std::vector<std::string> args) const {
    CLI::App app;
    std::ostringstream out;
    cli::SetupDatasets(app, out);
    args.insert(args.begin(), "datasets");
    args.insert(args.begin(), "logset");
    args.push_back("--db");
    args.push_back(db);
    std::vector<const char*> argv;
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    return out.str();
  }
  Json RunJson(std::vector<std::string> args) const {
    args.push_back("--json");
    return Json::parse(Run(std::move(args)));
  }
  ApiResult Call(const std::string& method, const std::string& path,
                 const Json& body = Json()) const {
    return testing::ApiCall(api, method, path, body, kAuth);
  }
  std::vector<std::string> SourceIds(const std::string& ds) const {
    // The page lives in a named result: a range-for over `Call(...).body["results"]` would
    // iterate an array whose temporary ApiResult dies before the loop body runs.
    const ApiResult page = Call("GET", "/api/datasets/" + ds + "/logs/list/?sort_by=unique_id");
    std::vector<std::string> out;
    for (const Json& log : page.body.at("results")) out.push_back(log["source_log_id"]);
    std::sort(out.begin(), out.end());
    return out;
  }
};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// What `run` threw, as a logset::Error.
template <typename F>
Error Thrown(F&& run) {
  try {
    run();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a logset::Error");
  return Error(ErrorCode::kInternal, "", "");
}

}  // namespace

TEST_SUITE_BEGIN("datasets_cli");

TEST_CASE("datasets create samples like D1 and prints one line, or the dataset with --json") {
  CliStore t;
  const std::string line = t.Run({"create", "--name", "cli", "--from", "2025-01-01T00:00:00Z",
                                  "--to", "2025-01-31T00:00:00Z", "--sampling", "50", "--seed", "7",
                                  "--filter", R"({"model":["a","b"]})"});
  CHECK(Contains(line, "created dataset "));
  CHECK(Contains(line, "\"cli\" with 3 logs\n"));
  const std::string id = line.substr(16, 36);

  // The API, asked the same, answers the same dataset.
  const Json api = t.Call("POST", "/api/datasets/",
                          {{"name", "api"},
                           {"start_time", "2025-01-01T00:00:00Z"},
                           {"end_time", "2025-01-31T00:00:00Z"},
                           {"sampling", 50},
                           {"sampling_seed", "7"},
                           {"initial_log_filters", {{"model", {"a", "b"}}}}})
                       .body;
  const Json cli = t.Call("GET", "/api/datasets/" + id + "/").body;
  CHECK(cli["sampling_info"] == api["sampling_info"]);
  CHECK(cli["initial_log_filters"] == api["initial_log_filters"]);
  CHECK(t.SourceIds(id) == t.SourceIds(api["id"]));

  const Json json = t.RunJson({"create", "--name", "j", "--from", "2025-01-01T00:00:00Z", "--to",
                               "2025-01-03T00:00:00Z", "--by-trace"});
  CHECK(json["log_count"] == 3);
  CHECK(json["sampling_info"]["sample_by"] == "trace");
  CHECK(json == t.Call("GET", "/api/datasets/" + json["id"].get<std::string>() + "/").body);
}

TEST_CASE("datasets create --empty and --duplicate-of") {
  CliStore t;
  const Json empty = t.RunJson({"create", "--name", "e", "--empty", "--filter", R"({"cost":1})"});
  CHECK(empty["log_count"] == 0);
  CHECK(empty["initial_log_filters"] == Json({{"cost", 1}}));
  const Json full = t.RunJson({"create", "--name", "full", "--from", "2025-01-01T00:00:00Z", "--to",
                               "2025-02-01T00:00:00Z"});
  CHECK(full["log_count"] == 6);
  const Json copy = t.RunJson({"create", "--duplicate-of", full["id"].get<std::string>()});
  CHECK(copy["name"] == "full (copy)");
  CHECK(copy["log_count"] == 6);
  CHECK(copy["source_dataset_id"] == full["id"]);
}

TEST_CASE("datasets list, get, import, summary, export and delete work on the default org") {
  CliStore t;
  const std::string id = t.RunJson({"create", "--name", "d", "--empty"})["id"];
  t.Call("POST", "/api/datasets/", {{"name", "zzz"}, {"is_empty", true}});

  const std::string table = t.Run({"list", "--sort", "name"});
  CHECK(table.rfind("ID", 0) == 0);
  CHECK(Contains(table, id));
  CHECK(table.find(" d ") < table.find("zzz"));
  CHECK(Contains(table, "page 1 of 1, 2 datasets\n"));
  const Json listed = t.RunJson({"list", "--page-size", "1"});
  CHECK(listed["count"] == 2);
  CHECK(listed["results"].size() == 1);

  CHECK(Contains(t.Run({"import", id, "--from", "2025-01-01T00:00:00Z", "--to",
                        "2025-01-04T00:00:00Z", "--filter", R"({"model":"a"})"}),
                 "imported 3 logs into dataset " + id));
  CHECK(
      t.RunJson({"import", id, "--from", "2025-01-01T00:00:00Z", "--to", "2025-01-31T00:00:00Z"}) ==
      Json({{"message", "Logs added to dataset"}, {"imported_count", 3}}));

  CHECK(t.RunJson({"get", id}) == t.Call("GET", "/api/datasets/" + id + "/").body);
  const std::string shown = t.Run({"get", id});
  CHECK(Contains(shown, "logs "));
  CHECK(Contains(shown, "6"));

  const Json summary = t.RunJson({"summary", id, "--filter", R"({"model":"b"})"});
  CHECK(summary ==
        t.Call("POST", "/api/datasets/" + id + "/logs/summary/", {{"filters", {{"model", "b"}}}})
            .body);
  CHECK(summary["number_of_requests"] == 2);
  CHECK(summary["total_cost"] == 7.0);
  CHECK(Contains(t.Run({"summary", id}), "requests"));

  const Json exported = t.RunJson({"export", id, "--format", "jsonl", "--name", "out"});
  CHECK(exported["exported_count"] == 6);
  CHECK(std::filesystem::path(exported["file"].get<std::string>()).filename() == "out.jsonl");
  CHECK(Contains(t.Run({"export", id}), "exported 6 logs to "));

  CHECK(Contains(t.Run({"delete", id}), "deleted dataset " + id));
  CHECK(t.Call("GET", "/api/datasets/" + id + "/").status == 404);
}

TEST_CASE("datasets errors are one line in the flags' terms with the API's exit codes") {
  CliStore t;
  struct Row {
    std::vector<std::string> args;
    ErrorCode code;
    const char* detail;
  };
  const std::vector<Row> rows = {
      {{"create", "--from", "2025-01-01T00:00:00Z"},
       ErrorCode::kInvalidArgument,
       "--name: This field is required."},
      {{"create", "--name", "n"}, ErrorCode::kInvalidArgument, "--from: This field is required."},
      {{"create", "--name", "n", "--from", "2025-01-01T00:00:00Z"},
       ErrorCode::kInvalidArgument,
       "--to: This field is required."},
      {{"create", "--name", "n", "--from", "2025-02-01T00:00:00Z", "--to", "2025-01-01T00:00:00Z"},
       ErrorCode::kInvalidArgument,
       "--from: must not be after --to."},
      {{"create", "--name", "n", "--empty", "--sampling", "0"},
       ErrorCode::kInvalidArgument,
       "--sampling: must be an integer from 1 to 100."},
      {{"create", "--name", "n", "--empty", "--seed", "12a"},
       ErrorCode::kInvalidArgument,
       "--seed: must be an unsigned 64-bit integer or its decimal string."},
      {{"create", "--name", "n", "--empty", "--filter", "{"},
       ErrorCode::kInvalidArgument,
       "--filter: not valid JSON."},
      {{"create", "--name", "n", "--empty", "--filter", "[1]"},
       ErrorCode::kInvalidArgument,
       "--filter: must be an object."},
      {{"create", "--name", "n", "--empty", "--filter", R"({"cost":{"operator":"gtt","value":1}})"},
       ErrorCode::kInvalidArgument,
       "--filter /cost/operator: unknown operator 'gtt'."},
      {{"create", "--duplicate-of", "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a"},
       ErrorCode::kNotFound,
       "no dataset 6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a in the default organisation."},
      {{"get", "nope"}, ErrorCode::kNotFound, "no dataset nope in the default organisation."},
      {{"import", "nope", "--from", "2025-01-01T00:00:00Z", "--to", "2025-01-02T00:00:00Z"},
       ErrorCode::kNotFound,
       "no dataset nope in the default organisation."},
      {{"summary", "nope"}, ErrorCode::kNotFound, "no dataset nope in the default organisation."},
      {{"delete", "nope"}, ErrorCode::kNotFound, "no dataset nope in the default organisation."},
      {{"export", "nope"}, ErrorCode::kNotFound, "no dataset nope in the default organisation."},
      {{"list", "--sort", "input"},
       ErrorCode::kInvalidArgument,
       "--sort: unknown or unsortable field 'input'."},
  };
  for (const Row& row : rows) {
    std::string joined;
    for (const std::string& a : row.args) joined += a + " ";
    CAPTURE(joined);
    const Error e = Thrown([&] { t.Run(row.args); });
    CHECK(e.code() == row.code);
    CHECK(e.detail() == row.detail);
    CHECK(e.detail().find('\n') == std::string::npos);
  }
  CHECK(ExitCode(ErrorCode::kInvalidArgument) == 2);
  CHECK(ExitCode(ErrorCode::kNotFound) == 3);
  CHECK(t.Call("GET", "/api/datasets/list/").body["count"] == 0);

  // Reading commands never create a store.
  const std::string missing = t.dir.File("missing.db");
  CLI::App app;
  std::ostringstream out;
  cli::SetupDatasets(app, out);
  const char* argv[] = {"logset", "datasets", "list", "--db", missing.c_str()};
  const Error e = Thrown([&] { app.parse(5, argv); });
  CHECK(e.code() == ErrorCode::kNotFound);
  CHECK(Contains(e.detail(), "no store at"));
  CHECK_FALSE(std::filesystem::exists(missing));
  // A bad --format is refused by the parser itself.
  CHECK_THROWS_AS(t.Run({"export", "x", "--format", "xml"}), CLI::ValidationError);
}

TEST_CASE("every datasets option is described") {
  CLI::App app;
  std::ostringstream out;
  CLI::App* datasets = cli::SetupDatasets(app, out);
  CHECK_FALSE(datasets->get_description().empty());
  for (const CLI::App* sub : datasets->get_subcommands({})) {
    CAPTURE(sub->get_name());
    CHECK_FALSE(sub->get_description().empty());
    for (const CLI::Option* option : sub->get_options()) {
      CAPTURE(option->get_name());
      CHECK_FALSE(option->get_description().empty());
    }
  }
}

TEST_SUITE_END();

}  // namespace logset
