// SPDX-License-Identifier: MIT
// The benchmark log generator: reproducible from its seed, and every line a valid R1 body.
#include "log_generator.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "bench_command.h"
#include "logs/jsonl_import.h"
#include "test_util.h"

namespace logset {
namespace {

std::string Generate(uint64_t seed, int64_t count) {
  std::ostringstream out;
  const int64_t bytes = bench::WriteLogsJsonl(seed, count, out);
  CHECK(bytes == static_cast<int64_t>(out.str().size()));
  return out.str();
}

}  // namespace

TEST_SUITE_BEGIN("log_generator");

TEST_CASE("the same seed gives byte-identical output and another seed gives different output") {
  const std::string a = Generate(42, 500);
  CHECK(a == Generate(42, 500));
  CHECK(a != Generate(43, 500));
  // A shorter run is a prefix of a longer one: lines do not depend on the count asked for.
  CHECK(a.compare(0, std::string::npos, Generate(42, 600), 0, a.size()) == 0);
}

TEST_CASE("zero logs write nothing") { CHECK(Generate(1, 0).empty()); }

TEST_CASE("generated logs vary in model, customer, size, value types and traces") {
  std::istringstream in(Generate(7, 2000));
  std::set<std::string> models, customers, traces;
  std::size_t shortest = std::string::npos, longest = 0;
  int errors = 0, traced = 0;
  std::string line;
  while (std::getline(in, line)) {
    const auto body = nlohmann::json::parse(line);
    REQUIRE(body.is_object());
    models.insert(body.at("model").get<std::string>());
    customers.insert(body.at("customer_identifier").get<std::string>());
    shortest = std::min(shortest, line.size());
    longest = std::max(longest, line.size());
    if (body.value("status", "") == "error") ++errors;
    if (body.contains("trace_unique_id")) {
      ++traced;
      traces.insert(body["trace_unique_id"].get<std::string>());
    }
    const auto& metadata = body.at("metadata");
    CHECK(metadata.at("user_id").is_string());
    CHECK(metadata.at("session_turn").is_number_integer());
    CHECK(metadata.at("score").is_number());
    CHECK(metadata.at("is_beta").is_boolean());
    CHECK(metadata.at("tags").is_array());
  }
  CHECK(models.size() == 7);
  CHECK(customers.size() > 200);
  CHECK(longest > 10 * shortest);
  CHECK(errors > 20);
  CHECK(errors < 200);
  CHECK(traced > static_cast<int>(2 * traces.size()));  // traces hold several spans each
}

TEST_CASE("every generated line is accepted by the R1 importer") {
  auto store = testing::OpenMemoryStore();
  std::istringstream in(Generate(2024, 2000));
  std::string first_error;
  internal::JsonlImportCallbacks callbacks;
  callbacks.on_error = [&first_error](const internal::JsonlLineError& e) {
    if (first_error.empty()) first_error = std::to_string(e.line) + ": " + e.reason;
  };
  const auto result = internal::ImportRequestLogsJsonl(*store, in, {}, callbacks);
  CHECK_MESSAGE(result.failed == 0, first_error);
  CHECK(result.imported == 2000);
  CHECK(testing::CountRows(*store, "request_logs") == 2000);
}

TEST_CASE("logset bench generate writes the generator's lines and names the file it wrote") {
  testing::TempDir dir;
  const std::string path = dir.File("logs.jsonl");
  std::ostringstream printed;
  cli::RunBenchGenerate({300, 9, path, ""}, printed);
  CHECK(testing::ReadFileBytes(path) == Generate(9, 300));
  CHECK(printed.str().rfind("wrote 300 logs (", 0) == 0);

  std::ostringstream to_stdout;
  cli::RunBenchGenerate({300, 9, "-", ""}, to_stdout);
  CHECK(to_stdout.str() == Generate(9, 300));
}

TEST_CASE("logset bench generate refuses a file it cannot create") {
  testing::TempDir dir;
  std::ostringstream printed;
  CHECK_THROWS_AS(cli::RunBenchGenerate({10, 1, dir.File("missing/logs.jsonl"), ""}, printed),
                  InvalidArgument);
  CHECK(printed.str().empty());
}

TEST_CASE("logset bench generate needs exactly one of a file and a store") {
  std::ostringstream printed;
  CHECK_THROWS_AS(cli::RunBenchGenerate({10, 1, "", ""}, printed), InvalidArgument);
  CHECK_THROWS_AS(cli::RunBenchGenerate({10, 1, "-", ":memory:"}, printed), InvalidArgument);
  CHECK(printed.str().empty());
}

TEST_CASE("logset bench generate --db imports every generated log into the store") {
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  std::ostringstream printed;
  cli::RunBenchGenerate({1500, 3, "", path}, printed);
  CHECK(printed.str().rfind("imported 1500 logs into ", 0) == 0);
  auto store = testing::OpenFileStore(path);
  CHECK(testing::CountRows(*store, "request_logs") == 1500);
}

TEST_SUITE_END();

}  // namespace logset
