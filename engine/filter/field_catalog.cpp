// SPDX-License-Identifier: MIT
// The field catalog: per resource, each filterable field's type, API name and SQL expression.
#include "filter/field_catalog.h"

namespace logset::filter {
namespace {

struct Spec {
  const char* name;
  FieldType type;
};

using T = FieldType;

// API.md 6, fields shared by request logs and dataset logs. Their columns have the same names in
// both tables (schema/0001_init.sql), so one list serves both.
constexpr Spec kLogFields[] = {
    {"unique_id", T::kText},
    {"environment", T::kText},
    {"model", T::kText},
    {"provider_id", T::kText},
    {"log_type", T::kText},
    {"status", T::kText},
    {"error_message", T::kText},
    {"customer_identifier", T::kText},
    {"custom_identifier", T::kText},
    {"thread_identifier", T::kText},
    {"group_identifier", T::kText},
    {"trace_unique_id", T::kText},
    {"span_name", T::kText},
    {"span_workflow_name", T::kText},
    {"span_parent_id", T::kText},
    {"prompt_id", T::kText},
    {"prompt_name", T::kText},
    {"timestamp", T::kTimestamp},
    {"start_time", T::kTimestamp},
    {"status_code", T::kInteger},
    {"prompt_tokens", T::kInteger},
    {"completion_tokens", T::kInteger},
    {"total_request_tokens", T::kInteger},
    {"max_tokens", T::kInteger},
    {"cost", T::kReal},
    {"latency", T::kReal},
    {"time_to_first_token", T::kReal},
    {"tokens_per_second", T::kReal},
    {"temperature", T::kReal},
    {"stream", T::kBoolean},
    {"positive_feedback", T::kBoolean},
    {"input", T::kJson},
    {"output", T::kJson},
    {"metadata", T::kJson},
    {"tools", T::kJson},
    {"tool_calls", T::kJson},
};

constexpr Spec kRequestLogOnly[] = {
    {"is_pinned", T::kBoolean},
    {"note", T::kText},
    {"customer_email", T::kText},
    {"prompt_cache_hit_tokens", T::kInteger},
    {"prompt_cache_creation_tokens", T::kInteger},
    {"prompt_messages", T::kJson},
    {"completion_message", T::kJson},
};

constexpr Spec kDatasetLogOnly[] = {
    {"dataset_id", T::kText},        {"prompt", T::kText},          {"completion", T::kText},
    {"annotation_status", T::kText}, {"source_log_id", T::kText},   {"created_at", T::kTimestamp},
    {"updated_at", T::kTimestamp},   {"expected_output", T::kJson}, {"messages", T::kJson},
};

constexpr Spec kDatasetFields[] = {
    {"id", T::kText},
    {"name", T::kText},
    {"description", T::kText},
    {"type", T::kText},
    {"status", T::kText},
    {"created_at", T::kTimestamp},
    {"updated_at", T::kTimestamp},
    {"starred", T::kBoolean},
    {"log_count", T::kInteger},
};

FieldInfo MakeField(Resource resource, const Spec& spec) {
  const std::string table = TableName(resource);
  FieldInfo f{spec.name, spec.type, table + "." + spec.name, spec.type != T::kJson};
  if (resource == Resource::kDataset && f.name == "id") {
    f.sql = "datasets.uuid";  // the rowid is internal; the API id is the UUID
  }
  if (resource == Resource::kDatasetLog && f.name == "dataset_id") {
    // The column holds the owning dataset's rowid; the API shows its UUID.
    f.sql = "(SELECT ds.uuid FROM datasets AS ds WHERE ds.id = dataset_logs.dataset_id)";
  }
  f.api_stringified =
      resource == Resource::kRequestLog && (f.name == "input" || f.name == "output");
  return f;
}

template <size_t N>
void Append(std::vector<FieldInfo>& out, Resource resource, const Spec (&specs)[N]) {
  for (const Spec& s : specs) out.push_back(MakeField(resource, s));
}

std::vector<FieldInfo> BuildCatalog(Resource resource) {
  std::vector<FieldInfo> fields;
  switch (resource) {
    case Resource::kRequestLog:
      Append(fields, resource, kLogFields);
      Append(fields, resource, kRequestLogOnly);
      break;
    case Resource::kDatasetLog:
      Append(fields, resource, kLogFields);
      Append(fields, resource, kDatasetLogOnly);
      break;
    case Resource::kDataset:
      Append(fields, resource, kDatasetFields);
      break;
  }
  return fields;
}

bool IsLogResource(Resource resource) { return resource != Resource::kDataset; }

const FieldInfo* FindExact(Resource resource, std::string_view name) {
  for (const FieldInfo& f : Fields(resource)) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

constexpr std::string_view kMetadataPrefix = "metadata__";
constexpr std::string_view kMetadataDotPrefix = "metadata.";
constexpr std::string_view kScoresPrefix = "scores__";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

const char* TableName(Resource resource) {
  switch (resource) {
    case Resource::kRequestLog:
      return "request_logs";
    case Resource::kDatasetLog:
      return "dataset_logs";
    case Resource::kDataset:
      return "datasets";
  }
  return "";
}

const std::vector<FieldInfo>& Fields(Resource resource) {
  static const std::vector<FieldInfo> kRequest = BuildCatalog(Resource::kRequestLog);
  static const std::vector<FieldInfo> kDatasetLog = BuildCatalog(Resource::kDatasetLog);
  static const std::vector<FieldInfo> kDataset = BuildCatalog(Resource::kDataset);
  switch (resource) {
    case Resource::kRequestLog:
      return kRequest;
    case Resource::kDatasetLog:
      return kDatasetLog;
    case Resource::kDataset:
      break;
  }
  return kDataset;
}

const FieldInfo* FindField(Resource resource, std::string_view name) {
  if (IsLogResource(resource)) {
    if (name == "id") return FindExact(resource, "unique_id");
    if (name == "total_tokens" || name == "all_tokens") {
      return FindExact(resource, "total_request_tokens");
    }
  }
  return FindExact(resource, name);
}

const FieldInfo* FindSortField(Resource resource, std::string_view name) {
  const FieldInfo* f = nullptr;
  if (IsLogResource(resource) && name == "id") {
    f = FindExact(resource, "timestamp");  // API.md 1.6: `-id` is the `-timestamp` order
  } else {
    f = FindField(resource, name);
  }
  return f != nullptr && f->sortable ? f : nullptr;
}

bool IsSortable(Resource resource, std::string_view name) {
  return FindSortField(resource, name) != nullptr;
}

std::optional<std::string> SortExpression(Resource resource, std::string_view name) {
  const FieldInfo* f = FindSortField(resource, name);
  if (f == nullptr) return std::nullopt;
  return f->sql;
}

std::vector<std::string> SplitMetadataKey(std::string_view key) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t sep = key.find("__", start);
    std::string_view part = key.substr(start, sep == std::string_view::npos ? sep : sep - start);
    if (part.empty()) return {};
    parts.emplace_back(part);
    if (sep == std::string_view::npos) break;
    start = sep + 2;
  }
  return parts;
}

ResolvedField ResolveFieldName(Resource resource, std::string_view name) {
  ResolvedField out;
  if (const FieldInfo* f = FindField(resource, name)) {
    out.ok = true;
    out.ref.kind = FieldRef::Kind::kColumn;
    out.ref.column = f;
    return out;
  }
  if (!IsLogResource(resource)) return out;
  if (StartsWith(name, kMetadataPrefix)) {
    out.ref.path = SplitMetadataKey(name.substr(kMetadataPrefix.size()));
  } else if (StartsWith(name, kMetadataDotPrefix)) {
    std::string_view key = name.substr(kMetadataDotPrefix.size());
    if (!key.empty()) out.ref.path.emplace_back(key);
  } else if (StartsWith(name, kScoresPrefix)) {
    std::string_view id = name.substr(kScoresPrefix.size());
    if (id.empty()) return out;
    out.ok = true;
    out.ref.kind = FieldRef::Kind::kScore;
    out.ref.evaluator_id = std::string(id);
    return out;
  }
  if (out.ref.path.empty()) return out;
  out.ok = true;
  out.ref.kind = FieldRef::Kind::kMetadata;
  return out;
}

bool IsKnownFieldOrPath(Resource resource, std::string_view name) {
  return ResolveFieldName(resource, name).ok;
}

}  // namespace logset::filter
