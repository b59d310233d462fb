// SPDX-License-Identifier: MIT
// The `current_filters` echo of list pages: the body's filters in the per-field condition shape.
#include "api/current_filters.h"

#include <string_view>

namespace logset::internal {
namespace {

using Json = nlohmann::ordered_json;

// The keys a condition object may hold (FILTERS.md 1). The filter parser has the same list; the
// echo runs only on filters it accepted, so the two agree on every input that reaches here.
bool IsConditionKey(std::string_view key) {
  return key == "operator" || key == "value" || key == "connector" || key == "operator_function" ||
         key == "operator_args";
}

bool IsBundle(const Json& entry) { return entry.is_object() && entry.contains("filter_params"); }

// `{"gte": 1, "lte": 2}`: no condition key but `connector`, and at least one other key.
bool IsOperatorMap(const Json& object) {
  bool any = false;
  for (const auto& [key, value] : object.items()) {
    if (key == "connector") continue;
    if (IsConditionKey(key)) return false;
    any = true;
  }
  return any;
}

Json Condition(const Json& op, const Json& value) {
  Json out = Json::object();
  out["operator"] = op;
  out["value"] = value;
  return out;
}

Json EchoEntry(const Json& entry) {
  if (IsBundle(entry)) return entry;
  if (entry.is_object()) {
    if (IsOperatorMap(entry)) {
      Json out;
      for (const auto& [key, value] : entry.items()) {
        if (key != "connector" && out.is_null()) out = Condition(key, value);
      }
      if (const auto connector = entry.find("connector"); connector != entry.end()) {
        out["connector"] = *connector;
      }
      return out;
    }
    // operator and value first, where a reader looks for them; the rest as the client sent it.
    Json out = Condition(entry.value("operator", Json("eq")), entry.value("value", Json()));
    for (const auto& [key, value] : entry.items()) {
      if (key != "operator" && key != "value") out[key] = value;
    }
    return out;
  }
  if (entry.is_array()) {
    // The parser reads a list holding any object as a list of conditions, else as `in`.
    for (const Json& element : entry) {
      if (element.is_object()) return EchoEntry(entry.front());
    }
    return Condition("in", entry);
  }
  return Condition("eq", entry);
}

}  // namespace

Json CurrentFiltersEcho(const Json& filters) {
  if (!filters.is_object()) return Json::object();
  const Json* map = &filters;
  // A filter wrapped whole in one bundle means the filter inside: a lone term's connector joins it
  // to nothing. Echoing the wrapper would put the string `connector` where a condition belongs.
  bool root_bundle = IsBundle(filters) && filters.at("filter_params").is_object();
  for (const auto& [key, value] : filters.items()) {
    if (key != "filter_params" && key != "connector") root_bundle = false;
  }
  if (root_bundle) map = &filters.at("filter_params");
  Json out = Json::object();
  for (const auto& [key, entry] : map->items()) out[key] = EchoEntry(entry);
  return out;
}

}  // namespace logset::internal
