// SPDX-License-Identifier: MIT
// What `logset datasets ...` runs: each command builds the body the API would receive, reads it
// with the API's own body readers and calls the same service, so both behave identically.
#include "datasets_command.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>
#include <utility>
#include <vector>

#include "api/query_params.h"
#include "api/sorting.h"
#include "cli_output.h"
#include "datasets/dataset_bodies.h"
#include "datasets/dataset_json.h"
#include "datasets/dataset_log_export.h"
#include "datasets/dataset_log_service.h"
#include "datasets/dataset_service.h"
#include "datasets/population_service.h"
#include "logs/log_summary.h"
#include "logset/error.h"
#include "store/store_access.h"

namespace logset::cli {
namespace {

using internal::Json;

constexpr int64_t kDefaultOrgId = 1;
constexpr int64_t kMaxPageSize = 100;

// The API body field (or filter pointer prefix) each flag fills, for error messages in the
// flags' terms.
const std::pair<const char*, const char*> kFlagOfField[] = {
    {"name", "--name"},
    {"sampling_percentage", "--sampling"},
    {"sampling", "--sampling"},
    {"start_time", "--from"},
    {"end_time", "--to"},
    {"/initial_log_filters", "--filter "},
    {"/filters", "--filter "},
    {"initial_log_filters", "--filter"},
    {"filters", "--filter"},
    {"sampling_seed", "--seed"},
    {"source_dataset_id", "--duplicate-of"},
    {"sort_by", "--sort"},
};

// Runs `body`, rethrowing every failure as a logset::Error whose detail names the flag rather
// than the API field it filled.
template <typename F>
void InFlagTerms(F&& body) {
  try {
    WithLogsetErrors(body);
  } catch (const InvalidArgument& e) {
    const std::string& field = e.field();
    for (const auto& [api, flag] : kFlagOfField) {
      const std::string prefix(api);
      const bool pointer = prefix.front() == '/';
      if (pointer ? field.rfind(prefix, 0) != 0 : field != prefix) continue;
      std::string detail = e.detail();
      detail.replace(0, prefix.size(), flag);
      if (pointer && detail.compare(std::string(flag).size(), 1, ":") == 0) {
        detail.erase(std::string(flag).size() - 1, 1);  // `--filter : ...` -> `--filter: ...`
      }
      // `start_time: must not be after end_time.` names the other bound too.
      if (const size_t at = detail.find(" end_time."); at != std::string::npos) {
        detail.replace(at + 1, 8, "--to");
      }
      throw InvalidArgument(e.tag(), detail, e.field());
    }
    throw;
  }
}

// A dataset id that is not one of the default organisation's, as one clear line.
template <typename F>
auto WithDatasetNamed(const std::string& id, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const NotFound& e) {
    if (e.tag() == "cli.no_store") throw;
    throw NotFound("cli.no_dataset", "no dataset " + id + " in the default organisation.");
  }
}

// `--filter` text as a JSON object, or `{}` when not given.
Json FilterJson(const std::optional<std::string>& text) {
  if (!text) return Json::object();
  Json parsed = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw InvalidArgument("cli.bad_filter", "--filter: not valid JSON.");
  }
  return parsed;
}

