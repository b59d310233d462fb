// SPDX-License-Identifier: MIT
// The operator vocabulary: every spelling clients send, mapped to one canonical operator.
#include "filter/operators.h"

#include <string>

namespace logset::filter {
namespace {

struct Spelling {
  std::string_view name;  // lower case, as compared after folding ASCII letters
  Op op;
};

// FILTERS.md 4, every alias on its own row. `startsWith`, `NOT IN`, `notEmpty` and friends appear
// in lower case because alphabetic names are matched case-insensitively.
constexpr Spelling kSpellings[] = {
    {"", Op::kEq},
    {"=", Op::kEq},
    {"==", Op::kEq},
    {"eq", Op::kEq},
    {"equals", Op::kEq},
    {"exact", Op::kEq},
    {"not", Op::kNot},
    {"!=", Op::kNot},
    {"<>", Op::kNot},
    {"ne", Op::kNot},
    {"not_equal", Op::kNot},
    {"not_equals", Op::kNot},
    {"gt", Op::kGt},
    {">", Op::kGt},
    {"greater_than", Op::kGt},
    {"gte", Op::kGte},
    {">=", Op::kGte},
    {"greater_than_or_equal", Op::kGte},
    {"lt", Op::kLt},
    {"<", Op::kLt},
    {"less_than", Op::kLt},
    {"lte", Op::kLte},
    {"<=", Op::kLte},
    {"less_than_or_equal", Op::kLte},
    {"iexact", Op::kIexact},
    {"contains", Op::kContains},
    {"not_contains", Op::kNotContains},
    {"icontains", Op::kIcontains},
    {"startswith", Op::kStartswith},
    {"not_startswith", Op::kNotStartswith},
    {"endswith", Op::kEndswith},
    {"not_endswith", Op::kNotEndswith},
    {"in", Op::kIn},
    {"not_in", Op::kNotIn},
    {"not in", Op::kNotIn},
    {"nin", Op::kNotIn},
    {"isnull", Op::kIsnull},
    {"empty", Op::kEmpty},
    {"is_empty", Op::kEmpty},
    {"isempty", Op::kEmpty},
    {"not_empty", Op::kNotEmpty},
    {"notempty", Op::kNotEmpty},
    {"regex", Op::kRegex},
    {"ilike", Op::kIlike},
    {"has_key", Op::kHasKey},
    {"overlap", Op::kOverlap},
    {"not_overlap", Op::kNotOverlap},
    {"full_text_search", Op::kFullTextSearch},
    {"trigram_word_similar", Op::kFullTextSearch},
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::optional<Op> LookupOperator(std::string_view name) {
  while (!name.empty() && IsSpace(name.front())) name.remove_prefix(1);
  while (!name.empty() && IsSpace(name.back())) name.remove_suffix(1);
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const Spelling& s : kSpellings) {
    if (s.name == lower) return s.op;
  }
  return std::nullopt;
}

bool IsNegative(Op op) {
  switch (op) {
    case Op::kNot:
    case Op::kNotContains:
    case Op::kNotStartswith:
    case Op::kNotEndswith:
    case Op::kNotIn:
    case Op::kNotEmpty:
    case Op::kNotOverlap:
      return true;
    default:
      return false;
  }
}

Op PositiveTwin(Op op) {
  switch (op) {
    case Op::kNot:
      return Op::kEq;
    case Op::kNotContains:
      return Op::kContains;
    case Op::kNotStartswith:
      return Op::kStartswith;
    case Op::kNotEndswith:
      return Op::kEndswith;
    case Op::kNotIn:
      return Op::kIn;
    case Op::kNotEmpty:
      return Op::kEmpty;
    case Op::kNotOverlap:
      return Op::kOverlap;
    default:
      return op;
  }
}

const char* OpName(Op op) {
  switch (op) {
    case Op::kEq:
      return "eq";
    case Op::kNot:
      return "not";
    case Op::kGt:
      return "gt";
    case Op::kGte:
      return "gte";
    case Op::kLt:
      return "lt";
    case Op::kLte:
      return "lte";
    case Op::kIexact:
      return "iexact";
    case Op::kContains:
      return "contains";
    case Op::kNotContains:
      return "not_contains";
    case Op::kIcontains:
      return "icontains";
    case Op::kStartswith:
      return "startswith";
    case Op::kNotStartswith:
      return "not_startswith";
    case Op::kEndswith:
      return "endswith";
    case Op::kNotEndswith:
      return "not_endswith";
    case Op::kIn:
      return "in";
    case Op::kNotIn:
      return "not_in";
    case Op::kIsnull:
      return "isnull";
    case Op::kEmpty:
      return "empty";
    case Op::kNotEmpty:
      return "not_empty";
    case Op::kRegex:
      return "regex";
    case Op::kIlike:
      return "ilike";
    case Op::kHasKey:
      return "has_key";
    case Op::kOverlap:
      return "overlap";
    case Op::kNotOverlap:
      return "not_overlap";
    case Op::kFullTextSearch:
      return "full_text_search";
  }
  return "?";
}

OpClass ClassOf(Op op) {
  switch (PositiveTwin(op)) {
    case Op::kEq:
    case Op::kIn:
      return OpClass::kEquality;
    case Op::kGt:
    case Op::kGte:
    case Op::kLt:
    case Op::kLte:
      return OpClass::kOrdered;
    case Op::kIsnull:
    case Op::kEmpty:
      return OpClass::kPresence;
    case Op::kHasKey:
      return OpClass::kKey;
    case Op::kOverlap:
      return OpClass::kArray;
    default:
      return OpClass::kText;
  }
}

bool IsCaseInsensitive(Op op) {
  return op == Op::kIexact || op == Op::kIcontains || op == Op::kIlike || op == Op::kFullTextSearch;
}

}  // namespace logset::filter
