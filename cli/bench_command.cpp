// SPDX-License-Identifier: MIT
// `logset bench generate`: the generator's logs to a JSONL file or straight into a store.
#include "bench_command.h"

#include <fstream>
#include <ios>
#include <memory>
#include <streambuf>

#include "cli_output.h"
#include "commands.h"
#include "log_generator.h"
#include "logs/jsonl_import.h"
#include "logset/error.h"

namespace logset::cli {
namespace {

// The generator's lines as an input stream, made one at a time as the reader asks.
class GeneratedLines : public std::streambuf {
 public:
  GeneratedLines(uint64_t seed, int64_t count) : generator_(seed), count_(count) {}

 protected:
  int_type underflow() override {
    if (generator_.produced() >= count_) return traits_type::eof();
    generator_.Next(line_);
    line_.push_back('\n');
    setg(line_.data(), line_.data(), line_.data() + line_.size());
    return traits_type::to_int_type(line_[0]);
  }

 private:
  bench::LogGenerator generator_;
  int64_t count_;
  std::string line_;
};

void GenerateIntoStore(const BenchGenerateOptions& options, std::ostream& out) {
  WithLogsetErrors([&] {
    auto store = OpenStore(options.db);
    GeneratedLines lines(options.seed, options.logs);
    std::istream in(&lines);
    const auto result = internal::ImportRequestLogsJsonl(*store, in, {});
    if (result.failed != 0) {
      throw StorageError("cli.generate_failed",
                         std::to_string(result.failed) + " generated logs were refused.");
    }
    out << "imported " << result.imported << " logs into " << DisplayPath(options.db) << "\n";
  });
}

}  // namespace

void RunBenchGenerate(const BenchGenerateOptions& options, std::ostream& out) {
  if (options.out.empty() == options.db.empty()) {
    throw InvalidArgument("cli.usage", "give exactly one of --out FILE and --db PATH.");
  }
  if (!options.db.empty()) {
    GenerateIntoStore(options, out);
    return;
  }
  std::ofstream file;
  if (options.out != "-") {
    file.open(options.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      throw InvalidArgument("cli.cannot_open", "cannot create " + DisplayPath(options.out) + ".");
    }
  }
  std::ostream& sink = options.out == "-" ? out : file;
  int64_t bytes = 0;
  try {
    bytes = bench::WriteLogsJsonl(options.seed, options.logs, sink);
    if (file.is_open()) file.close();
    if (file.fail()) throw std::ios_base::failure("close failed");
  } catch (const std::ios_base::failure&) {
    throw StorageError("cli.write_failed", "cannot write " + DisplayPath(options.out) + ".");
  }
  if (options.out != "-") {
    out << "wrote " << options.logs << " logs (" << bytes << " bytes) to "
        << DisplayPath(options.out) << "\n";
  }
}

void SetupBench(CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmark helpers.");
  bench->require_subcommand(1);

  auto options = std::make_shared<BenchGenerateOptions>();
  CLI::App* generate = bench->add_subcommand(
      "generate", "Write realistic request logs as JSONL (one R1 body per line), reproducibly.");
  generate->footer(
      "The logs mix 7 models and 2,000 customers with a skew, vary input and output sizes, carry "
      "metadata of mixed value types and traces of several spans, and spread over 180 days from "
      "2025-01-01. The same --seed and --logs always give byte-identical output. Import the file "
      "with `logset logs import FILE`, or give --db to skip the file.");
  generate->add_option("--logs", options->logs, "Number of logs (lines) to write")
      ->check(CLI::Range(int64_t{0}, int64_t{1000000000}))
      ->capture_default_str();
  generate->add_option("--seed", options->seed, "Seed of the generator")->capture_default_str();
  CLI::Option* out = generate->add_option("--out", options->out,
                                          "JSONL file to write (replaced); - writes stdout");
  generate
      ->add_option("--db", options->db,
                   "Instead of --out: import the logs straight into this store")
      ->excludes(out);
  generate->callback([options] { RunBenchGenerate(*options); });
}

}  // namespace logset::cli
