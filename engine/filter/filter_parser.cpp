// SPDX-License-Identifier: MIT
// The filter parser: client JSON (FILTERS.md) to the AST, with every validation and coercion.
#include "filter/filter_parser.h"

#include <string_view>

#include "filter/field_catalog.h"
#include "filter/operators.h"
#include "filter/parse_error.h"
#include "filter/value_coercion.h"

namespace logset::filter {

using nlohmann::ordered_json;

std::string EscapePointerToken(const std::string& token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

constexpr std::string_view kConditionKeys[] = {"operator", "value", "connector",
                                               "operator_function", "operator_args"};

bool IsConditionKey(std::string_view key) {
  for (std::string_view k : kConditionKeys) {
    if (k == key) return true;
  }
  return false;
}

bool IsBundle(const ordered_json& entry) {
  return entry.is_object() && entry.contains("filter_params");
}

std::string Child(const std::string& pointer, const std::string& token) {
  return pointer + "/" + EscapePointerToken(token);
}

// An object keyed by operators (`{"gte": 1, "lte": 2}`): no condition key other than
// `connector`, and at least one other key.
bool IsOperatorMap(const ordered_json& obj) {
  bool any = false;
  for (const auto& item : obj.items()) {
    if (item.key() == "connector") continue;
    if (IsConditionKey(item.key())) return false;
    any = true;
  }
  return any;
}

class Parser {
 public:
  Parser(Resource resource, const ParseOptions& options) : resource_(resource), options_(options) {}

  Filter ParseRoot(const ordered_json& filters, const std::string& pointer) {
    if (!filters.is_object()) {
      FailAt("filter.not_an_object", pointer, "must be a JSON object.");
    }
    Filter out;
    // Some clients wrap the whole filter in one bundle; accept it as that bundle.
    bool root_bundle = IsBundle(filters);
    for (const auto& item : filters.items()) {
      if (item.key() != "filter_params" && item.key() != "connector") root_bundle = false;
    }
    if (root_bundle) {
      out.terms.push_back(ParseBundle(filters, pointer, 0, true));
    } else {
      out.terms = ParseMap(filters, pointer, 0, true);
    }
    return out;
  }

 private:
  std::vector<Term> ParseMap(const ordered_json& map, const std::string& pointer, int depth,
                             bool top) {
    std::vector<Term> terms;
    for (const auto& item : map.items()) {
      ParseEntry(item.key(), item.value(), Child(pointer, item.key()), depth, top, &terms);
    }
    return terms;
  }

  void ParseEntry(const std::string& key, const ordered_json& entry, const std::string& pointer,
                  int depth, bool top, std::vector<Term>* out) {
    if (IsBundle(entry)) {
      out->push_back(ParseBundle(entry, pointer, depth, top));
      return;
    }
    const FieldRef field = ResolveField(key, pointer);
    if (entry.is_object()) {
      out->push_back(ParseObject(field, entry, pointer, depth, top));
      return;
    }
    if (entry.is_array()) {
      bool conditions = false;
      for (const ordered_json& element : entry) {
        if (element.is_object() || element.is_array()) conditions = true;
      }
      if (!conditions) {  // a bare list of scalars is `in`
        out->push_back(
            MakeCondition(field, Op::kIn, entry, DefaultConnector(top), pointer, pointer, pointer));
        return;
      }
      for (size_t i = 0; i < entry.size(); ++i) {
        const std::string element_pointer = Child(pointer, std::to_string(i));
        const ordered_json& element = entry[i];
        if (IsBundle(element)) {
          out->push_back(ParseBundle(element, element_pointer, depth, top));
        } else if (element.is_object()) {
          out->push_back(ParseObject(field, element, element_pointer, depth, top));
        } else {
          FailAt("filter.invalid_entry", element_pointer,
                 "a list of conditions may hold only condition objects.");
        }
      }
      return;
    }
    // A bare scalar is equality.
    out->push_back(
        MakeCondition(field, Op::kEq, entry, DefaultConnector(top), pointer, pointer, pointer));
  }

  Term ParseBundle(const ordered_json& bundle, const std::string& pointer, int depth, bool top) {
    if (depth + 1 > kMaxBundleDepth) {
      FailAt("filter.too_deep", pointer,
             "bundles may nest at most " + std::to_string(kMaxBundleDepth) + " levels deep.");
    }
    Term term;
    term.connector = DefaultConnector(top);
    for (const auto& item : bundle.items()) {
      if (item.key() == "connector") {
        term.connector = ParseConnector(item.value(), Child(pointer, "connector"));
      } else if (item.key() != "filter_params") {
        FailAt("filter.unknown_key", Child(pointer, item.key()),
               "unknown key '" + item.key() + "' in a bundle (expected connector, filter_params).");
      }
    }
    const ordered_json& params = bundle.at("filter_params");
    const std::string params_pointer = Child(pointer, "filter_params");
    if (!params.is_object()) {
      FailAt("filter.invalid_entry", params_pointer, "must be a JSON object.");
    }
    term.group = ParseMap(params, params_pointer, depth + 1, false);
    return term;
  }

  Term ParseObject(const FieldRef& field, const ordered_json& obj, const std::string& pointer,
                   int depth, bool top) {
    if (IsOperatorMap(obj)) return ParseOperatorMap(field, obj, pointer, top);
    return ParseCondition(field, obj, pointer, top);
  }

  Term ParseOperatorMap(const FieldRef& field, const ordered_json& obj, const std::string& pointer,
                        bool top) {
    Term group;
    group.connector = DefaultConnector(top);
    for (const auto& item : obj.items()) {
      const std::string item_pointer = Child(pointer, item.key());
      if (item.key() == "connector") {
        group.connector = ParseConnector(item.value(), item_pointer);
        continue;
      }
      std::optional<Op> op = LookupOperator(item.key());
      if (!op) {
        FailAt("filter.unknown_operator", item_pointer, "unknown operator '" + item.key() + "'.");
      }
      group.group.push_back(MakeCondition(field, *op, item.value(), Connector::kAnd, item_pointer,
                                          item_pointer, item_pointer));
    }
    if (group.group.size() == 1) {
      Term single = std::move(group.group.front());
      single.connector = group.connector;
      return single;
    }
    return group;
  }

  Term ParseCondition(FieldRef field, const ordered_json& obj, const std::string& pointer,
                      bool top) {
    for (const auto& item : obj.items()) {
      if (!IsConditionKey(item.key())) {
        FailAt("filter.unknown_key", Child(pointer, item.key()),
               "unknown key '" + item.key() +
                   "' in a condition (expected operator, value, connector, operator_function, "
                   "operator_args).");
      }
    }
    Op op = Op::kEq;
    std::string op_pointer = pointer;
    if (auto it = obj.find("operator"); it != obj.end()) {
      op_pointer = Child(pointer, "operator");
      if (!it->is_string()) FailAt("filter.unknown_operator", op_pointer, "must be a string.");
      std::optional<Op> found = LookupOperator(it->get_ref<const std::string&>());
      if (!found) {
        FailAt("filter.unknown_operator", op_pointer,
               "unknown operator '" + it->get<std::string>() + "'.");
      }
      op = *found;
    }
    ParseOperatorFunction(obj, pointer, &field);
    Connector connector = DefaultConnector(top);
    if (auto it = obj.find("connector"); it != obj.end()) {
      connector = ParseConnector(*it, Child(pointer, "connector"));
    }
    static const ordered_json kNull;
    auto value = obj.find("value");
    return MakeCondition(field, op, value == obj.end() ? kNull : *value, connector, pointer,
                         op_pointer, value == obj.end() ? pointer : Child(pointer, "value"));
  }

  // `"operator_function": "mapContainsKey", "operator_args": ["k"]` (FILTERS.md 4).
  void ParseOperatorFunction(const ordered_json& obj, const std::string& pointer, FieldRef* field) {
    auto function = obj.find("operator_function");
    auto args = obj.find("operator_args");
    const std::string function_pointer = Child(pointer, "operator_function");
    const std::string args_pointer = Child(pointer, "operator_args");
    if (function == obj.end()) {
      if (args != obj.end()) {
        FailAt("filter.invalid_operator_args", args_pointer,
               "operator_args needs operator_function.");
      }
      return;
    }
    if (!function->is_string() || function->get_ref<const std::string&>() != "mapContainsKey") {
      FailAt("filter.invalid_operator_function", function_pointer,
             "unknown operator_function " + function->dump() +
                 " (the only one is \"mapContainsKey\").");
    }
    const FieldKind kind = KindOf(*field);
    if (kind != FieldKind::kJson && kind != FieldKind::kMetadata) {
      FailAt("filter.operator_not_applicable", function_pointer,
             "mapContainsKey needs a json field or a metadata path, not " + DescribeField(*field) +
                 ".");
    }
    const ordered_json* key = nullptr;
    if (args != obj.end()) {
      if (args->is_string()) key = &*args;
      if (args->is_array() && args->size() == 1 && (*args)[0].is_string()) key = &(*args)[0];
    }
    if (key == nullptr) {
      FailAt("filter.invalid_operator_args", args == obj.end() ? function_pointer : args_pointer,
             "mapContainsKey needs operator_args holding one key, e.g. [\"user_id\"].");
    }
    field->map_key = key->get<std::string>();
  }

  Term MakeCondition(const FieldRef& field, Op op, const ordered_json& value, Connector connector,
                     const std::string& pointer, const std::string& op_pointer,
                     const std::string& value_pointer) {
    if (++conditions_ > kMaxConditions) {
      FailAt("filter.too_many_conditions", pointer,
             "a filter may hold at most " + std::to_string(kMaxConditions) + " conditions.");
    }
    if (!OperatorApplies(field, op)) {
      FailAt("filter.operator_not_applicable", op_pointer,
             std::string("operator '") + OpName(op) + "' does not apply to " +
                 DescribeField(field) + ".");
    }
    Term term;
    term.connector = connector;
    Condition& c = term.condition.emplace();
    c.field = field;
    c.values =
        CoerceValues(field, op, value, value_pointer, options_.from_query_string, &c.regexes);
    // Equality with any number of values is membership (FILTERS.md 3); one operator for both
    // keeps the back ends simple.
    c.op = op == Op::kEq ? Op::kIn : (op == Op::kNot ? Op::kNotIn : op);
    c.pointer = pointer;
    return term;
  }

  FieldRef ResolveField(const std::string& key, const std::string& pointer) {
    ResolvedField resolved = ResolveFieldName(resource_, key);
    if (!resolved.ok) FailAt("filter.unknown_field", pointer, "unknown field '" + key + "'.");
    return resolved.ref;
  }

  Connector ParseConnector(const ordered_json& value, const std::string& pointer) {
    if (value.is_string()) {
      std::string s = value.get<std::string>();
      while (!s.empty() && s.back() == ' ') s.pop_back();
      size_t start = s.find_first_not_of(' ');
      s = start == std::string::npos ? "" : s.substr(start);
      for (char& c : s) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      if (s == "AND") return Connector::kAnd;
      if (s == "OR") return Connector::kOr;
    }
    FailAt("filter.invalid_connector", pointer,
           "must be \"AND\" or \"OR\", not " + value.dump() + ".");
  }

  Connector DefaultConnector(bool top) const {
    return top ? options_.default_connector : Connector::kAnd;
  }

  Resource resource_;
  ParseOptions options_;
  int conditions_ = 0;
};

}  // namespace

Filter ParseFilter(const ordered_json& filters, Resource resource,
                   const std::string& pointer_prefix, const ParseOptions& options) {
  return Parser(resource, options).ParseRoot(filters, pointer_prefix);
}

Filter AndFilters(Filter a, Filter b) {
  Filter out;
  for (Filter* f : {&a, &b}) {
    Term group;
    group.connector = Connector::kAnd;
    group.group = std::move(f->terms);
    out.terms.push_back(std::move(group));
  }
  return out;
}

}  // namespace logset::filter
