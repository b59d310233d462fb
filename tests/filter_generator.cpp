// SPDX-License-Identifier: MIT
// Random filter JSON in every shape FILTERS.md accepts, for the filter differential test.
#include "filter_generator.h"

#include "filter/field_catalog.h"
#include "filter/operators.h"
#include "util/time.h"

namespace logset::filter::testing {

using nlohmann::ordered_json;

namespace {

const char* const kRegexes[] = {"^gpt", "[0-9]+", "a.c",    "ä",   "^$",  "(?:x|y)", "\\d",
                                ".*",   "PFEL$",  "^[A-Z]", "\\s", "ß|ẞ", "\\[",     "o{2}"};

const char* const kLikePatterns[] = {"%pfel", "gpt%", "_",    "%ß%",  "a_b",     "%", "__",
                                     "%10%",  "σ%",   "%\\%", "g_ld", "STRASSE", "%ς"};

const char* const kEqualities[] = {"", "=", "==", "eq", "equals", "exact", "in", "IN"};
const char* const kNegations[] = {"!=",         "<>",     "ne",  "not",   "not_equal",
                                  "not_equals", "not_in", "nin", "NOT IN"};
const char* const kOrdered[] = {"gt", ">",   "gte", ">=",           "lt",
                                "<",  "lte", "<=",  "greater_than", "less_than_or_equal"};
const char* const kPresence[] = {"isnull", "empty", "is_empty", "isempty", "not_empty", "notEmpty"};
const char* const kTextOps[] = {"iexact",
                                "contains",
                                "not_contains",
                                "icontains",
                                "startswith",
                                "startsWith",
                                "not_startswith",
                                "endswith",
                                "endsWith",
                                "not_endswith",
                                "regex",
                                "ilike",
                                "full_text_search",
                                "trigram_word_similar"};
const char* const kStructureOps[] = {"has_key", "overlap", "not_overlap"};

}  // namespace

FilterGenerator::FilterGenerator(Random& r, Resource resource) : r_(r), resource_(resource) {
  for (const FieldInfo& f : Fields(resource)) fields_.push_back(f.name);
  if (resource == Resource::kDataset) return;
  for (const char* extra : {"id",
                            "total_tokens",
                            "all_tokens",
                            "metadata__tier",
                            "metadata__score",
                            "metadata__user_id",
                            "metadata__tags",
                            "metadata__a",
                            "metadata__nested__a",
                            "metadata__nested__b c",
                            "metadata.a.b",
                            "metadata__we\"ird",
                            "metadata__we\"ird.key",
                            "metadata__k[0]",
                            "metadata__ключ",
                            "metadata__",
                            "metadata__missing",
                            "metadata__nested",
                            "scores__e1",
                            "scores__e2",
                            "scores__none"}) {
    fields_.push_back(extra);
  }
}

ordered_json FilterGenerator::Map(int depth) {
  ordered_json map = ordered_json::object();
  for (int n = r_.Int(depth == 0 ? 1 : 0, 3); n > 0; --n) {
    if (depth < 3 && r_.Chance(0.15)) {
      ordered_json bundle = {{"filter_params", Map(depth + 1)}};
      if (r_.Chance(0.7)) bundle["connector"] = r_.Chance(0.5) ? "OR" : "and";
      map["group_" + std::to_string(r_.Int(0, 99))] = bundle;
      continue;
    }
    const std::string field = r_.Pick(fields_);
    if (!map.contains(field)) map[field] = Entry(field);
  }
  return map;
}

FieldKind FilterGenerator::Kind(const std::string& field) {
  ResolvedField resolved = ResolveFieldName(resource_, field);
  return resolved.ok ? KindOf(resolved.ref) : FieldKind::kText;
}

ordered_json FilterGenerator::Entry(const std::string& field) {
  const FieldKind kind = Kind(field);
  switch (r_.Int(0, 9)) {
    case 0:
      return Value(kind, Op::kEq);
    case 1:
      return List(kind, Op::kIn);
    case 2: {
      ordered_json list = ordered_json::array();
      for (int i = r_.Int(1, 3); i > 0; --i) list.push_back(Condition(kind));
      return list;
    }
    case 3: {
      ordered_json map = ordered_json::object();
      for (int i = r_.Int(1, 2); i > 0; --i) {
        const char* op = OperatorFor(kind);
        map[op] = Values(kind, *LookupOperator(op));
      }
      if (r_.Chance(0.2)) map["connector"] = "OR";
      return map;
    }
    default:
      return Condition(kind);
  }
}

ordered_json FilterGenerator::Condition(FieldKind kind) {
  ordered_json c = ordered_json::object();
  if ((kind == FieldKind::kJson || kind == FieldKind::kMetadata) && r_.Chance(0.1)) {
    c["operator_function"] = "mapContainsKey";
    c["operator_args"] = {r_.Chance(0.2) ? "nested" : r_.Pick(kMetadataKeys)};
    c["operator"] = r_.Chance(0.5) ? "eq" : "not";
    c["value"] = r_.Chance(0.8) ? ordered_json::array({r_.Chance(0.5)}) : ordered_json("false");
  } else {
    const char* op = OperatorFor(kind);
    if (*op != '\0' || r_.Chance(0.5)) c["operator"] = op;
    if (r_.Chance(0.95)) c["value"] = Values(kind, *LookupOperator(op));
  }
  if (r_.Chance(0.4)) c["connector"] = r_.Chance(0.5) ? "OR" : "AND";
  return c;
}

const char* FilterGenerator::OperatorFor(FieldKind kind) {
  const bool text =
      kind == FieldKind::kText || kind == FieldKind::kJson || kind == FieldKind::kMetadata;
  const bool structure = kind == FieldKind::kJson || kind == FieldKind::kMetadata;
  switch (r_.Int(0, 9)) {
    case 0:
    case 1:
      return r_.Pick(kEqualities);
    case 2:
      return r_.Pick(kNegations);
    case 3:
    case 4:
      return r_.Pick(kOrdered);
    case 5:
      return r_.Pick(kPresence);
    case 6:
      return structure ? r_.Pick(kStructureOps) : r_.Pick(kEqualities);
    default:
      return text ? r_.Pick(kTextOps) : r_.Pick(kOrdered);
  }
}

ordered_json FilterGenerator::Values(FieldKind kind, Op op) {
  if (ClassOf(op) == OpClass::kPresence) {
    switch (r_.Int(0, 4)) {
      case 0:
        return nullptr;
      case 1:
        return ordered_json::array({false});
      case 2:
        return "true";
      case 3:
        return ordered_json::array({true, false});
      default:
        return true;
    }
  }
  if (r_.Chance(0.3) || ClassOf(op) == OpClass::kArray) return List(kind, op);
  return Value(kind, op);
}

ordered_json FilterGenerator::List(FieldKind kind, Op op) {
  ordered_json list = ordered_json::array();
  const int n = r_.Chance(0.05) ? 60 : r_.Int(0, 4);
  for (int i = 0; i < n; ++i) list.push_back(Value(kind, op));
  return list;
}

ordered_json FilterGenerator::Value(FieldKind kind, Op op) {
  if (r_.Chance(0.05)) return nullptr;
  switch (ClassOf(op)) {
    case OpClass::kKey:
      return r_.Chance(0.2) ? "nested" : r_.Pick(kMetadataKeys);
    case OpClass::kArray:
      return r_.Chance(0.7) ? r_.Small() : r_.Scalar();
    case OpClass::kText:
      if (op == Op::kRegex) return r_.Pick(kRegexes);
      if (op == Op::kIlike && r_.Chance(0.7)) return r_.Pick(kLikePatterns);
      return r_.Chance(0.9) ? ordered_json(r_.String()) : r_.Number();
    default:
      break;
  }
  switch (kind) {
    case FieldKind::kNumber: {
      ordered_json n = r_.Number();
      return r_.Chance(0.2) ? ordered_json(n.dump()) : n;
    }
    case FieldKind::kBoolean:
      return r_.Pick(std::vector<ordered_json>{true, false, "true", "FALSE", 1, 0});
    case FieldKind::kTimestamp:
      return Timestamp();
    case FieldKind::kMetadata:
      return r_.Chance(0.3) ? r_.Small() : r_.Scalar();
    default:
      return r_.Chance(0.9) ? ordered_json(r_.String()) : r_.Scalar();
  }
}

// The forms API.md 1.7 accepts: T/t/space, with or without fraction, Z or an offset.
std::string FilterGenerator::Timestamp() {
  const std::int64_t t = r_.Micros();
  switch (r_.Int(0, 3)) {
    case 0:
      return internal::FormatTimestamp(t);
    case 1: {
      std::string s = internal::FormatTimestamp(t - t % 1000000);
      return s.substr(0, 10) + " " + s.substr(11, 8);
    }
    case 2: {
      std::string s = internal::FormatTimestamp(t + 2 * 3600 * 1000000LL);
      return s.substr(0, s.size() - 1) + "+02:00";
    }
    default: {
      std::string s = internal::FormatTimestamp(t - t % 1000);
      return s.substr(0, 10) + "t" + s.substr(11, 12) + "z";
    }
  }
}

}  // namespace logset::filter::testing
