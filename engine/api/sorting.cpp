// SPDX-License-Identifier: MIT
// `sort_by` / `order_by`: one field, ascending or descending, ties by id.
#include "api/sorting.h"

#include <optional>
#include <string_view>

#include "filter/field_catalog.h"
#include "logset/error.h"

namespace logset::internal {
namespace {

struct SortField {
  const char* name;    // as the client writes it
  const char* column;  // the column it sorts by; only these strings ever reach SQL
};

// Eval tasks take no filters, so they have no filter catalog; the other resources sort by the
// catalog's own expressions, so what can be filtered and what can be sorted cannot drift apart.
constexpr SortField kEvalTaskFields[] = {
    {"created_at", "created_at"},
    {"started_at", "started_at"},
    {"completed_at", "completed_at"},
    {"status", "status"},
    {"name", "name"},
    {"evaluator_slug", "evaluator_slug"},
    {"score", "score"},
    {"evaluated_logs_count", "evaluated_logs_count"},
};

std::optional<std::string> Column(SortResource resource, std::string_view name) {
  switch (resource) {
    case SortResource::kDatasets:
      return filter::SortExpression(filter::Resource::kDataset, name);
    case SortResource::kRequestLogs:
      return filter::SortExpression(filter::Resource::kRequestLog, name);
    case SortResource::kDatasetLogs:
      return filter::SortExpression(filter::Resource::kDatasetLog, name);
    case SortResource::kEvalTasks:
      for (const SortField& f : kEvalTaskFields) {
        if (name == f.name) return std::string(f.column);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

const char* TieColumn(SortResource resource) {
  switch (resource) {
    case SortResource::kDatasets:
      return "datasets.uuid";
    case SortResource::kRequestLogs:
      return "request_logs.unique_id";
    case SortResource::kDatasetLogs:
      return "dataset_logs.unique_id";
    case SortResource::kEvalTasks:
      return "task_id";
  }
  return "id";
}

}  // namespace

std::string OrderByClause(const QueryParams& query, SortResource resource,
                          const std::string& default_sort) {
  std::string spec = query.Get("sort_by").value_or(query.Get("order_by").value_or(default_sort));
  bool descending = false;
  std::string_view name = spec;
  if (!name.empty() && name.front() == '-') {
    descending = true;
    name.remove_prefix(1);
  }
  const auto column = Column(resource, name);
  if (!column || spec.find(',') != std::string::npos) {
    throw InvalidArgument("api.bad_sort", "sort_by: unknown or unsortable field '" + spec + "'.",
                          "sort_by");
  }
  // SQLite orders NULL lowest in ascending order and last in descending, as API.md 1.6 asks.
  std::string clause = *column + (descending ? " DESC" : " ASC");
  const std::string tie = TieColumn(resource);
  if (*column != tie) clause += ", " + tie + " ASC";
  return clause;
}

}  // namespace logset::internal
