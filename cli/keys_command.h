// SPDX-License-Identifier: MIT
// `logset keys add|list|revoke`: the API keys the server accepts.
#ifndef LOGSET_CLI_KEYS_COMMAND_H_
#define LOGSET_CLI_KEYS_COMMAND_H_

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <optional>
#include <string>

namespace logset::cli {

struct KeysAddOptions {
  std::string db = "logset.db";
  std::string organization = "default";
  std::string environment = "prod";
  std::optional<std::string> key;  ///< pin this exact key instead of generating one
  bool json = false;
};

struct KeysListOptions {
  std::string db = "logset.db";
  bool json = false;
};

struct KeysRevokeOptions {
  std::string db = "logset.db";
  std::string id_or_prefix;
  bool json = false;
};

/// Registers `keys` and its subcommands on `app`, printing to `out` (which must outlive parsing).
/// SetupKeys(app) prints to std::cout.
CLI::App* SetupKeys(CLI::App& app, std::ostream& out);

/// Issues a key and prints it, once. Throws InvalidArgument for a bad environment or pinned key.
void RunKeysAdd(const KeysAddOptions& options, std::ostream& out);
/// Prints every key (never the key itself).
void RunKeysList(const KeysListOptions& options, std::ostream& out);
/// Revokes a key by id or prefix. Throws NotFound if none matches, InvalidArgument if a prefix
/// matches several.
void RunKeysRevoke(const KeysRevokeOptions& options, std::ostream& out);

}  // namespace logset::cli

#endif  // LOGSET_CLI_KEYS_COMMAND_H_
