// SPDX-License-Identifier: MIT
// The SQL back end: a filter AST to a parameterised boolean SQL expression.
#include "filter/filter_compiler.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <functional>

#include "filter/field_sql.h"
#include "filter/operators.h"
#include "filter/ordered_comparison.h"
#include "filter/term_fold.h"
#include "util/json_writer.h"

namespace logset::filter {
namespace {

using F = SqlFragment;

SqlValue ToSql(const Value& v) {
  if (const bool* b = std::get_if<bool>(&v)) return std::int64_t{*b ? 1 : 0};
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const double* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::monostate{};
}

std::vector<const Value*> NonNull(const std::vector<Value>& values) {
  std::vector<const Value*> out;
  for (const Value& v : values) {
    if (!std::holds_alternative<std::monostate>(v)) out.push_back(&v);
  }
  return out;
}

// The whole list as one bound JSON array, however long (FILTERS.md 3), written as text directly:
// building an ordered_json array to dump it was a third of compiling a 5,000-value list.
// `typed_bools`: JSON true/false, so that json_each reports their type (overlap); otherwise 1/0,
// which is how boolean columns store them.
F ListParam(const std::vector<const Value*>& values, bool typed_bools) {
  std::string text;
  internal::JsonWriter array(text);
  array.BeginArray();
  for (const Value* v : values) {
    if (const bool* b = std::get_if<bool>(v)) {
      typed_bools ? array.Bool(*b) : array.Int(*b ? 1 : 0);
    } else if (const auto* i = std::get_if<std::int64_t>(v)) {
      array.Int(*i);
    } else if (const double* d = std::get_if<double>(v)) {
      array.Double(*d);
    } else if (const auto* s = std::get_if<std::string>(v)) {
      array.String(*s);
    } else {
      array.Null();
    }
  }
  array.EndArray();
  return F::Param(std::move(text));
}

using Predicate = std::function<F(const F& slot)>;

// A positive operator with several values matches if any value does; a null value never does.
F AnyValue(const std::vector<Value>& values, const Predicate& pred) {
  const std::vector<const Value*> present = NonNull(values);
  if (present.empty()) return "0";
  if (present.size() == 1) return pred(F::Param(ToSql(*present[0])));
  return "EXISTS (SELECT 1 FROM json_each(" + ListParam(present, false) + ") AS v WHERE " +
         pred("v.value") + ")";
}

F OrAll(const std::vector<F>& parts) {
  if (parts.empty()) return "0";
  if (parts.size() == 1) return parts[0];
  F out = "(";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += " OR ";
    out += parts[i];
  }
  return out + ")";
}

// A negative operator is exactly its positive twin negated, nulls included (FILTERS.md 5).
F Negate(const F& positive) {
  if (positive.text == "0") return "1";
  if (positive.text == "1") return "0";
  return "NOT coalesce(" + positive + ", 0)";
}

F JsonType(const FieldSql& f) { return "json_type(" + f.doc + ", " + f.path + ")"; }
F JsonExtract(const FieldSql& f) { return "json_extract(" + f.doc + ", " + f.path + ")"; }
F JsonRaw(const FieldSql& f) { return f.doc + " -> " + f.path; }

// Metadata text operators see strings, and numbers by their JSON text as stored.
F MetadataText(const FieldSql& f) {
  return "CASE " + JsonType(f) + " WHEN 'text' THEN " + JsonExtract(f) + " WHEN 'integer' THEN " +
         JsonRaw(f) + " WHEN 'real' THEN " + JsonRaw(f) + " END";
}

F ScalarIn(const F& e, const std::vector<Value>& values) {
  const std::vector<const Value*> present = NonNull(values);
  std::vector<F> parts;
  if (present.size() == 1) parts.push_back(e + " = " + F::Param(ToSql(*present[0])));
  if (present.size() > 1) {
    parts.push_back(e + " IN (SELECT value FROM json_each(" + ListParam(present, false) + "))");
  }
  if (present.size() != values.size()) parts.push_back(e + " IS NULL");
  return OrAll(parts);
}

// Metadata equality compares JSON values by type: strings with strings, numbers with numbers
// (10 = 10.0), booleans with booleans only. json_extract returns a string's text, an object's or
// array's JSON text, a number, or 1/0 for true/false; so the json_type guard is needed only when
// a string value could be such JSON text (starts with `{` or `[`) or a number is 0 or 1. Without
// it, an expression index on the path answers the comparison alone (a covering lookup).
bool StringNeedsTypeCheck(const Value* v) {
  const std::string& s = std::get<std::string>(*v);
  return !s.empty() && (s[0] == '{' || s[0] == '[');
}

bool NumberNeedsTypeCheck(const Value* v) {
  if (const auto* i = std::get_if<std::int64_t>(v)) return *i == 0 || *i == 1;
  const double d = std::get<double>(*v);
  return d == 0.0 || d == 1.0;
}

F MetadataIn(const FieldSql& f, const std::vector<Value>& values) {
  std::vector<const Value*> strings, numbers;
  std::vector<F> parts;
  bool null = false, bool_seen[2] = {false, false};
  for (const Value& v : values) {
    if (std::holds_alternative<std::string>(v)) {
      strings.push_back(&v);
    } else if (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v)) {
      numbers.push_back(&v);
    } else if (const bool* b = std::get_if<bool>(&v)) {
      bool_seen[*b ? 1 : 0] = true;
    } else {
      null = true;
    }
  }
  auto typed = [&](const std::vector<const Value*>& list, bool (*needs_check)(const Value*),
                   const char* types) {
    if (list.empty()) return;
    F match = list.size() == 1 ? JsonExtract(f) + " = " + F::Param(ToSql(*list[0]))
                               : JsonExtract(f) + " IN (SELECT value FROM json_each(" +
                                     ListParam(list, false) + "))";
    bool check = false;
    for (const Value* v : list) check = check || needs_check(v);
    parts.push_back(check ? "(" + match + " AND " + JsonType(f) + " " + types + ")" : match);
  };
  typed(strings, StringNeedsTypeCheck, "= 'text'");
  typed(numbers, NumberNeedsTypeCheck, "IN ('integer', 'real')");
  for (int b = 1; b >= 0; --b) {
    if (bool_seen[b])
      parts.push_back(JsonType(f) + " = " + F::Param(std::string(b ? "true" : "false")));
  }
  if (null) parts.push_back("coalesce(" + JsonType(f) + ", 'null') = 'null'");
  return OrAll(parts);
}

