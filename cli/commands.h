// SPDX-License-Identifier: MIT
// The `logset` subcommands: each registers itself on the app and runs from its options struct.
#ifndef LOGSET_CLI_COMMANDS_H_
#define LOGSET_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace logset::cli {

/// Registers every subcommand on `app`. Each subcommand's callback runs it and throws
/// logset::Error on failure; main maps that to one line on stderr and an exit code.
void SetupCommands(CLI::App& app);

void SetupServe(CLI::App& app);
void SetupKeys(CLI::App& app);
void SetupLogs(CLI::App& app);
void SetupDatasets(CLI::App& app);
void SetupIndex(CLI::App& app);
void SetupBench(CLI::App& app);

}  // namespace logset::cli

#endif  // LOGSET_CLI_COMMANDS_H_
