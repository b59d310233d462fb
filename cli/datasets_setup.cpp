// SPDX-License-Identifier: MIT
// The command-line surface of `logset datasets`: subcommands, flags and their help texts, each
// subcommand calling its Run function (datasets_command.cpp).
#include <iostream>
#include <memory>

#include "cli_output.h"
#include "commands.h"
#include "datasets_command.h"

namespace logset::cli {

CLI::App* SetupDatasets(CLI::App& app, std::ostream& out) {
  CLI::App* datasets = app.add_subcommand(
      "datasets",
      "Datasets of the default organisation: create (sampled, empty or copied), list, "
      "show, import request logs, summarise, delete, export.");
  datasets->require_subcommand(1);
  datasets->footer(
      "Each command validates like the matching API call (D1, D2, D3, L8, S1/S2, D5, L2 export). "
      "Times are ISO 8601 (2025-07-26T08:10:00Z); --filter takes a filter object as JSON "
      "(the filter language the API takes; README, Filters). Exit status: 0 on success, 2 for a "
      "bad value, 3 for an unknown dataset "
      "or store, 5 if the store fails.");
  const auto stream = &out;

  auto create_options = std::make_shared<DatasetsCreateOptions>();
  CLI::App* create = datasets->add_subcommand(
      "create",
      "Create a dataset: a sample of request logs (default), --empty, or --duplicate-of.");
  create->add_option("--name", create_options->name,
                     "Dataset name (default for a copy: \"<source name> (copy)\")");
  create->add_option("--from", create_options->from, "Sample logs with timestamp >= this time");
  create->add_option("--to", create_options->to, "Sample logs with timestamp <= this time");
  create->add_option("--sampling", create_options->sampling,
                     "Percent of matching logs, 1-100 (default 100)");
  create->add_option("--filter", create_options->filter,
                     "Filter object over request-log fields, as JSON");
  create->add_option("--seed", create_options->seed,
                     "Sampling seed, an unsigned 64-bit integer (default: from the new id)");
  create->add_flag("--by-trace", create_options->by_trace, "Sample whole traces, not single logs");
  create->add_flag("--empty", create_options->empty, "Create an empty dataset");
  create->add_option("--duplicate-of", create_options->duplicate_of,
                     "Copy this dataset with its logs and scores");
  create->add_flag("--json", create_options->json, "Print the dataset as JSON");
  AddDbOption(create, &create_options->db);
  create->callback([create_options, stream] { RunDatasetsCreate(*create_options, *stream); });

  auto list_options = std::make_shared<DatasetsListOptions>();
  CLI::App* list = datasets->add_subcommand("list", "List datasets, newest first.");
  list->add_option("--page", list_options->page, "Page number, from 1")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000}))
      ->capture_default_str();
  list->add_option("--page-size", list_options->page_size, "Datasets per page (at most 100)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000}))
      ->capture_default_str();
  list->add_option("--sort", list_options->sort,
                   "Sort field as the API's sort_by: `name`, `-log_count`, ... (default "
                   "-created_at)");
  list->add_flag("--json", list_options->json,
                 "Print JSON {count, page, page_size, results} instead of a table");
  AddDbOption(list, &list_options->db);
  list->callback([list_options, stream] { RunDatasetsList(*list_options, *stream); });

  auto get_options = std::make_shared<DatasetsIdOptions>();
  CLI::App* get = datasets->add_subcommand("get", "Show one dataset.");
  get->add_option("ID", get_options->id, "The dataset's id")->required();
  get->add_flag("--json", get_options->json, "Print the dataset as JSON (as the API's D3)");
  AddDbOption(get, &get_options->db);
  get->callback([get_options, stream] { RunDatasetsGet(*get_options, *stream); });

  auto import_options = std::make_shared<DatasetsImportOptions>();
  CLI::App* importer = datasets->add_subcommand(
      "import", "Add a sample of request logs to a dataset; logs already in it are skipped.");
  importer->add_option("ID", import_options->id, "The dataset's id")->required();
  importer->add_option("--from", import_options->from, "Import logs with timestamp >= this time")
      ->required();
  importer->add_option("--to", import_options->to, "Import logs with timestamp <= this time")
      ->required();
  importer->add_option("--sampling", import_options->sampling,
                       "Percent of matching logs, 1-100 (default 100)");
  importer->add_option("--filter", import_options->filter,
                       "Filter object over request-log fields, as JSON");
  importer->add_option("--seed", import_options->seed,
                       "Sampling seed, an unsigned 64-bit integer (default: from the dataset id)");
  importer->add_flag("--by-trace", import_options->by_trace, "Sample whole traces");
  importer->add_flag("--json", import_options->json, "Print the API's JSON answer");
  AddDbOption(importer, &import_options->db);
  importer->callback([import_options, stream] { RunDatasetsImport(*import_options, *stream); });

  auto summary_options = std::make_shared<DatasetsSummaryOptions>();
  CLI::App* summary = datasets->add_subcommand(
      "summary", "Totals, averages and score summaries of a dataset's logs.");
  summary->add_option("ID", summary_options->id, "The dataset's id")->required();
  summary->add_option("--filter", summary_options->filter,
                      "Filter object over dataset-log fields, as JSON");
  summary->add_flag("--json", summary_options->json, "Print the summary as JSON (API.md 4.6)");
  AddDbOption(summary, &summary_options->db);
  summary->callback([summary_options, stream] { RunDatasetsSummary(*summary_options, *stream); });

  auto delete_options = std::make_shared<DatasetsIdOptions>();
  CLI::App* remove =
      datasets->add_subcommand("delete", "Delete a dataset with its logs and eval tasks.");
  remove->add_option("ID", delete_options->id, "The dataset's id")->required();
  remove->add_flag("--json", delete_options->json, "Print {\"deleted\": ID} as JSON");
  AddDbOption(remove, &delete_options->db);
  remove->callback([delete_options, stream] { RunDatasetsDelete(*delete_options, *stream); });

  auto export_options = std::make_shared<DatasetsExportOptions>();
  CLI::App* exporter = datasets->add_subcommand(
      "export", "Write a dataset's logs to a new file in the store's exports folder.");
  exporter->add_option("ID", export_options->id, "The dataset's id")->required();
  exporter->add_option("--format", export_options->format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  exporter->add_option("--name", export_options->name,
                       "File name stem (default dataset-<id>); never overwrites");
  exporter->add_flag("--json", export_options->json, "Print the API's JSON answer");
  AddDbOption(exporter, &export_options->db);
  exporter->callback([export_options, stream] { RunDatasetsExport(*export_options, *stream); });
  return datasets;
}

void SetupDatasets(CLI::App& app) { SetupDatasets(app, std::cout); }

}  // namespace logset::cli