F NullTest(const FieldSql& f, bool null) {
  if (f.kind == FieldKind::kJson || f.kind == FieldKind::kMetadata) {
    return "coalesce(" + JsonType(f) + ", 'null') " + (null ? "=" : "<>") + " 'null'";
  }
  return f.scalar + (null ? " IS NULL" : " IS NOT NULL");
}

// Empty: null, missing, "", [] or {}. SQLite's `->` renders a node minified, so an empty array
// or object reads exactly `[]` or `{}`.
F EmptyTest(const FieldSql& f) {
  switch (f.kind) {
    case FieldKind::kJson:
    case FieldKind::kMetadata:
      return "coalesce(" + JsonRaw(f) + ", 'null') IN ('null', '\"\"', '[]', '{}')";
    default:  // text; the other scalar kinds are empty only when null (see Presence)
      return "(" + f.scalar + " IS NULL OR " + f.scalar + " = '')";
  }
}

// isnull / empty with boolean values: [true] asks for the test, [false] for its negation.
F Presence(const FieldSql& f, Op positive, const std::vector<Value>& values) {
  bool want[2] = {false, false};
  for (const Value& v : values) want[std::get<bool>(v) ? 1 : 0] = true;
  if (want[0] && want[1]) return "1";
  const bool only_null_is_empty = f.kind == FieldKind::kNumber || f.kind == FieldKind::kBoolean ||
                                  f.kind == FieldKind::kTimestamp;
  if (positive == Op::kIsnull || only_null_is_empty) return NullTest(f, want[1]);
  return want[1] ? EmptyTest(f) : "NOT " + EmptyTest(f);
}

Predicate TextPredicate(Op op, const F& x) {
  switch (op) {
    case Op::kContains:
      return [x](const F& s) { return "instr(" + x + ", " + s + ") > 0"; };
    case Op::kIcontains:
      return [x](const F& s) { return "logset_icontains(" + x + ", " + s + ")"; };
    case Op::kIexact:
      return [x](const F& s) { return "logset_fold(" + x + ") = " + s; };
    case Op::kStartswith:
      return [x](const F& s) { return "logset_startswith(" + x + ", " + s + ")"; };
    case Op::kEndswith:
      return [x](const F& s) { return "logset_endswith(" + x + ", " + s + ")"; };
    case Op::kRegex:
      return [x](const F& s) { return "logset_regex(" + x + ", " + s + ")"; };
    case Op::kIlike:
      return [x](const F& s) { return "logset_ilike(" + x + ", " + s + ")"; };
    default:  // kFullTextSearch
      return [x](const F& s) { return "logset_fts(" + x + ", " + s + ")"; };
  }
}

