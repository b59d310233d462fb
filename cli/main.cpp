// SPDX-License-Identifier: MIT
// The `logset` command: builds the CLI::App and maps errors to one line and an exit code.
#include <iostream>

#include "commands.h"
#include "logset/error.h"

int main(int argc, char** argv) {
  CLI::App app{
      "logset: LLM request logs and datasets in one SQLite file, served offline "
      "with the Respan Datasets API."};
  app.require_subcommand(1);
  logset::cli::SetupCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const logset::Error& e) {
    std::cerr << "logset: " << e.detail() << "\n";
    return logset::ExitCode(e.code());
  } catch (const std::exception& e) {
    std::cerr << "logset: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
