// SPDX-License-Identifier: MIT
// `logset keys add|list|revoke`: the API keys the server accepts.
#include "keys_command.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <ostream>

#include "cli_output.h"
#include "commands.h"
#include "logset/error.h"
#include "logset/keys.h"
#include "logset/store.h"

namespace logset::cli {
namespace {

using Json = nlohmann::ordered_json;

Json KeyJson(const ApiKeyInfo& info) {
  return Json{{"id", info.id},
              {"prefix", info.prefix},
              {"organization", info.organization},
              {"organization_id", info.organization_id},
              {"environment", info.environment},
              {"created_at", info.created_at},
              {"revoked", info.revoked}};
}

void SetupAdd(CLI::App* keys, std::ostream& out) {
  auto options = std::make_shared<KeysAddOptions>();
  auto pinned = std::make_shared<std::string>();
  CLI::App* add = keys->add_subcommand(
      "add",
      "Issue a new API key and print it (creating the store if missing). The key is shown only "
      "this once: the store keeps just its SHA-256 hash.");
  AddDbOption(add, &options->db);
  add->add_option("--org", options->organization,
                  "Organisation the key acts for; created if it does not exist. Each "
                  "organisation sees only its own datasets and logs")
      ->capture_default_str();
  add->add_option("--env", options->environment, "Environment stamped on the logs the key ingests")
      ->check(CLI::IsMember({"prod", "test"}))
      ->capture_default_str();
  CLI::Option* key = add->add_option(
      "--key", *pinned,
      "Use exactly this key instead of a random one (for test set-ups that must know it in "
      "advance); adding it again is harmless");
  add->add_flag("--json", options->json, "Print a JSON object instead of text");
  add->callback([options, pinned, key, &out] {
    options->key.reset();
    if (key->count() > 0) options->key = *pinned;
    WithLogsetErrors([&] { RunKeysAdd(*options, out); });
  });
}

void SetupList(CLI::App* keys, std::ostream& out) {
  auto options = std::make_shared<KeysListOptions>();
  CLI::App* list = keys->add_subcommand(
      "list",
      "List every API key ever issued, oldest first: id, prefix, organisation, "
      "environment, creation time, revoked. Keys themselves are never shown.");
  AddDbOption(list, &options->db);
  list->add_flag("--json", options->json, "Print a JSON array instead of a table");
  list->callback([options, &out] { WithLogsetErrors([&] { RunKeysList(*options, out); }); });
}

void SetupRevoke(CLI::App* keys, std::ostream& out) {
  auto options = std::make_shared<KeysRevokeOptions>();
  CLI::App* revoke = keys->add_subcommand(
      "revoke",
      "Revoke an API key: requests using it get 401 from then on, also on a running "
      "server. Revoked keys stay listed, and the store stays in keyed mode.");
  AddDbOption(revoke, &options->db);
  revoke
      ->add_option("ID_OR_PREFIX", options->id_or_prefix,
                   "The key's id or its prefix, as `logset keys list` shows them")
      ->required();
  revoke->add_flag("--json", options->json, "Print a JSON object instead of text");
  revoke->callback([options, &out] { WithLogsetErrors([&] { RunKeysRevoke(*options, out); }); });
}

}  // namespace

CLI::App* SetupKeys(CLI::App& app, std::ostream& out) {
  CLI::App* keys = app.add_subcommand(
      "keys",
      "Manage the API keys `logset serve` and the in-process Api accept. With no key in "
      "the store (open mode) any well-formed key is accepted.");
  keys->require_subcommand(1);
  SetupAdd(keys, out);
  SetupList(keys, out);
  SetupRevoke(keys, out);
  return keys;
}

void SetupKeys(CLI::App& app) { SetupKeys(app, std::cout); }

void RunKeysAdd(const KeysAddOptions& options, std::ostream& out) {
  std::unique_ptr<Store> store = OpenStore(options.db);
  const IssuedApiKey issued =
      AddApiKey(*store, options.organization, options.environment, options.key);
  if (options.json) {
    Json json = KeyJson(issued.info);
    json["key"] = issued.key;
    PrintJson(out, json);
    return;
  }
  out << "API key " << issued.info.id << " for organisation \"" << issued.info.organization
      << "\" (" << issued.info.environment << "):\n\n    " << issued.key
      << "\n\nCopy it now: it cannot be shown again. Clients send it as "
         "\"Authorization: Bearer <key>\".\n";
}

void RunKeysList(const KeysListOptions& options, std::ostream& out) {
  std::unique_ptr<Store> store = OpenExistingStore(options.db);
  const std::vector<ApiKeyInfo> keys = ListApiKeys(*store);
  if (options.json) {
    Json json = Json::array();
    for (const ApiKeyInfo& info : keys) json.push_back(KeyJson(info));
    PrintJson(out, json);
    return;
  }
  if (keys.empty()) {
    out << "No API keys: the store is in open mode (any well-formed key is accepted). Add one "
           "with `logset keys add`.\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const ApiKeyInfo& info : keys) {
    rows.push_back({std::to_string(info.id), info.prefix, info.organization, info.environment,
                    info.created_at, info.revoked ? "yes" : "no"});
  }
  PrintTable(out, {"ID", "PREFIX", "ORGANIZATION", "ENV", "CREATED", "REVOKED"}, rows);
}

void RunKeysRevoke(const KeysRevokeOptions& options, std::ostream& out) {
  std::unique_ptr<Store> store = OpenExistingStore(options.db);
  const ApiKeyInfo info = RevokeApiKey(*store, options.id_or_prefix);
  if (options.json) {
    PrintJson(out, KeyJson(info));
    return;
  }
  out << "Revoked API key " << info.id << " (" << info.prefix << "..., organisation \""
      << info.organization << "\", " << info.environment << ").\n";
}

}  // namespace logset::cli