// Overlap: the node is an array and one of its elements equals one of the values, compared by
// JSON type as metadata equality does.
F Overlap(const FieldSql& f, const std::vector<Value>& values) {
  const std::vector<const Value*> present = NonNull(values);
  if (present.empty()) return "0";
  return "(" + JsonType(f) + " = 'array' AND EXISTS (SELECT 1 FROM json_each(" + f.doc + ", " +
         f.path + ") AS e, json_each(" + ListParam(present, true) +
         ") AS v WHERE e.atom = v.atom AND (e.type = v.type OR (e.type IN ('integer', 'real') "
         "AND v.type IN ('integer', 'real')))))";
}

int Nesting(const Term& term) {
  if (term.condition) return 0;
  int deepest = 0;
  for (const Term& t : term.group) deepest = std::max(deepest, Nesting(t));
  return 1 + deepest;
}

class Compiler {
 public:
  Compiler(Resource resource, const CompileOptions& options)
      : resource_(resource), options_(options) {}

  F Terms(const std::vector<Term>& terms) const {
    if (terms.empty()) return "1";
    if (terms.size() == 1) return OneTerm(terms[0]);  // most groups: no fold to shape
    std::vector<FoldPart> parts;
    parts.reserve(terms.size());
    for (const Term& term : terms) parts.push_back({OneTerm(term), term.connector, Nesting(term)});
    return FoldTerms(parts);
  }

 private:
  F OneTerm(const Term& term) const {
    return term.condition ? Condition(*term.condition) : Terms(term.group);
  }

  F Condition(const filter::Condition& c) const {
    const FieldSql f = FieldSqlOf(c.field, resource_, options_.indexed_metadata_paths);
    const bool scalar = f.kind != FieldKind::kMetadata;
    // `col IS NOT ?` is the negation of `col = ?` with nulls included, and reads better.
    if (c.op == Op::kNotIn && scalar && c.values.size() == 1) {
      if (std::holds_alternative<std::monostate>(c.values[0])) return f.scalar + " IS NOT NULL";
      return f.scalar + " IS NOT " + F::Param(ToSql(c.values[0]));
    }
    const Op positive = PositiveTwin(c.op);
    F p;
    switch (ClassOf(positive)) {
      case OpClass::kEquality:
        p = scalar ? ScalarIn(f.scalar, c.values) : MetadataIn(f, c.values);
        break;
      case OpClass::kOrdered: {
        if (f.indexed) {
          const bool may_hold_text =
              !options_.index_holds_text || options_.index_holds_text(f.index_path);
          p = IndexedMetadataOrdered(f, positive, c.values, may_hold_text);
          break;
        }
        const F x = scalar ? f.scalar : MetadataNumber(f, positive, c.values);
        const char* cmp = ComparisonOperator(positive);
        p = AnyValue(c.values, [&](const F& s) { return x + cmp + s; });
        break;
      }
      case OpClass::kPresence:
        p = Presence(f, positive, c.values);
        break;
      case OpClass::kText:
        p = AnyValue(c.values, TextPredicate(positive, scalar ? f.scalar : MetadataText(f)));
        break;
      case OpClass::kKey:
        p = AnyValue(c.values, [&](const F& s) {
          return "EXISTS (SELECT 1 FROM json_each(" + f.doc + ", " + f.path +
                 ") AS k WHERE k.key = " + s + ")";
        });
        break;
      case OpClass::kArray:
        p = Overlap(f, c.values);
        break;
    }
    return IsNegative(c.op) ? Negate(p) : p;
  }

  Resource resource_;
  const CompileOptions& options_;
};

}  // namespace

CompiledFilter CompileFilter(const Filter& filter, Resource resource,
                             const CompileOptions& options) {
  F sql = Compiler(resource, options).Terms(filter.terms);
  return CompiledFilter{std::move(sql.text), std::move(sql.params)};
}

void BindParams(SQLite::Statement& statement, int first_index,
                const std::vector<SqlValue>& params) {
  int index = first_index;
  for (const SqlValue& v : params) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      statement.bind(index, static_cast<int64_t>(*i));
    } else if (const double* d = std::get_if<double>(&v)) {
      statement.bind(index, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      statement.bind(index, *s);
    } else {
      statement.bind(index);
    }
    ++index;
  }
}

}  // namespace logset::filter
