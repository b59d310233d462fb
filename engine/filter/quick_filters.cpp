// SPDX-License-Identifier: MIT
// R2/R5 quick filters: request-log filters written as URL query parameters (API.md 3, R2).
#include "filter/quick_filters.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "filter/field_catalog.h"
#include "filter/filter_parser.h"
#include "filter/json_value.h"
#include "filter/operators.h"
#include "filter/parse_error.h"

namespace logset::filter {
namespace {

using nlohmann::ordered_json;

struct QuickCondition {
  std::string name;   // the parameter's base name, `f` in `f[value]`
  std::string field;  // the filter field it means
  std::optional<std::string> value, op, connector;
  bool bracket_value = false;  // the value came as `f[value]`
};

// A value that spells a number or a boolean also matches it in untyped metadata.
ordered_json MetadataValues(const std::string& value) {
  ordered_json values = ordered_json::array({value});
  if (std::optional<Number> n = ParseNumericString(value)) {
    values.push_back(n->is_int ? ordered_json(n->i) : ordered_json(n->d));
  } else if (value == "true" || value == "false") {
    values.push_back(value == "true");
  }
  return values;
}

bool IsEqualityOperator(const std::optional<std::string>& op) {
  if (!op) return true;
  std::optional<Op> found = LookupOperator(*op);
  return found && ClassOf(*found) == OpClass::kEquality;
}

// The parameter an error inside the parsed map is about: `/<field>/operator` is `f[operator]`.
std::string ParameterOf(const std::string& pointer, const QuickCondition& q) {
  const std::string rest = pointer.substr(
      pointer.find('/', 1) == std::string::npos ? pointer.size() : pointer.find('/', 1));
  if (rest.rfind("/operator", 0) == 0) return q.name + "[operator]";
  if (rest.rfind("/connector", 0) == 0) return q.name + "[connector]";
  if (rest.rfind("/value", 0) == 0 && q.bracket_value) return q.name + "[value]";
  return q.name;
}

}  // namespace

Filter ParseQuickFilters(const std::vector<std::pair<std::string, std::string>>& params,
                         Resource resource) {
  std::vector<QuickCondition> conditions;
  for (const auto& [name, value] : params) {
    std::string base = name, part;
    const size_t open = name.find('[');
    if (open != std::string::npos && open > 0 && name.back() == ']') {
      base = name.substr(0, open);
      part = name.substr(open + 1, name.size() - open - 2);
      if (part != "value" && part != "operator" && part != "connector") {
        FailAt("filter.unknown_key", name,
               "unknown quick filter part '" + part + "' (expected value, operator, connector).");
      }
    }
    QuickCondition* q = nullptr;
    for (QuickCondition& c : conditions) {
      if (c.name == base) q = &c;
    }
    if (q == nullptr) {
      q = &conditions.emplace_back();
      q->name = base;
      q->field = IsKnownFieldOrPath(resource, base) ? base : "metadata__" + base;
    }
    if (part.empty() || part == "value") {
      q->value = value;
      q->bracket_value = !part.empty();
    } else if (part == "operator") {
      q->op = value;
    } else {
      q->connector = value;
    }
  }

  ordered_json map = ordered_json::object();
  for (const QuickCondition& q : conditions) {
    ordered_json c = ordered_json::object();
    if (q.op) c["operator"] = *q.op;
    if (q.value) {
      const bool untyped =
          ResolveFieldName(resource, q.field).ref.kind == FieldRef::Kind::kMetadata;
      c["value"] = untyped && IsEqualityOperator(q.op) ? MetadataValues(*q.value)
                                                       : ordered_json::array({*q.value});
    }
    if (q.connector) c["connector"] = *q.connector;
    // `tier` and `metadata__tier` name the same field: keep both, as a list of conditions.
    if (!map.contains(q.field)) {
      map[q.field] = std::move(c);
    } else if (map[q.field].is_array()) {
      map[q.field].push_back(std::move(c));
    } else {
      map[q.field] = ordered_json::array({map[q.field], std::move(c)});
    }
  }
  ParseOptions options;
  options.from_query_string = true;
  try {
    return ParseFilter(map, resource, "", options);
  } catch (const InvalidArgument& e) {
    // Name the query parameter rather than a pointer into a map the client never wrote.
    const std::string& pointer = e.field();
    std::string token = pointer.substr(1, pointer.find('/', 1) - 1);
    for (const QuickCondition& q : conditions) {
      if (EscapePointerToken(q.field) != token) continue;
      const std::string message = e.detail().substr(pointer.size() + 2);
      FailAt(e.tag().c_str(), ParameterOf(pointer, q), message);
    }
    throw;
  }
}

}  // namespace logset::filter
