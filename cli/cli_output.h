// SPDX-License-Identifier: MIT
// Helpers shared by the `logset` subcommands: the --db option, opening the store, printing.
#ifndef LOGSET_CLI_CLI_OUTPUT_H_
#define LOGSET_CLI_CLI_OUTPUT_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "logset/store.h"

namespace logset::cli {

/// Adds `--db PATH` to `command`, bound to `*db` (default "logset.db", or $LOGSET_DB when set).
CLI::Option* AddDbOption(CLI::App* command, std::string* db);

/// Opens (creating if needed) the store at `path`, telling stderr about each schema upgrade of
/// an existing file as it starts ("logset: upgrading ... (0003_...)..."). Throws StorageError as
/// Store::Open does.
std::unique_ptr<Store> OpenStore(const std::string& path);

/// Opens the store at `path` for commands that only read or change what is there: a mistyped
/// path is a NotFound naming it, never a new empty store.
std::unique_ptr<Store> OpenExistingStore(const std::string& path);

/// Runs `body`, rethrowing any exception that is not a logset::Error (SQLite's, the standard
/// library's) as the logset::Error it maps to, so main prints one line and the right exit code.
void WithLogsetErrors(const std::function<void()>& body);

/// `path` made absolute for messages, unchanged for ":memory:" or when that fails.
std::string DisplayPath(const std::string& path);

/// Prints `rows` under `header` as left-aligned columns separated by two spaces.
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

/// Prints `value` as JSON indented by two spaces, then a newline.
void PrintJson(std::ostream& out, const nlohmann::ordered_json& value);

}  // namespace logset::cli

#endif  // LOGSET_CLI_CLI_OUTPUT_H_