std::string OrgUuid(Store& store) {
  auto session = internal::StoreAccess::Read(store);
  SQLite::Statement q(session.db(), "SELECT uuid FROM organizations WHERE id = ?");
  q.bind(1, kDefaultOrgId);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void PrintDataset(std::ostream& out, const internal::Dataset& d) {
  std::vector<std::vector<std::string>> rows = {
      {"id", d.uuid},
      {"name", d.name},
      {"description", d.description},
      {"type", d.type},
      {"logs", std::to_string(d.log_count)},
      {"annotated", std::to_string(d.completed_annotation_count)},
      {"created", internal::FormatTimestamp(d.created_at)},
      {"updated", internal::FormatTimestamp(d.updated_at)},
      {"initial filters", d.initial_log_filters},
  };
  if (d.source_dataset_id) rows.push_back({"copied from", *d.source_dataset_id});
  if (d.sampling_info) rows.push_back({"sampling", *d.sampling_info});
  PrintTable(out, {"FIELD", "VALUE"}, rows);
}

void PrintSummary(std::ostream& out, const internal::LogSummary& s) {
  PrintTable(out, {"METRIC", "VALUE"},
             {{"requests", std::to_string(s.number_of_requests)},
              {"total cost", Number(s.total_cost)},
              {"prompt tokens", std::to_string(s.total_prompt_tokens)},
              {"completion tokens", std::to_string(s.total_completion_tokens)},
              {"total tokens", std::to_string(s.total_prompt_tokens + s.total_completion_tokens)},
              {"avg latency", Number(s.avg_latency)},
              {"avg tokens/s", Number(s.avg_tps)},
              {"avg ttft", Number(s.avg_ttft)}});
  if (s.scores.empty()) return;
  std::vector<std::vector<std::string>> rows;
  for (const internal::EvaluatorScoreSummary& e : s.scores) {
    rows.push_back({e.evaluator_id, e.score_value_type, e.avg_score ? Number(*e.avg_score) : "-",
                    e.true_count ? std::to_string(*e.true_count) : "-",
                    e.false_count ? std::to_string(*e.false_count) : "-"});
  }
  out << "\n";
  PrintTable(out, {"EVALUATOR", "TYPE", "AVG", "TRUE", "FALSE"}, rows);
}

}  // namespace

void RunDatasetsCreate(const DatasetsCreateOptions& options, std::ostream& out) {
  Json body = Json::object();
  if (options.name) body["name"] = *options.name;
  if (options.empty) body["is_empty"] = true;
  if (options.sampling) body["sampling"] = *options.sampling;
  if (options.from) body["start_time"] = *options.from;
  if (options.to) body["end_time"] = *options.to;
  internal::Dataset created;
  InFlagTerms([&] {
    if (options.filter) body["initial_log_filters"] = FilterJson(options.filter);
    if (options.duplicate_of) body["source_dataset_id"] = *options.duplicate_of;
    if (options.seed) body["sampling_seed"] = *options.seed;
    if (options.by_trace) body["sample_by"] = "trace";
    const internal::CreateDatasetRequest request = internal::ReadCreateDatasetBody(body);
    std::unique_ptr<Store> store = OpenStore(options.db);
    switch (request.mode) {
      case internal::CreateDatasetRequest::Mode::kDuplicate:
        created = WithDatasetNamed(request.duplicate.source_uuid, [&] {
          return internal::DuplicateDataset(*store, kDefaultOrgId, request.duplicate);
        });
        break;
      case internal::CreateDatasetRequest::Mode::kEmpty:
        created = internal::CreateEmptyDataset(*store, kDefaultOrgId, request.dataset);
        break;
      case internal::CreateDatasetRequest::Mode::kSampled:
        created = internal::CreateSampledDataset(*store, kDefaultOrgId, request.dataset,
                                                 request.sampling);
        break;
    }
  });
  if (options.json) {
    PrintJson(out, internal::DatasetJson(created));
    return;
  }
  out << "created dataset " << created.uuid << " \"" << created.name << "\" with "
      << created.log_count << " log" << (created.log_count == 1 ? "" : "s") << "\n";
}

void RunDatasetsList(const DatasetsListOptions& options, std::ostream& out) {
  const int64_t page_size = std::min(std::max<int64_t>(1, options.page_size), kMaxPageSize);
  const int64_t page = std::max<int64_t>(1, options.page);
  internal::DatasetPage result;
  InFlagTerms([&] {
    // The same allow-list as the API's sort_by.
    const std::string order_by =
        internal::OrderByClause(internal::QueryParams(""), internal::SortResource::kDatasets,
                                options.sort.empty() ? "-created_at" : options.sort);
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    result = internal::ListDatasets(*store, kDefaultOrgId,
                                    internal::BodyFilter(filter::Resource::kDataset), order_by,
                                    page_size, (page - 1) * page_size);
  });
  if (options.json) {
    Json results = Json::array();
    for (const internal::Dataset& d : result.items) results.push_back(internal::DatasetJson(d));
    PrintJson(out, Json{{"count", result.count},
                        {"page", page},
                        {"page_size", page_size},
                        {"results", std::move(results)}});
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const internal::Dataset& d : result.items) {
    rows.push_back({d.uuid, d.name, d.type, std::to_string(d.log_count),
                    internal::FormatTimestamp(d.created_at)});
  }
  PrintTable(out, {"ID", "NAME", "TYPE", "LOGS", "CREATED"}, rows);
  const int64_t pages = (result.count + page_size - 1) / page_size;
  out << "page " << page << " of " << std::max<int64_t>(1, pages) << ", " << result.count
      << " dataset" << (result.count == 1 ? "" : "s") << "\n";
}

