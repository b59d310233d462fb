// SPDX-License-Identifier: MIT
// Typing of filter values (FILTERS.md 6): which operators a field takes, and value coercion.
#include "filter/value_coercion.h"

#include <optional>

#include "filter/field_catalog.h"
#include "filter/filter_parser.h"
#include "filter/json_value.h"
#include "filter/operators.h"
#include "filter/parse_error.h"
#include "filter/regex_cache.h"
#include "filter/text_match.h"
#include "util/time.h"

namespace logset::filter {

using nlohmann::ordered_json;

FieldKind KindOf(const FieldRef& field) {
  if (field.map_key) return FieldKind::kBoolean;  // "has key k" is a non-null boolean
  switch (field.kind) {
    case FieldRef::Kind::kMetadata:
      return FieldKind::kMetadata;
    case FieldRef::Kind::kScore:
      return FieldKind::kNumber;
    case FieldRef::Kind::kColumn:
      break;
  }
  switch (field.column->type) {
    case FieldType::kText:
      return FieldKind::kText;
    case FieldType::kInteger:
    case FieldType::kReal:
      return FieldKind::kNumber;
    case FieldType::kBoolean:
      return FieldKind::kBoolean;
    case FieldType::kTimestamp:
      return FieldKind::kTimestamp;
    case FieldType::kJson:
      break;
  }
  return FieldKind::kJson;
}

std::string DescribeField(const FieldRef& field) {
  std::string name;
  switch (field.kind) {
    case FieldRef::Kind::kColumn:
      name = field.column->name;
      break;
    case FieldRef::Kind::kScore:
      return "score field 'scores__" + field.evaluator_id + "'";
    case FieldRef::Kind::kMetadata:
      name = "metadata";
      for (const std::string& key : field.path) name += "__" + key;
      if (!field.map_key) return "metadata path '" + name + "'";
      break;
  }
  if (field.map_key) return "mapContainsKey on '" + name + "'";
  static const char* const kTypeNames[] = {"text",    "integer",   "real",
                                           "boolean", "timestamp", "json"};
  return std::string(kTypeNames[static_cast<int>(field.column->type)]) + " field '" + name + "'";
}

bool OperatorApplies(const FieldRef& field, Op op) {
  const FieldKind kind = KindOf(field);
  switch (ClassOf(op)) {
    case OpClass::kEquality:
    case OpClass::kOrdered:
    case OpClass::kPresence:
      return true;
    case OpClass::kText:
      return kind == FieldKind::kText || kind == FieldKind::kJson || kind == FieldKind::kMetadata;
    case OpClass::kKey:
    case OpClass::kArray:
      return kind == FieldKind::kJson || kind == FieldKind::kMetadata;
  }
  return false;
}

namespace {

// Where a value sits in the filter document, spelled out only when an error names it: building
// the pointers of a 5,000-value list up front was a fifth of parsing it.
struct ValuePointer {
  const std::string& list_or_value;
  std::optional<size_t> index;  // set for a list's element

