// SPDX-License-Identifier: MIT
// Tests of `logset serve` and `logset keys`: argument vectors parsed in-process through the same
// Setup functions main uses, and the commands run against temporary stores.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.h"
#include "keys_command.h"
#include "logset/api.h"
#include "logset/error.h"
#include "serve_command.h"
#include "test_util.h"

namespace logset {
namespace {

using testing::Json;

// Parses `args` (without the program name) as main would.
void Parse(CLI::App& app, std::vector<std::string> args) {
  args.insert(args.begin(), "logset");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
}

// Parses `args` for `serve` and returns the options the command would run with.
cli::ServeOptions ParseServe(std::vector<std::string> args) {
  CLI::App app;
  std::optional<cli::ServeOptions> parsed;
  cli::SetupServe(app, [&parsed](const cli::ServeOptions& options) { parsed = options; });
  args.insert(args.begin(), "serve");
  Parse(app, args);
  REQUIRE(parsed);
  return *parsed;
}

// Runs `logset keys ...` with a fresh app and returns what it printed.
std::string RunKeys(std::vector<std::string> args) {
  CLI::App app;
  std::ostringstream out;
  cli::SetupKeys(app, out);
  args.insert(args.begin(), "keys");
  Parse(app, args);
  return out.str();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void CheckEveryOptionIsDescribed(const CLI::App& command) {
  CAPTURE(command.get_name());
  CHECK_FALSE(command.get_description().empty());
  for (const CLI::Option* option : command.get_options()) {
    CAPTURE(option->get_name());
    CHECK_FALSE(option->get_description().empty());
  }
  for (const CLI::App* sub : command.get_subcommands({})) CheckEveryOptionIsDescribed(*sub);
}

// Kills and reaps a forked child unless the test already reaped it.
struct ChildGuard {
  pid_t pid;
  bool reaped = false;
  ~ChildGuard() {
    if (pid > 0 && !reaped) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace

TEST_SUITE_BEGIN("cli");

TEST_CASE("serve parses its documented defaults") {
  const cli::ServeOptions options = ParseServe({});
  CHECK(options.db == "logset.db");
  CHECK(options.host == "127.0.0.1");
  CHECK(options.port == 8077);
  CHECK(options.api_keys.empty());
  CHECK_FALSE(options.allow_open);
  CHECK(options.threads == 0);
}

TEST_CASE("serve parses every option, with --api-key repeatable") {
  const cli::ServeOptions options =
      ParseServe({"--db", "x.db", "--host", "0.0.0.0", "--port", "0", "--api-key", "k1",
                  "--api-key", "k2", "--allow-open", "--threads", "3"});
  CHECK(options.db == "x.db");
  CHECK(options.host == "0.0.0.0");
  CHECK(options.port == 0);
  CHECK(options.api_keys == std::vector<std::string>{"k1", "k2"});
  CHECK(options.allow_open);
  CHECK(options.threads == 3);
}

TEST_CASE("--db falls back to LOGSET_DB") {
  setenv("LOGSET_DB", "/tmp/from-env.db", 1);
  const cli::ServeOptions options = ParseServe({});
  unsetenv("LOGSET_DB");
  CHECK(options.db == "/tmp/from-env.db");
}

TEST_CASE("serve rejects bad arguments as parse errors without running") {
  const std::vector<std::vector<std::string>> rows = {
      {"--port", "70000"}, {"--port", "-1"}, {"--port", "abc"},       {"--threads", "0"},
      {"--bogus"},         {"--api-key"},    {"--api-key", "a", "b"}, {"extra"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.front());
    CLI::App app;
    bool ran = false;
    cli::SetupServe(app, [&ran](const cli::ServeOptions&) { ran = true; });
    std::vector<std::string> args = row;
    args.insert(args.begin(), "serve");
    CHECK_THROWS_AS(Parse(app, args), CLI::ParseError);
    CHECK_FALSE(ran);
  }
}

TEST_CASE("every command and option has help text") {
  CLI::App app;
  cli::SetupServe(app);
  cli::SetupKeys(app);
  for (const CLI::App* command : app.get_subcommands({})) CheckEveryOptionIsDescribed(*command);
}

TEST_CASE("serve refuses an open-mode store on a non-loopback host, saying how to fix it") {
  testing::TempDir dir;
  cli::ServeOptions options;
  options.db = dir.File("store.db");
  options.host = "0.0.0.0";
  options.port = 0;
  try {
    cli::RunServe(options);
    FAIL("expected InvalidArgument");
  } catch (const InvalidArgument& e) {
    CHECK(Contains(e.detail(), "open mode"));
    CHECK(Contains(e.detail(), "--api-key"));
    CHECK(Contains(e.detail(), "--allow-open"));
    CHECK(ExitCode(e.code()) != 0);
  }
}

TEST_CASE("serve pins --api-key, serves until SIGTERM, then exits 0") {
  testing::TempDir dir;
  cli::ServeOptions options;
  options.db = dir.File("store.db");
  options.port = 0;
  options.threads = 2;
  options.api_keys = {"sk-pinned"};
  const std::string stderr_path = dir.File("stderr.txt");

  int out_pipe[2];
  REQUIRE(pipe(out_pipe) == 0);
  std::cout.flush();
  std::cerr.flush();
  ChildGuard child{fork()};
  REQUIRE(child.pid >= 0);
  if (child.pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(err, STDERR_FILENO);
    int code = 0;
    try {
      cli::RunServe(options);
    } catch (const Error& e) {
      std::cerr << e.detail() << "\n";
      code = ExitCode(e.code());
    } catch (...) {
      code = 99;
    }
    std::cout.flush();
    std::cerr.flush();
    _exit(code);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  REQUIRE(out != nullptr);
  char buffer[2048];
  // The startup line is the synchronisation point: it is printed once the port is bound.
  REQUIRE(std::fgets(buffer, sizeof(buffer), out) != nullptr);
  const std::string startup = buffer;
  CAPTURE(startup);
  CHECK(Contains(startup, "keyed mode: 1 active API key"));
  CHECK(Contains(startup, dir.File("store.db")));
  const std::string prefix = "http://127.0.0.1:";
  const size_t at = startup.find(prefix);
  REQUIRE(at != std::string::npos);
  const int port = std::stoi(startup.substr(at + prefix.size()));

  httplib::Client client("127.0.0.1", port);
  const auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  const auto pinned = client.Get("/api/datasets/list/", {{"Authorization", "Bearer sk-pinned"}});
  REQUIRE(pinned);
  CHECK(pinned->status != 401);
  const auto other = client.Get("/api/datasets/list/", {{"Authorization", "Bearer sk-other"}});
  REQUIRE(other);
  CHECK(other->status == 401);

  REQUIRE(kill(child.pid, SIGTERM) == 0);
  int status = 0;
  REQUIRE(waitpid(child.pid, &status, 0) == child.pid);
  child.reaped = true;
  std::string rest;
  while (std::fgets(buffer, sizeof(buffer), out) != nullptr) rest += buffer;
  std::fclose(out);
  const std::string err = testing::ReadFileBytes(stderr_path);
  CAPTURE(err);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(Contains(rest, "logset: stopped"));
  CHECK(Contains(err, "SIGTERM received"));
  CHECK(Contains(err, "\"GET /healthz\" 200 "));
}

TEST_CASE("keys add pins a key the API accepts, and after keys revoke the API answers 401") {
  testing::TempDir dir;
  const std::string db = dir.File("store.db");
  const std::string added = RunKeys({"add", "--db", db, "--key", "sk-pinned-1"});
  CHECK(Contains(added, "sk-pinned-1"));
  CHECK(Contains(added, "cannot be shown again"));

  auto store = testing::OpenFileStore(db);
  const Api api(*store);
  CHECK(testing::ApiCall(api, "GET", "/api/datasets/list/", Json(), "Bearer sk-pinned-1").status !=
        401);
  CHECK(testing::ApiCall(api, "GET", "/api/datasets/list/", Json(), "Bearer sk-other").status ==
        401);

  const std::string listed = RunKeys({"list", "--db", db});
  CHECK(Contains(listed, "PREFIX"));
  CHECK(Contains(listed, "default"));
  CHECK(Contains(listed, "prod"));
  CHECK_FALSE(Contains(listed, "sk-pinned-1"));

  CHECK(Contains(RunKeys({"revoke", "--db", db, "1"}), "Revoked API key 1"));
  const auto refused =
      testing::ApiCall(api, "GET", "/api/datasets/list/", Json(), "Bearer sk-pinned-1");
  CHECK(refused.status == 401);
  CHECK(refused.Detail() == "Your API key is invalid or expired.");

  const Json keys = Json::parse(RunKeys({"list", "--db", db, "--json"}));
  REQUIRE(keys.size() == 1);
  CHECK(keys[0]["revoked"] == true);
  CHECK(keys[0]["organization"] == "default");
  CHECK_FALSE(keys[0].contains("key"));
}

TEST_CASE("keys add generates a random key and --json prints it with its record") {
  testing::TempDir dir;
  const std::string db = dir.File("store.db");
  const Json added =
      Json::parse(RunKeys({"add", "--db", db, "--org", "acme", "--env", "test", "--json"}));
  CHECK(added["id"] == 1);
  CHECK(added["organization"] == "acme");
  CHECK(added["environment"] == "test");
  CHECK(added["revoked"] == false);
  const std::string key = added["key"].get<std::string>();
  CHECK(key.rfind("ls_", 0) == 0);

  const std::string second = RunKeys({"add", "--db", db});
  CHECK(Contains(second, "ls_"));
  CHECK_FALSE(Contains(second, key));

  auto store = testing::OpenFileStore(db);
  const Api api(*store);
  CHECK(testing::ApiCall(api, "GET", "/api/datasets/list/", Json(), "Bearer " + key).status != 401);
}

TEST_CASE("keys list on a store without keys explains open mode") {
  testing::TempDir dir;
  const std::string db = dir.File("store.db");
  testing::OpenFileStore(db);
  CHECK(Contains(RunKeys({"list", "--db", db}), "open mode"));
  CHECK(Json::parse(RunKeys({"list", "--db", db, "--json"})) == Json::array());
}

TEST_CASE("keys rejects bad arguments as parse errors and bad values as logset errors") {
  testing::TempDir dir;
  const std::string db = dir.File("store.db");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {}, {"add", "--env", "staging"}, {"revoke", "--db", db}, {"list", "--bogus"}}) {
    CAPTURE(args.size());
    CHECK_THROWS_AS(RunKeys(args), CLI::ParseError);
  }
  CHECK_THROWS_AS(RunKeys({"add", "--db", db, "--key", ""}), InvalidArgument);
  CHECK_THROWS_AS(RunKeys({"add", "--db", db, "--key", "has space"}), InvalidArgument);
  CHECK_THROWS_AS(RunKeys({"revoke", "--db", db, "999"}), NotFound);

  const std::string missing = dir.File("typo.db");
  CHECK_THROWS_WITH_AS(RunKeys({"list", "--db", missing}), doctest::Contains("no store"), NotFound);
  CHECK_THROWS_AS(RunKeys({"revoke", "--db", missing, "1"}), NotFound);
  CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_SUITE_END();

}  // namespace logset
