// SPDX-License-Identifier: MIT
// `logset index metadata KEY | list`: expression indexes on metadata keys.
#include "index_command.h"

#include <filesystem>
#include <memory>

#include "cli_output.h"
#include "commands.h"
#include "filter/metadata_index.h"
#include "logset/error.h"
#include "store/store_access.h"

namespace logset::cli {
namespace {

const char* TableOf(filter::Resource resource) {
  return resource == filter::Resource::kDatasetLog ? "dataset_logs" : "request_logs";
}

}  // namespace

void RunIndexMetadata(const IndexMetadataOptions& options, std::ostream& out) {
  WithLogsetErrors([&] {
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    auto session = internal::StoreAccess::Write(*store);
    const filter::MetadataIndex index = filter::CreateMetadataIndex(
        session.db(),
        options.dataset_logs ? filter::Resource::kDatasetLog : filter::Resource::kRequestLog,
        options.key);
    session.Commit();
    out << index.index_name << " on " << TableOf(index.resource) << " (metadata " << index.json_path
        << ")\n";
  });
}

void RunIndexList(const IndexListOptions& options, std::ostream& out) {
  WithLogsetErrors([&] {
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    auto session = internal::StoreAccess::Read(*store);
    const auto indexes = filter::ListMetadataIndexes(session.db());
    if (options.json) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& i : indexes) {
        list.push_back({{"table", TableOf(i.resource)},
                        {"key", i.key},
                        {"json_path", i.json_path},
                        {"index", i.index_name}});
      }
      PrintJson(out, list);
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& i : indexes) rows.push_back({TableOf(i.resource), i.key, i.index_name});
    PrintTable(out, {"TABLE", "KEY", "INDEX"}, rows);
  });
}

void SetupIndex(CLI::App& app) {
  CLI::App* index = app.add_subcommand(
      "index", "Indexes on metadata keys, so filters on metadata__KEY stop scanning every log.");
  index->require_subcommand(1);

  auto metadata_options = std::make_shared<IndexMetadataOptions>();
  CLI::App* metadata = index->add_subcommand(
      "metadata", "Create an index on a metadata key (idempotent; takes a while on a big store).");
  metadata
      ->add_option("KEY", metadata_options->key,
                   "The key as written after metadata__ in a filter; a__b indexes metadata.a.b")
      ->required();
  AddDbOption(metadata, &metadata_options->db);
  metadata->add_flag("--dataset-logs", metadata_options->dataset_logs,
                     "Index dataset logs instead of request logs");
  metadata->callback([metadata_options] { RunIndexMetadata(*metadata_options); });

  auto list_options = std::make_shared<IndexListOptions>();
  CLI::App* list = index->add_subcommand("list", "List the metadata indexes of the store.");
  AddDbOption(list, &list_options->db);
  list->add_flag("--json", list_options->json, "Print JSON for programs instead of a table");
  list->callback([list_options] { RunIndexList(*list_options); });
}

}  // namespace logset::cli
