// SPDX-License-Identifier: MIT
// `logset serve`: the API over HTTP until SIGINT or SIGTERM.
#ifndef LOGSET_CLI_SERVE_COMMAND_H_
#define LOGSET_CLI_SERVE_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace logset::cli {

/// The options of `logset serve`; defaults are those of the command line.
struct ServeOptions {
  std::string db = "logset.db";
  std::string host = "127.0.0.1";
  int port = 8077;                    ///< 0 = any free port (printed on the startup line)
  std::vector<std::string> api_keys;  ///< registered for organisation "default", prod
  bool allow_open = false;
  int threads = 0;  ///< 0 = automatic
};

/// Registers `serve` on `app`; after parsing, `run` receives the options. Tests pass a recorder;
/// SetupServe(app) passes RunServe.
CLI::App* SetupServe(CLI::App& app, std::function<void(const ServeOptions&)> run);

/// Opens the store, registers the --api-key keys, then serves until SIGINT or SIGTERM and returns
/// once in-flight requests have finished and the store is closed. Prints the startup line (URL,
/// store, mode) on stdout and one access-log line per request on stderr. Throws InvalidArgument
/// for the open-mode rule or a bad key, TransportError if the port cannot be bound, StorageError
/// if the store cannot be opened.
void RunServe(const ServeOptions& options);

}  // namespace logset::cli

#endif  // LOGSET_CLI_SERVE_COMMAND_H_
