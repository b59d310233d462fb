// SPDX-License-Identifier: MIT
// The in-memory back end: a filter AST applied to one log or dataset held as its API JSON.
// Each rule mirrors the SQL filter_compiler.cpp emits; the differential test holds them equal.
#include "filter/filter_evaluator.h"

#include "filter/field_catalog.h"
#include "filter/json_value.h"
#include "filter/operators.h"
#include "filter/regex_cache.h"
#include "filter/text_match.h"
#include "filter/value_coercion.h"
#include "util/time.h"

namespace logset::filter {
namespace {

using nlohmann::ordered_json;

const ordered_json kNull;

const ordered_json& Member(const ordered_json& object, const std::string& key) {
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// What a condition sees of its field in one object.
struct FieldValue {
  explicit FieldValue(FieldKind k) : kind(k) {}
  FieldKind kind;
  bool null = true;
  std::optional<Number> number;            // number, boolean (0/1) and timestamp kinds
  std::optional<std::string> text;         // text and json kinds; absent when null
  const ordered_json* external = nullptr;  // json and metadata kinds: the JSON value in the object
  ordered_json owned;  // json kinds: structure rebuilt from an API string, used when set
  bool use_owned = false;

  // The JSON value (json and metadata kinds), or null. Not a stored pointer: a FieldValue is
  // returned by value, and a pointer to its own `owned` would dangle after a copy.
  const ordered_json* node() const { return use_owned ? &owned : external; }
};

const ordered_json* NonNull(const ordered_json* node) {
  return node == nullptr || node->is_null() ? nullptr : node;
}

// Json columns and metadata paths: where the JSON value is, set on `out`.
void LocateJson(const FieldRef& field, Resource resource, const ordered_json& object,
                FieldValue* out) {
  if (field.kind == FieldRef::Kind::kMetadata) {
    out->external = NonNull(FindPath(Member(object, "metadata"), field.path));
    return;
  }
  const ordered_json& raw = Member(object, field.column->name);
  if (raw.is_null()) return;
  if (field.column->api_stringified && raw.is_string()) {
    out->text = raw.get<std::string>();
    out->owned = StructureOfApiString(*out->text);
    out->use_owned = true;
  } else {
    out->text = JsonText(raw);
    out->external = &raw;
  }
  out->null = false;
}

std::optional<Number> ScoreOf(const ordered_json& scores, const std::string& evaluator_id) {
  const ordered_json* score = nullptr;
  if (scores.is_object()) {
    score = &Member(scores, evaluator_id);
  } else if (scores.is_array()) {
    for (const ordered_json& s : scores) {
      const ordered_json& id = Member(s, "evaluator_id");
      if (id.is_string() && id.get_ref<const std::string&>() == evaluator_id) score = &s;
    }
  }
  return score == nullptr ? std::nullopt : NumberOf(Member(*score, "score_value"));
}

FieldValue Read(const FieldRef& field, Resource resource, const ordered_json& object) {
  FieldValue out(KindOf(field));
  if (field.map_key) {
    FieldValue map(FieldKind::kJson);
    LocateJson(field, resource, object, &map);
    const bool has =
        map.node() != nullptr && map.node()->is_object() && map.node()->contains(*field.map_key);
    out.null = false;
    out.number = Number{true, has ? 1 : 0, 0};
    return out;
  }
  if (out.kind == FieldKind::kJson || out.kind == FieldKind::kMetadata) {
    LocateJson(field, resource, object, &out);
    if (out.kind == FieldKind::kMetadata) out.null = out.node() == nullptr;
    return out;
  }
  if (field.kind == FieldRef::Kind::kScore) {
    out.number = ScoreOf(Member(object, "scores"), field.evaluator_id);
  } else {
    const ordered_json& raw = Member(object, field.column->name);
    switch (out.kind) {
      case FieldKind::kText:
        if (!raw.is_null()) out.text = JsonText(raw);
        break;
      case FieldKind::kNumber:
        out.number = NumberOf(raw);
        break;
      case FieldKind::kBoolean:
        if (raw.is_boolean()) out.number = Number{true, raw.get<bool>() ? 1 : 0, 0};
        break;
      case FieldKind::kTimestamp:
        if (raw.is_string()) {
          if (auto t = internal::ParseTimestamp(raw.get_ref<const std::string&>())) {
            out.number = Number{true, *t, 0};
          }
        }
        break;
      default:
        break;
    }
  }
  out.null = !out.number && !out.text;
  return out;
}

std::optional<Number> AsNumber(const Value& v) {
  if (const bool* b = std::get_if<bool>(&v)) return Number{true, *b ? 1 : 0, 0};
  if (const auto* i = std::get_if<std::int64_t>(&v)) return Number{true, *i, 0};
  if (const double* d = std::get_if<double>(&v)) return Number{false, 0, *d};
  return std::nullopt;
}

// Three-way comparison of a non-null field with a non-null value, as SQLite compares them.
int Compare(const FieldValue& f, const Value& v) {
  if (f.text) {
    const std::string& s = std::get<std::string>(v);
    int c = f.text->compare(s);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return CompareNumbers(*f.number, *AsNumber(v));
}

bool IsNullValue(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Metadata equality: same JSON type (numbers of either kind together), same value.
bool JsonScalarEquals(const ordered_json& node, const Value& v) {
  if (node.is_string()) {
    const auto* s = std::get_if<std::string>(&v);
    return s != nullptr && *s == node.get_ref<const std::string&>();
  }
  if (node.is_boolean()) {
    const bool* b = std::get_if<bool>(&v);
    return b != nullptr && *b == node.get<bool>();
  }
  if (node.is_number()) {
    if (std::holds_alternative<bool>(v)) return false;
    std::optional<Number> n = AsNumber(v);
    return n && CompareNumbers(*NumberOf(node), *n) == 0;
  }
  return false;
}

// The text text operators see in a metadata node: strings, and numbers by their JSON text.
std::optional<std::string> MetadataText(const ordered_json* node) {
  if (node == nullptr) return std::nullopt;
  if (node->is_string()) return node->get<std::string>();
  if (node->is_number()) return node->dump();
  return std::nullopt;
}

std::optional<Number> MetadataNumber(const ordered_json* node) {
  if (node == nullptr) return std::nullopt;
  if (node->is_number()) return NumberOf(*node);
  if (node->is_string()) return ParseNumericString(node->get_ref<const std::string&>());
  return std::nullopt;
}

bool IsEmptyJson(const ordered_json* node) {
  return node == nullptr || node->is_null() ||
         (node->is_string() && node->get_ref<const std::string&>().empty()) ||
         ((node->is_array() || node->is_object()) && node->empty());
}

bool TextMatches(Op op, const std::string& x, const Value& value, const Regex* re) {
  const std::string& s = std::get<std::string>(value);
  switch (op) {
    case Op::kContains:
      return x.find(s) != std::string::npos;
    case Op::kIcontains:
      return FoldCase(x).find(s) != std::string::npos;
    case Op::kIexact:
      return FoldCase(x) == s;
    case Op::kStartswith:
      return StartsWith(x, s);
    case Op::kEndswith:
      return EndsWith(x, s);
    case Op::kRegex:
      return RegexSearch(*re, x);
    case Op::kIlike:
      return IlikeMatch(FoldCase(x), s);
    default:  // kFullTextSearch
      return FullTextMatch(FoldCase(x), s);
  }
}

bool Ordered(Op op, int c) {
  switch (op) {
    case Op::kGt:
      return c > 0;
    case Op::kGte:
      return c >= 0;
    case Op::kLt:
      return c < 0;
    default:
      return c <= 0;
  }
}

bool Positive(const Condition& c, Op op, const FieldValue& f) {
  const bool metadata = f.kind == FieldKind::kMetadata;
  switch (ClassOf(op)) {
    case OpClass::kEquality:
      for (const Value& v : c.values) {
        if (IsNullValue(v)
                ? f.null
                : (!f.null && (metadata ? JsonScalarEquals(*f.node(), v) : Compare(f, v) == 0))) {
          return true;
        }
      }
      return false;
    case OpClass::kOrdered:
      for (const Value& v : c.values) {
        if (IsNullValue(v)) continue;
        if (metadata) {
          std::optional<Number> n = MetadataNumber(f.node());
          if (n && Ordered(op, CompareNumbers(*n, *AsNumber(v)))) return true;
        } else if (!f.null && Ordered(op, Compare(f, v))) {
          return true;
        }
      }
      return false;
    case OpClass::kPresence: {
      bool test = op == Op::kIsnull ? f.null
                  : (f.kind == FieldKind::kJson || metadata)
                      ? IsEmptyJson(f.node())
                      : f.null || (f.text && f.text->empty());
      for (const Value& v : c.values) {
        if (std::get<bool>(v) == test) return true;
      }
      return false;
    }
    case OpClass::kText: {
      std::optional<std::string> x = metadata ? MetadataText(f.node()) : f.text;
      if (!x) return false;
      for (size_t i = 0; i < c.values.size(); ++i) {
        if (IsNullValue(c.values[i])) continue;
        const Regex* re = op == Op::kRegex ? c.regexes[i].get() : nullptr;
        if (TextMatches(op, *x, c.values[i], re)) return true;
      }
      return false;
    }
    case OpClass::kKey:
      if (f.node() == nullptr || !f.node()->is_object()) return false;
      for (const Value& v : c.values) {
        if (!IsNullValue(v) && f.node()->contains(std::get<std::string>(v))) return true;
      }
      return false;
    case OpClass::kArray:
      if (f.node() == nullptr || !f.node()->is_array()) return false;
      for (const ordered_json& element : *f.node()) {
        for (const Value& v : c.values) {
          if (!IsNullValue(v) && JsonScalarEquals(element, v)) return true;
        }
      }
      return false;
  }
  return false;
}

class Evaluator {
 public:
  Evaluator(Resource resource, const ordered_json& object) : resource_(resource), object_(object) {}

  bool Terms(const std::vector<Term>& terms) const {
    if (terms.empty()) return true;
    bool acc = One(terms[0]);
    for (size_t i = 1; i < terms.size(); ++i) {
      if (terms[i].connector == Connector::kOr) {
        acc = acc || One(terms[i]);
      } else {
        acc = acc && One(terms[i]);
      }
    }
    return acc;
  }

 private:
  bool One(const Term& term) const {
    if (!term.condition) return Terms(term.group);
    const Condition& c = *term.condition;
    const FieldValue f = Read(c.field, resource_, object_);
    const bool p = Positive(c, PositiveTwin(c.op), f);
    return IsNegative(c.op) ? !p : p;
  }

  Resource resource_;
  const ordered_json& object_;
};

}  // namespace

bool Matches(const Filter& filter, Resource resource, const ordered_json& object) {
  return Evaluator(resource, object).Terms(filter.terms);
}

}  // namespace logset::filter
