// SPDX-License-Identifier: MIT
// Reading dataset request bodies into the services' typed requests.
#include "datasets/dataset_bodies.h"

#include <algorithm>

#include "datasets/dataset_request_fields.h"
#include "logset/error.h"

namespace logset::internal {
namespace {

constexpr size_t kMaxNameChars = 255;

std::string Trim(const std::string& s) {
  constexpr const char* kSpace = " \t\n\r\f\v";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Characters, not bytes: the body is valid UTF-8, so counting non-continuation bytes counts
// code points.
size_t CharCount(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// A present `name`: a string of 1-255 characters once trimmed. Returns it trimmed.
std::string CheckName(const BodyReader& r, const Json& v) {
  if (v.is_null()) r.Fail("name", "This field may not be null.");
  if (!v.is_string()) r.Fail("name", "must be a string.");
  std::string name = Trim(v.get<std::string>());
  if (name.empty()) r.Fail("name", "This field may not be blank.");
  if (CharCount(name) > kMaxNameChars) {
    r.Fail("name", "Ensure this field has no more than 255 characters.");
  }
  return name;
}

// `description`: a string, null meaning "".
std::optional<std::string> ReadDescription(const BodyReader& r) {
  const Json* v = r.Find("description");
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::string();
  if (!v->is_string()) r.Fail("description", "must be a string.");
  return v->get<std::string>();
}

}  // namespace

CreateDatasetRequest ReadCreateDatasetBody(const Json& body) {
  const BodyReader r(body);
  CreateDatasetRequest out;
  const bool duplicating = r.Present("source_dataset_id");
  std::optional<std::string> name;
  if (const Json* v = r.Find("name"); v != nullptr && !v->is_null()) {
    name = CheckName(r, *v);
  } else if (!duplicating) {
    r.Fail("name", "This field is required.");
  }
  // For a duplicate, a null description or type means "as the source".
  const Json* description_value = r.Find("description");
  const std::optional<std::string> description = ReadDescription(r);
  const std::optional<std::string> type = r.String("type");
  if (type && *type != "sampling" && *type != "llm") {
    r.Fail("type", "must be \"sampling\" or \"llm\".");
  }
  const bool is_empty = r.Bool("is_empty").value_or(false);
  const auto percentage = ReadPercentage(r, "sampling");
  const TimeRange range = ReadTimeRange(r, /*enforce=*/!duplicating && !is_empty);
  BodyFilter filters = ReadBodyFilter(r, "initial_log_filters", filter::Resource::kRequestLog);
  const std::optional<std::string> source = r.String("source_dataset_id");
  const std::optional<uint64_t> seed = ReadSamplingSeed(r);
  const bool by_trace = ReadSampleByTrace(r);

  if (duplicating) {
    out.mode = CreateDatasetRequest::Mode::kDuplicate;
    out.duplicate.source_uuid = *source;
    out.duplicate.name = name;
    if (description_value != nullptr && !description_value->is_null()) {
      out.duplicate.description = description;
    }
    out.duplicate.type = type;
    return out;
  }
  out.mode = is_empty ? CreateDatasetRequest::Mode::kEmpty : CreateDatasetRequest::Mode::kSampled;
  out.dataset.name = *name;
  out.dataset.description = description.value_or("");
  out.dataset.type = type.value_or("sampling");
  // Kept as the exact text of the client's object: key order, scalars and operator spelling.
  out.dataset.initial_log_filters =
      filters.json.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (out.mode == CreateDatasetRequest::Mode::kSampled) {
    out.sampling.start_time = *range.start;
    out.sampling.end_time = *range.end;
    out.sampling.filters = std::move(filters);
    out.sampling.percentage = static_cast<int>(percentage.value_or(100));
    out.sampling.seed = seed;
    out.sampling.by_trace = by_trace;
  }
  return out;
}

DatasetChanges ReadDatasetChanges(const Json& body) {
  const BodyReader r(body);
  DatasetChanges changes;
  if (const Json* name = r.Find("name")) changes.name = CheckName(r, *name);
  changes.description = ReadDescription(r);
  if (const Json* starred = r.Find("starred")) {
    if (!starred->is_boolean()) r.Fail("starred", "must be a boolean.");
    changes.starred = starred->get<bool>();
  }
  if (const Json* tags = r.Find("tags")) {
    if (!tags->is_array()) r.Fail("tags", "must be an array of strings.");
    std::vector<std::string> unique;
    for (size_t i = 0; i < tags->size(); ++i) {
      const Json& t = (*tags)[i];
      if (!t.is_string()) r.Fail("tags[" + std::to_string(i) + "]", "must be a string.");
      const std::string& tag = t.get_ref<const std::string&>();
      if (std::find(unique.begin(), unique.end(), tag) == unique.end()) unique.push_back(tag);
    }
    changes.tags = std::move(unique);
  }
  return changes;
}

SampledImport ReadSampledImportBody(const Json& body) {
  const BodyReader r(body);
  SampledImport out;
  const TimeRange range = ReadTimeRange(r, /*enforce=*/true);
  out.start_time = *range.start;
  out.end_time = *range.end;
  out.filters = ReadBodyFilter(r, "filters", filter::Resource::kRequestLog);
  out.percentage = static_cast<int>(ReadPercentage(r, "sampling_percentage").value_or(100));
  out.seed = ReadSamplingSeed(r);
  out.by_trace = ReadSampleByTrace(r);
  return out;
}

std::vector<std::string> ReadLogIds(const Json& body) {
  const BodyReader r(body);
  const Json* ids = r.Find("log_ids");
  if (ids == nullptr || !ids->is_array()) r.Fail("log_ids", "must be an array of strings.");
  if (ids->size() > kMaxBulkItems) r.Fail("log_ids", "must hold at most 10,000 items.");
  std::vector<std::string> out;
  out.reserve(ids->size());
  for (size_t i = 0; i < ids->size(); ++i) {
    if (!(*ids)[i].is_string()) r.Fail("log_ids[" + std::to_string(i) + "]", "must be a string.");
    out.push_back((*ids)[i].get<std::string>());
  }
  return out;
}

LogRemoval ReadLogRemovalBody(const Json& body) {
  const BodyReader r(body);
  LogRemoval out;
  out.all = r.Bool("is_deleting_all_logs").value_or(false);
  // API.md L9: with the flag, `filters` is ignored, so it is not even parsed.
  if (out.all) return out;
  out.filters = ReadBodyFilter(r, "filters", filter::Resource::kDatasetLog);
  if (out.filters.Empty()) {
    r.Fail("filters", "required unless is_deleting_all_logs is true.");
  }
  return out;
}

}  // namespace logset::internal
