// SPDX-License-Identifier: MIT
// The dataset object of API.md 4.1.
#include "datasets/dataset_json.h"

namespace logset::internal {
namespace {

// Stored JSON text back to a value; ordered_json keeps key order and integer-vs-real types, which
// the official client depends on (`initial_log_filters.status_code.value` is typed as an integer).
Json ParseStored(const std::string& text, Json fallback) {
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? fallback : parsed;
}

}  // namespace

Json DatasetJson(const Dataset& d) {
  Json out = Json::object();
  out["id"] = d.uuid;
  out["name"] = d.name;
  out["description"] = d.description;
  out["type"] = d.type;
  out["status"] = d.status;
  // Population is synchronous, so nothing is ever running when a client looks.
  out["running_status"] = "pending";
  out["running_progress"] = 0;
  out["running_at"] = nullptr;
  out["log_count"] = d.log_count;
  out["completed_annotation_count"] = d.completed_annotation_count;
  out["initial_log_filters"] = ParseStored(d.initial_log_filters, Json::object());
  out["organization"] = d.org_id;
  out["organization_id"] = d.org_id;
  out["unique_organization_ids"] = Json::array();
  out["timestamps"] = Json::array();
  out["evaluator"] = nullptr;
  out["updated_by"] = nullptr;
  out["created_at"] = FormatTimestamp(d.created_at);
  out["updated_at"] = FormatTimestamp(d.updated_at);
  out["log_ids"] = d.log_ids;
  out["starred"] = d.starred;
  Json tags = Json::array();
  for (const std::string& t : d.tags)
    tags.push_back(Json{{"id", t}, {"name", t}, {"color", nullptr}});
  out["tags"] = std::move(tags);
  out["source_dataset_id"] = d.source_dataset_id ? Json(*d.source_dataset_id) : Json(nullptr);
  out["sampling_info"] = d.sampling_info ? ParseStored(*d.sampling_info, nullptr) : Json(nullptr);
  return out;
}

}  // namespace logset::internal