  std::string str() const {
    return index ? list_or_value + "/" + std::to_string(*index) : list_or_value;
  }
};

Value AsText(const ordered_json& v) {
  if (v.is_null()) return std::monostate{};
  if (v.is_string()) return v.get<std::string>();
  return v.dump();  // FILTERS.md 6: `123` equals `"123"`, `true` equals `"true"`
}

Value AsNumber(const ordered_json& v, const ValuePointer& pointer) {
  if (v.is_null()) return std::monostate{};
  std::optional<Number> n;
  if (v.is_number()) {
    n = NumberOf(v);
  } else if (v.is_string()) {
    n = ParseNumericString(v.get_ref<const std::string&>());
  }
  if (!n) FailAt("filter.invalid_value", pointer.str(), "must be a number or a numeric string.");
  if (n->is_int) return n->i;
  return n->d;
}

Value AsBoolean(const ordered_json& v, const ValuePointer& pointer) {
  if (v.is_null()) return std::monostate{};
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (s == "true" || s == "1") return true;  // query strings spell booleans 1 and 0 too
    if (s == "false" || s == "0") return false;
  } else if (v.is_number()) {
    std::optional<Number> n = NumberOf(v);
    if (n->is_int ? n->i == 1 : n->d == 1.0) return true;
    if (n->is_int ? n->i == 0 : n->d == 0.0) return false;
  }
  FailAt("filter.invalid_value", pointer.str(),
         "must be a boolean (true, false, \"true\", \"false\", 1 or 0).");
}

Value AsTimestamp(const ordered_json& v, const ValuePointer& pointer, bool from_query_string) {
  if (v.is_null()) return std::monostate{};
  if (v.is_string()) {
    if (auto t = internal::ParseTimestamp(v.get_ref<const std::string&>(), from_query_string)) {
      return static_cast<std::int64_t>(*t);
    }
  }
  FailAt("filter.invalid_value", pointer.str(),
         "must be an ISO 8601 timestamp such as \"2025-07-26T08:10:00Z\".");
}

// A JSON scalar kept with its JSON type, for the untyped comparisons of metadata paths.
Value AsJsonScalar(const ordered_json& v) {
  if (v.is_null()) return std::monostate{};
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return v.get<std::string>();
  std::optional<Number> n = NumberOf(v);
  if (n->is_int) return n->i;
  return n->d;
}

// Ordered comparisons on metadata are numeric only: a numeric string counts as its number, and
// any other value can never compare, which null expresses (`gt null` matches nothing).
Value AsNumberOrNull(const ordered_json& v) {
  std::optional<Number> n;
  if (v.is_number()) n = NumberOf(v);
  if (v.is_string()) n = ParseNumericString(v.get_ref<const std::string&>());
  if (!n) return std::monostate{};
  if (n->is_int) return n->i;
  return n->d;
}

Value CoerceOne(const FieldRef& field, Op op, const ordered_json& v, const ValuePointer& pointer,
                bool from_query_string) {
  const FieldKind kind = KindOf(field);
  switch (ClassOf(op)) {
    case OpClass::kPresence:
      if (v.is_null()) return true;  // `{"operator": "isnull"}` alone asks "is it null?"
      return AsBoolean(v, pointer);
    case OpClass::kText: {
      Value text = AsText(v);
      if (IsCaseInsensitive(op) && std::holds_alternative<std::string>(text)) {
        return FoldCase(std::get<std::string>(text));
      }
      return text;
    }
    case OpClass::kKey:
      return AsText(v);
    case OpClass::kArray:
      return AsJsonScalar(v);
    case OpClass::kEquality:
    case OpClass::kOrdered:
      break;
  }
  switch (kind) {
    case FieldKind::kText:
    case FieldKind::kJson:
      return AsText(v);
    case FieldKind::kNumber:
      return AsNumber(v, pointer);
    case FieldKind::kBoolean:
      return AsBoolean(v, pointer);
    case FieldKind::kTimestamp:
      return AsTimestamp(v, pointer, from_query_string);
    case FieldKind::kMetadata:
      break;
  }
  return ClassOf(op) == OpClass::kOrdered ? AsNumberOrNull(v) : AsJsonScalar(v);
}

}  // namespace

std::vector<Value> CoerceValues(const FieldRef& field, Op op, const ordered_json& value,
                                const std::string& pointer, bool from_query_string,
                                std::vector<std::shared_ptr<const Regex>>* regexes) {
  std::vector<Value> out;
  std::vector<const ordered_json*> items;
  const bool list = value.is_array();
  if (list) {
    if (value.size() > kMaxListValues) {
      FailAt("filter.too_many_values", pointer,
             "a list may hold at most " + std::to_string(kMaxListValues) + " values.");
    }
    for (const ordered_json& element : value) items.push_back(&element);
  } else {
    items.push_back(&value);
  }
  // A one-element list is that scalar, so its errors point at the element all the same.
  auto pointer_of = [&](size_t i) {
    return ValuePointer{pointer, list ? std::optional(i) : std::nullopt};
  };
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const ordered_json& element = *items[i];
    if (element.is_object() || element.is_array()) {
      FailAt("filter.invalid_value", pointer_of(i).str(),
             "must be a scalar (string, number, boolean or null).");
    }
    out.emplace_back(CoerceOne(field, op, element, pointer_of(i), from_query_string));
  }
  if (ClassOf(op) == OpClass::kPresence && out.empty())
    out.emplace_back(std::in_place_type<bool>, true);
  if (op == Op::kRegex) {
    for (size_t i = 0; i < out.size(); ++i) {
      const auto* pattern = std::get_if<std::string>(&out[i]);
      if (pattern == nullptr) {
        regexes->push_back(nullptr);
        continue;
      }
      try {
        regexes->push_back(CompileRegex(*pattern));
      } catch (const RegexError& e) {
        FailAt("filter.invalid_regex", pointer_of(i).str(),
               std::string("invalid regular expression: ") + e.what() + ".");
      }
    }
  }
  return out;
}

}  // namespace logset::filter