void RunDatasetsGet(const DatasetsIdOptions& options, std::ostream& out) {
  internal::Dataset dataset;
  WithLogsetErrors([&] {
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    dataset = WithDatasetNamed(
        options.id, [&] { return internal::GetDataset(*store, kDefaultOrgId, options.id); });
  });
  if (options.json) {
    PrintJson(out, internal::DatasetJson(dataset));
  } else {
    PrintDataset(out, dataset);
  }
}

void RunDatasetsImport(const DatasetsImportOptions& options, std::ostream& out) {
  Json body = {{"start_time", options.from}, {"end_time", options.to}};
  if (options.sampling) body["sampling_percentage"] = *options.sampling;
  if (options.seed) body["sampling_seed"] = *options.seed;
  if (options.by_trace) body["sample_by"] = "trace";
  int64_t imported = 0;
  InFlagTerms([&] {
    if (options.filter) body["filters"] = FilterJson(options.filter);
    const internal::SampledImport spec = internal::ReadSampledImportBody(body);
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    imported = WithDatasetNamed(options.id, [&] {
      return internal::ImportSampledLogs(*store, kDefaultOrgId, options.id, spec);
    });
  });
  if (options.json) {
    PrintJson(out, Json{{"message", "Logs added to dataset"}, {"imported_count", imported}});
    return;
  }
  out << "imported " << imported << " log" << (imported == 1 ? "" : "s") << " into dataset "
      << options.id << "\n";
}

void RunDatasetsSummary(const DatasetsSummaryOptions& options, std::ostream& out) {
  internal::LogSummary summary;
  InFlagTerms([&] {
    Json body = Json::object();
    if (options.filter) body["filters"] = FilterJson(options.filter);
    const internal::BodyFilter filters = internal::ReadBodyFilter(
        internal::BodyReader(body), "filters", filter::Resource::kDatasetLog);
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    summary = WithDatasetNamed(options.id, [&] {
      return internal::SummarizeDatasetLogs(*store, kDefaultOrgId, options.id, filters);
    });
  });
  if (options.json) {
    PrintJson(out, internal::LogSummaryJson(summary));
  } else {
    PrintSummary(out, summary);
  }
}

void RunDatasetsDelete(const DatasetsIdOptions& options, std::ostream& out) {
  WithLogsetErrors([&] {
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    WithDatasetNamed(options.id,
                     [&] { internal::DeleteDataset(*store, kDefaultOrgId, options.id); });
  });
  if (options.json) {
    PrintJson(out, Json{{"deleted", options.id}});
    return;
  }
  out << "deleted dataset " << options.id << " with its logs and eval tasks\n";
}

void RunDatasetsExport(const DatasetsExportOptions& options, std::ostream& out) {
  if (options.format != "csv" && options.format != "jsonl") {
    throw InvalidArgument("cli.bad_format", "--format: must be csv or jsonl.", "export_format");
  }
  internal::ExportResult result;
  WithLogsetErrors([&] {
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    const std::string org_uuid = OrgUuid(*store);
    result = WithDatasetNamed(options.id, [&] {
      return internal::ExportDatasetLogs(
          *store, kDefaultOrgId, org_uuid, options.id,
          internal::BodyFilter(filter::Resource::kDatasetLog),
          internal::OrderByClause(internal::QueryParams(""), internal::SortResource::kDatasetLogs,
                                  "-timestamp"),
          options.format == "csv" ? internal::ExportFormat::kCsv : internal::ExportFormat::kJsonl,
          options.name);
    });
  });
  if (options.json) {
    PrintJson(out, Json{{"message", "Export completed"},
                        {"file", result.file},
                        {"exported_count", result.exported_count}});
    return;
  }
  out << "exported " << result.exported_count << " log" << (result.exported_count == 1 ? "" : "s")
      << " to " << result.file << "\n";
}

}  // namespace logset::cli
