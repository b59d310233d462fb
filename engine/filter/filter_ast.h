// SPDX-License-Identifier: MIT
// The filter AST: what the parser produces and both back ends (SQL compiler, evaluator) read.
#ifndef LOGSET_ENGINE_FILTER_FILTER_AST_H_
#define LOGSET_ENGINE_FILTER_FILTER_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace logset::filter {

class Regex;

/// The three filterable resources; each has its own field catalog and table.
enum class Resource { kRequestLog, kDatasetLog, kDataset };

/// How a term joins the result accumulated from the terms before it (FILTERS.md 2).
enum class Connector { kAnd, kOr };

/// Canonical operators (FILTERS.md 4). Aliases are resolved by the parser.
enum class Op {
  kEq,
  kNot,
  kGt,
  kGte,
  kLt,
  kLte,
  kIexact,
  kContains,
  kNotContains,
  kIcontains,
  kStartswith,
  kNotStartswith,
  kEndswith,
  kNotEndswith,
  kIn,
  kNotIn,
  kIsnull,
  kEmpty,
  kNotEmpty,
  kRegex,
  kIlike,
  kHasKey,
  kOverlap,
  kNotOverlap,
  kFullTextSearch,
};

/// The declared type of a catalog field (API.md 6).
enum class FieldType { kText, kInteger, kReal, kBoolean, kTimestamp, kJson };

struct FieldInfo;  // field_catalog.h

/// One filter value after coercion to what the field and operator expect: null, a boolean, an
/// integer, a real or a string. Timestamps are integer microseconds UTC; booleans of typed
/// boolean fields are kept as bool. Values of case-insensitive operators are already case folded.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

/// What a condition reads from a log.
struct FieldRef {
  enum class Kind {
    kColumn,    ///< a catalog field (`column` set), including the json ones
    kMetadata,  ///< `metadata__a__b`: `path` holds {"a", "b"}
    kScore,     ///< `scores__<evaluator_id>`: the evaluator's numeric score, null if unscored
  };
  Kind kind = Kind::kColumn;
  const FieldInfo* column = nullptr;
  std::vector<std::string> path;
  std::string evaluator_id;
  /// Set by `"operator_function": "mapContainsKey"`: the condition then reads the boolean "the
  /// field (a JSON object) has this key", which is never null.
  std::optional<std::string> map_key;
};

/// One condition: field, canonical operator and its coerced values (several values: FILTERS.md 3).
struct Condition {
  FieldRef field;
  Op op = Op::kEq;
  std::vector<Value> values;
  /// For kRegex, the compiled pattern of each value (null for a null value), in `values` order.
  std::vector<std::shared_ptr<const Regex>> regexes;
  /// RFC 6901 pointer of the condition in the request body; kept for diagnostics.
  std::string pointer;
};

/// A term of a group: a condition, or a nested group (a bundle or an operator-keyed shorthand).
struct Term {
  Connector connector = Connector::kAnd;
  std::optional<Condition> condition;
  std::vector<Term> group;  ///< the terms of a nested group when `condition` is empty
};

/// A parsed filter: its top-level terms, folded left. No terms matches everything.
struct Filter {
  std::vector<Term> terms;
};

/// True for the operators that are the negation of a positive twin (`not`, `not_in`, ...).
bool IsNegative(Op op);
/// The positive twin of a negative operator (`not_contains` -> `contains`); `op` itself otherwise.
Op PositiveTwin(Op op);
/// The canonical spelling of `op`, as FILTERS.md writes it.
const char* OpName(Op op);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_FILTER_AST_H_
